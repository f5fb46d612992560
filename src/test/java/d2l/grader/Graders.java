package d2l.grader;

import d2l.grader.sandbox.SandboxMode;
import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** The project's own grader ({@code grader/rubric.csv} and its golden catalogue), as the grading tests build it. */
final class Graders {

    private Graders() {}

    /**
     * Grades {@code sections} without training, each check within {@code timeout} seconds of CPU
     * time and all of a submission's checks within {@code budget}, in a 512 MB runner on one
     * thread, sandboxed as {@code mode} says; training logs would go to {@code logs}.
     */
    static Grader of(Set<Section> sections, double timeout, double budget, SandboxMode mode, Path logs) throws IOException {
        Path graderDir = Workbook.projectRoot().resolve("grader");
        return new Grader(Rubric.read(graderDir.resolve("rubric.csv"), "grader/rubric.csv"), Catalogue.load(graderDir, "grader/"),
                new GradeOptions(graderDir, sections, false, timeout, "512m", 1, null, logs, mode, false, budget));
    }
}
