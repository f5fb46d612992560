package d2l.grader;

import static d2l.grader.runner.Wire.message;

import d2l.grader.runner.Runner;
import d2l.grader.sandbox.GradingTemp;
import d2l.grader.sandbox.RunnerProcess;
import d2l.grader.sandbox.Sandbox;
import d2l.grader.sandbox.Slot;
import d2l.workbook.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Grades submissions against a rubric. For each submission it takes the section files, wherever
 * {@link SubmissionLayout} finds them (never following a link, refusing a file too large), into a
 * fresh directory, then grades section by section, each in a {@link RunnerProcess} of its own
 * inside the {@link Sandbox} (a section with no file starts none): the runner
 * compiles and loads the section (a file that does not compile costs only its own section's
 * checks) and returns observations for each check, within the check's CPU-time limit and the
 * submission's budget; the verdicts are decided here, by {@link CheckRun}. One grader serves any
 * number of submissions, one after the other or at once.
 */
public final class Grader {

    /** A check of the rubric, ready to run: golden and hidden cases read, randomized cases made. */
    private record Planned(RubricEntry entry, GraderCheck check) {}

    /**
     * CPU seconds javac may take on a section file. Compiling is the grader's work, not the
     * submission's, so it is timed apart from the static initializer and the checks: a short
     * {@code --timeout} then limits the student's code only.
     */
    static final double COMPILE_SECONDS = 60;

    private final Rubric rubric;
    private final GradeOptions options;
    private final List<Planned> plan = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Sandbox sandbox;

