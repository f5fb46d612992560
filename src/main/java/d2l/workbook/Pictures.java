package d2l.workbook;

import d2l.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Looking at tensors without a screen: a compact text heat map for the terminal and PNG files, for
 * a 2-D tensor (the edge-detection outputs of 7.2) or a batch of images (Fashion-MNIST samples,
 * the book's {@code show_images}).
 *
 * <pre>{@code
 * jshell> Pictures.show(corr2d(edgeImage(), edgeKernel()))
 * tensor of shape [6, 7], min -1, max 1:  ' ' = -1 ... '█' = 1
 * ▒▒████▒▒▒▒▒▒▒▒    ▒▒
 * ...
 * jshell> Pictures.png(corr2d(edgeImage(), edgeKernel()), "edges.png")
 * $3 ==> /home/student/d2l/edges.png
 * jshell> var batch = new d2l.data.FashionMNIST(18).valBatches().iterator().next()
 * jshell> Pictures.png(batch.images(), d2l.data.FashionMNIST.textLabels(batch.labels()), 9, "samples.png")
 * }</pre>
 *
 * Text uses the shades {@code ' ░▒▓█'} from the smallest value to the largest. PNG files show
 * non-negative values in grey (black the smallest, white the largest) and values of both signs
 * from blue (negative) through white (0) to red (positive).
 */
public final class Pictures {

    /** The text shades, from the smallest value to the largest. */
    public static final String SHADES = " ░▒▓█";

    private Pictures() {}

    // ------------------------------------------------------------------ text

    /** Prints {@link #text(Tensor)}. */
    public static void show(Tensor t) {
        System.out.print(text(t));
    }

    /** Prints {@link #text(Tensor, List)}. */
    public static void show(Tensor images, List<String> titles) {
        System.out.print(text(images, titles));
    }

    /**
     * A text heat map of a 2-D tensor (or a single image {@code [1, H, W]} or {@code [1, 1, H, W]}):
     * a line giving the shape and the range, then one row of text per row of the tensor, two
     * characters per element so that it looks about square.
     */
    public static String text(Tensor t) {
        float[][] m = matrix(t);
        float[] range = range(m);
        StringBuilder s = new StringBuilder();
        s.append("tensor of shape [").append(m.length).append(", ").append(m.length == 0 ? 0 : m[0].length).append("], min ")
                .append(number(range[0])).append(", max ").append(number(range[1])).append(":  ' ' = ").append(number(range[0]))
                .append(" ... '").append(SHADES.charAt(SHADES.length() - 1)).append("' = ").append(number(range[1])).append('\n');
        for (float[] row : m) {
            for (float v : row) {
                char c = shade(v, range);
                s.append(c).append(c);
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * A text heat map of a batch of images ({@code [N, H, W]} or {@code [N, 1, H, W]}), side by side
     * in rows with their titles above (null for none). Each image gets one character per pixel
     * across and one line for every second pixel row, so a 28 x 28 image takes 28 x 14
     * characters; as many fit on a line of 100 characters as can. Each image is shaded on its own
     * range.
     */
    public static String text(Tensor images, List<String> titles) {
        List<float[][]> batch = batch(images);
        checkTitles(titles, batch.size());
        StringBuilder s = new StringBuilder();
        if (batch.isEmpty()) {
            return s.toString();
        }
        int w = batch.get(0)[0].length;
        int perLine = Math.max(1, 100 / (w + 2));
        for (int first = 0; first < batch.size(); first += perLine) {
            int last = Math.min(batch.size(), first + perLine);
            if (titles != null) {
                for (int i = first; i < last; i++) {
                    String title = titles.get(i);
                    title = title.length() > w ? title.substring(0, w) : title;
                    s.append(title).append(" ".repeat(w - title.length() + 2));
                }
                s.append('\n');
            }
            int h = batch.get(first).length;
            for (int row = 0; row < h; row += 2) {
                for (int i = first; i < last; i++) {
                    float[][] m = batch.get(i);
                    float[] range = range(m);
                    for (int col = 0; col < w; col++) {
                        float v = row + 1 < h ? Math.max(m[row][col], m[row + 1][col]) : m[row][col];
                        s.append(shade(v, range));
                    }
                    s.append("  ");
                }
                s.append('\n');
            }
        }
        return s.toString();
    }

    private static char shade(float v, float[] range) {
        if (range[1] <= range[0]) {
            return SHADES.charAt(SHADES.length() / 2);
        }
        int level = Math.round((v - range[0]) / (range[1] - range[0]) * (SHADES.length() - 1));
        return SHADES.charAt(Math.max(0, Math.min(SHADES.length() - 1, level)));
    }

    // ------------------------------------------------------------------ PNG

    /**
     * Writes a PNG of a 2-D tensor (or a single image) to {@code file}: each element a square of
     * pixels (so that a 6 x 7 tensor is not 6 x 7 pixels), with the range written below. Returns
     * the file's absolute path.
     */
    public static Path png(Tensor t, String file) {
        float[][] m = matrix(t);
        float[] range = range(m);
        int h = m.length;
        int w = m[0].length;
        int cell = Math.max(1, Math.min(40, 480 / Math.max(h, w)));
        int caption = 22;
        int width = Math.max(w * cell, 200);
        BufferedImage image = new BufferedImage(width, h * cell + caption, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(image);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                g.setColor(colour(m[i][j], range));
                g.fillRect(j * cell, i * cell, cell, cell);
            }
        }
        if (cell >= 8) {
            // thin lines between the elements, so that each one can be told apart
            g.setColor(new Color(200, 200, 200));
            for (int i = 0; i <= h; i++) {
                g.drawLine(0, i * cell, w * cell, i * cell);
            }
            for (int j = 0; j <= w; j++) {
                g.drawLine(j * cell, 0, j * cell, h * cell);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("[" + h + ", " + w + "]  min " + number(range[0]) + "  max " + number(range[1]), 4, h * cell + 16);
        g.dispose();
        return write(image, file);
    }

    /** {@link #png(Tensor, List, int, String)} with 8 images to a row. */
    public static Path png(Tensor images, List<String> titles, String file) {
        return png(images, titles, 8, file);
    }

    /**
     * Writes a PNG of a batch of images ({@code [N, H, W]} or {@code [N, 1, H, W]}) to {@code file},
     * {@code columns} to a row, each scaled up to about 96 pixels with its title (null for none)
     * above it, as the book's {@code show_images} shows Fashion-MNIST samples. Returns the file's
     * absolute path.
     */
    public static Path png(Tensor images, List<String> titles, int columns, String file) {
        List<float[][]> batch = batch(images);
        checkTitles(titles, batch.size());
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("Pictures.png: the batch is empty");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("Pictures.png: columns must be at least 1, got " + columns);
        }
        int h = batch.get(0).length;
        int w = batch.get(0)[0].length;
        int scale = Math.max(1, 96 / Math.max(h, w));
        int titleHeight = titles == null ? 0 : 18;
        int pad = 6;
        int cols = Math.min(columns, batch.size());
        int rows = (batch.size() + cols - 1) / cols;
        int cellW = w * scale + pad;
        int cellH = h * scale + titleHeight + pad;
        BufferedImage image = new BufferedImage(cols * cellW + pad, rows * cellH + pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(image);
        FontMetrics metrics = g.getFontMetrics();
        for (int n = 0; n < batch.size(); n++) {
            int x0 = pad + (n % cols) * cellW;
            int y0 = pad + (n / cols) * cellH;
            if (titles != null) {
                g.setColor(Color.BLACK);
                String title = titles.get(n);
                g.drawString(title, x0 + Math.max(0, (w * scale - metrics.stringWidth(title)) / 2), y0 + 13);
            }
            float[][] m = batch.get(n);
            float[] range = range(m);
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    g.setColor(colour(m[i][j], range));
                    g.fillRect(x0 + j * scale, y0 + titleHeight + i * scale, scale, scale);
                }
            }
        }
        g.dispose();
        return write(image, file);
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    /** Grey from black (smallest) to white (largest); with both signs, blue through white (0) to red. */
    private static Color colour(float v, float[] range) {
        if (range[0] < 0 && range[1] > 0) {
            float extent = Math.max(-range[0], range[1]);
            float a = Math.min(1, Math.abs(v) / extent);
            int fade = Math.round(255 * (1 - a));
            return v < 0 ? new Color(fade, fade, 255) : new Color(255, fade, fade);
        }
        if (range[1] <= range[0]) {
            return Color.GRAY;
        }
        int grey = Math.round(255 * (v - range[0]) / (range[1] - range[0]));
        grey = Math.max(0, Math.min(255, grey));
        return new Color(grey, grey, grey);
    }

    private static Path write(BufferedImage image, String file) {
        Path path = Path.of(file).toAbsolutePath();
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            if (!ImageIO.write(image, "png", path.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + path + ": " + e.getMessage(), e);
        }
        return path;
    }

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    // ------------------------------------------------------------------ shapes

    /** A 2-D tensor, or a single image with leading dimensions of 1, as rows of floats. */
    private static float[][] matrix(Tensor t) {
        int[] shape = t.shape().toArray();
        int lead = 0;
        while (shape.length - lead > 2 && shape[lead] == 1) {
            lead++;
        }
        if (shape.length - lead != 2) {
            throw new IllegalArgumentException("Pictures: expected a 2-D tensor (or one image [1, H, W] / [1, 1, H, W]), got shape "
                    + t.shape() + "; for a batch of images give the titles too: Pictures.show(images, titles)");
        }
        int h = shape[lead];
        int w = shape[lead + 1];
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException("Pictures: the tensor is empty, shape " + t.shape());
        }
        float[] values = t.detach().contiguous().toArray();
        float[][] m = new float[h][w];
        for (int i = 0; i < h; i++) {
            System.arraycopy(values, i * w, m[i], 0, w);
        }
        return m;
    }

    /** A batch {@code [N, H, W]} or {@code [N, 1, H, W]} as a list of images. */
    private static List<float[][]> batch(Tensor images) {
        int[] shape = images.shape().toArray();
        if (shape.length == 4 && shape[1] == 1) {
            shape = new int[] {shape[0], shape[2], shape[3]};
        }
        if (shape.length != 3) {
            throw new IllegalArgumentException("Pictures: expected a batch of images [N, H, W] or [N, 1, H, W], got shape "
                    + images.shape());
        }
        float[] values = images.detach().contiguous().toArray();
        List<float[][]> batch = new ArrayList<>();
        int h = shape[1];
        int w = shape[2];
        for (int n = 0; n < shape[0]; n++) {
            float[][] m = new float[h][w];
            for (int i = 0; i < h; i++) {
                System.arraycopy(values, (n * h + i) * w, m[i], 0, w);
            }
            batch.add(m);
        }
        return batch;
    }

    private static void checkTitles(List<String> titles, int n) {
        if (titles != null && titles.size() != n) {
            throw new IllegalArgumentException("Pictures: " + n + " images but " + titles.size() + " titles");
        }
    }

    private static float[] range(float[][] m) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : m) {
            for (float v : row) {
                if (!Float.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min > max ? new float[] {0, 0} : new float[] {min, max};
    }

    private static String number(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
