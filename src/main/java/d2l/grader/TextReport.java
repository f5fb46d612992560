package d2l.grader;

import d2l.workbook.Section;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report a student reads: every check by section with its mark ({@code ok}, {@code FAIL},
 * {@code todo}, ...), its points and, under it, what went wrong; then the files that do not
 * compile, a table of the sections, and {@code Score: X/Y} last.
 */
public final class TextReport {

    private TextReport() {}

    /** The report of {@code report}, graded with the rubric named {@code rubric}. */
    public static String of(Report report, String rubric) {
        StringBuilder s = new StringBuilder();
        s.append("Grading ").append(report.submission()).append(" with ").append(rubric).append(String.format(Locale.ROOT,
                " (%d checks, %s)%n", report.outcomes().size(), Grader.seconds(report.seconds())));
        Section current = null;
        for (Outcome o : report.outcomes()) {
            Section section = o.check().section();
            if (section != current) {
                current = section;
                s.append('\n').append(section.id()).append(' ').append(section.title()).append(": ")
                        .append(Report.points(report.score(section))).append('/').append(Report.points(report.maxScore(section)))
                        .append('\n');
            }
            String points = Report.points(o.score()) + "/" + Report.points(o.maxScore());
            s.append(String.format(Locale.ROOT, "  %-6s%7s  %s   (%s)%n", o.status().mark(), points, o.check().name(), origin(o)));
            if (!o.feedback().isEmpty()) {
                for (String line : o.feedback().split("\n")) {
                    s.append(("                 " + line).stripTrailing()).append('\n');
                }
            }
        }
        if (!report.compileErrors().isEmpty()) {
            s.append("\nFiles that do not compile (only their own section's checks score 0):\n");
            for (Map.Entry<Section, List<String>> e : report.compileErrors().entrySet()) {
                for (String error : e.getValue()) {
                    s.append("  ").append(error.replace("\n", "\n  ")).append('\n');
                }
            }
        }
        for (String note : report.notes()) {
            s.append("\nnote: ").append(note);
        }
        if (!report.notes().isEmpty()) {
            s.append('\n');
        }
        s.append("\nsection  score    checks passed\n");
        for (Section section : report.sections()) {
            List<Outcome> of = report.outcomes().stream().filter(o -> o.check().section() == section).toList();
            long passed = of.stream().filter(o -> o.status() == Outcome.Status.PASSED).count();
            s.append(String.format(Locale.ROOT, "%-8s %-8s %d of %d%n", section.id(),
                    Report.points(report.score(section)) + "/" + Report.points(report.maxScore(section)), passed, of.size()));
        }
        s.append("Score: ").append(Report.points(report.score())).append('/').append(Report.points(report.maxScore())).append('\n');
        return s.toString();
    }

    /** Where the check comes from: its kind, and the document and passage of its values. */
    static String origin(Outcome o) {
        if (o.entry().visibility() == Visibility.HIDDEN) {
            return "hidden";
        }
        String source = o.check().source();
        return o.check().kind().word() + (source.isEmpty() ? "" : "; " + source);
    }
}
