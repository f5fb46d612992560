package d2l.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code d2l jshell}: JShell with the runtime on the class path and the imports a student needs, so
 * the book's cells can be typed in Java: {@code corr2d(X, K)} prints {@code tensor([[19., 25.], ...])}.
 * The imports are a startup script, so {@code /reset} keeps them.
 */
@Command(name = "jshell", mixinStandardHelpOptions = true,
        description = "Start JShell with the runtime and the book's imports loaded.")
final class JShellCommand implements Callable<Integer> {

    /** What every session starts with: JShell's default imports plus the runtime's. */
    static final String IMPORTS = String.join("\n",
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import d2l.tensor.*;",
            "import static d2l.tensor.Torch.*;",
            "import d2l.autograd.GradMode;",
            "import d2l.nn.*;",
            "import d2l.nn.functional.F;",
            "import d2l.nn.init.Init;",
            "import d2l.optim.SGD;",
            "");

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Java or .jsh files to load after the imports.")
    List<File> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        for (File f : files) {
            if (!f.isFile()) {
                throw new IllegalArgumentException("no such file: " + f + " (give .jsh or .java files to load)");
            }
        }
        Path startup = Files.createTempFile("d2l-imports", ".jsh");
        startup.toFile().deleteOnExit();
        Files.writeString(startup, IMPORTS);
        List<String> args = new ArrayList<>(List.of(
                "--class-path", System.getProperty("java.class.path"),
                "-R--add-modules=jdk.incubator.vector",
                "-R-Djava.util.prefs.userRoot=" + System.getProperty("java.io.tmpdir"),
                "--startup", startup.toString(),
                "--feedback", "normal"));
        for (File f : files) {
            args.add(f.getPath());
        }
        return runJShell(args);
    }

    private static int runJShell(List<String> args) throws IOException {
        try {
            return JavaShellToolBuilder.builder().start(args.toArray(new String[0]));
        } catch (Exception e) {
            throw new IOException("JShell could not start: " + e.getMessage(), e);
        }
    }
}
