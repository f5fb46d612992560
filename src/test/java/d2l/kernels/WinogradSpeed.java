package d2l.kernels;

import java.util.Arrays;
import java.util.Random;

/**
 * A throwaway timing, not a test: Winograd F(2x2, 3x3) against im2col for the forward pass and the
 * input gradient of 3x3 convolutions (ResNet-18's and VGG's shapes), alternating the two methods
 * so both see the same load. Prints the fastest calling-thread CPU time of each (for 1 thread) or
 * the fastest wall time. Run with
 * {@code java --add-modules=jdk.incubator.vector -cp target/classes:target/test-classes d2l.kernels.WinogradSpeed [threads]}.
 */
public final class WinogradSpeed {

    private WinogradSpeed() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Parallel.setThreads(threads);
        boolean cpu = threads == 1;
        System.out.println("== " + threads + " thread(s), min " + (cpu ? "CPU" : "wall") + " ms, im2col vs winograd");
        int[][] shapes = {{32, 64, 64, 24}, {32, 128, 128, 12}, {32, 256, 256, 6}, {32, 512, 512, 3},
            {32, 64, 64, 48}, {8, 64, 128, 56}, {32, 128, 128, 24}, {8, 256, 256, 28}, {32, 256, 256, 12}, {32, 128, 128, 8}, {32, 96, 96, 12}};
        for (int[] s : shapes) {
            ConvGeometry g = ConvGeometry.convolution(s[0], s[1], s[2], s[3], s[3], 3, 3, 1, 1, 1, 1, 1);
            Random random = new Random(1);
            float[] x = ConvSpeed.random(random, g.inputSize());
            float[] w = ConvSpeed.random(random, g.weightSize());
            float[] b = ConvSpeed.random(random, g.outChannels());
            float[] y = new float[g.outputSize()];
            float[] dy = ConvSpeed.random(random, g.outputSize());
            float[] dx = new float[g.inputSize()];
            double[] t = alternate(cpu,
                    () -> Convolution.forwardIm2col(g, x, w, b, y),
                    () -> Winograd.forward(g, x, w, b, y),
                    () -> Convolution.backwardInputIm2col(g, dy, w, dx),
                    () -> Winograd.backwardInput(g, dy, w, dx));
            System.out.printf("%3d x %3d->%3d %2dx%-2d  fwd %7.2f -> %7.2f (%.2fx)  bwdInput %7.2f -> %7.2f (%.2fx)%n",
                    s[0], s[1], s[2], s[3], s[3], t[0], t[1], t[0] / t[1], t[2], t[3], t[2] / t[3]);
        }
        System.exit(0);
    }

    /** The fastest of 15 runs of each body, run in turn after a warm-up of each. */
    private static double[] alternate(boolean cpu, Runnable... bodies) {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Runnable body : bodies) {
            for (int i = 0; i < 5; i++) {
                body.run();
            }
        }
        double[] best = new double[bodies.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int r = 0; r < 15; r++) {
            for (int i = 0; i < bodies.length; i++) {
                long t0 = cpu ? bean.getCurrentThreadCpuTime() : System.nanoTime();
                bodies[i].run();
                long t1 = cpu ? bean.getCurrentThreadCpuTime() : System.nanoTime();
                best[i] = Math.min(best[i], (t1 - t0) / 1e6);
            }
        }
        return best;
    }
}
