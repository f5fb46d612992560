package d2l.bench;

import java.util.Arrays;

/**
 * A plain timing loop (no JMH): run the body until the JIT has compiled it and the caches are warm,
 * then time separate runs with {@link System#nanoTime()}. The body must do the same work every time.
 */
public final class Harness {

    /**
     * How long to warm up and how much to time. Warm-up lasts until both {@code warmupSeconds} have
     * passed and {@code warmupRuns} runs are done; timing goes on until both {@code minRuns} runs and
     * {@code minSeconds} of timed runs are done, or {@code maxRuns} runs, whichever comes first.
     */
    public record Settings(double warmupSeconds, int warmupRuns, int minRuns, double minSeconds, int maxRuns) {

        public Settings {
            if (warmupRuns < 0 || minRuns < 1 || maxRuns < minRuns || warmupSeconds < 0 || minSeconds < 0) {
                throw new IllegalArgumentException("inconsistent harness settings");
            }
        }

        /** A full run: 1 s or 5 runs of warm-up, then at least 10 runs and 2 s of timing. */
        public static final Settings FULL = new Settings(1.0, 5, 10, 2.0, 500);

        /** {@code --quick}: a short warm-up and a few runs, enough to spot a large regression. */
        public static final Settings QUICK = new Settings(0.5, 2, 3, 0.3, 50);
    }

    private Harness() {}

    /**
     * Runs shorter than this (in the warm-up) are each preceded by an untimed run when the other side
     * of a side-by-side benchmark runs between them: after the other side's run the caches hold its
     * data and our pool's threads are parked, which cost a 1024 sgemm (6 ms) about a third more. A
     * run right after one of its own starts as it would in a loop of them. Longer runs (a ResNet-18
     * step, an epoch) barely notice and are not doubled.
     */
    static final double SHORT_RUN_MS = 100;

    /** Warms {@code body} up and times it as {@code settings} say. */
    public static Timing measure(Runnable body, Settings settings) {
        return measure(body, settings, null);
    }

    /**
     * {@link #measure(Runnable, Settings)}, running {@code between} (untimed; may be null) after each
     * timed run: where a side-by-side benchmark times the other side's run. Then a short run (see
     * {@link #SHORT_RUN_MS}) is timed right after an untimed one.
     */
    public static Timing measure(Runnable body, Settings settings, Runnable between) {
        long warmupEnd = System.nanoTime() + (long) (settings.warmupSeconds() * 1e9);
        double lastWarmupMs = Double.POSITIVE_INFINITY;
        for (int run = 0; run < settings.warmupRuns() || System.nanoTime() < warmupEnd; run++) {
            long start = System.nanoTime();
            body.run();
            lastWarmupMs = (System.nanoTime() - start) / 1e6;
        }
        boolean primeEachRun = between != null && lastWarmupMs < SHORT_RUN_MS;
        double[] samples = new double[settings.maxRuns()];
        int runs = 0;
        double timedMs = 0;
        while (runs < settings.maxRuns() && (runs < settings.minRuns() || timedMs < settings.minSeconds() * 1e3)) {
            if (primeEachRun) {
                body.run();
            }
            long start = System.nanoTime();
            body.run();
            double ms = (System.nanoTime() - start) / 1e6;
            samples[runs++] = ms;
            timedMs += ms;
            if (between != null) {
                between.run();
            }
        }
        return new Timing(Arrays.copyOf(samples, runs));
    }
}
