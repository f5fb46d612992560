package d2l.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * One PNG with a metric per epoch for several runs, one coloured line per run labelled
 * "model lr=.. bs=..", legend to the right of the plot in the table's order (best run first). Ten
 * lines are as many as the eye tells apart: with more runs, the ten best are drawn in colour over the
 * others in light grey, so a class's spread still shows.
 */
public final class ComparePlot {

    /** The log columns that can be plotted. */
    public static final List<String> METRICS = List.of("val_acc", "val_loss", "train_acc", "train_loss", "seconds",
            "images_per_sec");

    /** matplotlib's ten colours (the book's), with black in place of grey, which the other runs use. */
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), Color.BLACK,
            new Color(0xbcbd22), new Color(0x17becf)};

    /** A second cue besides colour, for colour-blind readers and grey printouts. */
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};

    private static final Color OTHER_RUNS = new Color(0xc8c8c8);

    private ComparePlot() {}

    /**
     * Draws {@code metric} per epoch for the runs of {@code runs} (from {@link RunSummary#perRun}, whose
     * order is kept), reading the epochs from {@code epochs}, into {@code file} (a PNG, whatever its name).
     * Returns a note for the reader when only the best {@link RunSummary#MANY_RUNS} runs are in colour.
     */
    public static Optional<String> save(Table epochs, Table runs, String metric, Path file) throws IOException {
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("--metric must be one of " + String.join(", ", METRICS) + ", not " + metric);
        }
        System.setProperty("java.awt.headless", "true");
        List<String> order = runs.stringColumn("run").asList();
        int total = order.size();
        int coloured = Math.min(total, RunSummary.MANY_RUNS);
        String title = metric + " per epoch" + (total > coloured
                ? ": the " + coloured + " runs with the best val_acc of " + total + ", the others in grey" : "");
        XYChart chart = new XYChartBuilder().width(1000).height(560).title(title).xAxisTitle("epoch")
                .yAxisTitle(metric).build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendSeriesLineLength(28);
        styler.setPlotGridHorizontalLinesVisible(true);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setXAxisDecimalPattern("0");
        styler.setMarkerSize(7);
        if (metric.endsWith("_acc")) {
            styler.setYAxisDecimalPattern("0.00");
        }

        // grey first, so that the coloured lines are drawn over them
        for (String run : order.subList(coloured, total)) {
            XYSeries series = addSeries(chart, run, epochs, run, metric);
            series.setShowInLegend(false);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(OTHER_RUNS);
            series.setLineStyle(new BasicStroke(1f));
        }
        Map<String, String> labels = RunSummary.labels(runs);
        for (int i = 0; i < coloured; i++) {
            String run = order.get(i);
            XYSeries series = addSeries(chart, labels.get(run), epochs, run, metric);
            series.setLineColor(COLOURS[i]);
            series.setMarkerColor(COLOURS[i]);
            series.setMarker(MARKERS[i % MARKERS.length]);
            series.setLineStyle(new BasicStroke(2f));
        }

        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        return total > coloured
                ? Optional.of(total + " runs: the plot shows the " + coloured + " with the best val_acc in colour,"
                        + " the other " + (total - coloured) + " in grey")
                : Optional.empty();
    }

    private static XYSeries addSeries(XYChart chart, String name, Table epochs, String run, String metric) {
        Table byEpoch = epochs.where(epochs.stringColumn("run").isEqualTo(run)).sortAscendingOn("epoch");
        double[] x = byEpoch.intColumn("epoch").asDoubleArray();
        // a diverged run's infinite loss would stretch the axis to nothing; NaN leaves a gap in the line
        double[] y = byEpoch.doubleColumn(metric).asDoubleArray();
        for (int i = 0; i < y.length; i++) {
            y[i] = Double.isInfinite(y[i]) ? Double.NaN : y[i];
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return series;
    }
}
