package d2l.grader;

import java.io.IOException;
import java.io.StringWriter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * One submission's report as CSV, one row per check:
 * {@code section, check, kind, visibility, score, max_score, status, feedback}.
 */
public final class CheckCsv {

    /** Commons CSV's default format with LF line ends. */
    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private CheckCsv() {}

    public static String of(Report report) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
            csv.printRecord("section", "check", "kind", "visibility", "score", "max_score", "status", "feedback");
            for (Outcome o : report.outcomes()) {
                csv.printRecord(o.check().section().id(), o.check().name(), o.check().kind().word(), o.entry().visibility().word(),
                        Report.points(o.score()), Report.points(o.maxScore()), o.status().name().toLowerCase(java.util.Locale.ROOT),
                        o.feedback());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }
}