    /**
     * A grader for {@code rubric}'s checks found in {@code catalogue}.
     *
     * @throws IllegalArgumentException when a row of the rubric names no check, or a check requires a training check
     */
    public Grader(Rubric rubric, Catalogue catalogue, GradeOptions options) {
        this.rubric = rubric;
        this.options = options;
        this.sandbox = Sandbox.detect(options.sandbox());
        removeStaleOnce();
        double skippedPoints = 0;
        int skipped = 0;
        for (RubricEntry e : rubric.entries()) {
            GraderCheck check = catalogue.find(e.section(), e.check());
            if (check == null) {
                throw new IllegalArgumentException(rubric.shownName() + ":" + e.line() + ": " + e.section().id() + " has no check named \""
                        + e.check() + "\"" + checksOf(catalogue, e));
            }
            if (check.kind() == CheckKind.TRAINING && !e.requires().isEmpty()) {
                throw new IllegalArgumentException(rubric.shownName() + ":" + e.line() + ": a training check cannot require others");
            }
            if (!options.includes(e.section())) {
                continue;
            }
            if (!options.training() && slowTraining(check, e)) {
                skipped++;
                skippedPoints += e.points();
                continue;
            }
            CheckRun.creditSteps(e);
            if (check.kind() == CheckKind.RANDOMIZED) {
                check = RandomizedChecks.withCases(check, (long) e.number("seed", 1));
            }
            plan.add(new Planned(e, check));
        }
        for (RubricEntry e : rubric.entries()) {
            for (String required : e.requires()) {
                GraderCheck r = catalogue.find(e.section(), required);
                RubricEntry row = rubric.entries().stream().filter(x -> x.section() == e.section() && x.check().equals(required))
                        .findFirst().orElse(null);
                if (r != null && row != null && slowTraining(r, row)) {
                    throw new IllegalArgumentException(rubric.shownName() + ":" + e.line() + ": cannot require the training check \""
                            + required + "\" (it does not run with --no-training; one marked quick=true does)");
                }
            }
        }
        if (skipped > 0) {
            notes.add("not run: " + skipped + " training " + (skipped == 1 ? "check" : "checks") + " (" + Report.points(skippedPoints)
                    + " points), --no-training");
        }
        if (options.showHidden()) {
            notes.add("the instructor's view (--instructor): hidden cases are shown in full; not for the student");
        }
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("nothing to grade: the rubric " + rubric.shownName() + " has no checks"
                    + (options.only().isEmpty() ? "" : " for " + options.only().stream().map(Section::id).toList()));
        }
    }

    private static boolean staleRemoved;

    /** Deletes the scratch directories a grader that was killed left behind (once per JVM). */
    private static synchronized void removeStaleOnce() {
        if (staleRemoved) {
            return;
        }
        staleRemoved = true;
        try {
            GradingTemp.removeStale();
        } catch (IOException e) {
            System.err.println("d2l: could not remove old grading directories: " + e.getMessage());
        }
    }

    private Grader(Grader other, GradeOptions options) {
        this.rubric = other.rubric;
        this.options = options;
        this.sandbox = other.sandbox;
        this.plan.addAll(other.plan);
        this.notes.addAll(other.notes);
    }

    /** This grader, with the training checks reading Fashion-MNIST from {@code dir}. */
    public Grader withDataDir(Path dir) {
        GradeOptions o = options;
        return new Grader(this, new GradeOptions(o.graderDir(), o.only(), o.training(), o.timeout(), o.memory(), o.threads(), dir,
                o.logsDir(), o.sandbox(), o.showHidden(), o.budget()));
    }

    /** Whether any check to run trains on Fashion-MNIST (and so needs it). */
    public boolean trains() {
        return plan.stream().anyMatch(p -> slowTraining(p.check(), p.entry()));
    }

    /**
     * Whether {@code check} trains on Fashion-MNIST, so that {@code --no-training} skips it: every
     * training check but those whose rubric row says {@code quick=true} (learning the 1 x 2 kernel
     * of 7.2 takes milliseconds and no data set, and its epoch losses tell the common mistakes apart).
     */
    public static boolean slowTraining(GraderCheck check, RubricEntry row) {
        return check.kind() == CheckKind.TRAINING && !"true".equals(row.settings().get("quick"));
    }

    private static String checksOf(Catalogue catalogue, RubricEntry e) {
        List<String> names = catalogue.all().stream().filter(c -> c.section() == e.section()).map(GraderCheck::name).toList();
        return "; its checks are:\n  " + String.join("\n  ", names);
    }

    /** How submissions are confined, as found when the grader started ({@code --sandbox}). */
    public Sandbox sandbox() {
        return sandbox;
    }

    /**
     * Grades the workbook in {@code dir} (a folder or a zip, laid out as {@link SubmissionLayout}
     * accepts), naming it {@code name} in the report and the logs, and passing progress lines
     * (training epochs) to {@code progress}. A section whose file is missing scores nothing, each of
     * its checks saying why, and starts no runner.
     *
     * @throws IllegalArgumentException when the submission cannot be graded: no workbook file in it, not a folder or a zip
     */
    public Report grade(Path dir, String name, Consumer<String> progress) throws IOException {
        long start = System.nanoTime();
        Path work = GradingTemp.create("submission");
        try (Slot slot = Slot.take()) {
            SubmissionLayout.Taken taken = SubmissionLayout.take(dir, name, work);
            return run(work.resolve("submission"), work, slot.number(), name, progress, start, taken);
        } finally {
            try {
                GradingTemp.delete(work);
            } catch (IOException e) {
                System.err.println("d2l: could not remove the temporary directory " + work + ": " + e.getMessage());
            }
        }
    }

    /**
     * Runs the plan section by section, each section in a runner of its own (so nothing one
     * section's code leaves behind, in memory or in its scratch directory, reaches another's), the
     * visible checks of a section before its hidden ones.
     */
    private Report run(Path submission, Path work, int slot, String name, Consumer<String> progress, long start,
                       SubmissionLayout.Taken taken) throws IOException {
        Map<Section, List<String>> compileErrors = new EnumMap<>(Section.class);
        List<Outcome> outcomes = new ArrayList<>();
        double budgetLeft = options.budget();
        int starts = 0;
        Map<Section, List<Planned>> bySection = new LinkedHashMap<>();
        for (Planned p : plan) {
            bySection.computeIfAbsent(p.check().section(), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<Section, List<Planned>> e : bySection.entrySet()) {
            Section section = e.getKey();
            List<Planned> planned = new ArrayList<>(e.getValue());
            planned.sort(Comparator.comparing(p -> p.entry().visibility() == Visibility.HIDDEN));
            String absent = taken.absent().get(section);
            if (absent != null) {
                planned.forEach(p -> outcomes.add(outcome(p, Outcome.Status.MISSING, 0, absent)));
                continue;
            }
            Path scratch = work.resolve("scratch-" + section.id());
            RunnerProcess.Settings settings = new RunnerProcess.Settings(submission, scratch, reference(section, work),
                    options.memory(), options.threads(), options.dataDir(), sandbox, slot);
            try (RunnerProcess runner = new RunnerProcess(settings)) {
                Readiness readiness = prepare(runner, section, submission, budgetLeft, progress);
                budgetLeft -= readiness.cpuUsed();
                List<String> errors = readiness.compileErrors();
                if (!errors.isEmpty()) {
                    compileErrors.put(section, errors);
                }
                List<String> hints = SourceHints.of(submission.resolve(section.fileName()), section.fileName());
                for (Planned p : planned) {
                    long began = System.nanoTime();
                    Outcome o;
                    if (readiness.notRun() != null) {
                        o = outcome(p, readiness.timedOut() ? Outcome.Status.TIMED_OUT : Outcome.Status.GRADER_ERROR, 0,
                                readiness.notRun());
                    } else if (!errors.isEmpty()) {
                        o = outcome(p, Outcome.Status.COMPILE_ERROR, 0, compileFeedback(section, errors));
                    } else if (budgetLeft <= 0) {
                        o = outcome(p, Outcome.Status.TIMED_OUT, 0, "not run: this submission used up its CPU budget of "
                                + seconds(options.budget()) + " for all its checks");
                    } else {
                        double cpu = Math.min(budgetLeft, timeout(p));
                        double cpuBefore = runner.cpuTotal();
                        o = new CheckRun(runner, p.entry(), p.check(), cpu, cpu < timeout(p) ? options.budget() : 0, settings(p, name),
                                line -> progress.accept(p.check().title() + ": " + line), options.showHidden(), options.dataDir()).run();
                        budgetLeft -= runner.cpuTotal() - cpuBefore;
                    }
                    String feedback = o.status() == Outcome.Status.FAILED && !hints.isEmpty()
                            ? o.feedback() + "\n" + String.join("\n", hints) : o.feedback();
                    outcomes.add(new Outcome(o.entry(), o.check(), o.status(), o.score(), feedback, (System.nanoTime() - began) / 1e9,
                            o.measured()));
                }
                starts += runner.starts();
            } finally {
                GradingTemp.delete(scratch);
            }
        }
        List<String> runNotes = new ArrayList<>(notes);
        runNotes.add("isolation: " + sandbox.isolation().description() + (sandbox.why().isEmpty() ? "" : " (" + sandbox.why() + ")"));
        runNotes.addAll(taken.notes());
        int runners = (int) bySection.keySet().stream().filter(s -> !taken.absent().containsKey(s)).count();
        if (starts > runners) {
            runNotes.add("the grading JVM was restarted " + (starts - runners) + (starts - runners == 1 ? " time" : " times")
                    + " (after a time limit, an exit, a thread left running or running out of memory)");
        }
        List<Outcome> inRubricOrder = new ArrayList<>();
        for (Planned p : plan) {
            outcomes.stream().filter(o -> o.entry() == p.entry()).findFirst().ifPresent(inRubricOrder::add);
        }
        return new Report(name, requirements(inRubricOrder), compileErrors, runNotes, (System.nanoTime() - start) / 1e9);
    }

    /**
     * What compiling and loading a section left: its compile errors (none when it compiled), or why
     * no check can run although it compiled ({@code notRun}, null when it is ready), and the CPU
     * time both took, which counts against the submission's budget.
     */
    private record Readiness(List<String> compileErrors, String notRun, boolean timedOut, double cpuUsed) {}

    /**
     * Compiles {@code section} in the runner (within {@link #COMPILE_SECONDS}), then loads it, which
     * runs its static initializer within the check time limit; both within what is left of the budget.
     * The runner remembers both requests, and makes them again after every restart.
     */
    private Readiness prepare(RunnerProcess runner, Section section, Path submission, double budgetLeft,
                              Consumer<String> progress) throws IOException {
        double before = runner.cpuUsed();
        RunnerProcess.Reply compiled = runner.prepare(message("op", "compile", "section", section.id()),
                Math.max(0.01, Math.min(budgetLeft, COMPILE_SECONDS)), progress);
        double limit = Math.min(budgetLeft - (runner.cpuUsed() - before),
                options.timeout() != null ? options.timeout() : GradeOptions.DEFAULT_TIMEOUT);
        if (compiled instanceof RunnerProcess.TimedOut) {
            return new Readiness(List.of(), String.format(Locale.ROOT, "compiling %s took more than %s of CPU time, so no"
                    + " check of %s could run", section.fileName(), seconds(COMPILE_SECONDS), section.id()), true,
                    runner.cpuUsed() - before);
        }
        if (!(compiled instanceof RunnerProcess.Answer a && "compiled".equals(a.fields().get("op")))) {
            return new Readiness(List.of(), failedLoading(section, compiled), false, runner.cpuUsed() - before);
        }
        String text = a.fields().getOrDefault("errors", "");
        if (!text.isEmpty()) {
            String copied = submission.toAbsolutePath() + java.io.File.separator;
            return new Readiness(List.of(text.replace(copied, "").split(Runner.SEPARATOR)), null, false,
                    runner.cpuUsed() - before);
        }
        RunnerProcess.Reply loaded = runner.prepare(message("op", "load", "section", section.id()), Math.max(0.01, limit),
                progress);
        String notRun = null;
        if (loaded instanceof RunnerProcess.TimedOut) {
            notRun = String.format(Locale.ROOT, "%s's static initializer did not finish within %s of CPU time (an endless"
                    + " loop in a static block or field?), so no check of %s could run", section.fileName(), seconds(limit),
                    section.id());
        } else if (!(loaded instanceof RunnerProcess.Answer b && "loaded".equals(b.fields().get("op")))) {
            notRun = failedLoading(section, loaded);
        }
        return new Readiness(List.of(), notRun, loaded instanceof RunnerProcess.TimedOut, runner.cpuUsed() - before);
    }

    /** Why no check ran when the grading JVM answered a compile or load request with something else. */
    private static String failedLoading(Section section, Object answer) {
        return "the grading JVM failed while loading " + section.fileName() + ": " + answer;
    }

    /**
     * The stand-in answers a section may use for earlier sections' functions (7.4's {@code corr2d}),
     * copied for it alone: only sections after the stand-ins' own ever see them, so 7.2's code cannot
     * call the answer it is graded on.
     */
    private Path reference(Section section, Path work) throws IOException {
        Path standins = options.graderDir().resolve("standins");
        if (!Files.isDirectory(standins)) {
            return null;
        }
        Path copy = work.resolve("reference-" + section.id());
        boolean any = false;
        for (Section earlier : Section.values()) {
            Path file = standins.resolve(earlier.fileName());
            if (earlier.ordinal() < section.ordinal() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                GradingTemp.createDirectories(copy);
                Files.copy(file, copy.resolve(earlier.fileName()), StandardCopyOption.REPLACE_EXISTING);
                any = true;
            }
        }
        return any ? copy : null;
    }

    private static Outcome outcome(Planned p, Outcome.Status status, double score, String feedback) {
        return new Outcome(p.entry(), p.check(), status, score, feedback, 0);
    }

    /** The first error's first line ({@code Sec7_3.java:42: error: ';' expected}); the report lists them all in full. */
    private static String compileFeedback(Section section, List<String> errors) {
        String first = errors.get(0).lines().findFirst().orElse("");
        return section.fileName() + " does not compile, so this check cannot run: " + first
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    }

    private double timeout(Planned p) {
        if (p.check().kind() == CheckKind.TRAINING) {
            return p.entry().number("timeout", GradeOptions.DEFAULT_TRAINING_TIMEOUT);
        }
        return options.timeout() != null ? options.timeout() : p.entry().number("timeout", GradeOptions.DEFAULT_TIMEOUT);
    }

    /** The rubric's settings, and for a training check where its CSV log goes. */
    private Map<String, String> settings(Planned p, String name) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>(p.entry().settings());
        if (settings.containsKey("standins")) {
            Path file = options.graderDir().resolve("standins").resolve(p.check().section().fileName());
            if (!Files.isRegularFile(file)) {
                throw new IOException("rubric: \"" + p.check().name() + "\" names standins=" + settings.get("standins")
                        + " but there is no " + file);
            }
            settings.put(CheckRun.STAND_INS_SOURCE, Files.readString(file));
        }
        if (p.check().kind() == CheckKind.TRAINING) {
            Path dir = options.logsDir().resolve(safe(name)).toAbsolutePath();
            Files.createDirectories(dir);
            String file = p.check().name().startsWith("LeNet") ? "lenet" : p.check().name().startsWith("ResNet") ? "resnet18"
                    : "learn-kernel";
            settings.put("log", dir.resolve(file + ".csv").toString());
            settings.put("run", safe(name) + "-" + file);
        }
        return settings;
    }

    /**
     * A name usable as a file name, unique for distinct names and the same on every run: the name
     * itself when it is plain ASCII letters, digits, dots, dashes and underscores (not starting with a
     * dot) and short, else its plain characters cut to 80, then {@code -} and a hash of the exact name
     * ({@code "a b"} and {@code "a_b"}, {@code "é"} and {@code "è"} stay apart).
     */
    static String safe(String name) {
        String s = name.replaceAll("/+$", "");
        if (s.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,79}")) {
            return s;
        }
        String plain = s.replaceAll("[^A-Za-z0-9._-]", "_");
        if (plain.length() > 80) {
            plain = plain.substring(0, 80);
        }
        if (plain.startsWith(".")) {
            plain = "_" + plain;
        }
        return plain + "-" + Fingerprint.of(s).substring(0, 8);
    }

    /**
     * A check whose {@code requires} did not all pass scores nothing: its output may only be the
     * book's, hard-coded.
     */
    private static List<Outcome> requirements(List<Outcome> outcomes) {
        List<Outcome> result = new ArrayList<>();
        for (Outcome o : outcomes) {
            List<String> unmet = new ArrayList<>();
            for (String required : o.entry().requires()) {
                outcomes.stream().filter(r -> r.check().section() == o.check().section() && r.check().name().equals(required))
                        .findFirst().filter(r -> r.status() != Outcome.Status.PASSED).ifPresent(r -> unmet.add(required));
            }
            if (o.status() == Outcome.Status.PASSED && !unmet.isEmpty()) {
                result.add(new Outcome(o.entry(), o.check(), Outcome.Status.FAILED, 0, "right on the book's example, but this check"
                        + " scores only when " + String.join(" and ", unmet.stream().map(u -> "\"" + u + "\"").toList())
                        + " passes too (code that gives only the book's printed outputs scores nothing)", o.seconds()));
            } else {
                result.add(o);
            }
        }
        return result;
    }

    /** The rubric this grader grades by. */
    public Rubric rubric() {
        return rubric;
    }

    /** Notes that hold for every submission (checks not run). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** A fingerprint of what decides a grade besides the submission: the rubric, the case files and the options. */
    public String settingsFingerprint() {
        StringBuilder s = new StringBuilder(rubric.text());
        for (Planned p : plan) {
            s.append(p.entry().line()).append(p.check().cases().stream().map(c -> c.call().text() + c.inputFields() + c.expected())
                    .toList());
        }
        s.append(options.only()).append(options.training()).append(options.timeout());
        return Fingerprint.of(s.toString());
    }

    /** Deletes {@code dir} and everything in it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** For messages: {@code 61.7 s}. */
    static String seconds(double s) {
        return String.format(Locale.ROOT, s < 10 ? "%.1f s" : "%.0f s", s);
    }
}
