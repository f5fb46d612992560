package d2l.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows how an epoch advances: on a terminal one line rewritten in place (batches done, loss,
 * images/s); elsewhere (CI logs, files) a plain line at every tenth of the epoch, so logs stay readable.
 */
public final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private long lastDraw;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Progress to stderr, live when a console is attached. */
    public static Progress toStderr() {
        return new Progress(System.err, System.console() != null);
    }

    /**
     * After {@code done} of {@code total} batches of epoch {@code epoch}. The line is formatted only
     * when it is drawn: formatting every batch would make the JIT compile {@code java.util.Formatter}
     * during the first epoch, on a core that training needs.
     */
    public void batch(int epoch, int maxEpochs, int done, int total, double meanLoss, double imagesPerSec) {
        if (terminal) {
            long now = System.nanoTime();
            if (done == total || now - lastDraw > 100_000_000L) {
                out.print("\r" + line(epoch, maxEpochs, done, total, meanLoss, imagesPerSec) + "   ");
                out.flush();
                lastDraw = now;
            }
        } else {
            int step = Math.max(1, total / 10);
            if (done % step == 0 || done == total) {
                out.println(line(epoch, maxEpochs, done, total, meanLoss, imagesPerSec));
            }
        }
    }

    private static String line(int epoch, int maxEpochs, int done, int total, double meanLoss, double imagesPerSec) {
        return String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f  %.0f images/s",
                epoch, maxEpochs, done, total, meanLoss, imagesPerSec);
    }

    /** The summary line of a finished epoch. */
    public void epoch(int maxEpochs, EpochResult r) {
        if (terminal) {
            out.print("\r");
        }
        out.println(String.format(Locale.ROOT,
                "epoch %d/%d  train_loss %.4f  train_acc %.4f  val_loss %.4f  val_acc %.4f  %.1f s  %.0f images/s",
                r.epoch(), maxEpochs, r.trainLoss(), r.trainAcc(), r.valLoss(), r.valAcc(), r.seconds(), r.imagesPerSec()));
    }
}
