package d2l.compare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.selection.Selection;

/**
 * The figures that tell training runs apart, one row per run: how good the network got (final and best
 * validation accuracy, and when), how fast it learned (the first epoch that reaches 0.7 and 0.8
 * validation accuracy) and how fast it ran (seconds per epoch, images per second). For a class's
 * logs, where one model has many runs, also the spread of the best accuracies per model.
 */
public final class RunSummary {

    /** Validation accuracies whose first epoch is reported: where the book's LeNets part ways. */
    public static final List<Double> THRESHOLDS = List.of(0.7, 0.8);

    /** More runs than this of one model get a distribution summary; more in all, a plot of the best ones. */
    public static final int MANY_RUNS = 10;

    private RunSummary() {}

    /**
     * One row per run of {@code epochs} (a table from {@link RunLogs#read}), sorted by best validation
     * accuracy, highest first (ties: higher final accuracy, then run name). Columns: run, file, model,
     * lr, batch_size, seed, epochs (the last epoch logged), final_val_acc, best_val_acc, best_epoch (the
     * first epoch with the best), final_train_loss, first_epoch_0.7 and first_epoch_0.8 (missing when
     * never reached), seconds_per_epoch and images_per_sec (means over the epochs).
     */
    public static Table perRun(Table epochs) {
        Table runs = Table.create("runs",
                StringColumn.create("run"), StringColumn.create("file"), StringColumn.create("model"),
                DoubleColumn.create("lr"), IntColumn.create("batch_size"), LongColumn.create("seed"),
                IntColumn.create("epochs"), DoubleColumn.create("final_val_acc"), DoubleColumn.create("best_val_acc"),
                IntColumn.create("best_epoch"), DoubleColumn.create("final_train_loss"));
        for (double threshold : THRESHOLDS) {
            runs.addColumns(IntColumn.create(firstEpochColumn(threshold)));
        }
        runs.addColumns(DoubleColumn.create("seconds_per_epoch"), DoubleColumn.create("images_per_sec"));

        for (Table run : epochs.splitOn("run").asTableList()) {
            Table byEpoch = run.sortAscendingOn("epoch");
            IntColumn epoch = byEpoch.intColumn("epoch");
            DoubleColumn valAcc = byEpoch.doubleColumn("val_acc");
            int last = byEpoch.rowCount() - 1;
            double best = valAcc.max();
            runs.stringColumn("run").append(byEpoch.stringColumn("run").get(0));
            runs.stringColumn("file").append(byEpoch.stringColumn("file").get(0));
            runs.stringColumn("model").append(byEpoch.stringColumn("model").get(0));
            runs.doubleColumn("lr").append(byEpoch.doubleColumn("lr").getDouble(0));
            runs.intColumn("batch_size").append(byEpoch.intColumn("batch_size").get(0));
            runs.longColumn("seed").append(byEpoch.longColumn("seed").get(0));
            runs.intColumn("epochs").append(epoch.get(last));
            runs.doubleColumn("final_val_acc").append(valAcc.getDouble(last));
            runs.doubleColumn("best_val_acc").append(best);
            runs.intColumn("best_epoch").append(firstEpoch(byEpoch, valAcc.isEqualTo(best)));
            runs.doubleColumn("final_train_loss").append(byEpoch.doubleColumn("train_loss").getDouble(last));
            for (double threshold : THRESHOLDS) {
                Integer reached = firstEpoch(byEpoch, valAcc.isGreaterThanOrEqualTo(threshold));
                IntColumn column = runs.intColumn(firstEpochColumn(threshold));
                if (reached == null) {
                    column.appendMissing();
                } else {
                    column.append(reached);
                }
            }
            runs.doubleColumn("seconds_per_epoch").append(byEpoch.doubleColumn("seconds").mean());
            runs.doubleColumn("images_per_sec").append(byEpoch.doubleColumn("images_per_sec").mean());
        }
        return runs.sortOn("-best_val_acc", "-final_val_acc", "run");
    }

    /** The name of the column holding the first epoch that reaches {@code threshold}, e.g. first_epoch_0.7. */
    public static String firstEpochColumn(double threshold) {
        return "first_epoch_" + compact(threshold);
    }

    /**
     * For every model with more than {@link #MANY_RUNS} runs in {@code runs} (a table from {@link #perRun}),
     * the spread of its runs' best validation accuracies: model, runs, min, q1, median, q3, max. Quartiles
     * interpolate linearly between the sorted values, as numpy's percentile and pandas' describe() do.
     * Models come in the order of their best run.
     */
    public static Table distribution(Table runs) {
        Table spread = Table.create("best_val_acc by model", StringColumn.create("model"), IntColumn.create("runs"),
                DoubleColumn.create("min"), DoubleColumn.create("q1"), DoubleColumn.create("median"),
                DoubleColumn.create("q3"), DoubleColumn.create("max"));
        for (String model : new LinkedHashSet<>(runs.stringColumn("model").asList())) {
            double[] best = runs.where(runs.stringColumn("model").isEqualTo(model)).doubleColumn("best_val_acc").asDoubleArray();
            if (best.length <= MANY_RUNS) {
                continue;
            }
            Arrays.sort(best);
            spread.stringColumn("model").append(model);
            spread.intColumn("runs").append(best.length);
            spread.doubleColumn("min").append(best[0]);
            spread.doubleColumn("q1").append(quantile(best, 0.25));
            spread.doubleColumn("median").append(quantile(best, 0.5));
            spread.doubleColumn("q3").append(quantile(best, 0.75));
            spread.doubleColumn("max").append(best[best.length - 1]);
        }
        return spread;
    }

