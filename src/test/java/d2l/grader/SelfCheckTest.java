package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code check("7.2")} grades the section as {@code ./d2l grade --only 7.2 --no-training} does, and leaves nothing behind. */
class SelfCheckTest {

    @Test
    void theSolutionsGetFullMarksIncludingTheQuickTrainingCheckAndNoLogFolderIsLeft() throws IOException {
        List<Path> before = checkLogFolders();

        SelfCheck.Graded graded = SelfCheck.grade(Workbook.solutions(), EnumSet.of(Section.S7_2));

        assertThat(graded.report().outcomes()).extracting(o -> o.entry().check())
                .contains("learnKernel from the default init ends within 0.1 of [[1, -1]] after 10 epochs");
        assertThat(graded.report().score()).isEqualTo(graded.report().maxScore()).isEqualTo(18);
        assertThat(checkLogFolders()).as("the quick checks' log folders, deleted after the report").isEqualTo(before);
    }

    /** The folders {@link SelfCheck} makes for the quick training checks' CSV logs. */
    private static List<Path> checkLogFolders() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("d2l-check-logs")).sorted().toList();
        }
    }
}
