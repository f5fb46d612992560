package d2l.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloading from a local HTTP server on 127.0.0.1 (never the internet): the files arrive whole,
 * progress is shown, and a download that fails leaves nothing under the real name.
 */
class DownloadTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> files = new HashMap<>();
    private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    private final PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good/", exchange -> serve(exchange, false));
        server.createContext("/cut/", exchange -> serve(exchange, true));
        server.createContext("/page/", exchange -> send(exchange, 200,
                "<html><body>Moved</body></html>".getBytes(StandardCharsets.US_ASCII)));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** Serves a file by name; {@code cut} sends the full length in the header, half the bytes, then hangs up. */
    private void serve(HttpExchange exchange, boolean cut) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] content = files.get(path.substring(path.lastIndexOf('/') + 1));
        if (content == null) {
            send(exchange, 404, "no such file".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (!cut) {
            send(exchange, 200, content);
            return;
        }
        exchange.sendResponseHeaders(200, content.length);
        OutputStream body = exchange.getResponseBody();
        body.write(content, 0, content.length / 2);
        body.flush();
        exchange.close(); // fewer bytes than announced: the server closes the connection
    }

    private static void send(HttpExchange exchange, int status, byte[] content) throws IOException {
        exchange.sendResponseHeaders(status, content.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(content);
        }
    }

    private URI mirror(String context) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + context + "/");
    }

    private String progressText() {
        return progressBytes.toString(StandardCharsets.UTF_8);
    }

    private List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.toList();
        }
    }

    /** A gzip file of about 1.5 MB that does not compress much, so the transfer takes many chunks. */
    private static byte[] bigGzipFile() {
        byte[] pixels = new byte[1_500_000];
        new Random(1).nextBytes(pixels);
        ByteBuffer.wrap(pixels).putInt(Idx.IMAGES_MAGIC);
        return IdxFiles.gzip(pixels);
    }

    @Test
    void downloadsAFileWholeWithPlainProgressLines() throws IOException {
        byte[] content = bigGzipFile();
        files.put("train-images-idx3-ubyte.gz", content);
        Path file = new Download(mirror("good"), progress, false).fetch("train-images-idx3-ubyte.gz", dir.resolve("cache"));
        assertThat(file).isEqualTo(dir.resolve("cache/train-images-idx3-ubyte.gz"));
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(filesIn(dir.resolve("cache"))).containsExactly(file);
        assertThat(progressText())
                .contains("train-images-idx3-ubyte.gz: 25% (", "train-images-idx3-ubyte.gz: 50% (", "75% (")
                .contains("train-images-idx3-ubyte.gz: done, 1.5 MB in ")
                .doesNotContain("\r");
    }

    @Test
    void onATerminalTheProgressIsOneRedrawnLine() {
        files.put("train-labels-idx1-ubyte.gz", bigGzipFile());
        new Download(mirror("good"), progress, true).fetch("train-labels-idx1-ubyte.gz", dir);
        String text = progressText();
        assertThat(text).startsWith("\rtrain-labels-idx1-ubyte.gz [").endsWith("\n");
        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        assertThat(text.substring(text.lastIndexOf('\r'))).contains("[" + "#".repeat(30) + "] 100%");
    }

    @Test
    void fetchesOnlyTheMissingFilesThenTheyLoad() throws IOException {
        Path served = Files.createDirectories(dir.resolve("served"));
        IdxFiles.writeDataSet(served, 50, 20, true);
        for (String name : DataDirectory.FILE_NAMES) {
            files.put(name, Files.readAllBytes(served.resolve(name)));
        }
        Path cache = Files.createDirectories(dir.resolve("cache"));
        IdxFiles.write(cache, "train-images-idx3-ubyte", IdxFiles.images(50, 28, 28));
        new Download(mirror("good"), progress, false).fetchMissing(new DataDirectory(cache, DataDirectory.Source.CACHE));
        assertThat(progressText()).contains("Downloading Fashion-MNIST (3 files) from " + mirror("good") + " into " + cache)
                .doesNotContain("train-images-idx3-ubyte.gz: done");
        FashionMNIST data = new FashionMNIST(16).dataDir(cache);
        assertThat(data.numTrain()).isEqualTo(50);
        assertThat(data.numVal()).isEqualTo(20);
    }

    @Test
    void aConnectionCutMidFileLeavesNoFile() throws IOException {
        files.put("train-images-idx3-ubyte.gz", bigGzipFile());
        Download download = new Download(mirror("cut"), progress, false);
        assertThatThrownBy(() -> download.fetch("train-images-idx3-ubyte.gz", dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Cannot download train-images-idx3-ubyte.gz from " + mirror("cut"))
                .hasMessageContaining("nothing was kept");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aFailedDownloadKeepsTheOldFile() throws IOException {
        Path old = IdxFiles.write(dir, "train-images-idx3-ubyte.gz", new byte[] {1, 2, 3});
        files.put("train-images-idx3-ubyte.gz", bigGzipFile());
        assertThatThrownBy(() -> new Download(mirror("cut"), progress, false).fetch("train-images-idx3-ubyte.gz", dir))
                .isInstanceOf(DataException.class);
        assertThat(Files.readAllBytes(old)).containsExactly(1, 2, 3);
        assertThat(filesIn(dir)).containsExactly(old);
    }

    @Test
    void oldLeftoversOfAKilledDownloadAreRemoved() throws IOException {
        Path old = IdxFiles.write(dir, "t10k-labels-idx1-ubyte.gz.12345.part", new byte[10]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path recent = IdxFiles.write(dir, "t10k-labels-idx1-ubyte.gz.67890.part", new byte[10]);
        files.put("t10k-labels-idx1-ubyte.gz", IdxFiles.gzip(IdxFiles.labels(10)));
        new Download(mirror("good"), progress, false).fetch("t10k-labels-idx1-ubyte.gz", dir);
        // The recent one may belong to a download still running in another program.
        assertThat(filesIn(dir)).containsExactlyInAnyOrder(dir.resolve("t10k-labels-idx1-ubyte.gz"), recent);
    }

    @Test
    void anHttpErrorIsReported() throws IOException {
        assertThatThrownBy(() -> new Download(mirror("good"), progress, false).fetch("t10k-images-idx3-ubyte.gz", dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("the server answered HTTP 404");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void somethingThatIsNotDataIsRefused() throws IOException {
        assertThatThrownBy(() -> new Download(mirror("page"), progress, false).fetch("t10k-images-idx3-ubyte.gz", dir))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("neither gzip nor IDX data (it starts with \"<ht\")");
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void withoutANetworkTheMessageSaysWhereToPutTheFiles() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Download download = new Download(URI.create("http://127.0.0.1:" + closedPort + "/"), progress, false);
        Path cache = dir.resolve("cache");
        assertThatThrownBy(() -> download.fetchMissing(new DataDirectory(cache, DataDirectory.Source.CACHE)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Cannot download train-images-idx3-ubyte.gz")
                .hasMessageContaining("cannot be reached")
                .hasMessageContaining("this machine may be offline")
                .hasMessageContaining("Put the four files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                        + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz (gzip-compressed or not) in " + cache)
                .hasMessageContaining("--data DIR")
                .hasMessageContaining("D2L_DATA=DIR");
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void theMirrorCanBeSetWithASystemProperty() {
        String before = System.getProperty(Download.MIRROR_PROPERTY);
        try {
            System.clearProperty(Download.MIRROR_PROPERTY);
            assertThat(new Download().mirror()).isEqualTo(Download.OFFICIAL_MIRROR);
            System.setProperty(Download.MIRROR_PROPERTY, "http://127.0.0.1:9/mirror");
            assertThat(new Download().mirror()).isEqualTo(URI.create("http://127.0.0.1:9/mirror/"));
        } finally {
            if (before == null) {
                System.clearProperty(Download.MIRROR_PROPERTY);
            } else {
                System.setProperty(Download.MIRROR_PROPERTY, before);
            }
        }
    }
}
