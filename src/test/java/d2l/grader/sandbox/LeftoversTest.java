package d2l.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopping grader deletes its scratch directories even while a grading thread goes on writing
 * into them, as it does after SIGTERM: its runner was killed under it, so it starts the next one,
 * making the runner's work folder and writing its files again.
 */
class LeftoversTest {

    @TempDir
    Path dir;

    @RepeatedTest(5)
    void aScratchDirectoryStillBeingWrittenIsGoneOnceTheGraderHasStopped() throws Exception {
        Leftovers leftovers = new Leftovers();
        Path work = Files.createDirectory(dir.resolve("d2l-grade-1-submission"));
        leftovers.add(work);
        stopWhileWriting(leftovers, i -> {
            Path scratch = leftovers.createDirectories(work.resolve("scratch-7.1").resolve("runner-" + i % 7));
            Files.writeString(scratch.resolve("out-" + i % 5), "a runner's output");
        });
        assertThat(dir).isEmptyDirectory();
    }

    @RepeatedTest(5)
    void aFileWrittenWhileTheFolderIsDeletedDoesNotKeepIt() throws Exception {
        Leftovers leftovers = new Leftovers();
        Path work = Files.createDirectory(dir.resolve("d2l-grade-1-submission"));
        for (int i = 0; i < 500; i++) {
            Files.writeString(work.resolve("copied-" + i), "a submission's file");
        }
        leftovers.add(work);
        stopWhileWriting(leftovers, i -> Files.writeString(work.resolve("late-" + i), "a submission's file"));
        assertThat(dir).isEmptyDirectory();
    }

    /** What a grading thread does, again and again, until the grader's JVM exits. */
    private interface Step {
        void run(int i) throws IOException;
    }

    /** Runs the shutdown hook while a grading thread keeps doing {@code step}, as after SIGTERM. */
    private static void stopWhileWriting(Leftovers leftovers, Step step) throws InterruptedException {
        AtomicBoolean exited = new AtomicBoolean();
        Thread grading = new Thread(() -> {
            for (int i = 0; !exited.get(); i++) {
                try {
                    step.run(i);
                } catch (IOException e) {
                    // its folder was deleted under it, or it was refused: it goes on, as a grading thread would
                }
            }
        });
        grading.start();
        Thread.sleep(20);
        leftovers.stop();
        exited.set(true);
        grading.join();
    }

    @Test
    void aStoppedGraderMakesNoFolder() throws IOException {
        Leftovers leftovers = new Leftovers();
        leftovers.stop();

        assertThatThrownBy(() -> leftovers.createDirectories(dir.resolve("scratch")))
                .isInstanceOf(IOException.class).hasMessageContaining("the grader is stopping");
        assertThat(leftovers.add(dir.resolve("another"))).isFalse();
        assertThat(dir.resolve("scratch")).doesNotExist();
    }
}
