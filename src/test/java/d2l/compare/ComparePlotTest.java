package d2l.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparePlotTest {

    @TempDir
    Path dir;

    private RunLogs.Loaded runs(int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.addAll(Logs.run("run" + i, i % 2 == 0 ? "lenet" : "lenet-modern", 0.1 * (i + 1), 128, 0,
                    0.1, 0.3 + 0.01 * i, 0.5 + 0.02 * i));
        }
        return RunLogs.read(List.of(Logs.write(dir, "runs.csv", lines)));
    }

    private static Optional<String> plot(RunLogs.Loaded loaded, String metric, Path file) throws IOException {
        return ComparePlot.save(loaded.epochs(), RunSummary.perRun(loaded.epochs()), metric, file);
    }

    @Test
    void writesAPngToTheFileNamedEvenWithoutPngInTheName() throws IOException {
        Path file = dir.resolve("plots/compare");
        Optional<String> note = plot(runs(3), "val_acc", file);
        assertThat(note).isEmpty();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(560);
        assertThat(Files.exists(dir.resolve("plots/compare.png"))).isFalse();
    }

    @Test
    void tenRunsAreAllInColourWithoutANote() throws IOException {
        assertThat(plot(runs(10), "val_acc", dir.resolve("ten.png"))).isEmpty();
    }

    @Test
    void moreThanTenRunsDrawTheBestTenInColourAndSaySo() throws IOException {
        Path file = dir.resolve("class.png");
        assertThat(plot(runs(25), "val_acc", file))
                .contains("25 runs: the plot shows the 10 with the best val_acc in colour, the other 15 in grey");
        assertThat(ImageIO.read(file.toFile())).isNotNull();
    }

    @Test
    void anyLoggedMetricCanBePlottedEvenWithADivergedRun() throws IOException {
        List<String> lines = Logs.run("diverged", "lenet", 10, 128, 0, 0.1, 0.1, 0.1);
        lines.set(1, lines.get(1).replace(",2,0.5,", ",2,NaN,"));
        lines.set(2, lines.get(2).replaceFirst(",3,0\\.3+[0-9]*,", ",3,Infinity,"));
        RunLogs.Loaded loaded = RunLogs.read(List.of(Logs.write(dir, "diverged.csv", lines)));
        assertThat(loaded.skipped()).isEmpty();
        for (String metric : ComparePlot.METRICS) {
            Path file = dir.resolve(metric + ".png");
            plot(loaded, metric, file);
            assertThat(ImageIO.read(file.toFile())).as(metric).isNotNull();
        }
    }

    @Test
    void anUnknownMetricIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> plot(runs(2), "accuracy", dir.resolve("x.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--metric must be one of val_acc, val_loss, train_acc, train_loss, seconds, images_per_sec, "
                        + "not accuracy");
    }
}
