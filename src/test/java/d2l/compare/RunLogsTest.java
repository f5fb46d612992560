package d2l.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import d2l.data.Fifo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class RunLogsTest {

    @TempDir
    Path dir;

    private Path good() throws IOException {
        return Logs.write(dir, "good.csv", Logs.run("good-run", "lenet", 0.1, 128, 0, 0.5, 0.6));
    }

    /** Reads {@code bad} after a good log and checks that exactly {@code bad} was skipped, with {@code reason}. */
    private void skippedWithReason(Path bad, String reason) throws IOException {
        Path good = good();
        RunLogs.Loaded loaded = RunLogs.read(List.of(bad, good));
        assertThat(loaded.skipped()).containsExactly(new RunLogs.Skipped(bad, reason));
        assertThat(loaded.skipped().get(0).toString()).isEqualTo("skipped " + bad + ": " + reason);
        assertThat(loaded.runCount()).isEqualTo(1);
        assertThat(loaded.epochs().stringColumn("run").unique().asList()).containsExactly("good-run");
    }

    @Test
    void readsEveryEpochWithItsTypesAndFile() throws IOException {
        Path file = Logs.write(dir, "a.csv", List.of(
                Logs.row("r1", "lenet", 0.1, 128, 1, 2.30913, 0.1002, 2.30462, 0.1, 4.645, 13561.4),
                Logs.row("r1", "lenet", 0.1, 128, 2, 2.30344, 0.105783, 2.29747, 0.1, 3.894, 16246.7)));
        RunLogs.Loaded loaded = RunLogs.read(List.of(file));
        Table epochs = loaded.epochs();
        assertThat(loaded.skipped()).isEmpty();
        assertThat(epochs.columnNames()).isEqualTo(RunLogs.COLUMNS);
        assertThat(epochs.rowCount()).isEqualTo(2);
        assertThat(epochs.doubleColumn("lr").get(0)).isEqualTo(0.1);
        assertThat(epochs.intColumn("batch_size").get(1)).isEqualTo(128);
        assertThat(epochs.intColumn("epoch").asList()).containsExactly(1, 2);
        assertThat(epochs.doubleColumn("seconds").get(1)).isEqualTo(3.894);
        assertThat(epochs.doubleColumn("images_per_sec").get(0)).isEqualTo(13561.4);
        assertThat(epochs.stringColumn("file").get(0)).isEqualTo(file.toString());
    }

    @Test
    void aFileCanHoldSeveralRuns() throws IOException {
        List<String> lines = new java.util.ArrayList<>(Logs.run("first", "lenet", 0.1, 128, 0, 0.3, 0.4));
        lines.addAll(Logs.run("second", "lenet-modern", 0.1, 128, 0, 0.8, 0.85, 0.86));
        RunLogs.Loaded loaded = RunLogs.read(List.of(Logs.write(dir, "both.csv", lines)));
        assertThat(loaded.skipped()).isEmpty();
        assertThat(loaded.runCount()).isEqualTo(2);
        assertThat(loaded.epochs().rowCount()).isEqualTo(5);
    }

    @Test
    void aFileThatIsNotOneOfOurLogsIsSkipped() throws IOException {
        skippedWithReason(Logs.text(dir, "notes.csv", "name,score\nada,10\n"),
                "not a training log of d2l train (its first line is \"name,score\", a log's is "
                        + "\"run,model,lr,batch_size,...\")");
    }

    @Test
    void aBinaryFileIsSkipped() throws IOException {
        Path png = dir.resolve("curves.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
        skippedWithReason(png, "not a training log of d2l train (a binary file, not CSV text)");
    }

    @Test
    void aMissingColumnIsNamed() throws IOException {
        String header = Logs.HEADER.replace(",val_acc", "");
        skippedWithReason(Logs.text(dir, "old.csv", header + "\nr,lenet,0.1,128,0,2,1,2.3,0.1,2.3,4.6,13561.4\n"),
                "missing column val_acc");
    }

    @Test
    void severalMissingColumnsAreNamed() throws IOException {
        String header = Logs.HEADER.replace(",seconds,images_per_sec", "");
        skippedWithReason(Logs.text(dir, "older.csv", header + "\nr,lenet,0.1,128,0,2,1,2.3,0.1,2.3,0.1\n"),
                "missing columns seconds, images_per_sec");
    }

    @Test
    void anEmptyFileIsSkipped() throws IOException {
        skippedWithReason(Logs.text(dir, "empty.csv", ""), "empty file");
    }

    @Test
    void aFileOfBlankLinesIsEmpty() throws IOException {
        skippedWithReason(Logs.text(dir, "blank.csv", "\n  \n"), "empty file");
    }

    @Test
    void aLogWithOnlyTheHeaderHasNoEpochs() throws IOException {
        skippedWithReason(Logs.text(dir, "started.csv", Logs.HEADER + "\n"), "no epochs, only the header");
    }

    @Test
    void aMissingFileIsSkipped() throws IOException {
        skippedWithReason(dir.resolve("nowhere.csv"), "no such file");
    }

    @Test
    @Timeout(10)
    void aFifoIsSkippedWithoutWaitingForAWriter() throws IOException {
        skippedWithReason(Fifo.make(dir, "pipe.csv"),
                "not a regular file (a FIFO, socket or device, which could block or never end); "
                        + "give the CSV log d2l train wrote");
    }

    @Test
    @Timeout(10)
    void aDeviceIsSkippedRatherThanReadForever() throws IOException {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        skippedWithReason(zero, "not a regular file (a FIFO, socket or device, which could block or never end); "
                + "give the CSV log d2l train wrote");
    }

    @Test
    void aFileTooLargeForALogIsSkippedUnread() throws IOException {
        Path huge = dir.resolve("huge.csv");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(RunLogs.MAX_LOG_BYTES + 1);
        }
        skippedWithReason(huge, "not a training log of d2l train (67108865 bytes; a log has a line per epoch, "
                + "and more than 67108864 bytes are not read)");
    }

    @Test
    void aValueThatIsNotANumberIsNamedWithItsLine() throws IOException {
        List<String> lines = Logs.run("r", "lenet", 0.1, 128, 0, 0.5, 0.6);
        lines.set(1, lines.get(1).replace(",0.6,", ",n/a,"));
        skippedWithReason(Logs.write(dir, "typo.csv", lines), "line 3: val_acc is \"n/a\", not a number");
    }

    @Test
    void anAccuracyInPercentIsRefused() throws IOException {
        List<String> lines = Logs.run("r", "lenet", 0.1, 128, 0, 0.5, 0.6);
        lines.set(0, lines.get(0).replace(",0.5,", ",50.0,"));
        skippedWithReason(Logs.write(dir, "percent.csv", lines), "line 2: val_acc is 50.0, not between 0 and 1");
    }

    @Test
    void aLineWithTooFewFieldsIsNamed() throws IOException {
        List<String> lines = Logs.run("r", "lenet", 0.1, 128, 0, 0.5, 0.6);
        lines.set(1, "r,lenet,0.1");
        skippedWithReason(Logs.write(dir, "cut.csv", lines), "line 3 has 3 fields, the header 13");
    }

    @Test
    void aRunThatChangesModelIsRefused() throws IOException {
        List<String> lines = Logs.run("r", "lenet", 0.1, 128, 0, 0.5, 0.6);
        lines.set(1, lines.get(1).replace(",lenet,", ",lenet-modern,"));
        skippedWithReason(Logs.write(dir, "mixed.csv", lines),
                "line 3: run r has model lenet-modern, but lenet on line 2");
    }

    @Test
    void anEpochLoggedTwiceInARunIsRefused() throws IOException {
        List<String> lines = Logs.run("r", "lenet", 0.1, 128, 0, 0.5, 0.6);
        lines.add(lines.get(0));
        skippedWithReason(Logs.write(dir, "twice.csv", lines), "line 4: run r has epoch 1 twice (also on line 2)");
    }

    @Test
    void aRunAlreadyReadFromAnotherFileIsSkippedNamingBothFiles() throws IOException {
        Path first = Logs.write(dir, "lenet-10.csv", Logs.run("same", "lenet", 0.1, 128, 0, 0.5, 0.6));
        Path copy = Logs.write(dir, "lenet.csv", Logs.run("same", "lenet", 0.1, 128, 0, 0.5, 0.6));
        Path other = Logs.write(dir, "modern.csv", Logs.run("modern", "lenet-modern", 0.1, 128, 0, 0.8, 0.9));
        RunLogs.Loaded loaded = RunLogs.read(List.of(first, copy, other));
        assertThat(loaded.skipped()).containsExactly(new RunLogs.Skipped(copy,
                "run same is also in " + first + ", compared from there"));
        assertThat(loaded.runCount()).isEqualTo(2);
        assertThat(loaded.epochs().rowCount()).isEqualTo(4);
        assertThat(loaded.epochs().where(loaded.epochs().stringColumn("run").isEqualTo("same"))
                .stringColumn("file").unique().asList()).containsExactly(first.toString());
    }

    @Test
    void theOtherRunsOfAFileWithADuplicateRunAreStillRead() throws IOException {
        Path first = Logs.write(dir, "a.csv", Logs.run("same", "lenet", 0.1, 128, 0, 0.5));
        List<String> lines = new java.util.ArrayList<>(Logs.run("same", "lenet", 0.1, 128, 0, 0.5));
        lines.addAll(Logs.run("new", "lenet", 0.05, 128, 0, 0.4));
        Path second = Logs.write(dir, "b.csv", lines);
        RunLogs.Loaded loaded = RunLogs.read(List.of(first, second));
        assertThat(loaded.skipped()).containsExactly(new RunLogs.Skipped(second,
                "run same is also in " + first + ", compared from there; this file's other runs are compared"));
        assertThat(loaded.epochs().stringColumn("run").asList()).containsExactly("same", "new");
    }

    @Test
    void theSameFileNamedTwiceIsReadOnce() throws IOException {
        Path file = good();
        Path sameFile = dir.resolve(".").resolve("good.csv");
        RunLogs.Loaded loaded = RunLogs.read(List.of(file, sameFile));
        assertThat(loaded.skipped()).containsExactly(new RunLogs.Skipped(sameFile, "already read (named twice)"));
        assertThat(loaded.epochs().rowCount()).isEqualTo(2);
    }

    @Test
    void aDirectoryStandsForItsCsvFiles() throws IOException {
        Path roster = dir.resolve("roster");
        Logs.write(roster, "bob.csv", Logs.run("bob", "lenet", 0.1, 128, 0, 0.5));
        Logs.write(roster, "ada.csv", Logs.run("ada", "lenet", 0.1, 128, 0, 0.6));
        Logs.text(roster, "README.txt", "not a log");
        RunLogs.Loaded loaded = RunLogs.read(List.of(roster));
        assertThat(loaded.skipped()).isEmpty();
        assertThat(loaded.epochs().stringColumn("run").asList()).containsExactly("ada", "bob");
    }

    @Test
    void toleratesAByteOrderMarkWindowsLineEndsExtraColumnsAndConcatenatedHeaders() throws IOException {
        String header = Logs.HEADER + ",note";
        String a = Logs.run("a", "lenet", 0.1, 128, 0, 0.5).get(0) + ",hi";
        String b = Logs.run("b", "lenet", 0.1, 128, 0, 0.6).get(0) + ",there";
        Path file = Logs.text(dir, "edited.csv", "\uFEFF" + header + "\r\n" + a + "\r\n" + header + "\r\n" + b + "\r\n");
        RunLogs.Loaded loaded = RunLogs.read(List.of(file));
        assertThat(loaded.skipped()).isEmpty();
        assertThat(loaded.epochs().stringColumn("run").asList()).containsExactly("a", "b");
    }

    @Test
    void aDivergedRunWithNanLossIsStillALog() throws IOException {
        List<String> lines = Logs.run("r", "lenet", 10, 128, 0, 0.1, 0.1);
        lines.set(1, lines.get(1).replace(",2,0.5,", ",2,NaN,"));
        RunLogs.Loaded loaded = RunLogs.read(List.of(Logs.write(dir, "diverged.csv", lines)));
        assertThat(loaded.skipped()).isEmpty();
        assertThat(loaded.epochs().doubleColumn("train_loss").getDouble(1)).isNaN();
    }
}
