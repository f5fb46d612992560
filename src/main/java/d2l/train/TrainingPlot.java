package d2l.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The picture the book's trainer draws: train loss, validation loss and validation accuracy against
 * the epoch (the train loss also inside the epochs, from a {@link TrainingCurve}), saved as a PNG
 * without a display (headless AWT).
 */
public final class TrainingPlot {

    private TrainingPlot() {}

    /** Writes the curves of {@code epochs} to {@code file} (PNG), the training loss once per epoch. */
    public static void save(String title, List<EpochResult> epochs, Path file) throws IOException {
        save(title, epochs, List.of(), file);
    }

    /**
     * Writes the curves to {@code file} (PNG): the training loss from {@code trainCurve} (inside the
     * epochs) or, when it is empty, from {@code epochs}; validation loss and accuracy from {@code epochs}.
     */
    public static void save(String title, List<EpochResult> epochs, List<TrainingCurve.Point> trainCurve, Path file)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").yAxisTitle("").build();
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(java.awt.Color.WHITE);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotGridHorizontalLinesVisible(true);
        styler.setMarkerSize(6);
        chart.getStyler().setYAxisMin(0.0);
        double[] x = epochs.stream().mapToDouble(EpochResult::epoch).toArray();
        // the book's colours and line styles: train solid blue, validation dashed orange and green
        if (trainCurve.isEmpty()) {
            add(chart, "train_loss", x, epochs.stream().mapToDouble(EpochResult::trainLoss).toArray(),
                    new java.awt.Color(0x1f77b4), SeriesLines.SOLID);
        } else {
            add(chart, "train_loss", trainCurve.stream().mapToDouble(TrainingCurve.Point::epoch).toArray(),
                    trainCurve.stream().mapToDouble(TrainingCurve.Point::loss).toArray(), new java.awt.Color(0x1f77b4), SeriesLines.SOLID);
        }
        if (!epochs.isEmpty()) {
            add(chart, "val_loss", x, epochs.stream().mapToDouble(EpochResult::valLoss).toArray(),
                    new java.awt.Color(0xff7f0e), SeriesLines.DASH_DASH);
            add(chart, "val_acc", x, epochs.stream().mapToDouble(EpochResult::valAcc).toArray(),
                    new java.awt.Color(0x2ca02c), SeriesLines.DASH_DASH);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmap(chart, file.toString().replaceFirst("(?i)\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void add(XYChart chart, String name, double[] x, double[] y, java.awt.Color color,
                            java.awt.BasicStroke line) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineStyle(line);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
}
