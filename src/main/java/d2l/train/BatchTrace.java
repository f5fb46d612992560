package d2l.train;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The wall time of every training batch, written as CSV ({@code epoch,batch,ms,jvm_seconds}), to see
 * where a run spends its time: a cold JVM runs the first batches slower while the JIT compiles the
 * kernels, and this trace shows how many batches that takes. A batch's {@code ms} runs from the end of
 * the one before (or the start of its epoch), so it includes loading the batch; {@code jvm_seconds}
 * is when it ended, counted from the JVM's start, so that time spent before training shows too.
 * Each row is flushed as written.
 */
public final class BatchTrace implements AutoCloseable {

    private final Path file;
    private final Writer out;
    private long last;

    private BatchTrace(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or replaces) {@code file} with the header. */
    public static BatchTrace open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write("epoch,batch,ms,jvm_seconds\n");
        out.flush();
        return new BatchTrace(file, out);
    }

    public Path file() {
        return file;
    }

    /** Marks the start of an epoch: its first batch is timed from here. */
    void epochStarts() {
        last = System.nanoTime();
    }

    /** Records batch {@code batch} (1-based) of {@code epoch}, which ends now. */
    void batchEnds(int epoch, int batch) throws IOException {
        long now = System.nanoTime();
        double jvmSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        out.write(String.format(Locale.ROOT, "%d,%d,%.3f,%.3f%n", epoch, batch, (now - last) / 1e6, jvmSeconds));
        out.flush();
        last = now;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
