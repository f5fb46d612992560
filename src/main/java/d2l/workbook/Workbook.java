package d2l.workbook;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A workbook directory ({@code exercises/}, {@code solutions/} or a student's copy) holding one file
 * per {@link Section}. Each file is compiled on its own, against the runtime only, the first time it
 * is used and again whenever it changes, so a file that does not compile never stops another
 * section from being loaded or checked.
 *
 * <pre>{@code
 * LoadedSection s = Workbook.at(Path.of("solutions")).load("7.2");
 * s.call("corr2d", X, K)      // tensor([[19., 25.], [37., 43.]])
 * }</pre>
 */
public final class Workbook {

    /** The system property naming the workbook directory JShell and {@code check} use. */
    public static final String PROPERTY = "d2l.workbook";

    /** The system property naming the project directory (where {@code exercises/} and {@code solutions/} are). */
    public static final String HOME_PROPERTY = "d2l.home";

    /**
     * The system property naming the directory {@link Earlier} takes an earlier section's reference
     * answer from (default {@code solutions/}); the grader points it at stand-ins, so that graded
     * code never has the reference solutions within reach.
     */
    public static final String REFERENCE_PROPERTY = "d2l.reference";

    private static final Map<Path, Workbook> OPEN = new ConcurrentHashMap<>();

    private final Path dir;
    private final Map<Section, Cached> cache = new EnumMap<>(Section.class);

    private final Map<String, Compilation> variants = new java.util.HashMap<>();

    private record Cached(long modified, long size, Compilation compilation, LoadedSection loaded) {}

    private Workbook(Path dir) {
        this.dir = dir;
    }

    /** The workbook in {@code dir} (relative paths are resolved against the working directory). */
    public static Workbook at(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        return OPEN.computeIfAbsent(d, Workbook::new);
    }

    /** The workbook in {@code dir}. */
    public static Workbook at(String dir) {
        return at(Paths.get(dir));
    }

    /** The student's workbook, {@code exercises/} in the project directory. */
    public static Workbook exercises() {
        return at(projectRoot().resolve("exercises"));
    }

    /** The reference answers, {@code solutions/} in the project directory. */
    public static Workbook solutions() {
        return at(projectRoot().resolve("solutions"));
    }

    /** Where {@link Earlier} takes reference answers from: the system property {@value #REFERENCE_PROPERTY}, else {@link #solutions()}. */
    public static Workbook reference() {
        String named = System.getProperty(REFERENCE_PROPERTY);
        return named == null || named.isBlank() ? solutions() : at(named);
    }

    /** The workbook named by the system property {@value #PROPERTY} (set by {@code ./d2l jshell DIR}), else {@link #exercises()}. */
    public static Workbook current() {
        String named = System.getProperty(PROPERTY);
        return named == null || named.isBlank() ? exercises() : at(named);
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The file of {@code section} in this workbook. */
    public Path file(Section section) {
        return dir.resolve(section.fileName());
    }

    /** True when this is the project's {@code solutions/}. */
    public boolean isSolutions() {
        return dir.equals(projectRoot().resolve("solutions").toAbsolutePath().normalize());
    }

    /** How messages name a file: relative to the project directory when inside it ({@code exercises/Sec7_2.java}). */
    public String shownName(Section section) {
        return shown(file(section));
    }

    /** How messages name this directory ({@code exercises/}). */
    public String shownName() {
        return shown(dir) + "/";
    }

    private static String shown(Path p) {
        Path root = projectRoot().toAbsolutePath().normalize();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(root) && !abs.equals(root) ? root.relativize(abs).toString().replace(File.separatorChar, '/')
                : abs.toString();
    }

    /** Compiles the section's file on its own (or returns the last result if the file has not changed). */
    public Compilation compile(Section section) {
        return cached(section).compilation();
    }

    /** Only parses the section's file: its imports, its members and its syntax errors (what JShell needs). */
    public Compilation parse(Section section) {
        return SectionCompiler.parse(section, file(section), shownName(section));
    }

    /** Compiles and loads {@code section} ({@code "7.2"}, {@code "Sec7_2"}, ...). */
    public LoadedSection load(String section) {
        return load(Section.of(section));
    }

    /**
     * Compiles and loads the section's class.
     *
     * @throws WorkbookException with javac's errors when the file does not compile
     */
    public LoadedSection load(Section section) {
        Cached c = cached(section);
        if (!c.compilation().compiled()) {
            throw new WorkbookException(shownName(section) + " does not compile:\n"
                    + String.join("\n", c.compilation().errors()));
        }
        return c.loaded();
    }

    /**
     * The section's class in a class loader of its own, fresh: its static fields start anew, so one
     * check cannot see what an earlier one left behind. Its static initializer runs when
     * {@code initialize} is true, else at first use.
     *
     * @throws WorkbookException with javac's errors when the file does not compile
     */
    public LoadedSection loadFresh(Section section, boolean initialize) {
        Cached c = cached(section);
        if (!c.compilation().compiled()) {
            throw new WorkbookException(shownName(section) + " does not compile:\n"
                    + String.join("\n", c.compilation().errors()));
        }
        SectionClassLoader loader = new SectionClassLoader(this, section, c.compilation().classes(), Workbook.class.getClassLoader());
        try {
            return new LoadedSection(this, section, Class.forName(section.className(), initialize, loader));
        } catch (ClassNotFoundException e) {
            throw new WorkbookException(shownName(section) + " compiled but its class could not be loaded: " + e, e);
        }
    }

    /**
     * Like {@link #loadFresh(Section, boolean)}, but with the members {@code names} of the section's
     * file replaced by those of {@code standIns} (the text of a file declaring the same class, from
     * the grader's {@code standins/}): a check of {@code Conv2D} then runs with the stand-in's
     * {@code corr2d}, so a mistake in the student's {@code corr2d} costs only corr2d's checks. When
     * the copy cannot be made or does not compile (a changed signature), the file as written is loaded.
     */
    public LoadedSection loadFresh(Section section, boolean initialize, String standIns, Set<String> names) {
        Cached own = cached(section);
        if (!own.compilation().compiled()) {
            return loadFresh(section, initialize);
        }
        Compilation c;
        synchronized (this) {
            c = variants.computeIfAbsent(section.id() + "\n" + names + "\n" + own.modified() + "\n" + own.size() + "\n" + standIns, k -> {
                try {
                    String text = SectionCompiler.withStandIns(section, Files.readString(file(section)), standIns, names);
                    return text == null ? null : SectionCompiler.compile(section, file(section), shownName(section), text);
                } catch (IOException e) {
                    return null;
                }
            });
        }
        if (c == null || !c.compiled()) {
            return loadFresh(section, initialize);
        }
        SectionClassLoader loader = new SectionClassLoader(this, section, c.classes(), Workbook.class.getClassLoader());
        try {
            return new LoadedSection(this, section, Class.forName(section.className(), initialize, loader));
        } catch (ClassNotFoundException e) {
            throw new WorkbookException(shownName(section) + " compiled but its class could not be loaded: " + e, e);
        }
    }

    private synchronized Cached cached(Section section) {
        Path file = file(section);
        long modified = -1;
        long size = -1;
        try {
            if (Files.isRegularFile(file)) {
                modified = Files.getLastModifiedTime(file).toMillis();
                size = Files.size(file);
            }
        } catch (IOException e) {
            // compile() reports the unreadable file
        }
        Cached c = cache.get(section);
        if (c == null || c.modified() != modified || c.size() != size || modified == -1) {
            Compilation compilation = SectionCompiler.compile(section, file, shownName(section));
            LoadedSection loaded = null;
            if (compilation.compiled()) {
                SectionClassLoader loader = new SectionClassLoader(this, section, compilation.classes(),
                        Workbook.class.getClassLoader());
                try {
                    loaded = new LoadedSection(this, section, Class.forName(section.className(), false, loader));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new WorkbookException(shownName(section) + " compiled but its class could not be loaded: " + e, e);
                }
            }
            c = new Cached(modified, size, compilation, loaded);
            cache.put(section, c);
        }
        return c;
    }

    /**
     * The project directory: the system property {@value #HOME_PROPERTY}, else the directory whose
     * {@code target/} holds the runtime's classes, else the nearest directory up from the working
     * directory that has {@code exercises/} or {@code solutions/}, else the working directory.
     */
    public static Path projectRoot() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            return Paths.get(home).toAbsolutePath().normalize();
        }
        Path runtime = runtimeLocation();
        if (runtime != null) {
            Path target = runtime.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
                    && target.getParent() != null && Files.isRegularFile(target.getParent().resolve("pom.xml"))) {
                return target.getParent();
            }
        }
        Path cwd = Paths.get("").toAbsolutePath().normalize();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("exercises")) || Files.isDirectory(p.resolve("solutions"))) {
                return p;
            }
        }
        return cwd;
    }

    /** Where the runtime's classes are: {@code target/classes} or a jar; null if unknown. */
    public static Path runtimeLocation() {
        CodeSource source = Workbook.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            return Paths.get(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The class path a section is compiled against: the runtime's classes and the jars of the class
     * path, but no other directory, so that classes compiled elsewhere from the workbook (an IDE
     * puts {@code exercises/} into {@code target/test-classes}) are never seen.
     */
    public static List<File> runtimeClassPath() {
        Set<Path> entries = new LinkedHashSet<>();
        Path runtime = runtimeLocation();
        if (runtime != null) {
            entries.add(runtime);
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Paths.get(entry).toAbsolutePath().normalize();
            if (p.getFileName() != null && p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)) {
                entries.add(p);
            }
        }
        List<File> files = new ArrayList<>();
        for (Path p : entries) {
            files.add(p.toFile());
        }
        return files;
    }

    /** The runtime class path as one string, for {@code --class-path}. */
    public static String runtimeClassPathString() {
        return String.join(File.pathSeparator, runtimeClassPath().stream().map(File::getPath).toList());
    }

    @Override
    public String toString() {
        return "Workbook(" + shownName() + ")";
    }
}
