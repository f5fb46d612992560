package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.grader.sandbox.SandboxMode;
import d2l.workbook.Section;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission has a CPU budget over all its checks ({@code --budget}). hostile/cpu-burner's
 * {@code localWeights} burns 70 s of CPU: with 3 s per check and a budget of 2.5 s, the checks before
 * it pass, it runs out of the budget's remainder, and no check after it runs, each saying why.
 */
@Tag("jdk-independent")
class BudgetTest {

    @TempDir
    Path dir;

    @Test
    void checksAfterTheBudgetIsUsedUpAreNotRunAndSaySo() throws Exception {
        Path burner = HostileFixtures.build("cpu-burner", dir.resolve("cpu-burner"));
        Grader grader = Graders.of(EnumSet.of(Section.S7_1), 3.0, 2.5, SandboxMode.AUTO, dir.resolve("logs"));
        List<Outcome> outcomes = grader.grade(burner, "cpu-burner", line -> { }).outcomes();
        List<String> names = outcomes.stream().map(o -> o.check().name()).toList();
        int burning = names.indexOf("localWeights(delta) is (2 delta + 1)^2");
        assertThat(burning).isEqualTo(3);
        for (Outcome o : outcomes.subList(0, burning)) {
            assertThat(o.status()).as("%s: %s", o.check().name(), o.feedback()).isEqualTo(Outcome.Status.PASSED);
        }
        Outcome burner3 = outcomes.get(burning);
        assertThat(burner3.status()).isEqualTo(Outcome.Status.TIMED_OUT);
        assertThat(burner3.feedback()).as("the check that used up the budget says so")
                .contains("the rest of this submission's CPU budget of 2.5 s");
        for (Outcome o : outcomes.subList(burning + 1, outcomes.size())) {
            assertThat(o.status()).as(o.check().name()).isEqualTo(Outcome.Status.TIMED_OUT);
            assertThat(o.feedback()).as(o.check().name())
                    .isEqualTo("not run: this submission used up its CPU budget of 2.5 s for all its checks");
        }
    }
}
