package d2l.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Draws a run's {@link TrainingPlot} on a thread of its own, so that training never waits for a PNG:
 * the first drawing of a JVM loads AWT, fonts and the PNG encoder (0.2-0.4 s here), later ones take
 * about 0.1 s, and on the training thread each was a batch that long. Requests made while a drawing
 * runs are merged, so only the latest of them is drawn next; {@link #finish} waits until the last
 * request is drawn, so the file is whole when training returns.
 */
final class BackgroundPlot {

    /** Draws one state of the run (the epochs so far and the training curve) to the plot's file. */
    @FunctionalInterface
    interface Drawer {
        void draw(List<EpochResult> epochs, List<TrainingCurve.Point> curve) throws IOException;
    }

    private record State(List<EpochResult> epochs, List<TrainingCurve.Point> curve) {}

    private final Path file;
    private final Drawer drawer;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "d2l-plot");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<State> next = new AtomicReference<>();
    private volatile IOException failure;

    BackgroundPlot(Path file, Drawer drawer) {
        this.file = file;
        this.drawer = drawer;
    }

    /** The run's plot titled {@code title}, drawn to {@code file}. */
    static BackgroundPlot of(String title, Path file) {
        return new BackgroundPlot(file, (epochs, curve) -> TrainingPlot.save(title, epochs, curve, file));
    }

    /**
     * Asks for the plot of this state to be drawn and returns at once (the lists are copied).
     *
     * @throws UncheckedIOException if an earlier drawing failed
     */
    void request(List<EpochResult> epochs, List<TrainingCurve.Point> curve) {
        rethrowFailure();
        if (next.getAndSet(new State(List.copyOf(epochs), List.copyOf(curve))) == null) {
            thread.execute(this::drawNext);
        }
    }

    private void drawNext() {
        State state = next.getAndSet(null);
        if (state == null || failure != null) {
            return;
        }
        try {
            drawer.draw(state.epochs(), state.curve());
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * Waits until every requested drawing is done and stops the thread.
     *
     * @throws UncheckedIOException if a drawing failed
     */
    void finish() {
        thread.shutdown();
        try {
            thread.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rethrowFailure();
    }

    /** Stops the thread without waiting (training failed; what is drawn stays as it is). */
    void abandon() {
        thread.shutdownNow();
    }

    private void rethrowFailure() {
        IOException e = failure;
        if (e != null) {
            throw new UncheckedIOException("could not draw the plot " + file + ": " + e.getMessage(), e);
        }
    }
}
