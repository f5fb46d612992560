package d2l.cli;

import d2l.compare.Compare;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code d2l compare LOG...}: one row per training run from the CSV logs of {@code d2l train}, best
 * validation accuracy first, and with {@code --plot} a PNG of a metric per epoch for every run.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare training runs from their CSV logs: one row per run, sorted by best val_acc.",
                "With more than 10 runs of a model (a class's logs), also the spread of their best val_acc.",
                "Files that are not usable logs are named on stderr and left out; exit code 1 if no run is left."})
final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "LOG", description = "CSV logs of d2l train, or directories holding them.")
    List<Path> logs;

    @Option(names = "--plot", paramLabel = "FILE", description = "Draw the metric per epoch for every run to this PNG.")
    Path plot;

    @Option(names = "--metric", paramLabel = "NAME", defaultValue = "val_acc",
            description = "What --plot draws: val_acc, val_loss, train_acc, train_loss, seconds or images_per_sec "
                    + "(default: ${DEFAULT-VALUE}).")
    String metric;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return Compare.run(logs, plot, metric, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
