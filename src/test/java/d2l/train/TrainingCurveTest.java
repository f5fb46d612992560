package d2l.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.train.TrainingCurve.Point;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training loss inside the epochs, as the book's ProgressBoard plots it. */
class TrainingCurveTest {

    @Test
    void twoPointsAnEpochAtItsMiddleAndEndEachTheMeanLossSinceTheLast() {
        List<List<Point>> drawn = new ArrayList<>();
        TrainingCurve curve = new TrainingCurve(2, drawn::add);
        double[] losses = {4, 2, 3, 1};
        for (int epoch = 1; epoch <= 2; epoch++) {
            for (int done = 1; done <= 4; done++) {
                curve.batch(epoch, done, 4, losses[done - 1] / epoch, 10);
            }
        }

        assertThat(curve.points()).containsExactly(new Point(0.5, 3), new Point(1, 2), new Point(1.5, 1.5), new Point(2, 1));
        assertThat(drawn).hasSize(4);
        assertThat(drawn.get(0)).containsExactly(new Point(0.5, 3));
    }

    @Test
    void theLossIsWeightedByBatchSizeAndTheShortLastStepEndsTheEpoch() {
        TrainingCurve curve = new TrainingCurve(2, points -> { });
        curve.batch(1, 1, 3, 1, 30);
        curve.batch(1, 2, 3, 4, 10);
        curve.batch(1, 3, 3, 2, 5);

        assertThat(curve.points()).containsExactly(new Point(1.0 / 3, 1), new Point(2.0 / 3, 4), new Point(1, 2));
    }

    @Test
    void atLeastOnePointAnEpoch() {
        assertThatThrownBy(() -> new TrainingCurve(0, points -> { })).hasMessage("points per epoch must be at least 1, got 0");
    }
}
