package d2l.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads the Fashion-MNIST files into the per-user cache when they are not there yet, as
 * torchvision's {@code FashionMNIST(download=True)} does for the book.
 *
 * <p>A file is written under a temporary name ({@code train-images-idx3-ubyte.gz.<random>.part}) in
 * the same directory and renamed to its real name only once it is complete and looks like data, in
 * one atomic step. An interrupted or failed download therefore never leaves a half-written file
 * under the real name. The temporary file is deleted on failure and at exit; one left by a killed
 * program is deleted by a later download of the same file.
 *
 * <p>The files come from the official Fashion-MNIST location, {@link #OFFICIAL_MIRROR}, unless the
 * system property {@code d2l.mirror} (or the constructor) names another base URL.
 */
public final class Download {

    /** Where Zalando Research publishes the files. */
    public static final URI OFFICIAL_MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** The system property that replaces {@link #OFFICIAL_MIRROR}, e.g. {@code -Dd2l.mirror=http://host/dir/}. */
    public static final String MIRROR_PROPERTY = "d2l.mirror";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    private static final int CHUNK = 1 << 16;
    private static final Duration LEFTOVER_AGE = Duration.ofMinutes(10);

    private final URI mirror;
    private final PrintStream progress;
    private final boolean terminal;

    /** Downloads from {@code d2l.mirror} or the official location, showing progress on stderr. */
    public Download() {
        this(mirrorFromProperty(), System.err, System.console() != null);
    }

    /**
     * Downloads from {@code mirror} (a base URL; the file names are appended), writing progress to
     * {@code progress} as a live line when {@code terminal} is true and as plain lines otherwise.
     */
    public Download(URI mirror, PrintStream progress, boolean terminal) {
        String base = mirror.toString();
        this.mirror = URI.create(base.endsWith("/") ? base : base + "/");
        this.progress = progress;
        this.terminal = terminal;
    }

    /** The base URL files are downloaded from. */
    public URI mirror() {
        return mirror;
    }

    /** Downloads each of {@link DataDirectory#FILE_NAMES} that {@code directory} lacks. */
    public void fetchMissing(DataDirectory directory) {
        List<String> missing = directory.missingFiles();
        if (missing.isEmpty()) {
            return;
        }
        progress.println("Downloading Fashion-MNIST (" + missing.size() + " file" + (missing.size() == 1 ? "" : "s")
                + ") from " + mirror + " into " + directory.path());
        for (String name : missing) {
            fetch(name, directory.path());
        }
    }

    /**
     * Downloads {@code mirror + fileName} to {@code directory/fileName}, replacing any file of that
     * name only when the download is complete.
     *
     * @return the downloaded file
     * @throws DataException if the server cannot be reached or answers with an error, the
     *         connection breaks, or what arrives is neither gzip nor IDX data
     */
    public Path fetch(String fileName, Path directory) {
        URI url = mirror.resolve(fileName);
        Path target = directory.resolve(fileName);
        Path partial = null;
        ProgressBar bar = null;
        long received = 0;
        long total = -1;
        try {
            Files.createDirectories(directory);
            deleteLeftovers(directory, fileName);
            partial = Files.createTempFile(directory, fileName + ".", ".part");
            partial.toFile().deleteOnExit();
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body(); OutputStream out = Files.newOutputStream(partial)) {
                if (response.statusCode() != 200) {
                    throw failure(fileName, url, directory, "the server answered HTTP " + response.statusCode()
                            + " (is the mirror URL right?)", null);
                }
                total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                bar = new ProgressBar(fileName, total, progress, terminal);
                byte[] chunk = new byte[CHUNK];
                for (int n = body.read(chunk); n >= 0; n = body.read(chunk)) {
                    out.write(chunk, 0, n);
                    received += n;
                    bar.advance(n);
                }
            }
            if (total >= 0 && received != total) {
                throw new IOException("the server sent " + received + " of " + total + " bytes");
            }
            checkLooksLikeData(partial, fileName, url, directory);
            moveIntoPlace(partial, target);
            partial = null;
            bar.finish();
            bar = null;
            return target;
        } catch (IOException e) {
            throw failure(fileName, url, directory, reason(e, received, total), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(fileName, url, directory, "the download was interrupted", e);
        } finally {
            if (bar != null) {
                bar.abandon();
            }
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // deleteOnExit and the next download's clean-up will try again
                }
            }
        }
    }

    /** The mirror from the system property {@code d2l.mirror}, else the official location. */
    static URI mirrorFromProperty() {
        String configured = System.getProperty(MIRROR_PROPERTY);
        return configured == null || configured.isBlank() ? OFFICIAL_MIRROR : URI.create(configured.strip());
    }

    /**
     * Removes temporary files that an earlier download of {@code fileName}, killed outright, left
     * behind. Only files untouched for {@link #LEFTOVER_AGE} go, so that a download running at the
     * same time in another program keeps its file.
     */
    private static void deleteLeftovers(Path directory, String fileName) throws IOException {
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, fileName + ".*.part")) {
            stream.forEach(leftovers::add);
        }
        Instant cutoff = Instant.now().minus(LEFTOVER_AGE);
        for (Path leftover : leftovers) {
            try {
                if (Files.getLastModifiedTime(leftover).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(leftover);
                }
            } catch (NoSuchFileException alreadyGone) {
                // its own download finished or cleaned up meanwhile
            }
        }
    }

    /** Refuses what is not gzip (0x1f 0x8b) or raw IDX data (0x00 0x00 0x08), such as an HTML error page. */
    private static void checkLooksLikeData(Path file, String fileName, URI url, Path directory) throws IOException {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(3);
        }
        boolean gzip = start.length >= 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b;
        boolean idx = start.length == 3 && start[0] == 0 && start[1] == 0 && start[2] == 0x08;
        if (!gzip && !idx) {
            throw failure(fileName, url, directory, "what arrived is neither gzip nor IDX data (it starts with \""
                    + new String(start, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", "?")
                    + "\"), perhaps an error page", null);
        }
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Why a download failed, in words: unreachable server, or a transfer that broke off. */
    private static String reason(IOException e, long received, long total) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "the host name cannot be resolved (" + t.getMessage() + ") — this machine may be offline";
            }
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return "the server cannot be reached (" + t + ") — this machine may be offline";
            }
        }
        if (received > 0) {
            return "the connection broke after " + received + (total >= 0 ? " of " + total : "") + " bytes (" + e
                    + "); nothing was kept, run again to retry";
        }
        return e.toString();
    }

    private static DataException failure(String fileName, URI url, Path directory, String reason, Throwable cause) {
        return new DataException("Cannot download " + fileName + " from " + url + ": " + reason + ". "
                + DataDirectory.howToProvide(directory), cause);
    }
}
