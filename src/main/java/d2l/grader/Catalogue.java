package d2l.grader;

import d2l.workbook.Checks;
import d2l.workbook.Section;
import d2l.workbook.Workbook;
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
                        + origin(before) + " and " + origin(c) + "); rename one");
            }
        }
        checkCalls(byName.values());
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

    /** Where a check comes from, for messages: its case file, else its kind. */
    private static String origin(GraderCheck c) {
        if (!c.cases().isEmpty() && (c.kind() == CheckKind.GOLDEN || c.kind() == CheckKind.HIDDEN)) {
            String where = c.cases().get(0).where();
            int colon = where.lastIndexOf(':');
            return colon > 0 ? where.substring(0, colon) : where;
        }
        return "the " + c.kind().word() + " checks";
    }

    /**
     * Refuses a case that calls a function its section's workbook file does not have (as the stubs in
     * {@code exercises/} declare them): an instructor's typo, which would otherwise cost every student
     * the check. The stubs are the project's, else the ones {@code d2l.jar} carries; skipped where neither is at hand.
     */
    private static void checkCalls(java.util.Collection<GraderCheck> checks) throws IOException {
        Path stubs = Workbook.projectRoot().resolve("exercises");
        if (!Files.isDirectory(stubs) && BundledFiles.present()) {
            stubs = BundledFiles.folder("exercises");
        }
        if (!Files.isDirectory(stubs)) {
            return;
        }
        Workbook workbook = Workbook.at(stubs);
        Map<Section, java.util.Set<String>> functions = new java.util.EnumMap<>(Section.class);
        for (GraderCheck c : checks) {
            if (c.kind() != CheckKind.GOLDEN && c.kind() != CheckKind.HIDDEN) {
                continue;
            }
            java.util.Set<String> known = functions.computeIfAbsent(c.section(), s -> {
                if (!Files.isRegularFile(workbook.file(s))) {
                    return null;
                }
                java.util.Set<String> names = new java.util.TreeSet<>();
                workbook.parse(s).members().forEach(m -> names.add(m.name()));
                return names;
            });
            if (known == null || known.isEmpty()) {
                continue;
            }
            for (Case k : c.cases()) {
                java.util.Set<String> called = new java.util.TreeSet<>(k.call().sectionFunctions());
                k.inputs().values().forEach(e -> called.addAll(e.sectionFunctions()));
                for (String f : called) {
                    if (!known.contains(f)) {
                        throw new IllegalArgumentException(k.where() + ": calls " + f + ", which " + c.section().id()
                                + "'s workbook file does not have (its functions: " + String.join(", ", known) + ")");
                    }
                }
            }
        }
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
