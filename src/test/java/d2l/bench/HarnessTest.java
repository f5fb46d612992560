package d2l.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timing loop: how many runs it warms up and times, and what runs between the timed runs. Nothing is checked for speed. */
class HarnessTest {

    @Test
    void theWarmUpRunsComeFirstThenEachShortTimedRunFollowsAnUntimedOneAndPrecedesTheOtherSide() {
        List<String> order = new ArrayList<>();

        Timing timing = Harness.measure(() -> order.add("ours"), new Harness.Settings(0, 2, 3, 0, 3),
                () -> order.add("theirs"));

        assertThat(timing.runs()).isEqualTo(3);
        assertThat(order).containsExactly("ours", "ours",
                "ours", "ours", "theirs", "ours", "ours", "theirs", "ours", "ours", "theirs");
    }

    @Test
    void aLongRunIsNotPrimed() {
        List<String> order = new ArrayList<>();
        Runnable slow = () -> {
            order.add("ours");
            try {
                Thread.sleep((long) Harness.SHORT_RUN_MS + 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        Harness.measure(slow, new Harness.Settings(0, 1, 2, 0, 2), () -> order.add("theirs"));

        assertThat(order).containsExactly("ours", "ours", "theirs", "ours", "theirs");
    }

    @Test
    void withoutAnOtherSideOnlyOursRuns() {
        int[] runs = {0};
        Timing timing = Harness.measure(() -> runs[0]++, new Harness.Settings(0, 1, 4, 0, 4));
        assertThat(timing.runs()).isEqualTo(4);
        assertThat(runs[0]).isEqualTo(5);
    }
}
