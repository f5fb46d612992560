package d2l.train;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.data.FashionMNIST;
import d2l.kernels.Parallel;
import d2l.models.Initializers;
import d2l.models.LeNet;
import d2l.nn.Module;
import d2l.tensor.Torch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short training runs on a slice of the real Fashion-MNIST (skipped when D2L_DATA is not set). */
class TrainerTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTheData() {
        Assumptions.assumeTrue(System.getenv("D2L_DATA") != null, "set D2L_DATA to the Fashion-MNIST directory");
    }

    private static List<EpochResult> train(long seed, int epochs, Progress progress, RunLog log) {
        FashionMNIST data = new FashionMNIST(64).limit(2048).seed(seed);
        Torch.manualSeed(seed);
        Module net = LeNet.modern(10);
        Initializers.applyInit(net, data.trainBatches(0).iterator().next().images(), Initializers::initCnn);
        Trainer trainer = new Trainer(epochs).progress(progress);
        if (log != null) {
            trainer.log(log);
        }
        return trainer.fit(new Classifier("lenet-modern", net, 0.1), data);
    }

    private static Progress quiet() {
        return new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    }

    @Test
    void aShortRunOfModernLeNetLearnsSomething() {
        List<EpochResult> epochs = train(0, 3, quiet(), null);
        assertThat(epochs).hasSize(3);
        assertThat(epochs.get(2).valAcc()).isGreaterThan(0.5);
        assertThat(epochs.get(2).trainLoss()).isLessThan(epochs.get(0).trainLoss());
    }

    @Test
    void theSameSeedGivesTheSameRunForAnyNumberOfThreads() {
        int original = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<EpochResult> one = train(7, 1, quiet(), null);
            Parallel.setThreads(3);
            List<EpochResult> three = train(7, 1, quiet(), null);
            assertThat(three.get(0).trainLoss()).isEqualTo(one.get(0).trainLoss());
            assertThat(three.get(0).valLoss()).isEqualTo(one.get(0).valLoss());
            assertThat(three.get(0).valAcc()).isEqualTo(one.get(0).valAcc());
        } finally {
            Parallel.setThreads(original);
        }
    }

    @Test
    void everyEpochLandsInTheLogAndProgressIsPlainLinesWhenNotATerminal() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path file = dir.resolve("run.csv");
        try (RunLog log = RunLog.open(file, new RunInfo("t", "lenet-modern", 0.1, 64, 1, Parallel.threads()))) {
            train(1, 2, new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8), false), log);
        }
        assertThat(Files.readAllLines(file)).hasSize(3);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r").contains("epoch 1/2  batch 32/32").contains("epoch 2/2  train_loss");
    }

    private static FashionMNIST tenBatches() {
        return new FashionMNIST(64).limit(640).seed(3);
    }

    /** The modern LeNet, initialised from seed 3 on the first batch of {@code data}. */
    private static Classifier modernLeNet(FashionMNIST data) {
        Torch.manualSeed(3);
        Module net = LeNet.modern(10);
        Initializers.applyInit(net, data.trainBatches(0).iterator().next().images(), Initializers::initCnn);
        return new Classifier("lenet-modern", net, 0.1);
    }

    @Test
    void aTraceHasARowPerBatchOfEveryEpoch() throws IOException {
        FashionMNIST data = tenBatches();
        Path csv = dir.resolve("trace.csv");

        try (BatchTrace trace = BatchTrace.open(csv)) {
            new Trainer(2).progress(quiet()).trace(trace).fit(modernLeNet(data), data);
        }

        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(1 + 2 * 10).startsWith("epoch,batch,ms,jvm_seconds");
        assertThat(lines.get(1)).startsWith("1,1,");
        assertThat(lines.get(20)).startsWith("2,10,");
        assertThat(Double.parseDouble(lines.get(20).split(",")[2])).isPositive();
        assertThat(Double.parseDouble(lines.get(20).split(",")[3])).isGreaterThan(Double.parseDouble(lines.get(1).split(",")[3]));
    }

    /** The plot is drawn while training runs, the training loss ten times an epoch, so a long run shows its curve. */
    @Test
    void aRunWithAPlotDrawsItAsItGoes() throws IOException {
        FashionMNIST data = tenBatches();
        Path png = dir.resolve("run.png");

        new Trainer(1).progress(quiet()).plot("test", png).fit(modernLeNet(data), data);

        assertThat(new String(Files.readAllBytes(png), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void thePlotIsAPng() throws IOException {
        Path png = dir.resolve("curves.png");
        TrainingPlot.save("test", List.of(new EpochResult(1, 2, 0.1, 2, 0.1, 1, 1), new EpochResult(2, 1, 0.6, 1.1, 0.6, 1, 1)), png);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(1000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
}
