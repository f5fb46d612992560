package d2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A progress line redrawn with {@code \r} reaches the user while the epoch runs: {@code ./d2l}
 * starts a JVM without the Vector API, which starts the command line again with it and relays its
 * standard error byte by byte, without the JVM's warning about the incubator module.
 */
class LauncherProgressTest {

    /** The JVM {@code ./d2l} starts: relays {@link Child}, as {@code Main.main} relays the command line. */
    public static final class Relay {
        public static void main(String[] args) {
            System.exit(VectorRelaunch.run(Child.class.getName(), args));
        }
    }

    /** Draws a progress line, waits for a line on standard input, then ends the line. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            System.err.print("epoch 1  batch 1/2\r");
            System.err.flush();
            System.in.read();
            System.err.println("epoch 1  batch 2/2");
        }
    }

    @Test
    void theLauncherLeavesTheRelayToMain() throws IOException {
        String launcher = Files.readString(Path.of("d2l"));

        assertThat(launcher).contains("exec java -cp \"target/classes:$(cat \"$stamp\")\" d2l.cli.Main \"$@\"")
                .doesNotContain("grep -v").doesNotContain("exec java --add-modules");
    }

    @Test
    void aLineEndingInCarriageReturnArrivesBeforeTheNewline() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process relay = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Relay.class.getName()))
                .start();
        try {
            InputStream err = relay.getErrorStream();
            String drawn = CompletableFuture.supplyAsync(() -> readUntil(err, '\r')).get(60, TimeUnit.SECONDS);
            assertThat(drawn).isEqualTo("epoch 1  batch 1/2\r");

            relay.getOutputStream().write('\n');
            relay.getOutputStream().close();
            assertThat(relay.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(err.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("epoch 1  batch 2/2" + System.lineSeparator());
            assertThat(relay.exitValue()).isZero();
        } finally {
            relay.destroyForcibly();
        }
    }

    private static String readUntil(InputStream in, char last) {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) >= 0; ) {
                read.write(b);
                if (b == last) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}
