package d2l.bench;

import d2l.autograd.Profiler;
import d2l.data.FashionMNIST;
import d2l.kernels.Gemm;
import d2l.kernels.Parallel;
import d2l.models.Initializers;
import d2l.models.LeNet;
import d2l.models.ResNet;
import d2l.nn.BatchNorm2d;
import d2l.nn.MaxPool2d;
import d2l.nn.Sequential;
import d2l.nn.functional.F;
import d2l.optim.SGD;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import d2l.train.Warmup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The named benchmark cases of {@code ./d2l bench}, and the loop that runs them. The names are
 * stable so that runs can be compared over time; the shapes are those that decide the speed of
 * LeNet, VGG and ResNet-18 training in chapters 7 and 8.
 */
public final class Benchmarks {

    /**
     * One case. {@code setup} builds the inputs (not timed) and returns the body the harness times;
     * {@code flopsPerRun} is 0 where GFLOP/s would mean nothing; {@code pytorch} says whether
     * {@code bench/pytorch_cases.py} has the same case; {@code settings} adapts the run's harness
     * settings to the case (a cold first epoch runs once, without warm-up).
     */
    public record Case(String name, double flopsPerRun, boolean alsoSingleThread, boolean pytorch,
                       UnaryOperator<Harness.Settings> settings, Supplier<Runnable> setup) {

        /** A case PyTorch has too, timed with the run's settings. */
        Case(String name, double flopsPerRun, boolean alsoSingleThread, Supplier<Runnable> setup) {
            this(name, flopsPerRun, alsoSingleThread, true, UnaryOperator.identity(), setup);
        }
    }

    /** A case at a thread count with the harness settings it runs with, on our side and PyTorch's alike. */
    public record Run(Case benchCase, int threads, Harness.Settings settings) {}

    /**
     * What the whole-workload cases need: {@code limit} training images for the LeNet epochs (0: all
     * 60,000), and the command that runs {@code d2l grade solutions --no-training} in a fresh JVM.
     */
    public record Workloads(int limit, List<String> gradeCommand) {

        public Workloads {
            gradeCommand = List.copyOf(gradeCommand);
        }
    }

    /** How the GFLOP/s column counts, printed under the table. */
    public static final String FLOP_CONVENTION =
            "GFLOP/s: matmul 2n^3; conv forward 2*N*Cout*Hout*Wout*(Cin/groups)*kh*kw, fwd+bwd adds one forward's worth"
                    + " per gradient computed of input and weight (3x, or 2x for lenet-conv1 whose input needs none);"
                    + " bias terms not counted";

    /** Holds results so the JIT cannot drop work whose output nobody reads. */
    private static volatile Object sink;

    private Benchmarks() {}

    /** Every case, in the order they run: the LeNet epochs first, so that the first runs in a cold process. */
    public static List<Case> all(Workloads workloads) {
        return List.of(
                lenetEpoch("lenet-epoch-first", workloads.limit(), true, s -> new Harness.Settings(0, 0, 1, 0, 1)),
                lenetEpoch("lenet-epoch-later", workloads.limit(), false,
                        s -> new Harness.Settings(0, 1, s.minRuns(), 0, s.minRuns())),
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
                resnet18Step(),
                gradeSolutions(workloads.gradeCommand()));
    }

