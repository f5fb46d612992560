package d2l.grader;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.tensor;

import d2l.autograd.GradMode;
import d2l.data.FashionMNIST;
import d2l.kernels.Parallel;
import d2l.models.Initializers;
import d2l.models.LeNet;
import d2l.models.ResNet;
import d2l.nn.LazyConv2d;
import d2l.nn.Module;
import d2l.optim.SGD;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import d2l.train.Classifier;
import d2l.train.EpochResult;
import d2l.train.Progress;
import d2l.train.RunInfo;
import d2l.train.RunLog;
import d2l.train.Trainer;
import d2l.train.Warmup;
import d2l.workbook.LearnKernelDiagnosis;
import d2l.workbook.LoadedSection;
import d2l.workbook.ModuleView;
import d2l.workbook.Section;
import d2l.workbook.TensorMismatch;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The training checks, each logged to a CSV file (the rubric's {@code log} setting, which the
 * grader fills in): learning 7.2's 1 x 2 kernel from the default initialisation, LeNet on
 * Fashion-MNIST scored by validation accuracy, and a short ResNet-18 run whose loss must fall.
 * Seeds are fixed by the rubric, so grading the same code twice gives the same numbers.
 */
final class TrainingChecks {

    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private TrainingChecks() {}

    static List<CodedCheck> all() {
        return List.of(
                check(Section.S7_2, "learnKernel from the default init ends within 0.1 of [[1, -1]] after 10 epochs",
                        "001_8174f7e01dfee399.txt, In [9]-[10]", TrainingChecks::learnKernel),
                check(Section.S7_6, "LeNet trained on Fashion-MNIST: validation accuracy",
                        "000_3764b64cbf4f4687.txt, 7.6 Training LeNet on Fashion-MNIST", TrainingChecks::lenet),
                check(Section.S8_6, "ResNet18's loss falls in a short run", "002_57cc1b6958d3ea8c.txt, 8.6 model = ResNet18(lr=0.01)",
                        TrainingChecks::resnet));
    }

    private static CodedCheck check(Section section, String name, String source, CodedCheck.Body body) {
        return new CodedCheck(GraderCheck.coded(section, name, CheckKind.TRAINING, source), body);
    }

    /**
     * From each seed's default kernel, {@code learnKernel} must run exactly 10 epochs and end within
     * 0.1 of {@code [[1, -1]]} in every entry: measured over the whole range of the layer's default
     * initialisation, the reference ends within 0.088 at worst. The grader judges the observed losses
     * and kernel, and writes the log.
     */
    private static Object learnKernel(CodedCheck.Run run) throws IOException {
        Tensor X = d2l.tensor.Torch.ones(6, 8);
        X.set(":, 2:6", 0);
        Tensor Y = tensor("[" + String.join(", ", java.util.Collections.nCopies(6, "[0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0]")) + "]");
        double within = run.number("within", 0.1);
        try (CSVPrinter log = log(run, "seed", "epoch", "loss", "kernel")) {
            for (String seedText : run.settings().getOrDefault("seeds", "0,1,2,3,4").split(",")) {
                long seed = Long.parseLong(seedText.strip());
                manualSeed(seed);
                String what = "learnKernel(X, Y, null) from seed " + seed;
                Object fit = run.probe().observe(what, c -> {
                    Object f = c.call("learnKernel", X, Y, null);
                    return Arrays.asList(component(f, "losses"), component(f, "kernel"));
                });
                List<?> parts = (List<?>) fit;
                if (!(parts.get(0) instanceof List<?> losses) || !losses.stream().allMatch(l -> l instanceof Number)) {
                    throw new AssertionError("KernelFit.losses() should be a List<Double>, got " + parts.get(0));
                }
                if (!(parts.get(1) instanceof Tensor kernel)) {
                    throw new AssertionError("KernelFit.kernel() should be a Tensor, got " + parts.get(1));
                }
                if (log != null) {
                    for (int i = 0; i < losses.size(); i++) {
                        log.printRecord(seed, i + 1, losses.get(i), i == losses.size() - 1 ? kernel.toString() : "");
                    }
                    log.flush();
                }
                String diagnosis = LearnKernelDiagnosis.explain(X, Y, defaultKernel(X, seed), doubles(losses));
                if (!diagnosis.isEmpty()) {
                    throw new AssertionError(what + " does not follow the book's protocol\n" + diagnosis);
                }
                String wrong = TensorMismatch.shapes(Size.of(1, 2), kernel.shape());
                if (wrong != null) {
                    throw new AssertionError("the learned kernel: " + wrong);
                }
                double off = kernel.sub(tensor("[[1.0, -1.0]]")).abs().max().item();
                if (!(off <= within)) {
                    throw new AssertionError(String.format(Locale.ROOT, "from seed %d's default kernel the learned kernel is %s,"
                            + " %.4f away from [[1, -1]] in one entry; any correct run ends within %s", seed, kernel, off, within));
                }
            }
        }
        return null;
    }

