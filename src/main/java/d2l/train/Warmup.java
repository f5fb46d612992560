package d2l.train;

import static d2l.tensor.Torch.arange;

import d2l.autograd.GradMode;
import d2l.nn.functional.F;
import d2l.optim.SGD;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.util.List;

/**
 * Runs the book's CNN operations, forward and backward, on small made-up inputs so that the JIT
 * compiles the kernels before training needs them. A cold JVM interprets the Vector API code of
 * {@code d2l.kernels} at a small fraction of its compiled speed, so without this the first batches of
 * a run are many times slower than the rest; {@link #start()} does the work in a background thread
 * while the data set loads, on the core that loading leaves idle, and {@link #finish()} ends it when
 * training begins.
 *
 * <p>It changes nothing a run computes: the inputs and weights are fixed patterns (no random numbers
 * are drawn, so the global generator is untouched), and nothing outside its own tensors is written.
 */
public final class Warmup {

    /**
     * Rounds done before training starts even when the data is ready sooner. Measured on a 2-core
     * machine, cold: the first round takes seconds (class loading and interpreted vector code), the
     * tenth a few milliseconds; in single runs 10 rounds waited less than 30 or 40 for as few slow batches.
     */
    static final int MIN_ROUNDS = 10;

    /** Rows of the dense layers' extra pass: more than Gemm's dot-product limit, as a batch of 128 is. */
    static final int DENSE_BATCH = 64;

    private final Thread thread;
    private volatile boolean stopping;
    private volatile int rounds;

    private Warmup() {
        thread = new Thread(() -> {
            try {
                while (!stopping || rounds < MIN_ROUNDS) {
                    round();
                    rounds++;
                }
            } catch (RuntimeException e) {
                // a warm-up that fails only leaves the JIT colder; training itself reports any real error
            }
        }, "d2l-warmup");
        thread.setDaemon(true);
    }

    /** The thread doing the rounds (for tests). */
    Thread thread() {
        return thread;
    }

    /** Starts rounds of warm-up in a daemon thread, which go on until {@link #finish()}. */
    public static Warmup start() {
        Warmup warmup = new Warmup();
        warmup.thread.start();
        return warmup;
    }

    /**
     * Does {@link #MIN_ROUNDS} rounds in a daemon thread and stops by itself: for a JShell session,
     * where training starts whenever the student types it, so the kernels are compiled by then
     * without a warm-up that runs on beside the student's work.
     */
    public static Warmup inBackground() {
        Warmup warmup = new Warmup();
        warmup.stopping = true;
        warmup.thread.start();
        return warmup;
    }

    /**
     * Stops after the round under way (a few milliseconds once compiled), or after {@link #MIN_ROUNDS},
     * and waits for it, so the warm-up never competes with training for the cores; returns the
     * number of rounds done.
     */
    public int finish() throws InterruptedException {
        stopping = true;
        thread.join();
        return rounds;
    }

    /**
     * One training step of a small LeNet in both of the book's variants (sigmoid with average pooling;
     * ReLU with batch norm and max pooling), an SGD update, and an evaluation pass without gradients.
     * Returns the parameters, whose gradients show that every backward kernel ran.
     */
    static List<Tensor> round() {
        Tensor x = pattern(0.01, 2, 1, 28, 28);
        Tensor labels = arange(2);
        Tensor w1 = pattern(0.1, 6, 1, 5, 5).requiresGrad_();
        Tensor b1 = pattern(0.1, 6).requiresGrad_();
        Tensor w2 = pattern(0.05, 16, 6, 5, 5).requiresGrad_();
        Tensor b2 = pattern(0.1, 16).requiresGrad_();
        Tensor w3 = pattern(0.02, 120, 400).requiresGrad_();
        Tensor b3 = pattern(0.1, 120).requiresGrad_();
        Tensor w4 = pattern(0.05, 10, 120).requiresGrad_();
        Tensor gamma = pattern(0.1, 6).add(1).requiresGrad_();
        Tensor beta = pattern(0.1, 6).requiresGrad_();
        List<Tensor> parameters = List.of(w1, b1, w2, b2, w3, b3, w4, gamma, beta);
        Tensor runningMean = Torch.zeros(6);
        Tensor runningVar = Torch.ones(6);

        Tensor classic = lenetTail(F.avgPool2d(F.sigmoid(F.conv2d(x, w1, b1, new int[] {1, 1}, new int[] {2, 2}, 1)),
                new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}), w2, b2, w3, b3, w4, true);
        Tensor normed = F.batchNorm(F.conv2d(x, w1, b1, new int[] {1, 1}, new int[] {2, 2}, 1),
                runningMean, runningVar, gamma, beta, true, 0.1, 1e-5);
        Tensor modern = lenetTail(F.maxPool2d(F.relu(normed), new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}),
                w2, b2, w3, b3, w4, false);
        Tensor pooled = F.adaptiveAvgPool2d(F.tanh(normed), 1, 1).flatten(1).sum(1);
        // the dense layers again with a training-sized batch: a batch of 2 takes Gemm's dot-product path, 128 the packed one
        Tensor dense = F.linear(F.sigmoid(F.linear(pattern(0.01, DENSE_BATCH, 400), w3, b3)), w4, null);
        F.crossEntropy(classic, labels).add(F.crossEntropy(modern, labels)).add(pooled.mean())
                .add(F.mseLoss(dense, Torch.zeros(DENSE_BATCH, 10))).backward();
        new SGD(parameters, 0.01).step();

        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor eval = F.batchNorm(F.conv2d(x, w1, b1, new int[] {1, 1}, new int[] {2, 2}, 1),
                    runningMean, runningVar, gamma, beta, false, 0.1, 1e-5);
            F.crossEntropy(lenetTail(F.maxPool2d(F.relu(eval), new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}),
                    w2, b2, w3, b3, w4, false), labels).item();
        }
        return parameters;
    }

    /** LeNet after its first block: conv 5x5 to 16 channels, pool, flatten, two dense layers. */
    private static Tensor lenetTail(Tensor h, Tensor w2, Tensor b2, Tensor w3, Tensor b3, Tensor w4, boolean classic) {
        Tensor c = F.conv2d(h, w2, b2);
        Tensor p = classic
                ? F.avgPool2d(F.sigmoid(c), new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0})
                : F.maxPool2d(F.relu(c), new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0});
        Tensor d = F.linear(p.flatten(1), w3, b3);
        return F.linear(classic ? F.sigmoid(d) : F.relu(d), w4, null);
    }

    /** A fixed tensor of the given shape, values in [-scale, scale) cycling with period 17. */
    private static Tensor pattern(double scale, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((i % 17 - 8) * scale / 8);
        }
        return Torch.tensor(values).reshape(shape);
    }
}
