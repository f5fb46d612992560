package d2l.grader;

import static d2l.grader.Wire.message;

import d2l.workbook.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Grades submissions against a rubric. For each submission it copies the section files into a
 * fresh directory, starts a {@link ChildJvm} there, compiles each section's file (a file that
 * does not compile costs only its own section's checks) and runs every check of the rubric with
 * its time limit, comparing the values the child sends back with the expected ones. One grader
 * serves any number of submissions, one after the other or at once.
 */
public final class Grader {

    /** A check of the rubric, ready to run: golden and hidden cases read, randomized cases made. */
    private record Planned(RubricEntry entry, GraderCheck check) {}

    private final Rubric rubric;
    private final GradeOptions options;
    private final List<Planned> plan = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * A grader for {@code rubric}'s checks found in {@code catalogue}.
     *
     * @throws IllegalArgumentException when a row of the rubric names no check, or a check requires a training check
     */
    public Grader(Rubric rubric, Catalogue catalogue, GradeOptions options) {
        this.rubric = rubric;
        this.options = options;
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
            if (check.kind() == CheckKind.TRAINING && !options.training()) {
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
                if (r != null && r.kind() == CheckKind.TRAINING) {
                    throw new IllegalArgumentException(rubric.shownName() + ":" + e.line() + ": cannot require the training check \""
                            + required + "\" (it does not run with --no-training)");
                }
            }
        }
        if (skipped > 0) {
            notes.add("not run: " + skipped + " training " + (skipped == 1 ? "check" : "checks") + " (" + Report.points(skippedPoints)
                    + " points), --no-training");
        }
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("nothing to grade: the rubric " + rubric.shownName() + " has no checks"
                    + (options.only().isEmpty() ? "" : " for " + options.only().stream().map(Section::id).toList()));
        }
    }

    private Grader(Grader other, GradeOptions options) {
        this.rubric = other.rubric;
        this.options = options;
        this.plan.addAll(other.plan);
        this.notes.addAll(other.notes);
    }

    /** This grader, with the training checks reading Fashion-MNIST from {@code dir}. */
    public Grader withDataDir(Path dir) {
        GradeOptions o = options;
        return new Grader(this, new GradeOptions(o.graderDir(), o.only(), o.training(), o.timeout(), o.memory(), o.threads(), dir,
                o.logsDir()));
    }

    /** Whether any check to run trains (and so needs Fashion-MNIST). */
    public boolean trains() {
        return plan.stream().anyMatch(p -> p.check().kind() == CheckKind.TRAINING);
    }

    private static String checksOf(Catalogue catalogue, RubricEntry e) {
        List<String> names = catalogue.all().stream().filter(c -> c.section() == e.section()).map(GraderCheck::name).toList();
        return "; its checks are:\n  " + String.join("\n  ", names);
    }

    /**
     * Grades the workbook in {@code dir}, naming it {@code name} in the report and the logs, and
     * passing progress lines (training epochs) to {@code progress}.
     */
    public Report grade(Path dir, String name, Consumer<String> progress) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such workbook directory: " + dir);
        }
        long start = System.nanoTime();
        Path work = Files.createTempDirectory("d2l-grade-");
        try {
            for (Section s : Section.values()) {
                Path file = dir.resolve(s.fileName());
                if (Files.isRegularFile(file)) {
                    Files.copy(file, work.resolve(s.fileName()));
                }
            }
            ChildJvm.Settings settings = new ChildJvm.Settings(work, options.graderDir().resolve("standins").toAbsolutePath(),
                    options.memory(), options.threads(), options.dataDir());
            try (ChildJvm child = new ChildJvm(settings)) {
                return run(child, name, progress, start);
            }
        } finally {
            try {
                deleteTree(work);
            } catch (IOException e) {
                System.err.println("d2l: could not remove the temporary directory " + work + ": " + e.getMessage());
            }
        }
    }

    private Report run(ChildJvm child, String name, Consumer<String> progress, long start) throws IOException {
        Map<Section, List<String>> compileErrors = new EnumMap<>(Section.class);
        Map<Section, String> compileFailures = new EnumMap<>(Section.class);
        List<Outcome> outcomes = new ArrayList<>();
        for (Planned p : plan) {
            Section section = p.check().section();
            if (!compileErrors.containsKey(section) && !compileFailures.containsKey(section)) {
                ChildJvm.Reply reply = child.request(message("op", "compile", "section", section.id()), 300, progress);
                if (reply instanceof ChildJvm.Answer a) {
                    String errors = a.fields().getOrDefault("errors", "");
                    compileErrors.put(section, errors.isEmpty() ? List.of() : List.of(errors.split(GradingChild.SEPARATOR)));
                } else {
                    compileFailures.put(section, "the grading JVM failed while compiling " + section.fileName() + ": " + reply);
                }
            }
            long began = System.nanoTime();
            Outcome o;
            if (compileFailures.containsKey(section)) {
                o = outcome(p, Outcome.Status.GRADER_ERROR, 0, compileFailures.get(section));
            } else if (!compileErrors.get(section).isEmpty()) {
                o = outcome(p, Outcome.Status.COMPILE_ERROR, 0, compileFeedback(section, compileErrors.get(section)));
            } else {
                o = new CheckRun(child, p.entry(), p.check(), timeout(p), settings(p, name),
                        line -> progress.accept(p.check().title() + ": " + line)).run();
            }
            outcomes.add(new Outcome(o.entry(), o.check(), o.status(), o.score(), o.feedback(), (System.nanoTime() - began) / 1e9));
        }
        compileErrors.values().removeIf(List::isEmpty);
        List<String> runNotes = new ArrayList<>(notes);
        if (child.starts() > 1) {
            runNotes.add("the grading JVM was restarted " + (child.starts() - 1) + (child.starts() == 2 ? " time" : " times")
                    + " (after a time limit, an exit, a thread left running or running out of memory)");
        }
        return new Report(name, requirements(outcomes), compileErrors, runNotes, (System.nanoTime() - start) / 1e9);
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

    /** A name usable as a file name. */
    static String safe(String name) {
        String s = name.replaceAll("/+$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
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

    /** The files of {@code dir} the grader reads, in book order. */
    static List<Path> sectionFiles(Path dir) {
        return Arrays.stream(Section.values()).map(s -> dir.resolve(s.fileName())).filter(Files::isRegularFile).toList();
    }
}
