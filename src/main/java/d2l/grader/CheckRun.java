package d2l.grader;

import static d2l.grader.Wire.message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one check of the rubric in the child JVM and turns what comes back into an
 * {@link Outcome} with feedback a student can act on: the values and the first wrong element, both
 * shapes, the exception and the line of their file, how long a check ran before its time limit, or
 * where {@code System.exit} was called. A hidden check says only what kind of mistake it found.
 */
final class CheckRun {

    private final ChildJvm child;
    private final RubricEntry entry;
    private final GraderCheck check;
    private final Map<String, String> settings;
    private final Consumer<String> progress;
    private final boolean hidden;
    private final long deadline;

    CheckRun(ChildJvm child, RubricEntry entry, GraderCheck check, double timeout, Map<String, String> settings,
             Consumer<String> progress) {
        this.child = child;
        this.entry = entry;
        this.check = check;
        this.settings = settings;
        this.progress = progress;
        this.hidden = entry.visibility() == Visibility.HIDDEN;
        this.deadline = System.nanoTime() + (long) (timeout * 1e9);
    }

    Outcome run() throws IOException {
        return switch (check.kind()) {
            case WORKBOOK -> single(message("op", "workbook", "section", check.section().id(), "name", check.name()));
            case STRUCTURE, TRAINING -> single(message("op", "coded", "section", check.section().id(), "name", check.name(),
                    "settings", settingsText()));
            case GOLDEN, HIDDEN, RANDOMIZED -> cases();
        };
    }

    private String settingsText() {
        StringBuilder s = new StringBuilder();
        settings.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        return s.toString();
    }

    /** A workbook or coded check: one request. */
    private Outcome single(Map<String, String> request) throws IOException {
        ChildJvm.Reply reply = child.request(request, remaining(), progress::accept);
        Outcome problem = problem(reply, "");
        if (problem != null) {
            return problem;
        }
        Map<String, String> answer = ((ChildJvm.Answer) reply).fields();
        if (answer.containsKey("measured")) {
            return credit(Double.parseDouble(answer.get("measured")));
        }
        return passed();
    }

