package d2l.workbook;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

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
     * @param body    the check: throws {@link AssertionError} (or anything else) to fail
     */
    public record Check(Section section, String name, String source, Body body) {}

    /** The code of a check. */
    @FunctionalInterface
    public interface Body {
        void run(LoadedSection s, Context context) throws Exception;
    }

    /** What a check can see besides the section: what the code printed so far. */
    public interface Context {
        String printed();
    }

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

    /**
     * Checks {@code section} ({@code "7.2"}) of the current workbook (in JShell, the one loaded) as
     * its file is now on disk, and prints the report. ({@link #run(Workbook, List)} returns it instead.)
     */
    public static void check(String section) {
        System.out.print(run(Workbook.current(), List.of(Section.of(section))));
    }

    /** Checks every section of the current workbook and prints the report. */
    public static void check() {
        System.out.print(run(Workbook.current(), List.of(Section.values())));
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

    /** Runs one check against a loaded section. */
    public static Result run(LoadedSection loaded, Check check) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Context context = () -> printed.toString(StandardCharsets.UTF_8);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        PrintStream out = System.out;
        Thread runner = new Thread(() -> {
            try {
                check.body().run(loaded, context);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "check " + check.section().id());
        runner.setDaemon(true);
        long timeout = Long.getLong("d2l.check.timeout", 120);
        System.setOut(capture);
        try {
            runner.start();
            runner.join(timeout * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } finally {
            System.setOut(out);
        }
        if (runner.isAlive()) {
            runner.interrupt();
            return new Result(check, Status.FAIL, "did not finish within " + timeout + " s (an endless loop?)");
        }
        Throwable t = failure.get();
        if (t == null) {
            return new Result(check, Status.PASS, "");
        }
        if (t instanceof NotImplementedYet) {
            return new Result(check, Status.NOT_IMPLEMENTED, t.getMessage());
        }
        if (t instanceof AssertionError) {
            return new Result(check, Status.FAIL, String.valueOf(t.getMessage()));
        }
        return new Result(check, Status.FAIL, describe(t, loaded));
    }

    /** An exception from the student's code: its message and where in their file it happened. */
    private static String describe(Throwable t, LoadedSection loaded) {
        StringBuilder s = new StringBuilder(t.getClass().getSimpleName());
        if (t.getMessage() != null) {
            s.append(": ").append(t.getMessage());
        }
        String file = loaded.section().fileName();
        for (StackTraceElement e : t.getStackTrace()) {
            if (file.equals(e.getFileName())) {
                s.append("\n  at ").append(loaded.shownName()).append(':').append(e.getLineNumber()).append(" (in ")
                        .append(e.getMethodName().equals("<init>") ? "a constructor" : e.getMethodName()).append(')');
                break;
            }
        }
        return s.toString();
    }
}
