package d2l.grader;

import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Copies of {@code solutions/} with a student's mistakes written into them, for the grader's tests:
 * the hand-made ones of {@link WrongSubmissions} and the catalogue of
 * {@code src/test/resources/d2l/grader/bugs/}, one file per bug (its {@code README.md} shows the
 * format), which {@link #combine} packs several to a submission so that one roster run grades them all.
 */
final class PatchedSubmissions {

    static final Path BUGS = Path.of("src/test/resources/d2l/grader/bugs");

    /**
     * Functions that a section's checks call in another section, which two bugs of one submission
     * must not both touch: 7.4's {@code corr2dMultiIn} calls 7.2's {@code corr2d} (the grader gives
     * 7.4 the stand-in of {@code grader/standins/}, but a bug in 7.2's {@code corr2d} beside a 7.4
     * bug would hide a change of that). Nothing else crosses sections: 8.2 and 8.6 use the runtime's
     * {@code layerSummary} and initialisation, not 7.6's.
     */
    private static final Map<Section, String> CALLS = Map.of(Section.S7_4, "7.2 corr2d");

    /** One replacement: the exact text of the solution and what the student wrote instead. */
    record Change(String old, String now) {}

    /**
     * A bug: its id (the file's name), section, file and function, the mistake in one line, the
     * function it fakes for a hard-coding bug (else empty), and its changes.
     */
    record Bug(String id, Section section, String file, String function, String mistake, String faked, List<Change> changes) {

        /** Whether this bug changes {@code function} of {@code section}, as {@code "7.2 corr2d"} names them. */
        boolean changes(String sectionAndFunction) {
            return sectionAndFunction.equals(section.id() + " " + function);
        }
    }

    private PatchedSubmissions() {}

    /** Every bug of the catalogue, by file name. */
    static List<Bug> catalogue() throws IOException {
        try (Stream<Path> s = Files.list(Workbook.projectRoot().resolve(BUGS))) {
            List<Bug> bugs = new ArrayList<>();
            for (Path p : s.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                bugs.add(read(p));
            }
            return bugs;
        }
    }

    /** A bug file: {@code name: value} lines, then pairs of {@code replace:} and {@code with:}, each followed by its lines as they are. */
    static Bug read(Path file) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        List<String> old = null;
        List<String> now = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.equals("replace:")) {
                if (now != null) {
                    changes.add(new Change(String.join("\n", old), String.join("\n", now)));
                }
                old = new ArrayList<>();
                now = null;
            } else if (line.equals("with:") && old != null && now == null) {
                now = new ArrayList<>();
            } else if (now != null) {
                now.add(line);
            } else if (old != null) {
                old.add(line);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int colon = line.indexOf(": ");
                if (colon < 0) {
                    throw new IllegalStateException(file + ": not a \"name: value\" line: " + line);
                }
                fields.put(line.substring(0, colon), line.substring(colon + 2).strip());
            }
        }
        if (now == null) {
            throw new IllegalStateException(file + ": needs a \"replace:\" and a \"with:\"");
        }
        changes.add(new Change(String.join("\n", old), String.join("\n", now)));
        String id = file.getFileName().toString().replaceFirst("\\.txt$", "");
        for (String name : List.of("mistake", "section", "file", "function")) {
            if (!fields.containsKey(name)) {
                throw new IllegalStateException(file + ": no \"" + name + ":\" line");
            }
        }
        return new Bug(id, Section.of(fields.get("section")), fields.get("file"), fields.get("function"), fields.get("mistake"),
                fields.getOrDefault("faked", ""), List.copyOf(changes));
    }

    /**
     * The bugs packed into submissions named {@code bugs-01}, {@code bugs-02}, ...: each bug goes
     * into the first submission that holds no bug of its section (sections are graded on their own)
     * and nothing it must stay apart from ({@link #CALLS}).
     */
    static Map<String, List<Bug>> combine(List<Bug> bugs) {
        List<List<Bug>> packed = new ArrayList<>();
        for (Bug bug : bugs) {
            List<Bug> home = packed.stream().filter(s -> s.stream().noneMatch(b -> b.section() == bug.section() || apart(b, bug)))
                    .findFirst().orElse(null);
            if (home == null) {
                home = new ArrayList<>();
                packed.add(home);
            }
            home.add(bug);
        }
        Map<String, List<Bug>> submissions = new LinkedHashMap<>();
        for (int i = 0; i < packed.size(); i++) {
            submissions.put(String.format(Locale.ROOT, "bugs-%02d", i + 1), List.copyOf(packed.get(i)));
        }
        return submissions;
    }

    private static boolean apart(Bug a, Bug b) {
        String calledByA = CALLS.get(a.section());
        String calledByB = CALLS.get(b.section());
        return (calledByA != null && b.changes(calledByA)) || (calledByB != null && a.changes(calledByB));
    }

    /**
     * Writes each submission into {@code roster}: the solution files of its bugs' sections with their
     * changes, and unchanged, the files of sections that call a changed function ({@link #CALLS}), so
     * that a bug leaking into them would show; the other sections are absent and cost no grading time.
     */
    static void write(Path roster, Map<String, List<Bug>> submissions) throws IOException {
        for (Map.Entry<String, List<Bug>> s : submissions.entrySet()) {
            Path dir = roster.resolve(s.getKey());
            Files.createDirectories(dir);
            for (Bug bug : s.getValue()) {
                copy(bug.section(), dir);
                for (Change c : bug.changes()) {
                    change(dir, bug.file(), c.old(), c.now(), bug.id());
                }
            }
            for (Map.Entry<Section, String> call : CALLS.entrySet()) {
                if (s.getValue().stream().anyMatch(b -> b.changes(call.getValue()))) {
                    copy(call.getKey(), dir);
                }
            }
        }
    }

    private static void copy(Section section, Path dir) throws IOException {
        Files.copy(Workbook.solutions().dir().resolve(section.fileName()), dir.resolve(section.fileName()));
    }

    /** {@code dir} holding a copy of the solutions' section files, made if it is not there yet. */
    static Path copyOfSolutions(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(Workbook.solutions().dir())) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        return dir;
    }

    /** In {@code dir/file}, replaces {@code old}, which must occur exactly once, by {@code now}; {@code who} names the change in errors. */
    static void change(Path dir, String file, String old, String now, String who) throws IOException {
        Path path = dir.resolve(file);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        int at = text.indexOf(old);
        if (at < 0 || text.indexOf(old, at + 1) >= 0) {
            throw new IllegalStateException(who + ": solutions/" + file + (at < 0 ? " no longer contains " : " contains more than once ")
                    + "the text to change: " + old);
        }
        Files.writeString(path, text.substring(0, at) + now + text.substring(at + old.length()), StandardCharsets.UTF_8);
    }
}