    /** The cases of a golden, hidden or randomized check, one request each, until the first that fails. */
    private Outcome cases() throws IOException {
        List<Case> cases = check.cases();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Map<String, String> request = message("op", "case", "section", check.section().id(),
                    "call", c.call().text(), "seed", c.seed() == null ? "" : c.seed().toString(),
                    "want", c.expected().wantsValues() ? "values" : "shape");
            request.putAll(c.inputFields());
            String which = cases.size() == 1 ? "" : "case " + (i + 1) + " of " + cases.size() + ": ";
            ChildJvm.Reply reply = child.request(request, remaining(), progress::accept);
            Outcome problem = problem(reply, which);
            if (problem != null) {
                return problem.status() == Outcome.Status.FAILED ? failed(problem.feedback() + caseDetails(c, null)) : problem;
            }
            Map<String, String> answer = ((ChildJvm.Answer) reply).fields();
            Map<String, String> valueFields = new LinkedHashMap<>();
            answer.forEach((k, v) -> {
                if (k.startsWith("value.")) {
                    valueFields.put(k.substring("value.".length()), v);
                }
            });
            Value got = Value.from(valueFields);
            String mismatch = Comparison.mismatch(c.expected(), c.tolerance(), got, answer.getOrDefault("printed", ""));
            if (mismatch != null) {
                if (hidden) {
                    return failed(which + kindOf(mismatch) + " (a hidden case: its inputs and values are not shown)");
                }
                return failed(which + mismatch + caseDetails(c, mismatch));
            }
        }
        return passed();
    }

    /** The call and its inputs, where the case is written, and the book's note, for a visible case. */
    private String caseDetails(Case c, String mismatch) {
        if (hidden) {
            return "";
        }
        StringBuilder s = new StringBuilder("\ncall: ").append(c.call().text());
        if (!c.inputs().isEmpty()) {
            s.append(" with\n").append(Comparison.inputs(c.inputs()).stripTrailing());
        }
        if (c.seed() != null) {
            s.append("\n(after manualSeed(").append(c.seed()).append("))");
        }
        if (check.kind() != CheckKind.RANDOMIZED) {
            s.append("\n(").append(c.where()).append(')');
        }
        if (!check.note().isEmpty() && mismatch != null) {
            s.append("\nnote: ").append(check.note());
        }
        return s.toString();
    }

    /** The outcome of a reply that is not a plain success, or null for a success. */
    private Outcome problem(ChildJvm.Reply reply, String which) {
        if (reply instanceof ChildJvm.TimedOut t) {
            return new Outcome(entry, check, Outcome.Status.TIMED_OUT, 0, which + String.format(Locale.ROOT,
                    "stopped after running %s, the time limit of this check (an endless loop? a thread that never ends?)",
                    Grader.seconds(t.seconds())), 0);
        }
        if (reply instanceof ChildJvm.Died d) {
            String how = d.where() != null ? "called System.exit at " + d.where() + "; that stops the whole JVM, so this check"
                    + " scores nothing (throw an exception instead)" : "the grading JVM stopped (exit code " + d.exitCode()
                    + ") while running this check" + (d.stderr().contains("OutOfMemoryError") ? ": it ran out of memory" : "");
            String tail = hidden || d.where() != null || d.stderr().isBlank() ? "" : "\nits last lines on standard error:\n"
                    + d.stderr().lines().skip(Math.max(0, d.stderr().lines().count() - 5)).reduce((a, b) -> a + "\n" + b).orElse("");
            return new Outcome(entry, check, Outcome.Status.CRASHED, 0, which + how + tail, 0);
        }
        Map<String, String> answer = ((ChildJvm.Answer) reply).fields();
        String status = answer.getOrDefault("status", "");
        String message = answer.getOrDefault("message", "");
        if ("true".equals(answer.get("restart"))) {
            child.close();
        }
        if (answer.containsKey("leaked")) {
            child.close();
            return failed(which + "returned but left running " + answer.get("leaked")
                    + ": threads your code starts must end before it returns");
        }
        return switch (status) {
            case "PASS" -> null;
            case "NOT_IMPLEMENTED" -> new Outcome(entry, check, Outcome.Status.NOT_IMPLEMENTED, 0, message, 0);
            case "FAIL" -> failed(which + (hidden ? exceptionOnly(message) : message));
            case "ERROR" -> new Outcome(entry, check, Outcome.Status.COMPILE_ERROR, 0, message, 0);
            default -> new Outcome(entry, check, Outcome.Status.GRADER_ERROR, 0, message, 0);
        };
    }

    /**
     * For a hidden check: an exception's class and the line of the student's file, without its
     * message (which may show the inputs); an assertion's first line.
     */
    private static String exceptionOnly(String message) {
        List<String> lines = new ArrayList<>(message.lines().toList());
        if (lines.isEmpty()) {
            return "failed";
        }
        String first = lines.get(0);
        int colon = first.indexOf(':');
        boolean exception = colon > 0 && first.substring(0, colon).matches("[A-Za-z0-9_$]+(Exception|Error)");
        String shown = exception ? "threw " + first.substring(0, colon) : "failed";
        String at = lines.stream().filter(l -> l.strip().startsWith("at ")).findFirst().map(l -> " " + l.strip()).orElse("");
        return shown + at + " (a hidden case: its inputs are not shown)";
    }

    /** What kind of mistake a mismatch is, without any value: {@code wrong shape}, {@code wrong values}, ... */
    private static String kindOf(String mismatch) {
        for (String kind : List.of("wrong shape", "wrong values", "wrong text", "printed the wrong lines")) {
            if (mismatch.startsWith(kind)) {
                return kind;
            }
        }
        return "wrong result";
    }

    /** Partial credit for a measurement (LeNet's validation accuracy) by the rubric's {@code credit} thresholds. */
    private Outcome credit(double measured) {
        List<double[]> steps = creditSteps(entry);
        double fraction = 0;
        for (double[] s : steps) {
            if (measured >= s[0]) {
                fraction = s[1];
                break;
            }
        }
        StringBuilder scale = new StringBuilder();
        for (double[] s : steps) {
            scale.append(scale.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f for %.0f%%", s[0], 100 * s[1]));
        }
        String feedback = String.format(Locale.ROOT, "validation accuracy %.4f after training: %.0f%% of the points (%s)%s",
                measured, 100 * fraction, scale, settings.containsKey("log") ? "; log: " + settings.get("log") : "");
        Outcome.Status status = fraction >= 1 ? Outcome.Status.PASSED : fraction > 0 ? Outcome.Status.PARTIAL : Outcome.Status.FAILED;
        return new Outcome(entry, check, status, entry.points() * Math.min(1, fraction), feedback, 0);
    }

    /**
     * The rubric's {@code credit=0.70:1,0.60:0.75} as {threshold, fraction} pairs, highest threshold
     * first (all the points from 0 when there is no {@code credit}).
     *
     * @throws IllegalArgumentException naming the rubric line when the setting cannot be read
     */
    static List<double[]> creditSteps(RubricEntry entry) {
        List<double[]> steps = new ArrayList<>();
        String written = entry.settings().getOrDefault("credit", "0:1");
        for (String step : written.split(",")) {
            String[] parts = step.split(":");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException(step);
                }
                steps.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rubric line " + entry.line() + ": credit=" + written
                        + " must be MEASURE:FRACTION pairs separated by commas, e.g. credit=0.70:1,0.60:0.75");
            }
        }
        steps.sort((a, b) -> Double.compare(b[0], a[0]));
        return steps;
    }

    private Outcome passed() {
        return new Outcome(entry, check, Outcome.Status.PASSED, entry.points(), "", 0);
    }

    private Outcome failed(String feedback) {
        return new Outcome(entry, check, Outcome.Status.FAILED, 0, feedback, 0);
    }

    private double remaining() {
        return Math.max(0.001, (deadline - System.nanoTime()) / 1e9);
    }
}
