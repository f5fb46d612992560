package d2l.grader;

import d2l.json.Json;
import java.util.List;
import java.util.Locale;

/**
 * The report as one runner's result for GitHub Classroom's autograding reporter
 * ({@code classroom-resources/autograding-grading-reporter}): {@code version} 1, {@code status}
 * ({@code pass} when every check passed, {@code error} when none could run because the file does
 * not compile or is missing, else {@code fail}), {@code max_score} and {@code tests}, each with
 * {@code name}, {@code status}, {@code score}, {@code message} and {@code line_no}. The reporter
 * reads it base64-encoded from the step output {@code result} and adds the tests' {@code score}s up
 * to the grade it sends Classroom, so a check that earns part of its points counts in part.
 */
public final class ClassroomJson {

    private ClassroomJson() {}

    public static String of(Report report) {
        List<Outcome> outcomes = report.outcomes();
        StringBuilder s = new StringBuilder("{\"version\": 1, ");
        s.append("\"status\": ").append(Json.string(status(outcomes))).append(", ");
        s.append("\"max_score\": ").append(number(report.maxScore())).append(", ");
        s.append("\"tests\": [");
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            s.append(i == 0 ? "" : ", ").append('{');
            s.append("\"name\": ").append(Json.string(o.check().title())).append(", ");
            s.append("\"status\": ").append(Json.string(o.status() == Outcome.Status.PASSED ? "pass" : "fail")).append(", ");
            s.append("\"score\": ").append(number(o.score())).append(", ");
            s.append("\"message\": ").append(Json.string(o.feedback())).append(", ");
            s.append("\"line_no\": 0}");
        }
        return s.append("]}\n").toString();
    }

    private static String status(List<Outcome> outcomes) {
        if (!outcomes.isEmpty() && outcomes.stream().allMatch(o -> o.status() == Outcome.Status.PASSED)) {
            return "pass";
        }
        boolean noneRan = outcomes.stream().allMatch(o -> o.status() == Outcome.Status.COMPILE_ERROR || o.status() == Outcome.Status.MISSING);
        return noneRan ? "error" : "fail";
    }

    private static String number(double v) {
        double rounded = Math.round(v * 10000) / 10000.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : String.format(Locale.ROOT, "%s", rounded);
    }
}