    /** The {@code p}-quantile of ascending {@code sorted}, interpolating linearly (numpy's default). */
    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /**
     * The per-run table as aligned text: model, lr, bs (batch size), epochs, last_acc and best_acc
     * (validation accuracy after the last epoch and at its best), at (the epoch of the best), train_loss
     * (after the last epoch), ep>=0.7 and ep>=0.8 (first epoch reaching that validation accuracy, "-" if
     * none), s/epoch and img/s (means). When two rows share model, lr and batch size, a run column tells
     * them apart.
     */
    public static String formatRuns(Table runs) {
        TextTable text = new TextTable().text("model").number("lr").number("bs").number("epochs")
                .number("last_acc").number("best_acc").number("at").number("train_loss");
        for (double threshold : THRESHOLDS) {
            text.number("ep>=" + compact(threshold));
        }
        text.number("s/epoch").number("img/s");
        boolean ambiguous = hasSameSettingsTwice(runs);
        if (ambiguous) {
            text.text("run");
        }
        for (Row run : runs) {
            List<String> cells = new ArrayList<>(List.of(run.getString("model"), compact(run.getDouble("lr")),
                    String.valueOf(run.getInt("batch_size")), String.valueOf(run.getInt("epochs")),
                    fixed(run.getDouble("final_val_acc"), 4), fixed(run.getDouble("best_val_acc"), 4),
                    String.valueOf(run.getInt("best_epoch")), fixed(run.getDouble("final_train_loss"), 4)));
            for (double threshold : THRESHOLDS) {
                String column = firstEpochColumn(threshold);
                cells.add(run.isMissing(column) ? "-" : String.valueOf(run.getInt(column)));
            }
            cells.add(fixed(run.getDouble("seconds_per_epoch"), 3));
            cells.add(fixed(run.getDouble("images_per_sec"), 0));
            if (ambiguous) {
                cells.add(run.getString("run"));
            }
            text.row(cells);
        }
        return text.render();
    }

    /** The distribution table as aligned text, under a line saying what it is. */
    public static String formatDistribution(Table spread) {
        TextTable text = new TextTable().text("model").number("runs");
        List<String> figures = List.of("min", "q1", "median", "q3", "max");
        figures.forEach(text::number);
        for (Row model : spread) {
            List<String> cells = new ArrayList<>(List.of(model.getString("model"), String.valueOf(model.getInt("runs"))));
            figures.forEach(f -> cells.add(fixed(model.getDouble(f), 4)));
            text.row(cells);
        }
        return "best val_acc of the runs of each model with more than " + MANY_RUNS + " runs:\n" + text.render();
    }

    /**
     * A short label for a run in a legend: "model lr=.. bs=..", with the seed added when that is not
     * unique in {@code runs}, and the run name when even that is not.
     */
    public static Map<String, String> labels(Table runs) {
        Map<String, String> labels = new HashMap<>();
        Map<String, Integer> settingsCount = new HashMap<>();
        Map<String, Integer> seededCount = new HashMap<>();
        for (Row run : runs) {
            settingsCount.merge(settings(run), 1, Integer::sum);
            seededCount.merge(settings(run) + " seed=" + run.getLong("seed"), 1, Integer::sum);
        }
        for (Row run : runs) {
            String label = settings(run);
            if (settingsCount.get(label) > 1) {
                label += " seed=" + run.getLong("seed");
                if (seededCount.get(label) > 1) {
                    label = run.getString("run");
                }
            }
            labels.put(run.getString("run"), label);
        }
        return labels;
    }

    private static boolean hasSameSettingsTwice(Table runs) {
        Map<String, Integer> count = new HashMap<>();
        for (Row run : runs) {
            if (count.merge(settings(run), 1, Integer::sum) > 1) {
                return true;
            }
        }
        return false;
    }

    private static String settings(Row run) {
        return run.getString("model") + " lr=" + compact(run.getDouble("lr")) + " bs=" + run.getInt("batch_size");
    }

    private static Integer firstEpoch(Table byEpoch, Selection rows) {
        Table reached = byEpoch.where(rows);
        return reached.isEmpty() ? null : reached.intColumn("epoch").get(0);
    }

    /** 0.100000 as 0.1, 0.0005 as 0.0005: the shortest exact decimal. */
    static String compact(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
