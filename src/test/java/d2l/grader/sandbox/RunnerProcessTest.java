package d2l.grader.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.grader.runner.Wire;
import d2l.workbook.Workbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grader's side of a runner: what a killed runner leaves behind never reaches the next one. */
class RunnerProcessTest {

    @TempDir
    Path dir;

    /**
     * A runner killed for its time limit closes its output some moments after the kill. That end of
     * output once reached the restarted runner's queue and read as its death, so a check after a
     * restart scored 0 as "the grading JVM stopped (exit code -1)", more often on a busy machine.
     * Each round here kills a runner mid-request and asks the next one something at once.
     */
    @Test
    void theEndOfAKilledRunnersOutputNeverReachesTheNextRunner() throws Exception {
        Path submission = Files.createDirectories(dir.resolve("submission"));
        Files.copy(Workbook.projectRoot().resolve("solutions/Sec7_1.java"), submission.resolve("Sec7_1.java"));
        try (Slot slot = Slot.take(); RunnerProcess runner = new RunnerProcess(settings(submission, slot))) {
            for (int round = 0; round < 12; round++) {
                if (round % 2 == 0) {
                    RunnerProcess.Reply compiling = runner.request(Wire.message("op", "load", "section", "7.1"), 0.05, line -> { });
                    assertThat(compiling).as("round %d: compiling a section takes more than 0.05 s of CPU", round)
                            .isInstanceOf(RunnerProcess.TimedOut.class);
                } else {
                    runner.close();
                }
                RunnerProcess.Reply next = runner.request(Wire.message("op", "no such request"), 30, line -> { });
                assertThat(next).as("round %d: the runner started after the last one ended answers", round)
                        .isInstanceOfSatisfying(RunnerProcess.Answer.class,
                                a -> assertThat(a.fields()).containsEntry("op", "failed"));
            }
            assertThat(runner.starts()).isEqualTo(13);
        }
    }

    /**
     * A runner started again after a kill compiles the section before the next check's clock
     * starts: the check is charged for its own work only. (It once paid for javac in a cold JVM,
     * a second or more, so a check right after a restart had less of its limit than the others.)
     */
    @Test
    void aCheckAfterARestartIsNotChargedForCompilingTheSection() throws Exception {
        Path submission = Files.createDirectories(dir.resolve("submission"));
        Files.copy(Workbook.projectRoot().resolve("solutions/Sec7_1.java"), submission.resolve("Sec7_1.java"));
        Map<String, String> check = Wire.message("op", "check", "section", "7.1", "name", "fullyConnectedWeights(1000, 1000) is 10^12");
        try (Slot slot = Slot.take(); RunnerProcess runner = new RunnerProcess(settings(submission, slot))) {
            RunnerProcess.Reply loaded = runner.prepare(Wire.message("op", "load", "section", "7.1"), 60, line -> { });
            double compiling = runner.cpuUsed();
            assertThat(loaded).isInstanceOfSatisfying(RunnerProcess.Answer.class,
                    a -> assertThat(a.fields()).containsEntry("op", "loaded").containsEntry("errors", ""));
            runner.kill();
            double before = runner.cpuUsed();
            RunnerProcess.Reply answer = runner.request(check, 60, line -> { });
            double charged = runner.cpuUsed() - before;
            assertThat(answer).isInstanceOfSatisfying(RunnerProcess.Answer.class,
                    a -> assertThat(a.fields()).containsEntry("op", "observed"));
            assertThat(runner.starts()).isEqualTo(2);
            assertThat(charged).as("CPU seconds charged to the check after the restart; loading the section took %.2f", compiling)
                    .isLessThan(compiling / 2);
            assertThat(runner.cpuTotal() - runner.cpuUsed()).as("the replayed load is counted apart").isGreaterThan(compiling / 2);
        }
    }

    /** A runner for {@code submission} in the sandbox this machine can make, with a scratch folder of its own. */
    private RunnerProcess.Settings settings(Path submission, Slot slot) {
        return new RunnerProcess.Settings(submission, dir.resolve("scratch"), null, "256m", 1, null, Sandbox.detect(SandboxMode.AUTO),
                slot.number());
    }
}
