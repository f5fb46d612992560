package d2l.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * A throwaway measurement of {@link Gemm#sgemm} speed (a main, not a test): GFLOP/s of square
 * products with 1 and 2 threads, and microseconds per call of the small, skinny products of
 * LeNet's layers (1 thread: the convolutions call sgemm from inside their own parallel tasks).
 * Each figure is the median of 15 timed samples after a warm-up, and the best sample. Run with
 * <pre>
 *   ./mvnw -q test-compile
 *   java --add-modules=jdk.incubator.vector -cp target/classes:target/test-classes \
 *       d2l.kernels.GemmSpeed [square|lenet]
 * </pre>
 */
public final class GemmSpeed {

    private record Shape(String name, boolean transA, boolean transB, int m, int n, int k) {}

    private static final Shape[] LENET = {
        new Shape("conv1 forward        ", false, false, 6, 784, 25),
        new Shape("conv1 grad input     ", true, false, 25, 784, 6),
        new Shape("conv1 grad weight    ", false, true, 6, 25, 784),
        new Shape("conv2 forward        ", false, false, 16, 100, 150),
        new Shape("conv2 forward (10 im)", false, false, 16, 1000, 150),
        new Shape("conv2 grad input     ", true, false, 150, 1000, 16),
        new Shape("conv2 grad weight    ", false, true, 16, 150, 1000),
        new Shape("fc1 forward  (NN)    ", false, false, 128, 120, 400),
        new Shape("fc1 forward  (X W^T) ", false, true, 128, 120, 400),
        new Shape("fc1 grad input       ", false, false, 128, 400, 120),
        new Shape("fc1 grad weight      ", true, false, 120, 400, 128),
        new Shape("fc2 forward  (X W^T) ", false, true, 128, 84, 120),
        new Shape("tiny 16x16x16        ", false, false, 16, 16, 16),
    };

    private GemmSpeed() {}

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "all";
        int saved = Parallel.threads();
        try {
            if (what.equals("all") || what.equals("square")) {
                for (int size : new int[] {256, 1024, 2048}) {
                    for (int threads : new int[] {1, 2}) {
                        Parallel.setThreads(threads);
                        double[] seconds = timeSeconds(new Shape("square", false, false, size, size, size));
                        double flops = 2.0 * size * size * size;
                        System.out.printf("%4d x %4d x %4d  %d thread%s  %7.1f GFLOP/s  (best %.1f)%n",
                                size, size, size, threads, threads == 1 ? " " : "s",
                                flops / seconds[0] / 1e9, flops / seconds[1] / 1e9);
                    }
                }
            }
            if (what.equals("all") || what.equals("lenet")) {
                Parallel.setThreads(1);
                for (Shape s : LENET) {
                    double[] seconds = timeSeconds(s);
                    System.out.printf("%s %s%s m=%3d n=%4d k=%4d  %8.2f us  %6.1f GFLOP/s  (best %.2f us)%n", s.name,
                            s.transA ? "T" : "N", s.transB ? "T" : "N", s.m, s.n, s.k, seconds[0] * 1e6,
                            2.0 * s.m * s.n * s.k / seconds[0] / 1e9, seconds[1] * 1e6);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * The median and the best time of one call, over 15 timed samples of about 20 ms each after a
     * warm-up of about a second. (The best is less disturbed by other work on the machine.)
     */
    private static double[] timeSeconds(Shape s) {
        Random random = new Random(42);
        float[] a = randomArray(random, s.m * s.k);
        float[] b = randomArray(random, s.k * s.n);
        float[] c = new float[s.m * s.n];
        int lda = s.transA ? s.m : s.k;
        int ldb = s.transB ? s.k : s.n;
        return timeSeconds(() -> Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, s.n),
                1.0, 15, 0.02, Clock.WALL);
    }

    /** What a sample measures: wall time, or the CPU time of the calling thread. */
    enum Clock {
        WALL, THREAD_CPU;

        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        long nanos() {
            return this == WALL ? System.nanoTime() : THREADS.getCurrentThreadCpuTime();
        }
    }

    /**
     * The median and the best time of one {@code call} by {@code clock}: {@code samples} timed
     * samples of about {@code sampleSeconds} (wall time) each, after a warm-up of about
     * {@code warmupSeconds}.
     */
    static double[] timeSeconds(Runnable call, double warmupSeconds, int samples, double sampleSeconds, Clock clock) {
        // Warm up (lets the JIT compile everything), and find a repeat count giving samples of the wanted length.
        long start = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - start < warmupSeconds * 1e9 || calls < 3) {
            call.run();
            calls++;
        }
        double perCall = (System.nanoTime() - start) / 1e9 / calls;
        int repeats = (int) Math.max(1, Math.min(1_000_000, sampleSeconds / perCall));
        double[] times = new double[samples];
        for (int i = 0; i < times.length; i++) {
            long t0 = clock.nanos();
            for (int r = 0; r < repeats; r++) {
                call.run();
            }
            long t1 = clock.nanos();
            times[i] = (t1 - t0) / 1e9 / repeats;
        }
        Arrays.sort(times);
        return new double[] {times[times.length / 2], times[0]};
    }

    static float[] randomArray(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }
}
