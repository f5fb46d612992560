package d2l.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Waits until this JVM has stopped using the CPU: before the other side of a side-by-side benchmark
 * runs, the JIT may still be compiling what our last runs made hot (after a cold LeNet epoch, about a
 * second of C2 work is queued), and that work would take a core from PyTorch's run. The measure is
 * the sum over this process's threads of the nanoseconds each has run, from
 * {@code /proc/self/task/<tid>/schedstat} (the JVM's CPU-time beans count in 10 ms ticks here, too
 * coarse for a window of a few milliseconds); where that file does not exist, nothing is waited for.
 */
final class ProcessIdle {

    /** The window over which this process must use less than {@link #BUSY_NANOS} of CPU to count as idle. */
    private static final long WINDOW_MILLIS = 5;

    /** CPU time in a window that still counts as idle: the JVM's periodic tasks and this thread's own polling. */
    private static final long BUSY_NANOS = 500_000;

    private static final Path TASKS = Path.of("/proc/self/task");

    private ProcessIdle() {}

    /**
     * Returns once this process has been idle for a window, or after {@code limitMillis}; returns the
     * milliseconds waited.
     */
    static long await(long limitMillis) {
        long start = System.nanoTime();
        long deadline = start + limitMillis * 1_000_000;
        long before = cpuNanos();
        while (before >= 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(WINDOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = cpuNanos();
            if (now >= 0 && now - before < BUSY_NANOS) {
                break;
            }
            before = now;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The CPU time all threads of this process have had, in nanoseconds, or -1 where it cannot be read. */
    static long cpuNanos() {
        if (!Files.isDirectory(TASKS)) {
            return -1;
        }
        long sum = 0;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                sum += runNanos(task.resolve("schedstat"));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    /** The first field of a schedstat file (time run on a CPU, ns); 0 for a thread that ended meanwhile. */
    private static long runNanos(Path schedstat) {
        try {
            String text = Files.readString(schedstat).strip();
            int space = text.indexOf(' ');
            return Long.parseLong(space < 0 ? text : text.substring(0, space));
        } catch (IOException e) {
            return 0;
        }
    }
}
