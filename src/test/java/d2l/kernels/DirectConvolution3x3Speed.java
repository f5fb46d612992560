package d2l.kernels;

import java.util.Arrays;
import java.util.Random;

/**
 * A timing harness, not a test: {@link DirectConvolution3x3} against im2col and Winograd for the
 * forward pass and the input gradient of 3x3, stride-1, padding-1 convolutions (ResNet-18's stages),
 * and against im2col for the weight gradient, the methods run in turn so all see the same load.
 * Prints the fastest and the median of 15 runs: calling-thread CPU time with 1 thread, wall time
 * otherwise. Run with
 * {@code java --add-modules=jdk.incubator.vector -cp target/classes:target/test-classes d2l.kernels.DirectConvolution3x3Speed [threads]}.
 */
public final class DirectConvolution3x3Speed {

    private DirectConvolution3x3Speed() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Parallel.setThreads(threads);
        boolean cpu = threads == 1;
        System.out.println("== " + threads + " thread(s), " + (cpu ? "CPU" : "wall")
                + " ms fastest/median of 15: im2col, winograd, direct");
        int[][] shapes = {{32, 64, 64, 24}, {32, 128, 128, 12}, {32, 256, 256, 6}, {32, 512, 512, 3},
            {32, 64, 128, 24}, {32, 128, 64, 12}, {32, 96, 96, 12}, {32, 128, 128, 8}, {32, 32, 32, 24},
            {32, 64, 64, 12}, {32, 64, 64, 48}, {32, 128, 128, 24}};
        for (int[] s : shapes) {
            ConvGeometry g = ConvGeometry.convolution(s[0], s[1], s[2], s[3], s[3], 3, 3, 1, 1, 1, 1, 1);
            Random random = new Random(1);
            float[] x = ConvSpeed.random(random, g.inputSize());
            float[] w = ConvSpeed.random(random, g.weightSize());
            float[] b = ConvSpeed.random(random, g.outChannels());
            float[] y = new float[g.outputSize()];
            float[] dy = ConvSpeed.random(random, g.outputSize());
            float[] dx = new float[g.inputSize()];
            double[][] t = alternate(cpu,
                    () -> Convolution.forwardIm2col(g, x, w, b, y),
                    () -> Winograd.forward(g, x, w, b, y),
                    () -> DirectConvolution3x3.forward(g, x, w, b, y),
                    () -> Convolution.backwardInputIm2col(g, dy, w, dx),
                    () -> Winograd.backwardInput(g, dy, w, dx),
                    () -> DirectConvolution3x3.backwardInput(g, dy, w, dx));
            System.out.printf("%3d x %3d->%3d %2dx%-2d fwd %s | %s | %s  bwdIn %s | %s | %s%n",
                    s[0], s[1], s[2], s[3], s[3], f(t[0]), f(t[1]), f(t[2]), f(t[3]), f(t[4]), f(t[5]));
            float[] dw = new float[g.weightSize()];
            double[][] u = alternate(cpu, () -> Convolution.backwardWeightIm2col(g, x, dy, dw),
                    () -> DirectConvolution3x3.backwardWeight(g, x, dy, dw));
            System.out.printf("%27s bwdWeight %s | %s%n", "", f(u[0]), f(u[1]));
        }
        System.exit(0);
    }

    private static String f(double[] fastestMedian) {
        return String.format("%6.2f/%6.2f", fastestMedian[0], fastestMedian[1]);
    }

    /** Fastest and median of 15 runs of each body, run in turn after a warm-up of each. */
    private static double[][] alternate(boolean cpu, Runnable... bodies) {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Runnable body : bodies) {
            for (int i = 0; i < 5; i++) {
                body.run();
            }
        }
        int runs = 15;
        double[][] times = new double[bodies.length][runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < bodies.length; i++) {
                long t0 = cpu ? bean.getCurrentThreadCpuTime() : System.nanoTime();
                bodies[i].run();
                long t1 = cpu ? bean.getCurrentThreadCpuTime() : System.nanoTime();
                times[i][r] = (t1 - t0) / 1e6;
            }
        }
        double[][] result = new double[bodies.length][];
        for (int i = 0; i < bodies.length; i++) {
            Arrays.sort(times[i]);
            result[i] = new double[] {times[i][0], times[i][runs / 2]};
        }
        return result;
    }
}
