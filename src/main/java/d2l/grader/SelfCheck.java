package d2l.grader;

import d2l.grader.sandbox.GradingTemp;
import d2l.workbook.Section;
import d2l.workbook.Shell;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code check("7.2")} in JShell: the grader's own checks of a section, run on the workbook the
 * session loaded, exactly as {@code ./d2l grade --only 7.2 --no-training} runs them (the same rubric,
 * cases, inputs and sandbox), so a check that passes here passes when the work is graded. Training
 * checks are left out, but for the quick ones ({@code quick=true}); {@code ./d2l grade} runs them.
 * Their CSV logs go to a temporary folder, deleted after the report. When {@code /reload} replays
 * the history, an earlier {@code check} is not run again: it says so in one line.
 */
public final class SelfCheck {

    private SelfCheck() {}

    /** Grades {@code section} ({@code "7.2"}) of the current workbook as its file is now on disk, and prints the report. */
    public static void check(String section) {
        Section s = Section.of(section);
        System.out.print(Shell.replaying() ? skipped("check(\"" + s.id() + "\")") : report(Workbook.current(), EnumSet.of(s)));
    }

    /** Grades every section of the current workbook, without training, and prints the report. */
    public static void check() {
        System.out.print(Shell.replaying() ? skipped("check()") : report(Workbook.current(), EnumSet.noneOf(Section.class)));
    }

    /** What a check replayed by JShell's {@code /reload} prints instead of grading again. */
    private static String skipped(String call) {
        return call + ": not graded again while /reload replays your history; type it again to grade the files as they are now\n";
    }

    /** The text report of grading {@code sections} (all when empty) of {@code workbook} without training. */
    static String report(Workbook workbook, Set<Section> sections) {
        Graded graded = grade(workbook, sections);
        return TextReport.of(graded.report(), graded.rubric().shownName());
    }

    /**
     * The grader's report on {@code sections} (all when empty) of {@code workbook}, without training.
     *
     * @param report the report
     * @param rubric the rubric it was graded with
     */
    public record Graded(Report report, Rubric rubric) {}

    /** Grades {@code sections} (all when empty) of {@code workbook} as {@code ./d2l grade --no-training} does. */
    public static Graded grade(Workbook workbook, Set<Section> sections) {
        try {
            Path root = Workbook.projectRoot();
            GraderFolder folder = GraderFolder.locate(root, null);
            if (!Files.isDirectory(folder.dir())) {
                throw new IllegalStateException("no grader here: " + folder.dir() + " is missing (check() needs the project's grader/"
                        + " folder, or d2l.jar)");
            }
            Rubric rubric = folder.rubric();
            Path logs = Files.createTempDirectory("d2l-check-logs");
            try {
                Grader grader = new Grader(rubric, folder.catalogue(), new GradeOptions(folder.dir(), sections, false, null, "2g",
                        Runtime.getRuntime().availableProcessors(), null, logs));
                Path dir = workbook.dir();
                return new Graded(grader.grade(dir, GraderFolder.shown(root, dir) + "/", line -> { }), rubric);
            } finally {
                GradingTemp.delete(logs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
