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
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the per-batch wall time of the first epoch from {@code d2l train --trace} files, one line per
 * file on a log scale, one colour per group (the file name before its last {@code _}, e.g.
 * {@code before_1.csv} and {@code before_2.csv} are both "before").
 *
 * <pre>java -cp "target/classes:$(cat target/classpath.txt)" bench/TracePlot.java OUT.png TITLE TRACE.csv...</pre>
 */
public class TracePlot {

    private static final Color[] COLOURS = {new Color(0xff7f0e), new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728)};

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: TracePlot OUT.png TITLE TRACE.csv...");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(500).title(args[1])
                .xAxisTitle("batch of the first epoch").yAxisTitle("ms per batch (log scale)").build();
        XYStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setMarkerSize(0);
        Map<String, Color> groups = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            Path file = Path.of(args[i]);
            String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
            String group = name.contains("_") ? name.substring(0, name.lastIndexOf('_')) : name;
            Color colour = groups.computeIfAbsent(group, g -> COLOURS[groups.size() % COLOURS.length]);
            List<Double> batches = new ArrayList<>();
            List<Double> ms = new ArrayList<>();
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                if (f[0].equals("1")) {
                    batches.add(Double.parseDouble(f[1]));
                    ms.add(Double.parseDouble(f[2]));
                }
            }
            XYSeries series = chart.addSeries(name, batches, ms);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(colour);
            series.setLineStyle(new BasicStroke(1f));
        }
        BitmapEncoder.saveBitmap(chart, args[0].replaceFirst("(?i)\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }
}
