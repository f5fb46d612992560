package d2l.kernels;

import java.util.Arrays;
import java.util.Random;

/**
 * A throwaway timing of the CNN kernels on the shapes that decide LeNet's (and a ResNet block's)
 * speed; not a test. Prints the median time per call for 2 threads and 1 thread. Run with
 * {@code java --add-modules=jdk.incubator.vector -cp target/classes:target/test-classes d2l.kernels.ConvSpeed}.
 */
public final class ConvSpeed {

    private ConvSpeed() {}

    public static void main(String[] args) {
        int[] threadCounts = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray() : new int[] {2, 1};
        for (int threads : threadCounts) {
            Parallel.setThreads(threads);
            System.out.println("== " + threads + " thread(s), " + System.getProperty("statistic", "median")
                    + " ms (PyTorch's median in brackets)");
            if (selected("conv1")) {
                convolution("LeNet conv1 128x1->6 5x5 p2 28x28",
                        ConvGeometry.convolution(128, 1, 6, 28, 28, 5, 5, 1, 1, 2, 2, 1), 1.15, 16.0, false);
            }
            if (selected("conv2")) {
                convolution("LeNet conv2 128x6->16 5x5 14x14",
                        ConvGeometry.convolution(128, 6, 16, 14, 14, 5, 5, 1, 1, 0, 0, 1), 0.90, 3.75, true);
            }
            if (selected("conv3")) {
                convolution("3x3 32x64->64 p1 24x24",
                        ConvGeometry.convolution(32, 64, 64, 24, 24, 3, 3, 1, 1, 1, 1, 1), 19.8, 41.9, true);
            }
            if (selected("resnet")) {
                // ResNet-18's later stages at 96x96 input (batch 32): small planes, many channels
                convolution("ResNet 3x3 32x128->128 p1 12x12",
                        ConvGeometry.convolution(32, 128, 128, 12, 12, 3, 3, 1, 1, 1, 1, 1), 0, 0, true);
                convolution("ResNet 3x3 32x256->256 p1 6x6",
                        ConvGeometry.convolution(32, 256, 256, 6, 6, 3, 3, 1, 1, 1, 1, 1), 0, 0, true);
                convolution("ResNet 3x3 32x512->512 p1 3x3",
                        ConvGeometry.convolution(32, 512, 512, 3, 3, 3, 3, 1, 1, 1, 1, 1), 0, 0, true);
                convolution("ResNet 3x3 s2 32x256->512 p1 6x6",
                        ConvGeometry.convolution(32, 256, 512, 6, 6, 3, 3, 2, 2, 1, 1, 1), 0, 0, true);
                convolution("ResNet 1x1 s2 32x256->512 6x6",
                        ConvGeometry.convolution(32, 256, 512, 6, 6, 1, 1, 2, 2, 0, 0, 1), 0, 0, true);
            }
            if (selected("pool")) {
                maxPool();
                lenetPool(ConvGeometry.pooling(128, 6, 28, 28, 2, 2, 2, 2, 0, 0), "LeNet AvgPool2d(2) 128x6x28x28");
                lenetPool(ConvGeometry.pooling(128, 16, 10, 10, 2, 2, 2, 2, 0, 0), "LeNet AvgPool2d(2) 128x16x10x10");
            }
            if (selected("bn")) {
                batchNorm();
            }
        }
        System.exit(0);
    }

    /** {@code -Donly=conv1,pool} runs only those benchmarks (conv1, conv2, conv3, resnet, pool, bn). */
    private static boolean selected(String name) {
        String only = System.getProperty("only");
        return only == null || Arrays.asList(only.split(",")).contains(name);
    }

