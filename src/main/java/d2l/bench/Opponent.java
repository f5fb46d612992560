package d2l.bench;

import java.io.IOException;

/**
 * The other side of a side-by-side benchmark ({@link PyTorchSession} for PyTorch): it times the same
 * case as ours, one run after each of our runs, so that both sides see the same moments of a shared
 * machine. It should start each step only once our side is idle, and answer only once it is. Timed in blocks one after the other, a host whose speed drifts over minutes gave ratios
 * from 0.57x to 1.45x for the same code in three back-to-back runs.
 */
public interface Opponent {

    /**
     * Sets up case {@code name} at {@code threads} threads (its data and model) and warms it up as
     * {@code settings} say, without timing anything.
     *
     * @throws IOException naming what failed, when the case cannot be set up or the other side is gone
     */
    void prepare(String name, int threads, Harness.Settings settings) throws IOException;

    /**
     * Times one run of the prepared case, in milliseconds.
     *
     * @throws IOException naming what failed
     */
    double timeOneRun(String name, int threads) throws IOException;
}
