package d2l.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

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
    private static Pool pool;

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
     * takes part, and the call returns when every chunk is done. A call made inside a chunk, or while
     * another thread's call has the pool, runs its chunks on the calling thread.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int g = Math.max(1, grain);
        int chunks = (n + g - 1) / g;
        int workers = Math.min(threads(), chunks);
        Pool p = workers <= 1 || insidePool.get() ? null : pool();
        if (p == null || !p.lock.tryLock()) {
            for (int c = 0; c < chunks; c++) {
                body.run(c * g, Math.min(n, (c + 1) * g));
            }
            return;
        }
        try {
            p.run(new Job(n, g, chunks, body));
        } finally {
            p.lock.unlock();
        }
    }

    private static final ThreadLocal<Boolean> insidePool = ThreadLocal.withInitial(() -> false);

    /** How long an idle worker (and a caller waiting for the last chunks) spins before it parks. */
    private static final long SPIN_NANOS = 200_000;

    /** One call of {@link #forRange}: chunks are claimed from {@code next} and counted in {@code done}. */
    private static final class Job {
        final int n;
        final int grain;
        final int chunks;
        final RangeBody body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(int n, int grain, int chunks, RangeBody body) {
            this.n = n;
            this.grain = grain;
            this.chunks = chunks;
            this.body = body;
        }

        /** Claims and runs chunks until none is left; a failure is kept for the caller, the chunk still counts. */
        void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    body.run(c * grain, Math.min(n, (c + 1) * grain));
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /**
     * {@code threads - 1} workers that wait for jobs spinning, then parked. Handing a job over is a
     * volatile write (and an unpark for a parked worker), a few microseconds instead of the 50 to 100
     * us of an executor's task and future; and a worker that spins keeps its core, where a parked one
     * must be scheduled again, which on a loaded machine can take milliseconds per call.
     */
    private static final class Pool {
        final ReentrantLock lock = new ReentrantLock();
        final Thread[] workers;
        final boolean[] parked;
        volatile Job job;
        volatile long generation;
        volatile boolean shutdown;
        volatile Thread waiter;

        Pool(int size) {
            workers = new Thread[size];
            parked = new boolean[size];
            for (int i = 0; i < size; i++) {
                int index = i;
                workers[i] = new Thread(() -> loop(index), "d2l-worker-" + (i + 1));
                workers[i].setDaemon(true);
                workers[i].start();
            }
        }

        /** Publishes {@code j}, works on it, and returns when all its chunks are done. */
        void run(Job j) {
            job = j;
            generation++;
            for (int i = 0; i < workers.length; i++) {
                if (isParked(i)) {
                    LockSupport.unpark(workers[i]);
                }
            }
            insidePool.set(true);
            try {
                j.work();
            } finally {
                insidePool.set(false);
            }
            long spinEnd = System.nanoTime() + SPIN_NANOS;
            while (j.done.get() < j.chunks) {
                if (System.nanoTime() < spinEnd) {
                    Thread.onSpinWait();
                } else {
                    waiter = Thread.currentThread();
                    if (j.done.get() < j.chunks) {
                        LockSupport.parkNanos(100_000);
                    }
                    waiter = null;
                }
            }
            job = null;
            Throwable failure = j.failure;
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

        private void loop(int index) {
            insidePool.set(true);
            long seen = 0;
            while (!shutdown) {
                long spinEnd = System.nanoTime() + SPIN_NANOS;
                while (generation == seen && !shutdown) {
                    if (System.nanoTime() < spinEnd) {
                        Thread.onSpinWait();
                    } else {
                        setParked(index, true);
                        if (generation == seen && !shutdown) {
                            LockSupport.park(this);
                        }
                        setParked(index, false);
                    }
                }
                seen = generation;
                Job j = job;
                if (j != null) {
                    j.work();
                    Thread w = waiter;
                    if (w != null && j.done.get() >= j.chunks) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }

        // parked[] is read and written under this monitor: a caller that reads "not parked" comes before
        // the worker's "about to park", whose re-check of generation then sees the new job
        private synchronized boolean isParked(int i) {
            return parked[i];
        }

        private synchronized void setParked(int i, boolean value) {
            parked[i] = value;
        }

        void shutdown() {
            shutdown = true;
            for (Thread t : workers) {
                LockSupport.unpark(t);
            }
        }
    }

    private static synchronized Pool pool() {
        if (pool == null) {
            pool = new Pool(threads - 1);
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
