package d2l.cli;

import d2l.grader.AtomicFile;
import d2l.grader.GradescopeAutograder;
import d2l.grader.GradescopeJson;
import d2l.grader.Rubric;
import d2l.workbook.Workbook;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code d2l gradescope --out autograder.zip} builds a Gradescope autograder
 * ({@link GradescopeAutograder}); {@code d2l gradescope --run}, which its {@code run_autograder}
 * calls inside Gradescope's container, grades {@code /autograder/submission} into
 * {@code /autograder/results/results.json}, and writes a results file that says why even when the
 * submission cannot be graded at all.
 */
@Command(name = "gradescope", mixinStandardHelpOptions = true,
        description = {"Build a Gradescope autograder zip (--out), or grade a submission inside Gradescope's container (--run).",
                "The zip holds setup.sh, run_autograder, d2l.jar and the grader folder with its hidden cases; never the solutions."})
final class GradescopeCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--out", paramLabel = "ZIP", description = "Write the autograder zip to ZIP.")
        Path out;

        @Option(names = "--run", description = "Grade ROOT/submission into ROOT/results/results.json (what run_autograder does).")
        boolean run;
    }

    @Option(names = "--grader", paramLabel = "DIR", description = "The grader folder the zip carries (default: grader/).")
    Path graderDir;

    @Option(names = "--rubric", paramLabel = "FILE", description = "The rubric the zip carries (default: rubric.csv in the grader's folder).")
    Path rubricFile;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Put the Fashion-MNIST files of DIR in the zip; without it, setup.sh downloads them when Gradescope builds the image.")
    Path data;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/autograder",
            description = "With --run: Gradescope's folder, holding source/, submission/ and results/ (default: ${DEFAULT-VALUE}).")
    Path root;

    @Override
    public Integer call() throws Exception {
        return mode.run ? run() : build();
    }

    private int build() throws Exception {
        Path project = Workbook.projectRoot();
        Path grader = graderDir != null ? graderDir : project.resolve("grader");
        Path rubricPath = rubricFile != null ? rubricFile : grader.resolve("rubric.csv");
        Rubric rubric = Rubric.read(rubricPath, rubricPath.toString());
        Path jar = Files.createTempFile("d2l", ".jar");
        try {
            RuntimeJar.write(jar);
            GradescopeAutograder.Summary s = GradescopeAutograder.write(grader, rubric, jar, data, mode.out);
            System.err.printf("autograder: %s (%d files, %,d bytes); Fashion-MNIST %s%n", s.zip(), s.files(), Files.size(s.zip()),
                    s.carriesData() ? "inside" : "downloaded by setup.sh when Gradescope builds the image");
        } finally {
            Files.deleteIfExists(jar);
        }
        return 0;
    }

    /**
     * Grades the submission as {@code d2l grade} would, with the zip's grader and data; when it
     * cannot be graded, writes a results file that tells the student why, and returns 1.
     */
    private int run() throws Exception {
        Path source = root.resolve("source");
        Path results = root.resolve("results/results.json");
        Files.createDirectories(results.getParent());
        Path logs = root.resolve("results/training-logs");
        List<String> args = new ArrayList<>(List.of("grade", root.resolve("submission").toString(), "--grader",
                source.resolve("grader").toString(), "--logs", logs.toString(), "--format", "json", "--out", results.toString()));
        Path data = source.resolve(GradescopeAutograder.DATA);
        if (Files.isDirectory(data)) {
            args.addAll(List.of("--data", data.toString()));
        }
        Files.deleteIfExists(results);
        StringWriter said = new StringWriter();
        int code = Main.run(new PrintWriter(said, true), args.toArray(String[]::new));
        System.err.print(said);
        if (code != 0 || !Files.isRegularFile(results)) {
            String why = said.toString().strip().replaceFirst("^d2l: ", "");
            AtomicFile.write(results, GradescopeJson.failure(why.isEmpty() ? "the grader stopped with exit code " + code : why));
            return 1;
        }
        return 0;
    }
}
