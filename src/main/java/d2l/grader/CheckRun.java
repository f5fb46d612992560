package d2l.grader;

import static d2l.grader.runner.Wire.message;

import d2l.grader.sandbox.RunnerProcess;
import d2l.workbook.Checks;
import d2l.workbook.NotImplementedYet;
import d2l.workbook.Observation;
import d2l.workbook.ReplayingProbe;
import d2l.workbook.StudentException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one check of the rubric: asks the submission's {@link RunnerProcess} for its observations,
 * then judges them here, in the grader, where the student's code never runs (the check's own code
 * replayed with {@link Checks#judge}, a case's value compared by {@link Comparison}). It turns what
 * came of it into an {@link Outcome} with feedback a student can act on: the values and the first
 * wrong element, both shapes, the exception and the line of their file, how much CPU time a check
 * used before its limit, or where {@code System.exit} was called. A hidden check says only what
 * kind of mistake it found, never its inputs, its expected values or anything the code printed or
 * threw, unless the instructor asks for them.
 */
final class CheckRun {

    /** Exception types a hidden check may name: the JDK's and the runtime's, never a name the student's code made up. */
    private static final Set<String> KNOWN_EXCEPTIONS = Set.of("ArithmeticException", "ArrayIndexOutOfBoundsException",
            "ClassCastException", "IllegalArgumentException", "IllegalStateException", "IndexOutOfBoundsException",
            "NegativeArraySizeException", "NullPointerException", "NumberFormatException", "OutOfMemoryError",
            "StackOverflowError", "StringIndexOutOfBoundsException", "TensorException", "UnsupportedOperationException",
            "WorkbookException", "ExceptionInInitializerError", "NoClassDefFoundError", "AssertionError", "RuntimeException");

    private final RunnerProcess runner;
    private final RubricEntry entry;
    private final GraderCheck check;
    private final Map<String, String> settings;
    private final Consumer<String> progress;
    private final boolean hidden;
    /** A hidden check graded for the instructor ({@code --instructor}): its failing case shown in full. */
    private final boolean instructor;
    private final Path dataDir;
    private final double cpuLimit;
    private final double budget;
    private double cpuLeft;

    /**
     * @param cpuSeconds the CPU time the check may use in the submission's process tree
     * @param budget     the submission's CPU budget for all its checks when {@code cpuSeconds} is what is
     *                   left of it (less than the check's own limit), else 0
     * @param showHidden true to show a hidden check's details in full (the instructor's own report, {@code --instructor})
     */
    CheckRun(RunnerProcess runner, RubricEntry entry, GraderCheck check, double cpuSeconds, double budget, Map<String, String> settings,
             Consumer<String> progress, boolean showHidden, Path dataDir) {
        this.runner = runner;
        this.entry = entry;
        this.check = check;
        this.settings = settings;
        this.progress = progress;
        this.hidden = entry.visibility() == Visibility.HIDDEN && !showHidden;
        this.instructor = entry.visibility() == Visibility.HIDDEN && showHidden;
        this.dataDir = dataDir;
        this.cpuLimit = cpuSeconds;
        this.budget = budget;
        this.cpuLeft = cpuSeconds;
    }

    Outcome run() throws IOException {
        return switch (check.kind()) {
            case WORKBOOK -> workbook();
            case STRUCTURE, TRAINING -> coded();
            case GOLDEN, HIDDEN, RANDOMIZED -> cases();
        };
    }

    /** One of the workbook's checks: observed in the runner, judged here by the same code JShell's {@code check} runs. */
    private Outcome workbook() throws IOException {
        Checks.Check c = Checks.of(check.section()).stream().filter(k -> k.name().equals(check.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no workbook check " + check.title()));
        Object observed = observe(withStandIns(message("op", "check", "section", check.section().id(), "name", check.name())), "");
        if (observed instanceof Outcome o) {
            return o;
        }
        @SuppressWarnings("unchecked")
        List<Observation> observations = (List<Observation>) observed;
        return judged(Checks.judge(c, observations), null);
    }

    /** A structure or training check: its body recorded in the runner, replayed here; a training check's measurement is the grader's own. */
    private Outcome coded() throws IOException {
        CodedCheck coded = CodedCheck.all().stream().filter(k -> k.check().equals(check)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no coded check " + check.title()));
        Object observed = observe(withStandIns(message("op", "coded", "section", check.section().id(), "name", check.name(),
                "settings", settingsText())), "");
        if (observed instanceof Outcome o) {
            return o;
        }
        @SuppressWarnings("unchecked")
        List<Observation> observations = (List<Observation>) observed;
        AtomicReference<Object> measured = new AtomicReference<>();
        Checks.Result r = Checks.judge(new Checks.Check(check.section(), check.name(), check.source(), p -> measured.set(
                coded.body().run(new CodedCheck.Run(p, settings, text -> { }, true, dataDir)))), observations);
        return judged(r, measured.get() instanceof Number n ? n.doubleValue() : null);
    }

    /**
     * The request, with the rubric's {@code standins} (the section's functions this check runs with
     * the grader's stand-ins for, so it grades only its own function) and the stand-ins' file.
     */
    private Map<String, String> withStandIns(Map<String, String> request) {
        if (settings.containsKey("standins")) {
            request.put("standins", settings.get("standins"));
            request.put("standins.source", settings.getOrDefault(STAND_INS_SOURCE, ""));
        }
        return request;
    }

    /** The settings key under which the grader hands over the text of the section's stand-ins file. */
    static final String STAND_INS_SOURCE = "standins.source";

    private String settingsText() {
        StringBuilder s = new StringBuilder();
        settings.forEach((k, v) -> {
            if (!k.equals("log") && !k.equals(STAND_INS_SOURCE)) {
                s.append(k).append('=').append(v).append('\n');
            }
        });
        return s.toString();
    }

    /** The outcome of a judged check (with its measurement for partial credit). */
    private Outcome judged(Checks.Result r, Double measured) {
        return switch (r.status()) {
            case PASS -> measured != null ? credit(measured) : passed();
            case NOT_IMPLEMENTED -> new Outcome(entry, check, Outcome.Status.NOT_IMPLEMENTED, 0, r.message(), 0);
            case ERROR -> new Outcome(entry, check, Outcome.Status.COMPILE_ERROR, 0, r.message(), 0);
            case FAIL -> failed(hidden ? "failed (a hidden check: its details are not shown)" : r.message());
        };
    }

    /**
     * Sends a request and returns its observations, or the outcome that ends the check (a time
     * limit, the runner's death, a thread left running, a reply that cannot be read).
     */
    private Object observe(Map<String, String> request, String which) throws IOException {
        double before = runner.cpuUsed();
        RunnerProcess.Reply reply = runner.request(request, Math.max(0.01, cpuLeft), progress);
        cpuLeft -= runner.cpuUsed() - before;
        Outcome problem = problem(reply, which);
        if (problem != null) {
            return problem;
        }
        Map<String, String> answer = ((RunnerProcess.Answer) reply).fields();
        try {
            List<Observation> observations = Observation.decode(Base64.getDecoder().decode(answer.getOrDefault("observations", "")));
            if (observations.stream().anyMatch(CheckRun::ranOutOfMemory)) {
                runner.close();
            }
            return observations;
        } catch (IllegalArgumentException e) {
            return new Outcome(entry, check, Outcome.Status.FAILED, 0, which + "the submission's process sent a reply the grader"
                    + " cannot read (" + e.getMessage() + ")", 0);
        }
    }

    /** Whether the code ran out of memory: the next check then gets a fresh runner, not one whose heap may be in disarray. */
    private static boolean ranOutOfMemory(Observation o) {
        return o.kind() == Observation.Kind.THROWN && ReplayingProbe.rethrow(o) instanceof StudentException e
                && e.type().equals("OutOfMemoryError");
    }

    /** The cases of a golden, hidden or randomized check, one request each, until the first that fails. */
    private Outcome cases() throws IOException {
        List<Case> cases = check.cases();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Map<String, String> request = message("op", "case", "section", check.section().id(),
                    "call", c.call().text(), "seed", c.seed() == null ? "" : c.seed().toString());
            request.putAll(c.inputFields());
            withStandIns(request);
            String which = cases.size() == 1 ? "" : "case " + (i + 1) + " of " + cases.size() + ": ";
            Object observed = observe(request, which);
            if (observed instanceof Outcome o) {
                return o.status() == Outcome.Status.FAILED && !hidden ? failed(o.feedback() + caseDetails(c, null, null)) : o;
            }
            @SuppressWarnings("unchecked")
            List<Observation> observations = (List<Observation>) observed;
            Value got;
            String printed;
            try {
                ReplayingProbe replay = new ReplayingProbe(observations);
                Object value = replay.observe("case", s -> null);
                printed = replay.printed();
                got = Value.of(value, c.expected().wantsValues());
            } catch (NotImplementedYet e) {
                return new Outcome(entry, check, Outcome.Status.NOT_IMPLEMENTED, 0, e.getMessage(), 0);
            } catch (StudentException e) {
                return failed(which + (hidden ? thrownOnly(e) : e.getMessage() + caseDetails(c, null, null)));
            } catch (ReplayingProbe.ObservationMissing e) {
                return failed(which + e.getMessage());
            }
            String mismatch = Comparison.mismatch(c.expected(), c.tolerance(), got, printed);
            if (mismatch != null) {
                if (hidden) {
                    return failed(which + kindOf(mismatch) + " (a hidden case: its inputs and values are not shown)");
                }
                return failed(which + mismatch + caseDetails(c, mismatch, got));
            }
        }
        return passed();
    }

    /** For a hidden case: what was thrown, by a type the JDK or the runtime defines, without its message or place. */
    private static String thrownOnly(StudentException e) {
        String type = KNOWN_EXCEPTIONS.contains(e.type()) ? e.type() : "an exception";
        return "threw " + type + " (a hidden case: its inputs and the message are not shown)";
    }

    /**
     * The call and its inputs, where the case is written, and the book's note, for a visible case;
     * for the instructor, a hidden case's title and, whatever the mismatch showed, what was expected
     * and what the code gave ({@code got}, null when it threw), in full.
     */
    private String caseDetails(Case c, String mismatch, Value got) {
        if (hidden) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        if (instructor) {
            s.append("\ncase: ").append(c.title().isEmpty() ? "(no title)" : c.title());
        }
        s.append("\ncall: ").append(c.call().text());
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
        if (instructor) {
            Expected e = c.expected();
            s.append("\nexpected in full: ").append(Comparison.indent(e.value() != null ? String.valueOf(e.value())
                    : e.text() != null ? e.text() : "prints " + e.printed(), 18));
            s.append("\ngot in full:      ").append(got == null ? "(it threw, above)" : Comparison.indent(got.shown(), 18));
        }
        return s.toString();
    }

    /** The outcome of a reply that is not a plain answer, or null for an answer with observations. */
    private Outcome problem(RunnerProcess.Reply reply, String which) {
        if (reply instanceof RunnerProcess.TimedOut t) {
            runner.close();
            String why = t.wall() ? String.format(Locale.ROOT, "stopped: the machine gave it no CPU time for too long (%s of CPU used)",
                    Grader.seconds(t.cpuSeconds()))
                    : String.format(Locale.ROOT, "stopped after using %s of CPU time, %s (an endless loop? a thread that never"
                    + " ends?)", Grader.seconds(cpuLimit), budget > 0 ? "the rest of this submission's CPU budget of "
                    + Grader.seconds(budget) + " for all its checks" : "the limit of this check");
            return new Outcome(entry, check, Outcome.Status.TIMED_OUT, 0, which + why, 0);
        }
        if (reply instanceof RunnerProcess.Died d) {
            String how = d.where() != null ? "called System.exit at " + d.where() + "; that stops the whole JVM, so this check"
                    + " scores nothing (throw an exception instead)" : "the grading JVM stopped (exit code " + d.exitCode()
                    + ") while running this check" + (d.stderr().contains("OutOfMemoryError") ? ": it ran out of memory" : "");
            String tail = hidden || d.where() != null || d.stderr().isBlank() ? "" : "\nits last lines on standard error:\n"
                    + d.stderr().lines().skip(Math.max(0, d.stderr().lines().count() - 5)).reduce((a, b) -> a + "\n" + b).orElse("");
            return new Outcome(entry, check, Outcome.Status.CRASHED, 0, which + how + tail, 0);
        }
        Map<String, String> answer = ((RunnerProcess.Answer) reply).fields();
        if ("failed".equals(answer.get("op"))) {
            runner.close();
            return new Outcome(entry, check, Outcome.Status.GRADER_ERROR, 0, which + "the grading JVM could not run this check: "
                    + answer.getOrDefault("message", ""), 0);
        }
        if (answer.containsKey("leaked")) {
            runner.close();
            return failed(which + "returned but left running " + (hidden ? "threads or processes" : answer.get("leaked"))
                    + ": threads and processes your code starts must end before it returns");
        }
        return null;
    }

    /** What kind of mistake a mismatch is, without any value: {@code wrong shape}, {@code wrong values}, ... */
    private static String kindOf(String mismatch) {
        if (mismatch.startsWith("expected shape")) {
            return "wrong shape";
        }
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
        return new Outcome(entry, check, status, entry.points() * Math.min(1, fraction), feedback, 0,
                new Outcome.Measurement("validation accuracy", measured));
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
}
