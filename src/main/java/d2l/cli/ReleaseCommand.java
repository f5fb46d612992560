package d2l.cli;

import d2l.grader.Handout;
import d2l.grader.Rubric;
import d2l.workbook.Workbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code d2l release --out DIR}: writes the student handout (runtime, exercises, visible checks,
 * README), without the solutions or the hidden cases. See {@link Handout}.
 */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = {"Write the student handout: runtime, exercises/ as committed, visible checks, the book's documents, the student README",
                "and a GitHub Classroom workflow; never solutions/ or hidden cases. Refuses when exercises/ has uncommitted changes."})
final class ReleaseCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "A new (or empty) directory for the handout.")
    Path out;

    @Option(names = "--rubric", paramLabel = "FILE", description = "The rubric whose visible rows ship (default: grader/rubric.csv).")
    Path rubricFile;

    @Option(names = "--book", paramLabel = "DIR",
            description = "The book's documents, which the handout carries as book/ (default: ../shared/book beside the project).")
    Path book;

    @Option(names = "--no-jar", description = "Leave d2l.jar out (students then need Maven's wrapper, ./d2l or d2l.cmd, to build the runtime).")
    boolean noJar;

    @Override
    public Integer call() throws Exception {
        Path root = Workbook.projectRoot();
        Path rubricPath = rubricFile != null ? rubricFile : root.resolve("grader/rubric.csv");
        Rubric rubric = Rubric.read(rubricPath, rubricPath.toString());
        Path books = book != null ? book : root.toAbsolutePath().getParent().resolve("shared/book");
        Path jar = noJar ? null : Files.createTempFile("d2l", ".jar");
        Handout.Summary s;
        try {
            if (jar != null) {
                RuntimeJar.write(jar);
            }
            s = Handout.write(root, rubric, out, books, jar);
        } finally {
            if (jar != null) {
                Files.deleteIfExists(jar);
            }
        }
        System.err.printf("handout: %s (%d files); left out solutions/, %d hidden case %s and %d hidden rubric %s%n", s.dir(),
                s.files(), s.hiddenCaseFiles(), s.hiddenCaseFiles() == 1 ? "file" : "files", s.hiddenRows(),
                s.hiddenRows() == 1 ? "row" : "rows");
        return 0;
    }
}
