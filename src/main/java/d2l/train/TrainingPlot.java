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
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The picture the book's trainer draws: train loss, validation loss and validation accuracy against
 * the epoch, saved as a PNG without a display (headless AWT).
 */
public final class TrainingPlot {

    private TrainingPlot() {}

    /** Writes the curves of {@code epochs} to {@code file} (PNG). */
    public static void save(String title, List<EpochResult> epochs, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").yAxisTitle("").build();
        var styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotGridHorizontalLinesVisible(true);
        styler.setMarkerSize(6);
        chart.getStyler().setYAxisMin(0.0);
        double[] x = epochs.stream().mapToDouble(EpochResult::epoch).toArray();
        add(chart, "train_loss", x, epochs.stream().mapToDouble(EpochResult::trainLoss).toArray());
        add(chart, "val_loss", x, epochs.stream().mapToDouble(EpochResult::valLoss).toArray());
        add(chart, "val_acc", x, epochs.stream().mapToDouble(EpochResult::valAcc).toArray());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmap(chart, file.toString().replaceFirst("(?i)\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void add(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
}
