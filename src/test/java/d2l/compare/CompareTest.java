package d2l.compare;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole command: tables on standard output, one "d2l: skipped FILE: reason" line per bad file. */
class CompareTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int compare(List<Path> logs, Path plot) throws IOException {
        return Compare.run(logs, plot, "val_acc", new PrintWriter(out), new PrintWriter(err));
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @Test
    void everyBadFileIsNamedWithItsReasonAndTheGoodOnesAreStillCompared() throws IOException {
        Path lenet = Logs.write(dir, "lenet.csv", Logs.run("lenet-run", "lenet", 0.1, 128, 0, 0.1, 0.72));
        Path modern = Logs.write(dir, "modern.csv", Logs.run("modern-run", "lenet-modern", 0.1, 128, 0, 0.83, 0.88));
        Path notALog = Logs.text(dir, "notes.csv", "name,score\nada,10\n");
        Path missing = Logs.text(dir, "old.csv", Logs.HEADER.replace(",images_per_sec", "") + "\n");
        Path empty = Logs.text(dir, "empty.csv", "");
        Path duplicate = Logs.write(dir, "copy.csv", Logs.run("lenet-run", "lenet", 0.1, 128, 0, 0.1, 0.72));

        int code = compare(List.of(lenet, notALog, missing, modern, empty, duplicate), null);

        assertThat(code).isZero();
        assertThat(errLines()).containsExactly(
                "d2l: skipped " + notALog + ": not a training log of d2l train (its first line is \"name,score\", "
                        + "a log's is \"run,model,lr,batch_size,...\")",
                "d2l: skipped " + missing + ": missing column images_per_sec",
                "d2l: skipped " + empty + ": empty file",
                "d2l: skipped " + duplicate + ": run lenet-run is also in " + lenet + ", compared from there");
        assertThat(out.toString()).isEqualTo("""
                model          lr   bs  epochs  last_acc  best_acc  at  train_loss  ep>=0.7  ep>=0.8  s/epoch  img/s
                lenet-modern  0.1  128       2    0.8800    0.8800   2      0.5000        1        1    3.000   1000
                lenet         0.1  128       2    0.7200    0.7200   2      0.5000        2        -    3.000   1000
                """);
    }

    @Test
    void noRunLeftIsExitCodeOne() throws IOException {
        Path empty = Logs.text(dir, "empty.csv", "");
        assertThat(compare(List.of(empty, dir.resolve("absent.csv")), null)).isEqualTo(1);
        assertThat(errLines()).containsExactly("d2l: skipped " + empty + ": empty file",
                "d2l: skipped " + dir.resolve("absent.csv") + ": no such file", "d2l: no runs to compare");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aClassOfLogsGetsTheDistributionAndAPlotOfTheBestTen() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            logs.add(Logs.write(dir, "student" + i + ".csv", Logs.run("student" + i, "lenet", 0.1, 128, 0, 0.40 + 0.04 * i)));
        }
        Path plot = dir.resolve("class.png");
        assertThat(compare(logs, plot)).isZero();
        assertThat(out.toString()).contains("""

                best val_acc of the runs of each model with more than 10 runs:
                model  runs     min      q1  median      q3     max
                lenet    12  0.4000  0.5100  0.6200  0.7300  0.8400
                """);
        assertThat(out.toString().lines().filter(l -> l.startsWith("lenet  0.1"))).hasSize(12);
        assertThat(errLines()).containsExactly(
                "d2l: 12 runs: the plot shows the 10 with the best val_acc in colour, the other 2 in grey",
                "plot: " + plot);
        assertThat(Files.readAllBytes(plot)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void theCommandLineHasACompareCommand() throws IOException {
        Path lenet = Logs.write(dir, "lenet.csv", Logs.run("lenet-run", "lenet", 0.1, 128, 0, 0.1, 0.72));
        Path plot = dir.resolve("compare.png");
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int code;
        int badMetric;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            code = Main.run("compare", lenet.toString(), "--plot", plot.toString(), "--metric", "train_loss");
            badMetric = Main.run("compare", lenet.toString(), "--metric", "loss");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertThat(code).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8)).startsWith("model   lr   bs  epochs");
        assertThat(Files.exists(plot)).isTrue();
        assertThat(badMetric).isEqualTo(1);
        assertThat(capturedErr.toString(StandardCharsets.UTF_8)).contains(
                "d2l: --metric must be one of val_acc, val_loss, train_acc, train_loss, seconds, images_per_sec, not loss");
    }
}
