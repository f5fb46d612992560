package d2l.bench;

import d2l.kernels.Gemm;
import d2l.kernels.Parallel;
import d2l.models.ResNet;
import d2l.nn.BatchNorm2d;
import d2l.nn.MaxPool2d;
import d2l.nn.Sequential;
import d2l.nn.functional.F;
import d2l.optim.SGD;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The named benchmark cases of {@code ./d2l bench}, and the loop that runs them. The names are
 * stable so that runs can be compared over time; the shapes are those that decide the speed of
 * LeNet, VGG and ResNet-18 training in chapters 7 and 8.
 */
public final class Benchmarks {

    /**
     * One case. {@code setup} builds the inputs (not timed) and returns the body the harness times;
     * {@code flopsPerRun} is 0 where GFLOP/s would mean nothing.
     */
    public record Case(String name, double flopsPerRun, boolean alsoSingleThread, Supplier<Runnable> setup) {}

    /** A PyTorch median for a case at a thread count, as a time or (for matmul) as GFLOP/s; the other is NaN. */
    public record Reference(String name, int threads, double medianMs, double gflops) {

        static Reference ms(String name, int threads, double medianMs) {
            return new Reference(name, threads, medianMs, Double.NaN);
        }

        static Reference gflops(String name, int threads, double gflops) {
            return new Reference(name, threads, Double.NaN, gflops);
        }

        /** The reference time in ms for a run of {@code flops} floating-point operations. */
        double timeMs(double flops) {
            return Double.isNaN(medianMs) ? flops / (gflops * 1e6) : medianMs;
        }
    }

    /**
     * Reference medians measured with PyTorch 1.13 (CPU, OpenBLAS) on the 2-core machine these
     * benchmarks were written on, same shapes and the same forward/backward work as our cases
     * (2 threads is PyTorch's default there). They are compared only with our runs at the same
     * thread count. Update them here, in one place, if they are re-measured.
     */
    public static final List<Reference> PYTORCH_1_13_OPENBLAS_2_CORES = List.of(
            Reference.gflops("matmul-2048", 2, 158),
            Reference.gflops("matmul-2048", 1, 88),
            Reference.ms("lenet-conv1-fwd", 2, 1.15),
            Reference.ms("lenet-conv1-fwdbwd", 2, 16.0),
            Reference.ms("lenet-conv2-fwd", 2, 0.90),
            Reference.ms("lenet-conv2-fwdbwd", 2, 3.75),
            Reference.ms("conv3x3-64-fwd", 2, 19.8),
            Reference.ms("conv3x3-64-fwdbwd", 2, 41.9),
            Reference.ms("maxpool-3-2-1-fwd", 2, 20.7),
            Reference.ms("batchnorm-fwdbwd", 2, 2.3),
            Reference.ms("resnet18-step", 2, 554));

    /** How the GFLOP/s column counts, printed under the table. */
    public static final String FLOP_CONVENTION =
            "GFLOP/s: matmul 2n^3; conv forward 2*N*Cout*Hout*Wout*(Cin/groups)*kh*kw, fwd+bwd adds one forward's worth"
                    + " per gradient computed of input and weight (3x, or 2x for lenet-conv1 whose input needs none);"
                    + " bias terms not counted";

    /** Holds results so the JIT cannot drop work whose output nobody reads. */
    private static volatile Object sink;

    private Benchmarks() {}

    /** Every case, in the order they run. */
    public static List<Case> all() {
        return List.of(
                matmul(1024),
                matmul(2048),
                convolution("lenet-conv1-fwd", 128, 1, 6, 28, 5, 2, false, false),
                convolution("lenet-conv1-fwdbwd", 128, 1, 6, 28, 5, 2, false, true),
                convolution("lenet-conv2-fwd", 128, 6, 16, 14, 5, 0, true, false),
                convolution("lenet-conv2-fwdbwd", 128, 6, 16, 14, 5, 0, true, true),
                convolution("conv3x3-64-fwd", 32, 64, 64, 24, 3, 1, true, false),
                convolution("conv3x3-64-fwdbwd", 32, 64, 64, 24, 3, 1, true, true),
                maxPool(),
                batchNorm(),
                resnet18Step());
    }

    /**
     * The cases whose names start with one of {@code prefixes} (all cases for an empty list).
     *
     * @throws IllegalArgumentException naming a prefix that matches no case
     */
    public static List<Case> select(List<String> prefixes) {
        List<Case> all = all();
        if (prefixes == null || prefixes.isEmpty()) {
            return all;
        }
        Set<Case> chosen = new LinkedHashSet<>();
        for (String prefix : prefixes) {
            List<Case> matching = all.stream().filter(c -> c.name().startsWith(prefix)).toList();
            if (prefix.isEmpty() || matching.isEmpty()) {
                throw new IllegalArgumentException("no benchmark named '" + prefix + "' (or starting so); the cases are: "
                        + String.join(", ", all.stream().map(Case::name).toList()));
            }
            chosen.addAll(matching);
        }
        // Keep the usual order whatever the order of the prefixes.
        return all.stream().filter(chosen::contains).toList();
    }

