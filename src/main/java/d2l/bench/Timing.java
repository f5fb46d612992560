package d2l.bench;

import java.util.Arrays;

/**
 * The timed runs of one benchmark, in milliseconds, with the statistics the report shows. The median
 * is the headline figure: unlike the mean it ignores the odd run slowed down by the garbage collector
 * or another process.
 */
public record Timing(double[] samplesMs) {

    public Timing {
        if (samplesMs.length == 0) {
            throw new IllegalArgumentException("a timing needs at least one run");
        }
        samplesMs = samplesMs.clone();
    }

    /** A timing from the given run times in milliseconds. */
    public static Timing ofMillis(double... samplesMs) {
        return new Timing(samplesMs);
    }

    @Override
    public double[] samplesMs() {
        return samplesMs.clone();
    }

    public int runs() {
        return samplesMs.length;
    }

    /** The middle run time, or the mean of the two middle ones for an even number of runs. */
    public double medianMs() {
        double[] sorted = samplesMs.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public double minMs() {
        return Arrays.stream(samplesMs).min().orElseThrow();
    }

    public double maxMs() {
        return Arrays.stream(samplesMs).max().orElseThrow();
    }

    /** The total time of the timed runs. */
    public double totalMs() {
        return Arrays.stream(samplesMs).sum();
    }
}