    /**
     * The cases whose names start with one of {@code prefixes} (all cases for an empty list).
     *
     * @throws IllegalArgumentException naming a prefix that matches no case
     */
    public static List<Case> select(List<String> prefixes, Workloads workloads) {
        List<Case> all = all(workloads);
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
     * What runs: each case with the runtime's thread count (and 1 thread as well where the case asks),
     * with {@code settings} as the case adapts them.
     */
    public static List<Run> plan(List<Case> cases, Harness.Settings settings) {
        int allThreads = Parallel.threads();
        List<Run> runs = new ArrayList<>();
        for (Case c : cases) {
            for (int threads : c.alsoSingleThread() && allThreads > 1 ? List.of(allThreads, 1) : List.of(allThreads)) {
                runs.add(new Run(c, threads, c.settings().apply(settings)));
            }
        }
        return runs;
    }

    /**
     * Times {@code runs} on our side, telling {@code progress} one line per result. A case that fails
     * (no data set, a grader that exits with an error) gives a result with its error and no timing.
     * The thread count is restored afterwards.
     */
    public static List<BenchReport.Result> run(List<Run> runs, Consumer<String> progress) {
        return run(runs, progress, null);
    }

    /**
     * {@link #run(List, Consumer)}, with {@code opponent} (when not null) timing each case that has a
     * PyTorch equivalent too: it sets the case up and warms it up first, then times one run after
     * each of ours, so that both sides' runs are spread over the same minutes. A failure on its side
     * becomes the result's PyTorch note ("failed: ...") and ours is still timed.
     */
    public static List<BenchReport.Result> run(List<Run> runs, Consumer<String> progress, Opponent opponent) {
        int allThreads = Parallel.threads();
        List<BenchReport.Result> results = new ArrayList<>();
        Case current = null;
        Runnable body = null;
        String error = null;
        try {
            for (Run run : runs) {
                Case c = run.benchCase();
                Side theirs = opponent == null ? null : new Side(opponent, run);
                if (c != current) {
                    current = c;
                    sink = null;
                    try {
                        body = c.setup().get();
                        error = null;
                    } catch (RuntimeException e) {
                        error = e.getMessage() != null ? e.getMessage() : e.toString();
                    }
                }
                Parallel.setThreads(run.threads());
                System.gc();
                String prefix = String.format(Locale.ROOT, "[%2d/%d] %-20s %d thread%s", results.size() + 1, runs.size(),
                        c.name(), run.threads(), run.threads() == 1 ? " " : "s");
                Timing timing = null;
                if (error == null) {
                    try {
                        timing = Harness.measure(body, run.settings(), theirs == null ? null : theirs::timeOneRun);
                    } catch (RuntimeException e) {
                        error = e.getMessage() != null ? e.getMessage() : e.toString();
                    }
                }
                BenchReport.Result result = new BenchReport.Result(c.name(), run.threads(), c.flopsPerRun(), timing, error);
                results.add(theirs == null ? result : theirs.beside(result, error == null));
                progress.accept(timing == null ? prefix + "  failed: " + error
                        : String.format(Locale.ROOT, "%s  median %9.3f ms  (%d runs, %.1f s)%s", prefix, timing.medianMs(),
                        timing.runs(), timing.totalMs() / 1e3, theirs == null ? "" : theirs.summary()));
            }
        } finally {
            sink = null;
            Parallel.setThreads(allThreads);
        }
        return results;
    }

    /**
     * The opponent's side of one run: prepared at once (before our setup and warm-up, so that ours
     * has no head start on it), then one of its runs after each of ours; the first failure ends it.
     */
    private static final class Side {

        private final Opponent opponent;
        private final Run run;
        private final List<Double> samples = new ArrayList<>();
        private String note;

        Side(Opponent opponent, Run run) {
            this.opponent = opponent;
            this.run = run;
            if (!run.benchCase().pytorch()) {
                note = "has no equivalent";
                return;
            }
            try {
                opponent.prepare(run.benchCase().name(), run.threads(), run.settings());
            } catch (IOException e) {
                note = "failed: " + e.getMessage();
            }
        }

        void timeOneRun() {
            if (note != null) {
                return;
            }
            try {
                samples.add(opponent.timeOneRun(run.benchCase().name(), run.threads()));
            } catch (IOException e) {
                note = "failed: " + e.getMessage();
            }
        }

        /** {@code ours} with this side's timing beside it, or why there is none. */
        BenchReport.Result beside(BenchReport.Result ours, boolean oursRan) {
            if (note == null && !oursRan) {
                note = "not timed: ours failed";
            }
            return note != null ? ours.withPyTorch(null, note) : ours.withPyTorch(timing(), null);
        }

        /** For the progress line: PyTorch's median, or its note. */
        String summary() {
            return note != null ? (run.benchCase().pytorch() ? "; PyTorch " + note : "")
                    : String.format(Locale.ROOT, "; PyTorch %.3f ms", timing().medianMs());
        }

        private Timing timing() {
            return new Timing(samples.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /**
     * {@code --layers}: profiles each of {@code runs} (a fresh setup, the run's warm-up, then
     * {@code minRuns} profiled runs), op by op; a case that fails to set up is skipped with a line to
     * {@code progress}. The thread count is restored afterwards.
     */
    public static List<LayerProfile> profile(List<Run> runs, Consumer<String> progress) {
        int allThreads = Parallel.threads();
        List<LayerProfile> profiles = new ArrayList<>();
        try {
            for (Run run : runs) {
                Parallel.setThreads(run.threads());
                progress.accept(String.format(Locale.ROOT, "profiling %s, %d thread%s", run.benchCase().name(),
                        run.threads(), run.threads() == 1 ? "" : "s"));
                try {
                    Runnable body = run.benchCase().setup().get();
                    System.gc();
                    profiles.add(LayerProfile.measure(run.benchCase().name(), run.threads(), body, run.settings()));
                } catch (RuntimeException e) {
                    progress.accept("  not profiled: " + (e.getMessage() != null ? e.getMessage() : e));
                }
            }
        } finally {
            sink = null;
            Parallel.setThreads(allThreads);
        }
        return profiles;
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

    /**
     * One training epoch of the book's LeNet (7.6: sigmoid, average pooling, Xavier init, SGD with lr
     * 0.1) on Fashion-MNIST in batches of 128, each run the next epoch's shuffled order; no validation.
     * With {@code warm}, as {@code d2l train} runs it: the {@link Warmup} compiles the kernels while the
     * data loads, and whatever of it is left when the data is ready is timed with the first epoch.
     */
    private static Case lenetEpoch(String name, int limit, boolean warm, UnaryOperator<Harness.Settings> settings) {
        return new Case(name, 0, false, true, settings, () -> {
            Warmup warming = warm ? Warmup.start() : null;
            FashionMNIST data = new FashionMNIST(128);
            if (limit > 0) {
                data.limit(limit);
            }
            Torch.manualSeed(0);
            Sequential net = Initializers.applyInit(LeNet.classic(10), data.trainBatches(0).iterator().next().images(),
                    Initializers::initCnn);
            SGD optimizer = new SGD(net.parameters(), 0.1);
            int[] epoch = {0};
            return () -> {
                if (warming != null && epoch[0] == 0) {
                    finish(warming);
                }
                epoch[0]++;
                for (FashionMNIST.Batch batch : data.trainBatches(epoch[0])) {
                    Tensor loss = F.crossEntropy(net.forward(batch.images()), batch.labels());
                    optimizer.zeroGrad();
                    loss.backward();
                    optimizer.step();
                    sink = loss.detach(); // not the graph: a training loop lets the step's graph go
                }
            };
        });
    }

    /** Waits for the warm-up's last rounds: inside the timed epoch, since a user of d2l train waits for them too. */
    private static void finish(Warmup warming) {
        try {
            warming.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up", e);
        }
    }

    /**
     * {@code d2l grade solutions --no-training} in a fresh JVM, once: what a student waits for after
     * {@code check()}; PyTorch has no equivalent.
     */
    private static Case gradeSolutions(List<String> command) {
        return new Case("grade-solutions", 0, false, false, s -> new Harness.Settings(0, 0, 1, 0, 1), () -> () -> {
            int exit;
            try {
                exit = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot start the grader: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while grading the solutions", e);
            }
            if (exit != 0) {
                throw new IllegalStateException("grading the solutions exited with code " + exit
                        + "; run ./d2l grade solutions --no-training to see why");
            }
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
                Profiler.mark("SGD zero_grad");
                Tensor loss = F.crossEntropy(net.forward(x), labels);
                loss.backward();
                optimizer.step();
                Profiler.mark("SGD step");
                sink = loss.detach(); // not the graph: a training loop lets the step's graph go
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