    /** The kernel {@code new LazyConv2d(1, new int[] {1, 2}).bias(false)} starts from after {@code manualSeed(seed)}. */
    private static Tensor defaultKernel(Tensor X, long seed) {
        manualSeed(seed);
        LazyConv2d conv = new LazyConv2d(1, new int[] {1, 2}).bias(false);
        GradMode.noGrad(() -> conv.forward(X.reshape(1, 1, X.size(0), X.size(1))));
        return conv.weight().detach().reshape(1, 2);
    }

    private static List<Double> doubles(List<?> numbers) {
        return numbers.stream().map(n -> ((Number) n).doubleValue()).toList();
    }

    /**
     * The student's LeNet, initialised as the book does and trained with the book's settings in the
     * sandbox; the grader then checks that the trained network has LeNet's layers, loads its
     * parameters into the runtime's LeNet and measures the validation accuracy itself.
     */
    private static Object lenet(CodedCheck.Run run) throws IOException {
        int epochs = run.integer("epochs", 10);
        int batchSize = run.integer("batch_size", 128);
        double lr = run.number("lr", 0.1);
        long seed = run.integer("seed", 0);
        Integer limit = run.settings().containsKey("limit") ? run.integer("limit", Integer.MAX_VALUE) : null;
        Object observed = run.probe().observe("new LeNet() trained for " + epochs + " epochs", c -> {
            // compiles the kernels while the data loads, as d2l train does; it draws no random numbers
            Warmup warming = Warmup.start();
            FashionMNIST data = data(run, batchSize, seed, limit);
            manualSeed(seed);
            Module net;
            try {
                net = StructureChecks.module(c.construct("LeNet"));
                Initializers.applyInit(net, data.trainBatches(0).iterator().next().images(), Initializers::initCnn);
            } finally {
                warming.finish();
            }
            PrintStream lines = new PrintStream(new LineSink(run), true, StandardCharsets.UTF_8);
            List<EpochResult> results = new Trainer(epochs).progress(new Progress(lines, false))
                    .fit(new Classifier("lenet", net, lr), data);
            List<List<Double>> history = new ArrayList<>();
            for (EpochResult r : results) {
                history.add(List.of(r.trainLoss(), r.trainAcc(), r.valLoss(), r.valAcc(), r.seconds(), r.imagesPerSec()));
            }
            return List.of(ModuleView.of(net, true), history, (long) Parallel.threads());
        });
        if (!(observed instanceof List<?> parts) || parts.size() != 3 || !(parts.get(0) instanceof ModuleView trained)
                || !(parts.get(1) instanceof List<?> history) || !(parts.get(2) instanceof Long threads)) {
            throw new AssertionError("training new LeNet() gave " + observed + ", not a network");
        }
        Module reference = LeNet.classic(10);
        Tensor sample = d2l.tensor.Torch.zeros(1, 1, 28, 28);
        ModuleStructure.assertSame("the trained LeNet", trained, GradMode.noGrad(() -> reference.forward(sample)).shape(), reference,
                sample);
        sameLayers(trained, ModuleView.of(reference, false));
        ModuleStructure.load(reference, trained);
        FashionMNIST data = data(run, batchSize, seed, limit);
        double[] validation = Trainer.evaluate(new Classifier("lenet", reference, lr), data);
        if (run.judging()) {
            writeLenetLog(run, history, validation, new RunInfo(run.settings().getOrDefault("run", "lenet"), "lenet", lr, batchSize,
                    seed, threads.intValue()));
        }
        return validation[1];
    }

    private static FashionMNIST data(CodedCheck.Run run, int batchSize, long seed, Integer limit) {
        FashionMNIST data = new FashionMNIST(batchSize).seed(seed);
        if (run.dataDir() != null) {
            data.dataDir(run.dataDir());
        }
        if (limit != null) {
            data.limit(limit);
        }
        return data;
    }

    /** Every layer of the trained network must print as the runtime's LeNet's does (kernel, padding, stride included). */
    private static void sameLayers(ModuleView trained, ModuleView reference) {
        List<ModuleView> ours = new ArrayList<>(trained.children().values());
        List<ModuleView> book = new ArrayList<>(reference.children().values());
        for (int i = 0; i < Math.min(ours.size(), book.size()); i++) {
            if (!ours.get(i).repr().equals(book.get(i).repr())) {
                throw new AssertionError("the trained LeNet's layer " + i + "\nexpected " + book.get(i).repr() + "\ngot      "
                        + ours.get(i).repr());
            }
        }
    }

    /**
     * The run's log, in the format of every training log of the project ({@link RunLog}): each
     * epoch as the submission's process reported it, except the last epoch's validation loss and
     * accuracy, which are the grader's own measurement of the trained parameters (the score's).
     */
    private static void writeLenetLog(CodedCheck.Run run, List<?> history, double[] validation, RunInfo info) throws IOException {
        if (!run.settings().containsKey("log")) {
            return;
        }
        Path file = Path.of(run.settings().get("log"));
        Files.deleteIfExists(file);
        try (RunLog log = RunLog.open(file, info)) {
            for (int i = 0; i < history.size(); i++) {
                double[] row = numbers(history.get(i), 6);
                boolean last = i == history.size() - 1;
                log.append(new EpochResult(i + 1, row[0], row[1], last ? validation[0] : row[2], last ? validation[1] : row[3], row[4],
                        row[5]));
            }
        }
    }

