package d2l.grader;

import d2l.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report as Gradescope's {@code results.json}: {@code score}, {@code execution_time},
 * {@code output} (for the whole submission: files that do not compile, notes) and {@code tests},
 * each with {@code name}, {@code score}, {@code max_score}, {@code status} ({@code passed} or
 * {@code failed}), {@code output} and {@code visibility}. An autograder's {@code run_autograder}
 * writes it to {@code /autograder/results/results.json} with {@code --format json --out}.
 */
public final class GradescopeJson {

    private GradescopeJson() {}

    public static String of(Report report) {
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"score\": ").append(number(report.score())).append(",\n");
        s.append("  \"execution_time\": ").append(Math.round(report.seconds())).append(",\n");
        s.append("  \"output\": ").append(Json.string(output(report))).append(",\n");
        s.append("  \"tests\": [");
        List<Outcome> outcomes = report.outcomes();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            s.append(i == 0 ? "\n" : ",\n").append("    {");
            s.append("\"name\": ").append(Json.string(o.check().title())).append(", ");
            s.append("\"score\": ").append(number(o.score())).append(", ");
            s.append("\"max_score\": ").append(number(o.maxScore())).append(", ");
            s.append("\"status\": ").append(Json.string(o.status() == Outcome.Status.PASSED ? "passed" : "failed")).append(", ");
            s.append("\"output\": ").append(Json.string(testOutput(o))).append(", ");
            s.append("\"visibility\": ").append(Json.string(visibility(o))).append('}');
        }
        s.append(outcomes.isEmpty() ? "]" : "\n  ]");
        List<Outcome> measured = outcomes.stream().filter(o -> o.measured() != null).toList();
        if (!measured.isEmpty()) {
            s.append(",\n  \"leaderboard\": [");
            for (int i = 0; i < measured.size(); i++) {
                Outcome.Measurement m = measured.get(i).measured();
                s.append(i == 0 ? "" : ", ").append("{\"name\": ").append(Json.string(measured.get(i).check().section().id() + " " + m.name()))
                        .append(", \"value\": ").append(number(m.value())).append('}');
            }
            s.append(']');
        }
        s.append("\n}\n");
        return s.toString();
    }

    /**
     * The {@code results.json} of a submission that could not be graded at all (no workbook file in
     * it, say): no points, and {@code why} in the output the student sees.
     */
    public static String failure(String why) {
        return "{\n  \"score\": 0.0,\n  \"output\": " + Json.string("This submission could not be graded: " + why) + ",\n  \"tests\": []\n}\n";
    }

    private static String visibility(Outcome o) {
        return o.entry().settings().getOrDefault(Rubric.GRADESCOPE_VISIBILITY, o.entry().visibility().gradescope());
    }

    private static String testOutput(Outcome o) {
        String head = o.status().mark() + " (" + TextReport.origin(o) + ")";
        return o.feedback().isEmpty() ? head : head + "\n" + o.feedback();
    }

    private static String output(Report report) {
        List<String> lines = new ArrayList<>();
        lines.add("Score: " + Report.points(report.score()) + "/" + Report.points(report.maxScore()));
        report.compileErrors().forEach((section, errors) -> {
            lines.add(section.fileName() + " does not compile (only " + section.id() + "'s checks score 0):");
            lines.addAll(errors);
        });
        report.notes().forEach(n -> lines.add("note: " + n));
        return String.join("\n", lines);
    }

    private static String number(double v) {
        double rounded = Math.round(v * 10000) / 10000.0;
        return rounded == Math.rint(rounded) ? String.format(Locale.ROOT, "%.1f", rounded) : Double.toString(rounded);
    }

}
