package d2l.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes a named pipe for the tests that check a FIFO is refused rather than read (reading one
 * blocks until something writes to it). The test is skipped where {@code mkfifo} is absent.
 */
public final class Fifo {

    private Fifo() {}

    /** A FIFO called {@code name} in {@code directory}. */
    public static Path make(Path directory, String name) {
        Path fifo = directory.resolve(name);
        boolean made;
        try {
            Process process = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
            made = process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            made = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            made = false;
        }
        assumeTrue(made, "mkfifo is not available here");
        return fifo;
    }
}
