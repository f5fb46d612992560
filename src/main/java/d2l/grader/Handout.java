package d2l.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The student handout {@code d2l release} writes: the runtime (sources, build, launcher), the
 * workbook stubs as committed ({@link CommittedStubs}: never a working copy's answers), the
 * visible checks (the golden case files, the stand-ins and the rubric without its hidden rows),
 * the student's README ({@link HandoutReadme}) and the GitHub Classroom workflow
 * ({@link ClassroomWorkflow}), but never {@code solutions/} or {@code grader/hidden/}. It is built
 * in a temporary directory beside the destination and moved there when complete.
 */
public final class Handout {

    /** What is copied, relative to the project directory: files and whole directories. */
    private static final List<String> INCLUDED = List.of("pom.xml", "mvnw", "mvnw.cmd", "d2l", "d2l.cmd", ".gitattributes", ".gitignore", ".mvn",
            "src/main", "docs/compare-lenet.png", "grader/README.md", "grader/golden", "grader/standins",
            "src/test/java/d2l/workbook/CheckWorkbook.java");

    /** Where the project's files cite the book's documents, and where the handout carries them. */
    private static final String PROJECT_BOOK = "../shared/book/";
    private static final String BOOK = "book";

    /** What was written. */
    public record Summary(Path dir, int files, int hiddenCaseFiles, int hiddenRows) {}

    private Handout() {}

    /**
     * Writes the handout of the project in {@code root} to {@code out}, which must not exist yet
     * or be empty; {@code rubric} is the rubric whose visible rows it ships and {@code book} the
     * folder of the book's documents, which the handout carries as {@code book/} so that every
     * citation of the stubs, the README and the golden files points at text the student has;
     * {@code jar}, when not null, is the runtime jar the handout carries as {@code d2l.jar}.
     */
    public static Summary write(Path root, Rubric rubric, Path out, Path book, Path jar) throws IOException {
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
        List<String> stubs = CommittedStubs.files(root);
        List<Path> documents = documents(book);
        Catalogue catalogue = Catalogue.load(root.resolve("grader"), "grader/");
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
            for (String stub : stubs) {
                Path to = temp.resolve(stub);
                Files.createDirectories(to.getParent());
                Files.writeString(to, citingHandout(Files.readString(root.resolve(stub), StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
                files++;
            }
            if (jar != null) {
                Files.copy(jar, temp.resolve("d2l.jar"));
                files++;
            }
            Files.createDirectories(temp.resolve(BOOK));
            for (Path d : documents) {
                Files.copy(d, temp.resolve(BOOK).resolve(d.getFileName().toString()));
                files++;
            }
            Files.createDirectories(temp.resolve("grader"));
            Files.writeString(temp.resolve("grader/rubric.csv"), rubric.visibleText(), StandardCharsets.UTF_8);
            Files.writeString(temp.resolve("README.md"), citingHandout(HandoutReadme.of(root)), StandardCharsets.UTF_8);
            Path workflow = temp.resolve(ClassroomWorkflow.PATH);
            Files.createDirectories(workflow.getParent());
            Files.writeString(workflow, ClassroomWorkflow.of(Rubric.parse(rubric.visibleText(), "the handout's rubric"), catalogue),
                    StandardCharsets.UTF_8);
            files += 3;
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

    /** The book's documents (and their README) in {@code book}: refused when there are none. */
    private static List<Path> documents(Path book) throws IOException {
        List<Path> found = List.of();
        if (Files.isDirectory(book)) {
            try (Stream<Path> s = Files.list(book)) {
                found = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> p.getFileName().toString().matches("\\d{3}_.*\\.txt|README\\.md")).sorted().toList();
            }
        }
        if (found.stream().noneMatch(p -> p.getFileName().toString().endsWith(".txt"))) {
            throw new IllegalArgumentException("the stubs cite the book's documents (000_....txt, 001_....txt, 002_....txt), and "
                    + book + " has none: give their folder with --book DIR");
        }
        return found;
    }

    /** Text whose citations of {@code ../shared/book/} point at the handout's {@code book/} instead. */
    private static String citingHandout(String text) {
        return text.replace(PROJECT_BOOK, BOOK + "/");
    }
}
