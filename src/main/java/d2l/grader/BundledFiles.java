package d2l.grader;

import d2l.grader.sandbox.GradingTemp;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The project files {@code d2l.jar} carries, so that {@code java -jar d2l.jar grade} works in a
 * folder holding only the jar and a workbook: the visible grader ({@code grader/README.md},
 * {@code golden/}, {@code standins/} and {@code rubric.csv} without its hidden rows) and the
 * exercise stubs as committed ({@link CommittedStubs}: never a working copy's answers). Never
 * {@code grader/hidden/} nor {@code solutions/}: the jar goes to students.
 *
 * <p>They are resources under {@value #PREFIX}, listed in {@value #INDEX}; the grader reads folders,
 * so a JVM that needs them extracts them once into a private scratch directory, deleted at exit.
 */
public final class BundledFiles {

    /** Where the files are in the jar. */
    public static final String PREFIX = "d2l/bundled/";

    /** The list of the files, one path relative to {@link #PREFIX} a line. */
    public static final String INDEX = PREFIX + "index.txt";

    /** What is bundled, relative to the project directory: files and whole directories, the rubric apart. */
    private static final List<String> INCLUDED = List.of("grader/README.md", "grader/golden", "grader/standins");

    private static Path extracted;

    private BundledFiles() {}

    /**
     * The jar's entries for the project in {@code root}, by name, the index included.
     *
     * @throws IllegalArgumentException when the rubric without its hidden rows is not a valid rubric
     */
    public static Map<String, byte[]> of(Path root) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String item : INCLUDED) {
            Path from = root.resolve(item);
            if (!Files.exists(from)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        }
        for (String stub : CommittedStubs.files(root)) {
            files.put(stub, Files.readAllBytes(root.resolve(stub)));
        }
        String visible = Rubric.read(root.resolve("grader/rubric.csv"), "grader/rubric.csv").visibleText();
        Rubric.parse(visible, "grader/rubric.csv without its hidden rows");
        files.put("grader/rubric.csv", visible.getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        files.forEach((name, bytes) -> entries.put(PREFIX + name, bytes));
        entries.put(INDEX, String.join("\n", files.keySet()).concat("\n").getBytes(StandardCharsets.UTF_8));
        return entries;
    }

    /** True when this runtime carries the files (it runs from {@code d2l.jar}, not from {@code target/classes}). */
    public static boolean present() {
        return BundledFiles.class.getClassLoader().getResource(INDEX) != null;
    }

    /** The bundled {@code folder} ({@code grader} or {@code exercises}), extracted on first use. */
    public static Path folder(String folder) throws IOException {
        return extract().resolve(folder);
    }

    /** How messages name a bundled folder: {@code d2l.jar!/grader}. */
    public static String shownName(String folder) {
        Path jar = Workbook.runtimeLocation();
        return (jar == null ? "d2l.jar" : jar.getFileName().toString()) + "!/" + folder;
    }

    private static synchronized Path extract() throws IOException {
        if (extracted != null) {
            return extracted;
        }
        ClassLoader loader = BundledFiles.class.getClassLoader();
        String index;
        try (InputStream in = loader.getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IllegalStateException("this runtime carries no grader or stubs (it is not d2l.jar)");
            }
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path dir = GradingTemp.create("bundled");
        for (String name : index.lines().filter(l -> !l.isBlank()).toList()) {
            Path to = dir.resolve(name).normalize();
            if (!to.startsWith(dir)) {
                throw new IllegalStateException("the jar's index names a file outside its folder: " + name);
            }
            GradingTemp.createDirectories(to.getParent());
            try (InputStream in = loader.getResourceAsStream(PREFIX + name)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lists " + name + " but does not carry it");
                }
                Files.copy(in, to);
            }
        }
        extracted = dir;
        return dir;
    }
}
