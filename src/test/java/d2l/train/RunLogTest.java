package d2l.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogTest {

    private static final RunInfo RUN = new RunInfo("lenet-run", "lenet", 0.1, 128, 0, 2);

    @TempDir
    Path dir;

    @Test
    void writesTheDocumentedHeaderAndOneRowPerEpochWithUnixLineEnds() throws IOException {
        Path file = dir.resolve("runs/lenet.csv");
        try (RunLog log = RunLog.open(file, RUN)) {
            log.append(new EpochResult(1, 2.3091, 0.1002, 2.3046, 0.1, 9.04, 7226.3));
            log.append(new EpochResult(2, 1.5, 0.45, 1.2, 0.55, 9.5, 6800));
        }
        String text = Files.readString(file);
        assertThat(text).doesNotContain("\r");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("run,model,lr,batch_size,seed,threads,epoch,train_loss,train_acc,val_loss,"
                + "val_acc,seconds,images_per_sec");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("lenet-run,lenet,0.100000,128,0,2,1,2.30910,0.100200,2.30460,0.100000,9.040,7226.3");
    }

    @Test
    void eachEpochIsOnDiskAsSoonAsItIsAppended() throws IOException {
        Path file = dir.resolve("flush.csv");
        try (RunLog log = RunLog.open(file, RUN)) {
            log.append(new EpochResult(1, 2, 0.1, 2, 0.1, 1, 100));
            assertThat(Files.readAllLines(file)).hasSize(2);
        }
    }

    @Test
    void reopeningAppendsWithoutASecondHeaderAndKeepsEarlierRows() throws IOException {
        Path file = dir.resolve("resume.csv");
        try (RunLog log = RunLog.open(file, RUN)) {
            log.append(new EpochResult(1, 2, 0.1, 2, 0.1, 1, 100));
        }
        try (RunLog log = RunLog.open(file, RUN)) {
            log.append(new EpochResult(2, 1, 0.5, 1, 0.5, 1, 100));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.stream().filter(l -> l.startsWith("run,"))).hasSize(1);
    }

    @Test
    void refusesToAppendToAFileThatIsNotATrainingLog() throws IOException {
        Path file = dir.resolve("notes.csv");
        Files.writeString(file, "name,score\nada,10\n");
        assertThatThrownBy(() -> RunLog.open(file, RUN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("notes.csv")
                .hasMessageContaining("not a training log");
        assertThat(Files.readString(file)).isEqualTo("name,score\nada,10\n");
    }
}