    /** The first {@code n} numbers of an observed list (NaN where it has none). */
    private static double[] numbers(Object observed, int n) {
        double[] row = new double[n];
        Arrays.fill(row, Double.NaN);
        if (observed instanceof List<?> list) {
            for (int i = 0; i < Math.min(n, list.size()); i++) {
                if (list.get(i) instanceof Number x) {
                    row[i] = x.doubleValue();
                }
            }
        }
        return row;
    }

    /**
     * ResNet-18 on one fixed batch for a few steps at the book's learning rate, in the sandbox; the
     * grader loads the parameters before and after into the runtime's ResNet-18 and computes both
     * losses itself: the last must be below half the first.
     */
    private static Object resnet(CodedCheck.Run run) throws IOException {
        int steps = run.integer("steps", 8);
        int batchSize = run.integer("batch_size", 16);
        double lr = run.number("lr", 0.01);
        long seed = run.integer("seed", 0);
        double ratio = run.number("ratio", 0.5);
        FashionMNIST data = new FashionMNIST(batchSize, run.integer("resize", 96)).seed(seed).limit(batchSize);
        if (run.dataDir() != null) {
            data.dataDir(run.dataDir());
        }
        FashionMNIST.Batch batch = data.trainBatches(1).iterator().next();
        Object observed = run.probe().observe("new ResNet18() trained for " + steps + " steps", c -> {
            manualSeed(seed);
            Module net = StructureChecks.module(c.construct("ResNet18"));
            Initializers.applyInit(net, batch.images(), Initializers::initCnn);
            ModuleView before = ModuleView.of(net, true);
            Classifier model = new Classifier("resnet18", net, lr);
            SGD optimizer = new SGD(net.parameters(), lr);
            for (int step = 1; step <= steps; step++) {
                Tensor loss = model.loss(model.forward(batch.images()), batch.labels());
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                run.progress().accept(String.format(Locale.ROOT, "step %d/%d  loss %.4f", step, steps, loss.item()));
            }
            return List.of(before, ModuleView.of(net, true));
        });
        if (!(observed instanceof List<?> parts) || parts.size() != 2 || !(parts.get(0) instanceof ModuleView before)
                || !(parts.get(1) instanceof ModuleView after)) {
            throw new AssertionError("training new ResNet18() gave " + observed + ", not a network");
        }
        Module reference = ResNet.resnet18(10);
        Tensor sample = batch.images();
        Tensor shape = GradMode.noGrad(() -> reference.forward(sample));
        ModuleStructure.assertSame("new ResNet18()", after, shape.shape(), reference, sample);
        double first = loss(reference, before, batch);
        double last = loss(reference, after, batch);
        if (run.judging()) {
            try (CSVPrinter log = log(run, "step", "loss")) {
                log.printRecord(0, first);
                log.printRecord(steps, last);
            }
        }
        if (!(last < ratio * first)) {
            throw new AssertionError(String.format(Locale.ROOT, "training ResNet18 on one batch of %d images for %d steps (lr %s)"
                    + " should bring the loss below %s of where it started; the grader measured %.4f before and %.4f after",
                    batchSize, steps, lr, ratio, first, last));
        }
        return null;
    }

    /** The loss of the observed parameters on the batch, in training mode as during the run, computed by the grader. */
    private static double loss(Module reference, ModuleView parameters, FashionMNIST.Batch batch) {
        ModuleStructure.load(reference, parameters);
        reference.train();
        Classifier model = new Classifier("resnet18", reference, 0);
        return GradMode.noGrad(() -> model.loss(model.forward(batch.images()), batch.labels()).item());
    }

    /** A record component (or other public no-argument method) of what the student's code returned. */
    private static Object component(Object o, String name) {
        if (o == null) {
            throw new AssertionError("expected a result with " + name + "(), got null");
        }
        return LoadedSection.invoke(o, name);
    }

    /** The check's CSV log in the judging run; null in the recording run, which writes nothing. */
    private static CSVPrinter log(CodedCheck.Run run, String... header) throws IOException {
        if (!run.judging() || !run.settings().containsKey("log")) {
            return null;
        }
        Path file = Path.of(run.settings().get("log"));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, CSV);
        printer.printRecord((Object[]) header);
        return printer;
    }

    /** Sends each epoch's line the trainer prints to the grader as progress (not the lines within an epoch). */
    private static final class LineSink extends OutputStream {

        private final CodedCheck.Run run;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LineSink(CodedCheck.Run run) {
            this.run = run;
        }

        @Override
        public void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                if (!text.contains("  batch ")) {
                    run.progress().accept(text);
                }
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
