package d2l.grader;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.tensor;

import d2l.data.FashionMNIST;
import d2l.kernels.Parallel;
import d2l.models.Initializers;
import d2l.nn.Module;
import d2l.optim.SGD;
import d2l.tensor.Tensor;
import d2l.train.Classifier;
import d2l.train.EpochResult;
import d2l.train.Progress;
import d2l.train.RunInfo;
import d2l.train.RunLog;
import d2l.train.Trainer;
import d2l.workbook.LoadedSection;
import d2l.workbook.Section;
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
     * initialisation, the reference ends within 0.088 at worst.
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
                Object fit = run.section().call("learnKernel", X, Y, null);
                if (!(component(fit, "losses") instanceof List<?> losses)) {
                    throw new AssertionError("KernelFit.losses() should be a List<Double>, got " + component(fit, "losses"));
                }
                if (!(component(fit, "kernel") instanceof Tensor learned)) {
                    throw new AssertionError("KernelFit.kernel() should be a Tensor, got " + component(fit, "kernel"));
                }
                Tensor kernel = learned.detach();
                for (int i = 0; i < losses.size(); i++) {
                    log.printRecord(seed, i + 1, losses.get(i), i == losses.size() - 1 ? kernel.toString() : "");
                }
                log.flush();
                if (losses.size() != 10) {
                    throw new AssertionError("learnKernel from seed " + seed + "'s default kernel recorded " + losses.size()
                            + " losses; the book trains exactly 10 epochs");
                }
                if (!Arrays.equals(kernel.shape().toArray(), new int[] {1, 2})) {
                    throw new AssertionError("the learned kernel\nexpected shape torch.Size([1, 2])\ngot            " + kernel.shape());
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

    /** The student's LeNet, initialised as the book does and trained with the book's settings; returns the last validation accuracy. */
    private static Object lenet(CodedCheck.Run run) throws IOException {
        int epochs = run.integer("epochs", 10);
        int batchSize = run.integer("batch_size", 128);
        double lr = run.number("lr", 0.1);
        long seed = run.integer("seed", 0);
        FashionMNIST data = new FashionMNIST(batchSize).seed(seed);
        if (run.settings().containsKey("limit")) {
            data.limit(run.integer("limit", Integer.MAX_VALUE));
        }
        manualSeed(seed);
        Module net = StructureChecks.module(run.section().construct("LeNet"));
        Initializers.applyInit(net, data.trainBatches(0).iterator().next().images(), Initializers::initCnn);
        Path file = Path.of(run.settings().get("log"));
        Files.deleteIfExists(file);
        RunInfo info = new RunInfo(run.settings().getOrDefault("run", "lenet"), "lenet", lr, batchSize, seed, Parallel.threads());
        List<EpochResult> results;
        try (RunLog log = RunLog.open(file, info); PrintStream lines = new PrintStream(new LineSink(run), true, StandardCharsets.UTF_8)) {
            results = new Trainer(epochs).log(log).progress(new Progress(lines, false)).fit(new Classifier("lenet", net, lr), data);
        }
        return results.get(results.size() - 1).valAcc();
    }

    /** ResNet-18 on one fixed batch for a few steps at the book's learning rate: the last loss must be below half the first. */
    private static Object resnet(CodedCheck.Run run) throws IOException {
        int steps = run.integer("steps", 8);
        int batchSize = run.integer("batch_size", 16);
        double lr = run.number("lr", 0.01);
        long seed = run.integer("seed", 0);
        double ratio = run.number("ratio", 0.5);
        FashionMNIST data = new FashionMNIST(batchSize, run.integer("resize", 96)).seed(seed).limit(batchSize);
        FashionMNIST.Batch batch = data.trainBatches(1).iterator().next();
        manualSeed(seed);
        Module net = StructureChecks.module(run.section().construct("ResNet18"));
        Initializers.applyInit(net, batch.images(), Initializers::initCnn);
        Classifier model = new Classifier("resnet18", net, lr);
        SGD optimizer = new SGD(net.parameters(), lr);
        List<Double> losses = new ArrayList<>();
        try (CSVPrinter log = log(run, "step", "loss")) {
            for (int step = 1; step <= steps; step++) {
                Tensor loss = model.loss(model.forward(batch.images()), batch.labels());
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                losses.add((double) loss.item());
                log.printRecord(step, loss.item());
                log.flush();
                run.progress().accept(String.format(Locale.ROOT, "step %d/%d  loss %.4f", step, steps, loss.item()));
            }
        }
        double first = losses.get(0);
        double last = losses.get(losses.size() - 1);
        if (!(last < ratio * first)) {
            throw new AssertionError(String.format(Locale.ROOT, "training ResNet18 on one batch of %d images for %d steps (lr %s)"
                    + " should bring the loss below %s of where it started; it went from %.4f to %.4f (losses %s)", batchSize,
                    steps, lr, ratio, first, last, losses.stream().map(l -> String.format(Locale.ROOT, "%.3f", l)).toList()));
        }
        return null;
    }

    /** A record component (or other public no-argument method) of what the student's code returned. */
    private static Object component(Object o, String name) {
        if (o == null) {
            throw new AssertionError("expected a result with " + name + "(), got null");
        }
        return LoadedSection.invoke(o, name);
    }

    private static CSVPrinter log(CodedCheck.Run run, String... header) throws IOException {
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
