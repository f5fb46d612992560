package d2l.grader;

import d2l.workbook.Section;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Grades a class: every subdirectory and {@code .zip} file of the roster directory is one student's
 * workbook, laid out as {@link SubmissionLayout} accepts; one with no workbook file gets the row
 * {@code error: no workbook file ...}. Up to
 * {@code jobs} submissions are graded at once, each in its own child JVM, so one submission's
 * crash never touches another's result. After each submission the gradebook is rewritten
 * atomically, and its report is written as text and as Gradescope JSON beside it. A run that
 * resumes skips the students whose row is already graded from the same files and settings.
 */
public final class Roster {

    /**
     * What a run did.
     *
     * @param lowest the lowest total of the roster's students graded, now or before (infinity when none was)
     */
    public record Summary(int graded, int resumed, int failed, double lowest) {}

    private final Grader grader;
    private final Path rosterDir;
    private final Path gradebook;
    private final Path reportsDir;
    private final int jobs;
    private final PrintStream progress;

    public Roster(Grader grader, Path rosterDir, Path gradebook, Path reportsDir, int jobs, PrintStream progress) {
        this.grader = grader;
        this.rosterDir = rosterDir;
        this.gradebook = gradebook;
        this.reportsDir = reportsDir;
        this.jobs = jobs;
        this.progress = progress;
    }

    /** Grades the roster. */
    public Summary run() throws IOException, InterruptedException {
        if (!Files.isDirectory(rosterDir)) {
            throw new IllegalArgumentException("no such roster directory: " + rosterDir);
        }
        List<Path> submissions = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(rosterDir)) {
            entries = s.sorted().toList();
        }
        for (Path p : entries) {
            String why = skipped(p);
            if (why == null) {
                submissions.add(p);
            } else if (!why.isEmpty()) {
                progress.printf(Locale.ROOT, "skipped %s: %s%n", shown(p.getFileName().toString()), why);
            }
        }
        if (submissions.isEmpty()) {
            throw new IllegalArgumentException("no submissions in " + rosterDir + " (each subdirectory or .zip file is one student's workbook)");
        }
        Map<String, Gradebook.Row> rows = Gradebook.read(gradebook);
        String settings = grader.settingsFingerprint();
        List<Path> todo = new ArrayList<>();
        int resumed = 0;
        for (Path s : submissions) {
            Gradebook.Row row = rows.get(shown(s.getFileName().toString()));
            if (row != null && row.status().equals(Gradebook.GRADED) && row.fingerprint().equals(fingerprint(s, settings))) {
                resumed++;
            } else {
                todo.add(s);
            }
        }
        progress.printf(Locale.ROOT, "grading %d of %d submissions in %s with %d %s%s%n", todo.size(), submissions.size(), rosterDir,
                jobs, jobs == 1 ? "job" : "jobs", resumed > 0 ? " (" + resumed + " already graded)" : "");
        Files.createDirectories(reportsDir);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "d2l-grade-job");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Path s : todo) {
                futures.add(pool.submit(() -> gradeOne(s, settings, rows, done, failed, todo.size())));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("grading failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double lowest = submissions.stream().map(p -> rows.get(shown(p.getFileName().toString())))
                .filter(r -> r != null && r.status().equals(Gradebook.GRADED)).mapToDouble(r -> Double.parseDouble(r.total()))
                .min().orElse(Double.POSITIVE_INFINITY);
        return new Summary(todo.size() - failed.get(), resumed, failed.get(), lowest);
    }

    private void gradeOne(Path dir, String settings, Map<String, Gradebook.Row> rows, AtomicInteger done, AtomicInteger failed,
                          int total) {
        String folder = dir.getFileName().toString();
        String student = shown(folder);
        Gradebook.Row row;
        String line;
        try {
            String fingerprint = fingerprint(dir, settings);
            Report report = grader.grade(dir, student, text -> { });
            Map<Section, String> sections = new EnumMap<>(Section.class);
            for (Section s : report.sections()) {
                sections.put(s, Report.points(report.score(s)));
            }
            row = new Gradebook.Row(student, sections, Report.points(report.score()), Report.points(report.maxScore()),
                    Gradebook.GRADED, String.format(Locale.ROOT, "%.1f", report.seconds()), fingerprint);
            String name = Grader.safe(folder);
            Files.writeString(reportsDir.resolve(name + ".txt"), TextReport.of(report, grader.rubric().shownName()),
                    StandardCharsets.UTF_8);
            Files.writeString(reportsDir.resolve(name + ".json"), GradescopeJson.of(report), StandardCharsets.UTF_8);
            line = student + ": " + row.total() + "/" + row.maxScore() + " in " + Grader.seconds(report.seconds());
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            row = new Gradebook.Row(student, Map.of(), "", "", "error: " + e.getMessage(), "", "");
            line = student + ": could not be graded: " + shown(String.valueOf(e.getMessage()));
        }
        synchronized (rows) {
            rows.put(student, row);
            try {
                Gradebook.write(gradebook, rows.values());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not write the gradebook " + gradebook + ": " + e.getMessage(), e);
            }
            progress.printf(Locale.ROOT, "[%d/%d] %s%n", done.incrementAndGet(), total, line);
        }
    }

    /**
     * Why a roster entry is not graded: a hidden folder, a link (it could lead anywhere, the reference
     * answers included), a plain file other than a zip; empty for files nobody would take for a student; null to grade it.
     */
    private static String skipped(Path entry) {
        String name = entry.getFileName().toString();
        if (Files.isSymbolicLink(entry)) {
            return "a symbolic link, not a folder of the roster (copy the submission in)";
        }
        if (!Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return SubmissionLayout.isZip(entry) && !name.startsWith(".") ? null
                    : name.endsWith(".csv") || name.startsWith(".") ? "" : "neither a folder nor a .zip";
        }
        if (name.startsWith(".")) {
            return "a hidden folder (its name starts with a dot)";
        }
        return null;
    }

    /**
     * A folder's name as the console, the gradebook and the reports show it: control characters
     * (escape sequences among them) written as {@code \u001b} and a backslash as two, so that no two
     * names are shown alike.
     */
    static String shown(String name) {
        StringBuilder s = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (c == '\\') {
                s.append("\\\\");
            } else if (Character.isISOControl(c) || c == 0x7f) {
                s.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return s.toString();
    }

    private static String fingerprint(Path dir, String settings) throws IOException {
        return Fingerprint.of(Fingerprint.ofFiles(SubmissionLayout.files(dir)) + settings);
    }
}
