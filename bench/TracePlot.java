import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the first epoch of {@code d2l train --trace} files, one line per file and one colour per group
 * (the file name before its last {@code _}: {@code before_1.csv} and {@code before_2.csv} are both
 * "before"), as two PNGs: {@code OUT.png}, the milliseconds of each of the first {@value #FIRST}
 * batches (log scale), and {@code OUT-progress.png}, the batches done against the seconds since the
 * JVM started, where the time spent before training shows too.
 *
 * <pre>java -cp "target/classes:$(cat target/classpath.txt)" bench/TracePlot.java OUT.png TITLE TRACE.csv...</pre>
 */
public class TracePlot {

    static final int FIRST = 60;

    private static final Color[] COLOURS = {new Color(0xff7f0e), new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728)};

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: TracePlot OUT.png TITLE TRACE.csv...");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        String out = args[0].replaceFirst("(?i)\\.png$", "");
        XYChart perBatch = chart(args[1] + ": the first " + FIRST + " batches", "batch", "ms per batch (log scale)");
        perBatch.getStyler().setYAxisLogarithmic(true);
        XYChart progress = chart(args[1] + ": progress since the JVM started", "seconds since the JVM started",
                "batches of the first epoch done");
        progress.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        Map<String, Color> groups = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            Path file = Path.of(args[i]);
            String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
            String group = name.contains("_") ? name.substring(0, name.lastIndexOf('_')) : name;
            Color colour = groups.computeIfAbsent(group, g -> COLOURS[groups.size() % COLOURS.length]);
            List<Double> batch = new ArrayList<>();
            List<Double> ms = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f[0].equals("1")) {
                    batch.add(Double.parseDouble(f[1]));
                    ms.add(Double.parseDouble(f[2]));
                    seconds.add(Double.parseDouble(f[3]));
                }
            }
            int first = Math.min(FIRST, batch.size());
            line(perBatch, name, batch.subList(0, first), ms.subList(0, first), colour);
            line(progress, name, seconds, batch, colour);
        }
        BitmapEncoder.saveBitmap(perBatch, out, BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(progress, out + "-progress", BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        return chart;
    }

    private static void line(XYChart chart, String name, List<Double> x, List<Double> y, Color colour) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(colour);
        series.setLineStyle(new BasicStroke(1.2f));
    }
}
