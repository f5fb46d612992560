package d2l.grader;

import d2l.json.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gradescope's {@code results.json}, as its autograder specification describes it
 * (gradescope-autograders.readthedocs.io, "Autograder Specifications", "Output format", "Test case
 * status", "Output String Formatting", "Leaderboards"), as a check: {@link #problems} lists every way
 * a file departs from it. Top level: {@code score} (required unless every test has one),
 * {@code execution_time}, {@code output}, the three format fields, {@code visibility},
 * {@code stdout_visibility}, {@code extra_data}, {@code tests} and {@code leaderboard}; a test:
 * {@code score}, {@code max_score}, {@code status} ({@code passed} or {@code failed}), {@code name},
 * {@code name_format}, {@code number}, {@code output}, {@code output_format}, {@code tags},
 * {@code visibility}, {@code extra_data}; a leaderboard entry: {@code name}, {@code value} (a number or
 * a string) and {@code order} ({@code asc} or {@code desc}).
 */
final class GradescopeSchema {

    private static final Set<String> TOP = Set.of("score", "execution_time", "output", "output_format", "test_output_format",
            "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard");
    private static final Set<String> TEST = Set.of("score", "max_score", "status", "name", "name_format", "number", "output",
            "output_format", "tags", "visibility", "extra_data");
    private static final Set<String> VISIBILITIES = Set.of("hidden", "after_due_date", "after_published", "visible");
    private static final Set<String> FORMATS = Set.of("text", "html", "simple_format", "md", "ansi");

    private GradescopeSchema() {}

    /** What is wrong with {@code json} as a {@code results.json}; empty when nothing is. */
    static List<String> problems(String json) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> top;
        try {
            top = JsonParser.object(json);
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        unknown(top, TOP, "the top level", problems);
        kind(top, "score", Double.class, "", problems);
        kind(top, "execution_time", Double.class, "", problems);
        kind(top, "output", String.class, "", problems);
        oneOf(top, "visibility", VISIBILITIES, "", problems);
        oneOf(top, "stdout_visibility", VISIBILITIES, "", problems);
        for (String f : List.of("output_format", "test_output_format", "test_name_format")) {
            oneOf(top, f, FORMATS, "", problems);
        }
        List<Map<String, Object>> tests = List.of();
        if (top.containsKey("tests")) {
            try {
                tests = JsonParser.objects(top.get("tests"));
            } catch (IllegalArgumentException e) {
                problems.add("tests is not an array of objects");
            }
        } else if (!top.containsKey("score")) {
            problems.add("neither a top-level score nor tests");
        }
        for (int i = 0; i < tests.size(); i++) {
            Map<String, Object> t = tests.get(i);
            String where = "tests[" + i + "].";
            unknown(t, TEST, "tests[" + i + "]", problems);
            kind(t, "score", Double.class, where, problems);
            kind(t, "max_score", Double.class, where, problems);
            kind(t, "name", String.class, where, problems);
            kind(t, "number", String.class, where, problems);
            kind(t, "output", String.class, where, problems);
            oneOf(t, "status", Set.of("passed", "failed"), where, problems);
            oneOf(t, "visibility", VISIBILITIES, where, problems);
            oneOf(t, "output_format", FORMATS, where, problems);
            oneOf(t, "name_format", FORMATS, where, problems);
            if (!top.containsKey("score") && !t.containsKey("score")) {
                problems.add(where + "score is missing, and there is no top-level score");
            }
            if (t.get("score") instanceof Double s && t.get("max_score") instanceof Double m && (s < 0 || s > m)) {
                problems.add(where + "score " + s + " is not between 0 and max_score " + m);
            }
        }
        if (top.containsKey("leaderboard")) {
            try {
                List<Map<String, Object>> board = JsonParser.objects(top.get("leaderboard"));
                for (int i = 0; i < board.size(); i++) {
                    Map<String, Object> entry = board.get(i);
                    String where = "leaderboard[" + i + "].";
                    unknown(entry, Set.of("name", "value", "order"), "leaderboard[" + i + "]", problems);
                    if (!(entry.get("name") instanceof String)) {
                        problems.add(where + "name is missing or not a string");
                    }
                    if (!(entry.get("value") instanceof Double || entry.get("value") instanceof String)) {
                        problems.add(where + "value is missing or neither a number nor a string");
                    }
                    oneOf(entry, "order", Set.of("asc", "desc"), where, problems);
                }
            } catch (IllegalArgumentException e) {
                problems.add("leaderboard is not an array of objects");
            }
        }
        return problems;
    }

    private static void unknown(Map<String, Object> object, Set<String> known, String where, List<String> problems) {
        object.keySet().stream().filter(k -> !known.contains(k)).forEach(k -> problems.add(where + " has the unknown field " + k));
    }

    private static void kind(Map<String, Object> object, String key, Class<?> type, String where, List<String> problems) {
        if (object.containsKey(key) && !type.isInstance(object.get(key))) {
            problems.add(where + key + " is not a " + (type == Double.class ? "number" : "string"));
        }
    }

    private static void oneOf(Map<String, Object> object, String key, Set<String> values, String where, List<String> problems) {
        if (object.containsKey(key) && !values.contains(object.get(key))) {
            problems.add(where + key + " is " + object.get(key) + ", not one of " + String.join(", ", new TreeSet<>(values)));
        }
    }
}
