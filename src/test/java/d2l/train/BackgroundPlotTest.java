package d2l.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link BackgroundPlot}: training never waits for a drawing, and the last state is always drawn. */
class BackgroundPlotTest {

    private static final Path FILE = Path.of("runs", "run.png");

    /** A state of the run told apart by its number of curve points. */
    private static List<TrainingCurve.Point> points(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new TrainingCurve.Point(i, 1.0)).toList();
    }

    /**
     * A drawer that records what it draws and holds its first drawing until {@link #release} (or at
     * most 20 s, so that a plot drawing on the caller's thread fails the tests instead of hanging them).
     */
    private static final class HeldDrawer implements BackgroundPlot.Drawer {
        final List<Integer> drawn = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        @Override
        public void draw(List<EpochResult> epochs, List<TrainingCurve.Point> curve) {
            started.countDown();
            try {
                released.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            drawn.add(curve.size());
        }

        void release() {
            released.countDown();
        }
    }

    /** Asks for a drawing, failing if the request does not return within 5 s. */
    private static void request(BackgroundPlot plot, int points) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> plot.request(List.of(), points(points)));
    }

    @Test
    void aRequestReturnsWhileTheDrawingItAskedForRuns() throws InterruptedException {
        HeldDrawer drawer = new HeldDrawer();
        BackgroundPlot plot = new BackgroundPlot(FILE, drawer);

        request(plot, 1);
        assertThat(drawer.started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(drawer.drawn).isEmpty();

        drawer.release();
        plot.finish();
        assertThat(drawer.drawn).containsExactly(1);
    }

    @Test
    void requestsMadeDuringADrawingAreMergedIntoTheLatest() throws InterruptedException {
        HeldDrawer drawer = new HeldDrawer();
        BackgroundPlot plot = new BackgroundPlot(FILE, drawer);
        request(plot, 1);
        assertThat(drawer.started.await(10, TimeUnit.SECONDS)).isTrue();

        request(plot, 2);
        request(plot, 3);
        request(plot, 4);
        drawer.release();
        plot.finish();

        assertThat(drawer.drawn).containsExactly(1, 4);
    }

    @Test
    void theListsAreCopiedWhenRequested() throws InterruptedException {
        HeldDrawer drawer = new HeldDrawer();
        BackgroundPlot plot = new BackgroundPlot(FILE, drawer);
        List<TrainingCurve.Point> curve = new java.util.ArrayList<>(points(2));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> plot.request(List.of(), curve));
        curve.add(new TrainingCurve.Point(9, 1.0));

        drawer.release();
        plot.finish();
        assertThat(drawer.drawn).containsExactly(2);
    }

    @Test
    void aFailedDrawingIsReportedWithTheFileAndTheCause() {
        BackgroundPlot plot = new BackgroundPlot(FILE, (epochs, curve) -> {
            throw new IOException("No space left on device");
        });
        plot.request(List.of(), points(1));

        assertThatThrownBy(plot::finish)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("could not draw the plot " + FILE + ": No space left on device");
    }
}
