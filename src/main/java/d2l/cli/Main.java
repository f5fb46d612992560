package d2l.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./d2l} command line: one entry point whose subcommands run the workbook, training,
 * benchmarks and the grader. User mistakes print a one-line message and the usage, never a stack trace.
 */
@Command(name = "d2l",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Dive into Deep Learning, chapters 7-8, in Java: workbook, training and autograder.",
        subcommands = {TrainCommand.class, CompareCommand.class, JShellCommand.class, InfoCommand.class, BenchCommand.class, GradeCommand.class, ReleaseCommand.class, GradescopeCommand.class, JarCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(VectorRelaunch.needed() ? VectorRelaunch.run(args) : run(args));
    }

    /** Runs the command line and returns its exit code (used by tests). */
    public static int run(String... args) {
        return run(new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its messages (usage, {@code d2l: what went wrong}) going to {@code err}. */
    static int run(PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("d2l: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest, or the development version when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** What {@code --version} prints. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"d2l " + version() + " (Java " + Runtime.version() + ")"};
        }
    }
}
