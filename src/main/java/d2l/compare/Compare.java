package d2l.compare;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * {@code d2l compare}: reads training logs, prints one row per run (best first), a distribution of
 * the best accuracies when a model has many runs, and optionally draws a metric per epoch to a PNG.
 * Files that cannot be compared are named on the error stream and the others are compared anyway.
 */
public final class Compare {

    private Compare() {}

    /**
     * Compares the runs in {@code logs}, writing the tables to {@code out} and one "d2l: ..." line per
     * skipped file or note to {@code err}. Draws {@code metric} to {@code plot} unless it is null.
     *
     * @return 0 if at least one run was compared, 1 if none
     */
    public static int run(List<Path> logs, Path plot, String metric, PrintWriter out, PrintWriter err) throws IOException {
        if (!ComparePlot.METRICS.contains(metric)) {
            throw new IllegalArgumentException("--metric must be one of " + String.join(", ", ComparePlot.METRICS)
                    + ", not " + metric);
        }
        RunLogs.Loaded loaded = RunLogs.read(logs);
        for (RunLogs.Skipped skipped : loaded.skipped()) {
            err.println("d2l: " + skipped);
        }
        if (loaded.runCount() == 0) {
            err.println("d2l: no runs to compare");
            err.flush();
            return 1;
        }
        Table runs = RunSummary.perRun(loaded.epochs());
        out.print(RunSummary.formatRuns(runs));
        Table spread = RunSummary.distribution(runs);
        if (!spread.isEmpty()) {
            out.println();
            out.print(RunSummary.formatDistribution(spread));
        }
        out.flush();
        if (plot != null) {
            Optional<String> note = ComparePlot.save(loaded.epochs(), runs, metric, plot);
            note.ifPresent(n -> err.println("d2l: " + n));
            err.println("plot: " + plot);
        }
        err.flush();
        return 0;
    }
}