    static float[] random(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 2f - 1f;
        }
        return a;
    }

    private static void convolution(String name, ConvGeometry g, double torchForward, double torchTotal,
                                    boolean needsInputGradient) {
        Random random = new Random(1);
        float[] x = random(random, g.inputSize());
        float[] w = random(random, g.weightSize());
        float[] b = random(random, g.outChannels());
        float[] y = new float[g.outputSize()];
        float[] dy = random(random, g.outputSize());
        float[] dx = new float[g.inputSize()];
        float[] dw = new float[g.weightSize()];
        float[] db = new float[g.outChannels()];
        double forward = median(() -> Convolution.forward(g, x, w, b, y));
        double input = median(() -> Convolution.backwardInput(g, dy, w, dx));
        double weight = median(() -> {
            Convolution.backwardWeight(g, x, dy, dw);
            Convolution.backwardBias(g, dy, db);
        });
        double total = median(() -> {
            Convolution.forward(g, x, w, b, y);
            if (needsInputGradient) {
                Convolution.backwardInput(g, dy, w, dx);
            }
            Convolution.backwardWeight(g, x, dy, dw);
            Convolution.backwardBias(g, dy, db);
        });
        System.out.printf("%-36s fwd %7.2f [%5.2f]  bwdInput %7.2f  bwdWeight+bias %7.2f  fwd+bwd%s %7.2f [%5.2f]%n",
                name, forward, torchForward, input, weight, needsInputGradient ? "" : "(no dx)", total, torchTotal);
    }

    private static void maxPool() {
        ConvGeometry g = ConvGeometry.pooling(32, 64, 48, 48, 3, 3, 2, 2, 1, 1);
        Random random = new Random(2);
        float[] x = random(random, g.inputSize());
        float[] y = new float[g.outputSize()];
        int[] argmax = new int[g.outputSize()];
        float[] dx = new float[g.inputSize()];
        double forward = median(() -> Pooling.maxForward(g, x, y, argmax));
        double backward = median(() -> Pooling.maxBackward(g, y, argmax, dx));
        double average = median(() -> Pooling.avgForward(g, true, x, y));
        System.out.printf("%-36s fwd %7.2f [%5.2f]  bwd %7.2f  avg fwd %7.2f%n",
                "MaxPool2d(3, 2, 1) 32x64x48x48", forward, 20.7, backward, average);
    }

    private static void lenetPool(ConvGeometry g, String name) {
        Random random = new Random(4);
        float[] x = random(random, g.inputSize());
        float[] y = new float[g.outputSize()];
        float[] dx = new float[g.inputSize()];
        double forward = median(() -> Pooling.avgForward(g, true, x, y));
        double backward = median(() -> Pooling.avgBackward(g, true, y, dx));
        System.out.printf("%-36s fwd %7.2f  bwd %7.2f%n", name, forward, backward);
    }

    private static void batchNorm() {
        int batch = 32;
        int channels = 64;
        int spatial = 24 * 24;
        Random random = new Random(3);
        float[] x = random(random, batch * channels * spatial);
        float[] dy = random(random, x.length);
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        float[] gamma = random(random, channels);
        float[] beta = random(random, channels);
        float[] mean = new float[channels];
        float[] invStd = new float[channels];
        float[] unbiased = new float[channels];
        float[] dgamma = new float[channels];
        float[] dbeta = new float[channels];
        double forward = median(() ->
                BatchNorm.trainForward(batch, channels, spatial, x, gamma, beta, 1e-5, y, mean, invStd, unbiased));
        double total = median(() -> {
            BatchNorm.trainForward(batch, channels, spatial, x, gamma, beta, 1e-5, y, mean, invStd, unbiased);
            BatchNorm.backward(batch, channels, spatial, x, dy, gamma, mean, invStd, dx, dgamma, dbeta);
        });
        System.out.printf("%-36s fwd %7.2f  fwd+bwd %7.2f [%5.2f]%n", "BatchNorm2d 32x64x24x24", forward, total, 2.3);
    }

    /**
     * Median milliseconds of {@code body}, after a warm-up of about a second. With
     * {@code -Dstatistic=min} the fastest run instead (steadier on a machine shared with other work); with
     * {@code -Dclock=cpu} the calling thread's CPU time (for 1 thread).
     */
    private static double median(Runnable body) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        int warm = 0;
        while (System.nanoTime() < warmEnd || warm < 5) {
            body.run();
            warm++;
        }
        int runs = Math.max(11, Math.min(200, warm));
        double[] ms = new double[runs];
        // -Dclock=cpu: this thread's CPU time, steady under other load but meaningful for 1 thread only
        boolean cpu = "cpu".equals(System.getProperty("clock"));
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < runs; r++) {
            long t0 = cpu ? bean.getCurrentThreadCpuTime() : System.nanoTime();
            body.run();
            ms[r] = ((cpu ? bean.getCurrentThreadCpuTime() : System.nanoTime()) - t0) / 1e6;
        }
        Arrays.sort(ms);
        return "min".equals(System.getProperty("statistic")) ? ms[0] : ms[runs / 2];
    }
}
