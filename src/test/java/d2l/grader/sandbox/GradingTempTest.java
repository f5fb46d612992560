package d2l.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** Scratch directories: who owns them, removing what a dead grader left, and deleting without following links. */
class GradingTempTest {

    private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));

    @Test
    void aScratchDirectoryNamesThisJvmAsItsOwner() throws IOException {
        Path directory = GradingTemp.create("owner-test");
        try {
            long pid = ProcessHandle.current().pid();
            assertThat(directory.getParent()).isEqualTo(TEMP.toAbsolutePath());
            assertThat(directory.getFileName().toString()).startsWith("d2l-grade-" + pid + "-owner-test-");
            assertThat(directory.resolve(".owner")).content().contains("pid=" + pid);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx--x--x");
        } finally {
            GradingTemp.delete(directory);
        }
    }

    @Test
    void removeStaleDeletesADeadGradersDirectoryAndKeepsThisOnes() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path dead = Files.createDirectory(TEMP.resolve("d2l-grade-" + finished.pid() + "-stale-test"));
        Files.writeString(dead.resolve(".owner"), "pid=" + finished.pid() + "\nstart=2020-01-01T00:00:00Z\n");
        Files.writeString(dead.resolve("left-behind.txt"), "a killed grader's files");
        Path mine = GradingTemp.create("stale-test");
        try {
            int removed = GradingTemp.removeStale();

            assertThat(removed).isGreaterThanOrEqualTo(1);
            assertThat(dead).doesNotExist();
            assertThat(mine).isDirectory();
        } finally {
            GradingTemp.delete(dead);
            GradingTemp.delete(mine);
        }
    }

    @Test
    void removeStaleDeletesADirectoryWhosePidNowNamesAnotherProcess() throws IOException {
        Path reused = Files.createDirectory(TEMP.resolve("d2l-grade-1-reused-test"));
        Files.writeString(reused.resolve(".owner"), "pid=" + ProcessHandle.current().pid()
                + "\nstart=2020-01-01T00:00:00Z\n");
        try {
            GradingTemp.removeStale();

            assertThat(reused).doesNotExist();
        } finally {
            GradingTemp.delete(reused);
        }
    }

    @Test
    void deleteRemovesALinkButNeverWhatItPointsTo() throws IOException {
        Path outside = GradingTemp.create("link-target");
        Path precious = Files.writeString(outside.resolve("precious.txt"), "keep me");
        Path directory = GradingTemp.create("link-test");
        Path nested = Files.createDirectories(directory.resolve("work/deep"));
        Files.createSymbolicLink(nested.resolve("to-file"), precious);
        Files.createSymbolicLink(nested.resolve("to-directory"), outside);
        Files.setPosixFilePermissions(nested, PosixFilePermissions.fromString("---------"));
        try {
            GradingTemp.delete(directory);

            assertThat(directory).doesNotExist();
            assertThat(precious).hasContent("keep me");
        } finally {
            GradingTemp.delete(outside);
        }
    }

    @Test
    void aPrefixWithASlashIsRefused() {
        assertThatThrownBy(() -> GradingTemp.create("../escape"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../escape'")
                .hasMessageContaining("letters, digits, '-' and '_'");
    }
}
