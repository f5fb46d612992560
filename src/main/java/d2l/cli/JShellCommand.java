package d2l.cli;

import d2l.grader.BundledFiles;
import d2l.train.Warmup;
import d2l.workbook.Shell;
import d2l.workbook.Workbook;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code d2l jshell [WORKBOOK] [FILE...]}: JShell with the runtime on the class path, the imports a
 * student needs, and a workbook loaded (by default {@code exercises/}), so the book's cells can be
 * typed in Java: {@code corr2d(X, K)} prints {@code tensor([[19., 25.], ...])}. The imports and the
 * workbook are a startup script, so {@code /reset} keeps them and {@code /reload} picks up edits to
 * the workbook's files. See {@link Shell}.
 */
@Command(name = "jshell", mixinStandardHelpOptions = true,
        description = {"Start JShell with the runtime, the book's imports and a workbook loaded.",
                "After editing a workbook file, type /reload in JShell (it keeps what you typed)."})
final class JShellCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "WORKBOOK|FILE",
            description = {"A workbook directory to load (default: exercises/; 'solutions' for the reference answers),",
                    "and .jsh or .java files to open after it."})
    List<File> arguments = new ArrayList<>();

    @Option(names = "--no-workbook", description = "Start without loading a workbook.")
    boolean noWorkbook;

    @Override
    public Integer call() throws Exception {
        Path workbook = null;
        List<Path> files = new ArrayList<>();
        for (File f : arguments) {
            Path p = f.toPath();
            if (Files.isDirectory(p)) {
                if (workbook != null) {
                    throw new IllegalArgumentException("give one workbook directory, not " + workbook + " and " + p);
                }
                workbook = p;
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IllegalArgumentException("no such workbook directory or file: " + f
                        + " (give a directory such as exercises or solutions, or .jsh/.java files)");
            }
        }
        if (noWorkbook) {
            if (workbook != null) {
                throw new IllegalArgumentException("--no-workbook and a workbook directory (" + workbook + ") contradict");
            }
        } else if (workbook == null && Files.isDirectory(Workbook.exercises().dir())) {
            workbook = Workbook.exercises().dir();
        }
        referToBundledStandIns();
        Warmup.inBackground();
        return Shell.run(new Shell.Options(workbook, files, System.in, System.out, System.err, true));
    }

    /**
     * Without {@code solutions/} (a student's folder with {@code d2l.jar}), a later section's call of an
     * earlier one that is not done yet ({@link d2l.workbook.Earlier}) takes the stand-ins the jar carries.
     */
    private static void referToBundledStandIns() throws IOException {
        if (System.getProperty(Workbook.REFERENCE_PROPERTY) == null && !Files.isDirectory(Workbook.solutions().dir())
                && BundledFiles.present()) {
            System.setProperty(Workbook.REFERENCE_PROPERTY, BundledFiles.folder("grader").resolve("standins").toString());
        }
    }
}
