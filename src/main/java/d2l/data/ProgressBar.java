package d2l.data;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows how far a download has got. On a terminal it is one line redrawn in place (with a carriage
 * return) at most ten times a second:
 * <pre>train-images-idx3-ubyte.gz [##########          ]  50%  13.1/26.2 MB  4.2 MB/s</pre>
 * When the output goes to a file or a CI log, where carriage returns would pile up, it prints a
 * plain line at every quarter and one at the end.
 */
final class ProgressBar {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int PLAIN_STEPS = 4;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos = startNanos - REDRAW_NANOS;
    private int lastLineLength;
    private int plainStepsShown;
    private long done;

    /**
     * A progress display for {@code label}, {@code total} bytes long (negative when the server did
     * not say), written to {@code out} as a live line when {@code terminal} is true.
     */
    ProgressBar(String label, long total, PrintStream out, boolean terminal) {
        this.label = label;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
    }

    /** Records that {@code bytes} more bytes have arrived. */
    void advance(long bytes) {
        done += bytes;
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDrawNanos >= REDRAW_NANOS) {
                lastDrawNanos = now;
                redraw();
            }
        } else if (total > 0) {
            int step = (int) (done * PLAIN_STEPS / total);
            if (step > plainStepsShown && step < PLAIN_STEPS) {
                plainStepsShown = step;
                out.println(label + ": " + percent() + " (" + megabytes(done) + " of " + megabytes(total) + ")");
                out.flush();
            }
        }
    }

    /** Ends the display: the final state, then a new line. */
    void finish() {
        if (terminal) {
            redraw();
            out.println();
        } else {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            out.println(label + ": done, " + megabytes(done) + String.format(Locale.ROOT, " in %.1f s", seconds));
        }
        out.flush();
    }

    /** Ends the display after a failure, showing how far it got. */
    void abandon() {
        if (terminal) {
            redraw();
            out.println();
            out.flush();
        }
    }

    private void redraw() {
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) (done * BAR_WIDTH / total);
            line.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%4s", percent())).append("  ")
                    .append(megabytes(done).replace(" MB", "")).append('/').append(megabytes(total));
        } else {
            line.append(megabytes(done));
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (seconds > 0.5) {
            line.append(String.format(Locale.ROOT, "  %.1f MB/s", done / 1e6 / seconds));
        }
        int length = line.length();
        // Spaces wipe what a longer previous line left behind.
        line.append(" ".repeat(Math.max(0, lastLineLength - length)));
        lastLineLength = length;
        out.print("\r" + line);
        out.flush();
    }

    private String percent() {
        return (total > 0 ? done * 100 / total : 0) + "%";
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
