package d2l.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

class RunSummaryTest {

    @TempDir
    Path dir;

    /** Two hand-made runs in one file, epochs of the first out of order. */
    private Table twoRuns() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Logs.row("sigmoid", "lenet", 0.1, 128, 3, 0.8, 0.70, 0.75, 0.75, 3.0, 3000));
        lines.add(Logs.row("sigmoid", "lenet", 0.1, 128, 1, 2.0, 0.10, 2.10, 0.10, 4.0, 1000));
        lines.add(Logs.row("sigmoid", "lenet", 0.1, 128, 4, 0.6, 0.74, 0.70, 0.72, 2.0, 2000));
        lines.add(Logs.row("sigmoid", "lenet", 0.1, 128, 2, 1.0, 0.55, 1.00, 0.65, 3.0, 2000));
        lines.add(Logs.row("relu", "lenet-modern", 0.05, 256, 1, 0.5, 0.80, 0.45, 0.82, 5.0, 12000));
        lines.add(Logs.row("relu", "lenet-modern", 0.05, 256, 2, 0.4, 0.85, 0.40, 0.85, 4.0, 15000));
        lines.add(Logs.row("relu", "lenet-modern", 0.05, 256, 3, 0.3, 0.88, 0.41, 0.85, 4.5, 13500));
        RunLogs.Loaded loaded = RunLogs.read(List.of(Logs.write(dir, "two.csv", lines)));
        assertThat(loaded.skipped()).isEmpty();
        return loaded.epochs();
    }

    @Test
    void summarisesEachRunAndSortsByBestValidationAccuracy() throws IOException {
        Table runs = RunSummary.perRun(twoRuns());
        assertThat(runs.stringColumn("run").asList()).containsExactly("relu", "sigmoid");

        Row relu = runs.row(0);
        assertThat(relu.getString("model")).isEqualTo("lenet-modern");
        assertThat(relu.getDouble("lr")).isEqualTo(0.05);
        assertThat(relu.getInt("batch_size")).isEqualTo(256);
        assertThat(relu.getInt("epochs")).isEqualTo(3);
        assertThat(relu.getDouble("final_val_acc")).isEqualTo(0.85);
        assertThat(relu.getDouble("best_val_acc")).isEqualTo(0.85);
        assertThat(relu.getInt("best_epoch")).as("the first epoch of a tie").isEqualTo(2);
        assertThat(relu.getDouble("final_train_loss")).isEqualTo(0.3);
        assertThat(relu.getInt("first_epoch_0.7")).isEqualTo(1);
        assertThat(relu.getInt("first_epoch_0.8")).isEqualTo(1);
        assertThat(relu.getDouble("seconds_per_epoch")).isCloseTo(4.5, within(1e-12));
        assertThat(relu.getDouble("images_per_sec")).isCloseTo(13500, within(1e-9));

        Row sigmoid = runs.row(1);
        assertThat(sigmoid.getInt("epochs")).isEqualTo(4);
        assertThat(sigmoid.getDouble("final_val_acc")).as("the last epoch, not the last line").isEqualTo(0.72);
        assertThat(sigmoid.getDouble("best_val_acc")).isEqualTo(0.75);
        assertThat(sigmoid.getInt("best_epoch")).isEqualTo(3);
        assertThat(sigmoid.getDouble("final_train_loss")).isEqualTo(0.6);
        assertThat(sigmoid.getInt("first_epoch_0.7")).isEqualTo(3);
        assertThat(sigmoid.isMissing("first_epoch_0.8")).as("never reached").isTrue();
        assertThat(sigmoid.getDouble("seconds_per_epoch")).isCloseTo(3.0, within(1e-12));
        assertThat(sigmoid.getDouble("images_per_sec")).isCloseTo(2000, within(1e-9));
    }

    @Test
    void printsAnAlignedTableWithADashForAnAccuracyNeverReached() throws IOException {
        assertThat(RunSummary.formatRuns(RunSummary.perRun(twoRuns()))).isEqualTo("""
                model           lr   bs  epochs  last_acc  best_acc  at  train_loss  ep>=0.7  ep>=0.8  s/epoch  img/s
                lenet-modern  0.05  256       3    0.8500    0.8500   2      0.3000        1        1    4.500  13500
                lenet          0.1  128       4    0.7200    0.7500   3      0.6000        3        -    3.000   2000
                """);
    }

    @Test
    void runsWithTheSameSettingsAreToldApartByRunName() throws IOException {
        List<String> lines = new ArrayList<>(Logs.run("seed0", "lenet", 0.1, 128, 0, 0.5));
        lines.addAll(Logs.run("seed1", "lenet", 0.1, 128, 1, 0.6));
        Table runs = RunSummary.perRun(RunLogs.read(List.of(Logs.write(dir, "seeds.csv", lines))).epochs());
        assertThat(RunSummary.formatRuns(runs)).isEqualTo("""
                model   lr   bs  epochs  last_acc  best_acc  at  train_loss  ep>=0.7  ep>=0.8  s/epoch  img/s  run
                lenet  0.1  128       1    0.6000    0.6000   1      1.0000        -        -    3.000   1000  seed1
                lenet  0.1  128       1    0.5000    0.5000   1      1.0000        -        -    3.000   1000  seed0
                """);
        assertThat(RunSummary.labels(runs)).containsEntry("seed0", "lenet lr=0.1 bs=128 seed=0")
                .containsEntry("seed1", "lenet lr=0.1 bs=128 seed=1");
    }

    @Test
    void labelsAreModelLearningRateAndBatchSizeOrTheRunNameWhenThatIsAllThatDiffers() throws IOException {
        List<String> lines = new ArrayList<>(Logs.run("mine", "lenet", 0.1, 128, 0, 0.5));
        lines.addAll(Logs.run("yours", "lenet", 0.1, 128, 0, 0.6));
        lines.addAll(Logs.run("modern", "lenet-modern", 0.3, 64, 0, 0.8));
        Table runs = RunSummary.perRun(RunLogs.read(List.of(Logs.write(dir, "labels.csv", lines))).epochs());
        assertThat(RunSummary.labels(runs)).containsEntry("mine", "mine").containsEntry("yours", "yours")
                .containsEntry("modern", "lenet-modern lr=0.3 bs=64");
    }

    @Test
    void aDivergedRunShowsItsLossAsNaN() throws IOException {
        List<String> lines = Logs.run("diverged", "lenet", 10, 128, 0, 0.1, 0.1);
        lines.set(1, lines.get(1).replace(",2,0.5,", ",2,NaN,"));
        Table runs = RunSummary.perRun(RunLogs.read(List.of(Logs.write(dir, "diverged.csv", lines))).epochs());
        assertThat(runs.row(0).getDouble("final_train_loss")).isNaN();
        assertThat(RunSummary.formatRuns(runs)).isEqualTo("""
                model  lr   bs  epochs  last_acc  best_acc  at  train_loss  ep>=0.7  ep>=0.8  s/epoch  img/s
                lenet  10  128       2    0.1000    0.1000   1         NaN        -        -    3.000   1000
                """);
    }

    @Test
    void quartilesInterpolateLinearlyAsNumpyDoes() {
        double[] sorted = {1, 2, 3, 4};
        assertThat(RunSummary.quantile(sorted, 0.25)).isEqualTo(1.75);
        assertThat(RunSummary.quantile(sorted, 0.5)).isEqualTo(2.5);
        assertThat(RunSummary.quantile(sorted, 0.75)).isEqualTo(3.25);
        assertThat(RunSummary.quantile(new double[] {7}, 0.25)).isEqualTo(7);
    }

    /** A roster: {@code count} runs of {@code model} with best accuracies 0.40, 0.44, 0.48, ... */
    private static List<String> roster(String model, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.addAll(Logs.run(model + "-student" + i, model, 0.1, 128, 0, 0.1, 0.40 + 0.04 * i));
        }
        return lines;
    }

    @Test
    void aModelWithManyRunsGetsTheSpreadOfItsBestAccuracies() throws IOException {
        List<String> lines = roster("lenet", 12);
        lines.addAll(roster("lenet-modern", 3));
        Table runs = RunSummary.perRun(RunLogs.read(List.of(Logs.write(dir, "class.csv", lines))).epochs());
        Table spread = RunSummary.distribution(runs);
        assertThat(spread.rowCount()).as("only models with more than 10 runs").isEqualTo(1);
        Row lenet = spread.row(0);
        assertThat(lenet.getString("model")).isEqualTo("lenet");
        assertThat(lenet.getInt("runs")).isEqualTo(12);
        assertThat(lenet.getDouble("min")).isCloseTo(0.40, within(1e-12));
        assertThat(lenet.getDouble("q1")).isCloseTo(0.51, within(1e-12));
        assertThat(lenet.getDouble("median")).isCloseTo(0.62, within(1e-12));
        assertThat(lenet.getDouble("q3")).isCloseTo(0.73, within(1e-12));
        assertThat(lenet.getDouble("max")).isCloseTo(0.84, within(1e-12));
        assertThat(RunSummary.formatDistribution(spread)).isEqualTo("""
                best val_acc of the runs of each model with more than 10 runs:
                model  runs     min      q1  median      q3     max
                lenet    12  0.4000  0.5100  0.6200  0.7300  0.8400
                """);
    }

    @Test
    void tenRunsOfAModelAreNotYetADistribution() throws IOException {
        Table runs = RunSummary.perRun(RunLogs.read(List.of(Logs.write(dir, "ten.csv", roster("lenet", 10)))).epochs());
        assertThat(RunSummary.distribution(runs).isEmpty()).isTrue();
    }
}
