package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.grader.sandbox.SandboxMode;
import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiling a section is the grader's work and is timed apart: a one-second limit per check
 * ({@code --timeout 1}) limits the submission's code only. (Compiling 7.1 in a cold runner takes
 * about as long, and once counted against the static initializer's limit, so every check of the
 * reference answers timed out with "static initializer did not finish within 1.0 s".)
 */
@Tag("jdk-independent")
class CompileTimeTest {

    @TempDir
    Path dir;

    @Test
    void aOneSecondLimitPerCheckPassesTheReferenceAnswers() throws Exception {
        Path project = Workbook.projectRoot();
        Path submission = Files.createDirectories(dir.resolve("reference"));
        Files.copy(project.resolve("solutions/Sec7_1.java"), submission.resolve("Sec7_1.java"));
        Grader grader = Graders.of(EnumSet.of(Section.S7_1), 1.0, GradeOptions.DEFAULT_BUDGET, SandboxMode.AUTO, dir.resolve("logs"));
        Report report = grader.grade(submission, "reference", line -> { });
        assertThat(report.outcomes()).isNotEmpty().allSatisfy(o -> assertThat(o.status())
                .as("%s: %s", o.check().name(), o.feedback()).isEqualTo(Outcome.Status.PASSED));
    }
}
