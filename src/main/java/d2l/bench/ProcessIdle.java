package d2l.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Waits until this JVM has stopped using the CPU: before the other side of a side-by-side benchmark
 * runs, the JIT may still be compiling what our last runs made hot (after a cold LeNet epoch, about a
 * second of C2 work is queued), and that work would take a core from PyTorch's run. The measure is
 * the sum over this process's threads of the nanoseconds each has run, from
 * {@code /proc/self/task/<tid>/schedstat} (the JVM's CPU-time beans count in 10 ms ticks here, too
 * coarse for a window of a few milliseconds), less the waiting thread's own (reading a file per
 * thread costs more in a JVM with hundreds of them); where that file does not exist, nothing is
 * waited for.
 */
final class ProcessIdle {

    /**
     * The window over which this process must use less than {@link #BUSY_NANOS} of CPU to count as
     * idle: long enough that a busy thread on a loaded machine is not descheduled for all of it
     * (with two other processes spinning on the two cores, 5 ms windows sometimes were).
     */
    private static final long WINDOW_MILLIS = 20;

    /** CPU time in a window that still counts as idle: the JVM's periodic tasks. */
    private static final long BUSY_NANOS = 1_000_000;

    private static final Path TASKS = Path.of("/proc/self/task");

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Each live thread's CPU time at the last reading, by thread id. */
    private static final Map<String, Long> LAST_SEEN = new HashMap<>();

    /** The CPU time last read for the threads that have ended since the first reading. */
    private static long ended;

    private ProcessIdle() {}

    /**
     * Returns once this process's other threads have been idle for a window, or after {@code limitMillis};
     * returns the milliseconds waited.
     */
    static long await(long limitMillis) {
        return await(limitMillis, ProcessIdle::othersCpuNanos);
    }

    /** {@link #await(long)} with the CPU time read from {@code cpuNanos} (-1: unknown, do not wait). */
    static long await(long limitMillis, LongSupplier cpuNanos) {
        if (limitMillis <= 0) {
            return 0;
        }
        long start = System.nanoTime();
        long deadline = start + limitMillis * 1_000_000;
        long before = cpuNanos.getAsLong();
        while (before >= 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(WINDOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = cpuNanos.getAsLong();
            if (now >= 0 && now - before < BUSY_NANOS) {
                break;
            }
            before = now;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The CPU time of this process's threads but the calling one, in nanoseconds, or -1 where it cannot be read. */
    static long othersCpuNanos() {
        long all = cpuNanos();
        long own = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        return all < 0 ? -1 : own < 0 ? all : all - own;
    }

    /**
     * The CPU time all threads of this process have had, in nanoseconds, or -1 where it cannot be read.
     * A thread's file goes away when it ends, so the last time read for each thread that has ended is
     * kept: without that, the total falls whenever a thread ends (a pool's idle worker timing out), and
     * a busy window looks idle.
     */
    static synchronized long cpuNanos() {
        if (!Files.isDirectory(TASKS)) {
            return -1;
        }
        Map<String, Long> seen = new HashMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                long nanos = runNanos(task.resolve("schedstat"));
                String id = task.getFileName().toString();
                Long before = LAST_SEEN.get(id);
                if (before != null && nanos < before) {
                    ended += before; // the id was reused by a new thread
                }
                seen.put(id, nanos);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        LAST_SEEN.forEach((id, nanos) -> {
            if (!seen.containsKey(id)) {
                ended += nanos;
            }
        });
        LAST_SEEN.clear();
        LAST_SEEN.putAll(seen);
        long sum = ended;
        for (long nanos : seen.values()) {
            sum += nanos;
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
