package d2l.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The training loss inside the epochs, as the book's {@code ProgressBoard} draws it: every
 * {@code total / pointsPerEpoch} batches, one point at the fraction of the run reached
 * ({@code epoch - 1 + done / total}), whose loss is the mean over the batches since the last point
 * (weighted by batch size). A long epoch thus shows its curve before it ends.
 */
public final class TrainingCurve {

    /** One point: where in the run ({@code 1.5} is half-way through epoch 2) and the mean loss since the last point. */
    public record Point(double epoch, double loss) {}

    private final int pointsPerEpoch;
    private final Consumer<List<Point>> onPoint;
    private final List<Point> points = new ArrayList<>();
    private double lossSum;
    private long seen;

    /**
     * @param pointsPerEpoch how many points each epoch adds (the book's {@code plot_train_per_epoch} is 2)
     * @param onPoint        called with all points so far each time one is added (to redraw a plot)
     */
    public TrainingCurve(int pointsPerEpoch, Consumer<List<Point>> onPoint) {
        if (pointsPerEpoch < 1) {
            throw new IllegalArgumentException("points per epoch must be at least 1, got " + pointsPerEpoch);
        }
        this.pointsPerEpoch = pointsPerEpoch;
        this.onPoint = onPoint;
    }

    /** After batch {@code done} of {@code total} of {@code epoch}, whose mean loss over its {@code n} images was {@code loss}. */
    public void batch(int epoch, int done, int total, double loss, int n) {
        lossSum += loss * n;
        seen += n;
        int step = Math.max(1, total / pointsPerEpoch);
        if (done % step == 0 || done == total) {
            points.add(new Point(epoch - 1 + (double) done / total, lossSum / Math.max(seen, 1)));
            lossSum = 0;
            seen = 0;
            onPoint.accept(List.copyOf(points));
        }
    }

    /** The points so far. */
    public List<Point> points() {
        return List.copyOf(points);
    }
}