    /**
     * Runs {@code cases} with the runtime's thread count (and matmul with 1 thread as well), telling
     * {@code progress} one line per result. The thread count is restored afterwards.
     */
    public static List<BenchReport.Result> run(List<Case> cases, Harness.Settings settings, Consumer<String> progress) {
        int allThreads = Parallel.threads();
        int total = 0;
        for (Case c : cases) {
            total += threadCounts(c, allThreads).size();
        }
        List<BenchReport.Result> results = new ArrayList<>();
        try {
            for (Case c : cases) {
                Runnable body = c.setup().get();
                for (int threads : threadCounts(c, allThreads)) {
                    Parallel.setThreads(threads);
                    System.gc();
                    Timing timing = Harness.measure(body, settings);
                    BenchReport.Result result = result(c, threads, timing);
                    results.add(result);
                    progress.accept(String.format(Locale.ROOT, "[%2d/%d] %-20s %d thread%s  median %9.3f ms  (%d runs, %.1f s)",
                            results.size(), total, c.name(), threads, threads == 1 ? " " : "s", timing.medianMs(),
                            timing.runs(), timing.totalMs() / 1e3));
                }
                sink = null;
            }
        } finally {
            Parallel.setThreads(allThreads);
        }
        return results;
    }

    /** All threads, then 1 thread for the cases that ask for it (once only on a 1-thread runtime). */
    private static List<Integer> threadCounts(Case c, int allThreads) {
        return c.alsoSingleThread() && allThreads > 1 ? List.of(allThreads, 1) : List.of(allThreads);
    }

    /** The statistics of one timing, with GFLOP/s and the ratio to PyTorch where they apply. */
    static BenchReport.Result result(Case c, int threads, Timing timing) {
        double median = timing.medianMs();
        Double gflops = c.flopsPerRun() > 0 ? c.flopsPerRun() / (median * 1e6) : null;
        Double vsPyTorch = null;
        for (Reference r : PYTORCH_1_13_OPENBLAS_2_CORES) {
            if (r.name().equals(c.name()) && r.threads() == threads) {
                vsPyTorch = median / r.timeMs(c.flopsPerRun());
            }
        }
        return new BenchReport.Result(c.name(), threads, timing, gflops, vsPyTorch);
    }

    // ---- the cases ------------------------------------------------------------------------------

    /** Square sgemm C = A B through {@link Gemm}, n x n floats each. */
    private static Case matmul(int n) {
        return new Case("matmul-" + n, 2.0 * n * n * n, true, () -> {
            Random random = new Random(42);
            float[] a = randomArray(random, n * n);
            float[] b = randomArray(random, n * n);
            float[] c = new float[n * n];
            return () -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        });
    }

    /**
     * A square convolution with stride 1 through {@link F#conv2d}, weight and bias requiring grad as in
     * a layer. With {@code backward}, the body also backpropagates a fixed upstream gradient.
     */
    private static Case convolution(String name, int batch, int inChannels, int outChannels, int size, int kernel,
                                    int padding, boolean inputNeedsGrad, boolean backward) {
        int outSize = size + 2 * padding - kernel + 1;
        double forwardFlops = 2.0 * batch * outChannels * outSize * outSize * inChannels * kernel * kernel;
        double flops = backward ? forwardFlops * (inputNeedsGrad ? 3 : 2) : forwardFlops;
        return new Case(name, flops, false, () -> {
            Torch.manualSeed(0);
            Tensor x = Torch.randn(batch, inChannels, size, size).requiresGrad_(inputNeedsGrad);
            Tensor weight = Torch.randn(outChannels, inChannels, kernel, kernel).requiresGrad_();
            Tensor bias = Torch.randn(outChannels).requiresGrad_();
            int[] stride = {1, 1};
            int[] pad = {padding, padding};
            if (!backward) {
                return () -> sink = F.conv2d(x, weight, bias, stride, pad, 1);
            }
            Tensor upstream = Torch.randn(batch, outChannels, outSize, outSize);
            return () -> {
                x.zeroGrad();
                weight.zeroGrad();
                bias.zeroGrad();
                F.conv2d(x, weight, bias, stride, pad, 1).backward(upstream);
                sink = weight.grad();
            };
        });
    }

    /** {@code MaxPool2d(3, stride 2, padding 1)} forward, as in ResNet's stem. */
    private static Case maxPool() {
        return new Case("maxpool-3-2-1-fwd", 0, false, () -> {
            Torch.manualSeed(0);
            MaxPool2d pool = new MaxPool2d(3).stride(2).padding(1);
            Tensor x = Torch.randn(32, 64, 48, 48);
            return () -> sink = pool.forward(x);
        });
    }

    /** {@code BatchNorm2d(64)} in training mode, forward and backward, the input requiring grad. */
    private static Case batchNorm() {
        return new Case("batchnorm-fwdbwd", 0, false, () -> {
            Torch.manualSeed(0);
            BatchNorm2d bn = new BatchNorm2d(64);
            Tensor x = Torch.randn(32, 64, 24, 24).requiresGrad_();
            Tensor upstream = Torch.randn(32, 64, 24, 24);
            return () -> {
                bn.zeroGrad();
                x.zeroGrad();
                bn.forward(x).backward(upstream);
                sink = x.grad();
            };
        });
    }

    /** One SGD step of ResNet-18 (10 classes) on a batch of 32 single-channel 96x96 images. */
    private static Case resnet18Step() {
        return new Case("resnet18-step", 0, false, () -> {
            Torch.manualSeed(0);
            Sequential net = ResNet.resnet18(10);
            Tensor x = Torch.randn(32, 1, 96, 96);
            int[] classes = new int[32];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = i % 10;
            }
            Tensor labels = Torch.tensor(classes);
            net.forward(x); // materialises the lazy layers, so that the optimizer sees every parameter
            SGD optimizer = new SGD(net.parameters(), 0.01);
            return () -> {
                optimizer.zeroGrad();
                Tensor loss = F.crossEntropy(net.forward(x), labels);
                loss.backward();
                optimizer.step();
                sink = loss;
            };
        });
    }

    private static float[] randomArray(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }
}
