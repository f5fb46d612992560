package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.grader.sandbox.SandboxMode;
import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits count CPU time, so a busy machine never changes a score: a submission whose
 * {@code localWeights} burns 70 s of CPU (hostile/cpu-burner) and the reference 7.1 get the same
 * result for every check on a quiet machine and with two busy processes per core beside them.
 */
class LoadedMachineTest {

    @TempDir
    Path dir;

    @Test
    void everyCheckHasTheSameResultOnAQuietAndOnALoadedMachine() throws Exception {
        Path project = Workbook.projectRoot();
        Path burner = HostileFixtures.build("cpu-burner", dir.resolve("cpu-burner"));
        Path honest = Files.createDirectories(dir.resolve("honest"));
        Files.copy(project.resolve("solutions/Sec7_1.java"), honest.resolve("Sec7_1.java"));
        Grader grader = Graders.of(EnumSet.of(Section.S7_1), 3.0, GradeOptions.DEFAULT_BUDGET, SandboxMode.AUTO, dir.resolve("logs"));

        List<String> quiet = results(grader, burner, honest);
        List<Process> hogs = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
                hogs.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
            }
            List<String> loaded = results(grader, burner, honest);
            assertThat(loaded).isEqualTo(quiet);
        } finally {
            hogs.forEach(Process::destroyForcibly);
        }
        assertThat(quiet).contains("cpu-burner: localWeights(delta) is (2 delta + 1)^2 TIMED_OUT 0.0 | stopped after using 3.0 s of CPU"
                        + " time, the limit of this check (an endless loop? a thread that never ends?)",
                "cpu-burner: convolutionWeights counts the weights of a Conv2d TIMED_OUT 0.0 | stopped after using 3.0 s of CPU time,"
                        + " the limit of this check (an endless loop? a thread that never ends?)",
                "honest: localWeights(delta) is (2 delta + 1)^2 PASSED 1.0 | ");
        assertThat(quiet.stream().filter(r -> r.startsWith("cpu-burner") && r.contains("PASSED"))).hasSize(9);
    }

    /** Each check of each submission as "submission: check STATUS score | feedback". */
    private static List<String> results(Grader grader, Path... submissions) throws IOException {
        List<String> results = new ArrayList<>();
        for (Path s : submissions) {
            String name = s.getFileName().toString();
            for (Outcome o : grader.grade(s, name, line -> { }).outcomes()) {
                results.add(name + ": " + o.check().name() + " " + o.status() + " " + o.score() + " | " + o.feedback());
            }
        }
        return results;
    }
}
