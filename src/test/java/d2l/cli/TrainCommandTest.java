package d2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.nn.SafeTensors;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code d2l train --save} and {@code --resume} on 128 Fashion-MNIST images (skipped when D2L_DATA is
 * not set): a run stopped after epoch 1 and resumed ends with the same weights and the same log rows
 * as one that ran both epochs.
 */
class TrainCommandTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTheData() {
        Assumptions.assumeTrue(System.getenv("D2L_DATA") != null, "set D2L_DATA to the Fashion-MNIST directory");
    }

    private String train(int expectedExit, String... args) {
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        assertThat(Main.run(new PrintWriter(err, true), all)).as(err.toString()).isEqualTo(expectedExit);
        return err.toString();
    }

    private String[] run(String name, int epochs) {
        return new String[] {"lenet-modern", "--epochs", String.valueOf(epochs), "--limit", "128", "--batch-size", "64",
            "--momentum", "0.9", "--seed", "3", "--save", dir.resolve(name + ".safetensors").toString(),
            "--log", dir.resolve(name + ".csv").toString(), "--plot", dir.resolve(name + ".png").toString()};
    }

    /** The log's rows from the epoch column on (the run names hold the start time). */
    private List<String> epochs(String name) throws IOException {
        return Files.readAllLines(dir.resolve(name + ".csv")).stream().skip(1)
                .map(line -> String.join(",", List.of(line.split(",")).subList(6, 11))).toList();
    }

    @Test
    void aResumedRunEndsWhereAnUninterruptedOneDoes() throws IOException {
        train(0, run("straight", 2));
        train(0, run("stopped", 1));

        train(0, "lenet-modern", "--epochs", "2", "--resume", dir.resolve("stopped.safetensors").toString(),
                "--plot", dir.resolve("resumed.png").toString());

        assertThat(epochs("stopped")).as("the resumed epoch is appended to the same log").hasSize(2)
                .containsExactlyElementsOf(epochs("straight"));
        assertThat(Files.readAllLines(dir.resolve("stopped.csv")).stream().skip(1).map(l -> l.split(",")[0]).distinct())
                .as("one run name").hasSize(1);
        SafeTensors.Contents straight = SafeTensors.load(dir.resolve("straight.safetensors"));
        SafeTensors.Contents resumed = SafeTensors.load(dir.resolve("stopped.safetensors"));
        assertThat(resumed.metadata()).containsEntry("epoch", "2").containsEntry("momentum", "0.9");
        for (Map.Entry<String, Tensor> e : straight.tensors().entrySet()) {
            assertThat(resumed.tensors().get(e.getKey()).toArray()).as(e.getKey()).containsExactly(e.getValue().toArray());
        }
    }

    @Test
    void aCheckpointResumesOnlyItsOwnModelAndOnlyForward() throws IOException {
        train(0, run("one", 1));
        String checkpoint = dir.resolve("one.safetensors").toString();

        assertThat(train(1, "lenet", "--epochs", "2", "--resume", checkpoint)).contains(
                "is a checkpoint of lenet-modern, not of lenet; resume it with ./d2l train lenet-modern --resume");
        assertThat(train(1, "lenet-modern", "--epochs", "1", "--resume", checkpoint)).contains(
                "has finished epoch 1 already; pass --epochs N with N > 1");
        Path bare = dir.resolve("bare.safetensors");
        SafeTensors.save(Map.of("w", Torch.ones(1)), Map.of(), bare);
        assertThat(train(1, "lenet-modern", "--resume", bare.toString()))
                .contains("bare.safetensors was not written by d2l train --save (its metadata has no model and epoch)");
    }
}
