package d2l.workbook;

import d2l.tensor.Generator;
import d2l.tensor.Torch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks of each section: the outputs the book's documents print (each check names the
 * document and the passage its expected value comes from), and properties the book states, run
 * against a workbook's functions and classes. In {@code ./d2l jshell}, {@code check("7.2")} checks
 * one section of the loaded workbook and {@code check()} all of them; in an IDE, run
 * {@code CheckWorkbook}. The tests run them against {@code solutions/}.
 *
 * <p>Each check runs on its own, so a function that is not written yet fails only the checks that
 * use it. Whatever a check prints (the book's {@code epoch 2, loss 5.894} lines) is captured, not
 * shown, and a check that runs longer than {@code d2l.check.timeout} seconds (default 120) fails.
 */
public final class Checks {

    private Checks() {}

    /** How a check ended. */
    public enum Status {
        /** The values agree with the book's. */
        PASS,
        /** A value disagrees, or the code threw. */
        FAIL,
        /** The code threw {@link NotImplementedYet}: the stub is still there. */
        NOT_IMPLEMENTED,
        /** The section's file is missing or does not compile. */
        ERROR
    }

    /**
     * One check.
     *
     * @param section the section
     * @param name    what it checks, e.g. {@code corr2d(X, K) on the book's 3 x 3 example}
     * @param source  where the expected value comes from, e.g. {@code [001] In [3]}
     * @param body    the check: reaches the student's code only through its {@link Probe}, throws
     *                {@link AssertionError} (or anything else) to fail
     */
    public record Check(Section section, String name, String source, Body body) {}

    /** The code of a check. */
    @FunctionalInterface
    public interface Body {
        void run(Probe probe) throws Exception;
    }

    /**
     * What a check's first run, next to the student's code, came to.
     *
     * @param observations what it observed, in order
     * @param unfinished   empty when the run ended; else why not (it ran past its time limit)
     */
    public record Recording(List<Observation> observations, String unfinished) {}

    /**
     * The outcome of one check.
     *
     * @param check   the check
     * @param status  how it ended
     * @param message why it failed (the expected and the actual value, or the exception), empty when it passed
     */
    public record Result(Check check, Status status, String message) {}

    /** The outcomes of the checks of one or more sections of a workbook. */
    public record Report(Workbook workbook, List<Result> results) {

        /** True when every check passed. */
        public boolean allPassed() {
            return results.stream().allMatch(r -> r.status() == Status.PASS);
        }

        public long count(Status status) {
            return results.stream().filter(r -> r.status() == status).count();
        }

        /** The report as {@link #check(String)} prints it. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            Section current = null;
            for (Result r : results) {
                if (r.check().section() != current) {
                    current = r.check().section();
                    s.append(current.id()).append(' ').append(current.title()).append(" (")
                            .append(workbook.shownName(current)).append(")\n");
                }
                String mark = switch (r.status()) {
                    case PASS -> "  ok    ";
                    case FAIL -> "  FAIL  ";
                    case NOT_IMPLEMENTED -> "  todo  ";
                    case ERROR -> "  ERROR ";
                };
                s.append(mark).append(r.check().name());
                if (!r.check().source().isEmpty()) {
                    s.append("   (").append(r.check().source()).append(')');
                }
                s.append('\n');
                if (r.status() != Status.PASS && !r.message().isEmpty()) {
                    for (String line : r.message().split("\n")) {
                        s.append("        ").append(line).append('\n');
                    }
                }
            }
            s.append(String.format(Locale.ROOT, "%d of %d checks pass", count(Status.PASS), results.size()));
            if (count(Status.FAIL) > 0) {
                s.append(", ").append(count(Status.FAIL)).append(" fail");
            }
            if (count(Status.NOT_IMPLEMENTED) > 0) {
                s.append(", ").append(count(Status.NOT_IMPLEMENTED)).append(" not implemented yet");
            }
            if (count(Status.ERROR) > 0) {
                s.append(", ").append(count(Status.ERROR)).append(" cannot run (the file does not compile)");
            }
            return s.append('\n').toString();
        }
    }

    /** The checks of {@code section}. */
    public static List<Check> of(Section section) {
        return SectionChecks.of(section);
    }

    /** Runs the checks of {@code sections} against {@code workbook}. */
    public static Report run(Workbook workbook, List<Section> sections) {
        List<Result> results = new ArrayList<>();
        for (Section section : sections) {
            for (Check check : of(section)) {
                results.add(run(workbook, check));
            }
        }
        return new Report(workbook, List.copyOf(results));
    }

    /** Runs one check against {@code workbook}: compiles (or reuses) the section's file, then runs the check. */
    public static Result run(Workbook workbook, Check check) {
        LoadedSection loaded;
        try {
            loaded = workbook.load(check.section());
        } catch (WorkbookException e) {
            return new Result(check, Status.ERROR, e.getMessage());
        }
        return run(loaded, check);
    }

    /**
     * Runs one check against a loaded section, as the grader does but in one JVM: {@link #record}
     * next to the student's code, then {@link #judge} the observations.
     */
    public static Result run(LoadedSection loaded, Check check) {
        Recording r = record(loaded, check, Long.getLong("d2l.check.timeout", 120));
        if (!r.unfinished().isEmpty()) {
            return new Result(check, Status.FAIL, r.unfinished());
        }
        return judge(check, r.observations());
    }

    /**
     * The first run of a check, next to the student's code: runs its body from seed 0 with a
     * {@link RecordingProbe}, capturing what the code prints, and returns what it observed. Whether
     * the body's own comparisons pass does not matter here.
     */
    public static Recording record(LoadedSection loaded, Check check, long timeoutSeconds) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        RecordingProbe probe = new RecordingProbe(loaded, () -> printed.toString(StandardCharsets.UTF_8));
        PrintStream out = System.out;
        Thread runner = new Thread(() -> {
            try {
                Torch.manualSeed(0);
                check.body().run(probe);
            } catch (Throwable t) {
                // the judging run meets the same exception at the same place
            }
        }, "check " + check.section().id());
        runner.setDaemon(true);
        System.setOut(capture);
        try {
            runner.start();
            runner.join(timeoutSeconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            System.setOut(out);
        }
        if (runner.isAlive()) {
            runner.interrupt();
            return new Recording(probe.observations(), "did not finish within " + timeoutSeconds + " s (an endless loop?)");
        }
        return new Recording(probe.observations(), "");
    }

    /**
     * The second run of a check, the one that decides: runs its body from seed 0 with a
     * {@link ReplayingProbe} over {@code observations}, so every comparison happens here, without
     * the student's code. One judging run at a time, as checks share the global random generator.
     */
    public static Result judge(Check check, List<Observation> observations) {
        synchronized (Checks.class) {
            Generator.State before = Generator.global().getState();
            try {
                Torch.manualSeed(0);
                check.body().run(new ReplayingProbe(observations));
                return new Result(check, Status.PASS, "");
            } catch (NotImplementedYet e) {
                return new Result(check, Status.NOT_IMPLEMENTED, e.getMessage());
            } catch (AssertionError | StudentException | ReplayingProbe.ObservationMissing e) {
                return new Result(check, Status.FAIL, String.valueOf(e.getMessage()));
            } catch (Throwable t) {
                return new Result(check, Status.FAIL, describe(t));
            } finally {
                Generator.global().setState(before);
            }
        }
    }

    /** An exception the check's own code met on what it observed (a value of an unexpected type). */
    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
