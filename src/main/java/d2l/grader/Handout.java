package d2l.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The student handout {@code d2l release} writes: the runtime (sources, build, launcher), the
 * workbook stubs, the visible checks (the golden case files, the stand-ins and the rubric without
 * its hidden rows) and the README, but never {@code solutions/} or {@code grader/hidden/}. It is
 * built in a temporary directory beside the destination and moved there when complete.
 */
public final class Handout {

    /** What is copied, relative to the project directory: files and whole directories. */
    private static final List<String> INCLUDED = List.of("README.md", "pom.xml", "mvnw", "mvnw.cmd", "d2l", ".gitignore", ".mvn",
            "src/main", "exercises", "docs", "grader/README.md", "grader/golden", "grader/standins",
            "src/test/java/d2l/workbook/CheckWorkbook.java");

    /** What was written. */
    public record Summary(Path dir, int files, int hiddenCaseFiles, int hiddenRows) {}

    private Handout() {}

    /**
     * Writes the handout of the project in {@code root} to {@code out}, which must not exist yet
     * or be empty; {@code rubric} is the rubric whose visible rows it ships.
     */
    public static Summary write(Path root, Rubric rubric, Path out) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (!Files.isDirectory(target) || s.findAny().isPresent()) {
                    throw new IllegalArgumentException(out + " exists and is not an empty directory; choose a new --out");
                }
            }
        }
        if (target.startsWith(root.toAbsolutePath().normalize()) && !target.startsWith(root.resolve("target").toAbsolutePath())
                && INCLUDED.stream().anyMatch(i -> target.startsWith(root.resolve(i).toAbsolutePath().normalize()))) {
            throw new IllegalArgumentException(out + " is inside what the handout copies; choose a directory outside it");
        }
        try {
            Rubric.parse(rubric.visibleText(), "the handout's rubric");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("without its hidden rows the rubric would not be valid (" + e.getMessage()
                    + "); a visible check cannot require a hidden one");
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
        int files = 0;
        try {
            for (String item : INCLUDED) {
                Path from = root.resolve(item);
                if (!Files.exists(from)) {
                    continue;
                }
                List<Path> paths;
                try (Stream<Path> s = Files.walk(from)) {
                    paths = s.filter(Files::isRegularFile).toList();
                }
                for (Path p : paths) {
                    Path to = temp.resolve(root.relativize(p).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                    files++;
                }
            }
            Files.createDirectories(temp.resolve("grader"));
            Files.writeString(temp.resolve("grader/rubric.csv"), rubric.visibleText(), StandardCharsets.UTF_8);
            files++;
            if (Files.exists(target)) {
                Files.delete(target);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Grader.deleteTree(temp);
            throw e;
        }
        int hiddenFiles = 0;
        Path hidden = root.resolve("grader/hidden");
        if (Files.isDirectory(hidden)) {
            try (Stream<Path> s = Files.list(hidden)) {
                hiddenFiles = (int) s.filter(p -> p.toString().endsWith(".txt")).count();
            }
        }
        int hiddenRows = (int) rubric.entries().stream().filter(e -> e.visibility() == Visibility.HIDDEN).count();
        return new Summary(target, files, hiddenFiles, hiddenRows);
    }
}
