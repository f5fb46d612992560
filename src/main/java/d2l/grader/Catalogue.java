package d2l.grader;

import d2l.workbook.Checks;
import d2l.workbook.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every check the grader can run, by section and name: the workbook's own checks, the case files
 * of {@code grader/golden/} and {@code grader/hidden/}, and the randomized, structure and training
 * checks written in Java. The rubric chooses among them and gives them points.
 */
public final class Catalogue {

    private final Map<String, GraderCheck> checks;

    private Catalogue(Map<String, GraderCheck> checks) {
        this.checks = checks;
    }

    /**
     * The checks, with the case files of {@code graderDir} ({@code golden/} and {@code hidden/}, either may be missing).
     *
     * @throws IllegalArgumentException naming the file and line of a case file's mistake, or a name used twice
     */
    public static Catalogue load(Path graderDir, String shownDir) throws IOException {
        List<GraderCheck> all = new ArrayList<>();
        for (Section section : Section.values()) {
            for (Checks.Check c : Checks.of(section)) {
                all.add(new GraderCheck(section, c.name(), CheckKind.WORKBOOK, c.source(), "", List.of()));
            }
        }
        all.addAll(caseFiles(graderDir.resolve("golden"), shownDir + "golden/", CheckKind.GOLDEN));
        all.addAll(caseFiles(graderDir.resolve("hidden"), shownDir + "hidden/", CheckKind.HIDDEN));
        all.addAll(RandomizedChecks.all());
        CodedCheck.all().forEach(c -> all.add(c.check()));
        Map<String, GraderCheck> byName = new LinkedHashMap<>();
        for (GraderCheck c : all) {
            GraderCheck before = byName.put(key(c.section(), c.name()), c);
            if (before != null) {
                throw new IllegalArgumentException("two checks of " + c.section().id() + " are named \"" + c.name() + "\" ("
                        + before.kind().word() + " and " + c.kind().word() + "); rename one");
            }
        }
        return new Catalogue(byName);
    }

    private static List<GraderCheck> caseFiles(Path dir, String shownDir, CheckKind kind) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
        }
        List<GraderCheck> checks = new ArrayList<>();
        for (Path f : files) {
            checks.add(CaseFile.read(f, shownDir + f.getFileName(), kind));
        }
        return checks;
    }

    private static String key(Section section, String name) {
        return section.id() + "\n" + name;
    }

    /** The check of {@code section} named {@code name}, or null. */
    public GraderCheck find(Section section, String name) {
        return checks.get(key(section, name));
    }

    /** Every check, workbook checks first. */
    public List<GraderCheck> all() {
        return List.copyOf(checks.values());
    }
}
