package d2l.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime-wide thread pool that every kernel splits its work over.
 *
 * <p>Determinism rule: work is cut into chunks whose boundaries depend only on the problem size and
 * a grain the kernel chooses, never on the number of threads. Each chunk writes its own part of the
 * output (or its own partial result, combined afterwards in chunk order), so a result is
 * bit-identical for 1 thread or N.
 *
 * <p>The size comes from the environment variable {@code D2L_THREADS} (or the system property
 * {@code d2l.threads}), else the number of cores; {@link #setThreads(int)} changes it at run time.
 */
public final class Parallel {

    /** A body of work over the index range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static int threads = initialThreads();
    private static ExecutorService pool;

    private Parallel() {}

    /** The number of threads kernels use. */
    public static synchronized int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use (1 runs everything on the caller's thread). */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        if (n != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code grain} indices (the last may be
     * shorter). The chunking depends only on {@code n} and {@code grain}; the calling thread
     * takes part, and the call returns when every chunk is done.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int g = Math.max(1, grain);
        int chunks = (n + g - 1) / g;
        int workers = Math.min(threads(), chunks);
        if (workers <= 1 || insidePool.get()) {
            for (int c = 0; c < chunks; c++) {
                body.run(c * g, Math.min(n, (c + 1) * g));
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                body.run(c * g, Math.min(n, (c + 1) * g));
            }
        };
        ExecutorService executor = executor();
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int w = 1; w < workers; w++) {
            futures.add(executor.submit(() -> {
                insidePool.set(true);
                worker.run();
            }));
        }
        Throwable failure = null;
        // the caller works on chunks too; inside them, nested forRange calls run inline, as on the pool's threads
        insidePool.set(true);
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            insidePool.set(false);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static final ThreadLocal<Boolean> insidePool = ThreadLocal.withInitial(() -> false);

    private static synchronized ExecutorService executor() {
        if (pool == null) {
            AtomicInteger id = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "d2l-worker-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    private static int initialThreads() {
        String configured = System.getProperty("d2l.threads", System.getenv("D2L_THREADS"));
        if (configured != null && !configured.isBlank()) {
            try {
                int n = Integer.parseInt(configured.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default, as an unset variable would
            }
            System.err.println("D2L_THREADS=" + configured + " is not a positive whole number; using "
                    + Runtime.getRuntime().availableProcessors() + " threads");
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
