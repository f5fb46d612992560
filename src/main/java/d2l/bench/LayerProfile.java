package d2l.bench;

import d2l.autograd.Profiler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./d2l bench --layers}: where the time of one run of a case goes, op by op, forward and
 * backward, measured with the {@link Profiler} in runs separate from the timed ones (so the plain
 * timings stay free of it). Each row is the median over the profiled runs of the time charged to it in
 * a run, with its share of the median run; {@code runsNs[r]} is run r's whole time and
 * {@code charged.get(key)[r]} what run r charged to key.
 */
public record LayerProfile(String name, int threads, long[] runsNs, Map<Profiler.Key, long[]> charged,
                           Map<Profiler.Key, Integer> callsPerRun) {

    /** Warms {@code body} up as {@code settings} say, then profiles {@code settings.minRuns()} runs of it. */
    public static LayerProfile measure(String name, int threads, Runnable body, Harness.Settings settings) {
        long warmupEnd = System.nanoTime() + (long) (settings.warmupSeconds() * 1e9);
        for (int run = 0; run < settings.warmupRuns() || System.nanoTime() < warmupEnd; run++) {
            body.run();
        }
        int runs = settings.minRuns();
        long[] runsNs = new long[runs];
        Map<Profiler.Key, long[]> charged = new LinkedHashMap<>();
        Map<Profiler.Key, Integer> calls = new LinkedHashMap<>();
        try (Profiler profiler = Profiler.open()) {
            for (int r = 0; r < runs; r++) {
                profiler.take();
                long start = System.nanoTime();
                body.run();
                runsNs[r] = System.nanoTime() - start;
                for (Map.Entry<Profiler.Key, Profiler.Entry> e : profiler.take().entrySet()) {
                    charged.computeIfAbsent(e.getKey(), k -> new long[runs])[r] = e.getValue().nanos();
                    calls.put(e.getKey(), e.getValue().calls());
                }
            }
        }
        return new LayerProfile(name, threads, runsNs, charged, calls);
    }

    /** The table: one row per op (forward and backward side by side), then the largest entries by shape. */
    public String text(int detailRows) {
        double runMs = median(runsNs);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%s, %d thread%s: where a run goes (median of %d profiled runs;"
                + " a run %.1f ms)%n", name, threads, threads == 1 ? "" : "s", runsNs.length, runMs));
        out.append(String.format(Locale.ROOT, "%-32s %11s %6s %12s %6s %6s%n", "op", "forward ms", "share",
                "backward ms", "share", "calls"));
        Map<String, List<Profiler.Key>> byOp = new LinkedHashMap<>();
        for (Profiler.Key key : charged.keySet()) {
            if (key.direction() != Profiler.Direction.OTHER) {
                byOp.computeIfAbsent(key.op(), k -> new ArrayList<>()).add(key);
            }
        }
        List<String> ops = new ArrayList<>(byOp.keySet());
        ops.sort(Comparator.comparingDouble(op -> -sumMedian(byOp.get(op), null)));
        for (String op : ops) {
            List<Profiler.Key> keys = byOp.get(op);
            double forward = sumMedian(keys, Profiler.Direction.FORWARD);
            double backward = sumMedian(keys, Profiler.Direction.BACKWARD);
            int calls = keys.stream().filter(k -> k.direction() == Profiler.Direction.FORWARD)
                    .mapToInt(callsPerRun::get).sum();
            out.append(String.format(Locale.ROOT, "%-32s %11.1f %5.1f%% %12.1f %5.1f%% %6d%n", op, forward,
                    100 * forward / runMs, backward, 100 * backward / runMs, calls));
        }
        for (Profiler.Key key : charged.keySet()) {
            if (key.direction() == Profiler.Direction.OTHER) {
                double ms = median(charged.get(key));
                out.append(String.format(Locale.ROOT, "%-32s %11.1f %5.1f%%%n", key.op(), ms, 100 * ms / runMs));
            }
        }
        long[] unattributed = runsNs.clone();
        for (long[] perRun : charged.values()) {
            for (int r = 0; r < perRun.length; r++) {
                unattributed[r] -= perRun[r];
            }
        }
        double rest = median(unattributed);
        out.append(String.format(Locale.ROOT, "%-32s %11.1f %5.1f%%%n", "(not charged to any op)", rest,
                100 * rest / runMs));
        if (detailRows > 0) {
            out.append(String.format(Locale.ROOT, "largest by shape (forward + backward ms, share, calls):%n"));
            Map<String, List<Profiler.Key>> byShape = new LinkedHashMap<>();
            for (Profiler.Key key : charged.keySet()) {
                if (key.direction() != Profiler.Direction.OTHER) {
                    byShape.computeIfAbsent(key.op() + " " + key.detail(), k -> new ArrayList<>()).add(key);
                }
            }
            byShape.entrySet().stream()
                    .sorted(Comparator.comparingDouble(e -> -sumMedian(e.getValue(), null)))
                    .limit(detailRows)
                    .forEach(e -> {
                        double forward = sumMedian(e.getValue(), Profiler.Direction.FORWARD);
                        double backward = sumMedian(e.getValue(), Profiler.Direction.BACKWARD);
                        int calls = e.getValue().stream().filter(k -> k.direction() == Profiler.Direction.FORWARD)
                                .mapToInt(callsPerRun::get).sum();
                        out.append(String.format(Locale.ROOT, "  %7.1f + %7.1f  %5.1f%%  %3dx  %s%n", forward,
                                backward, 100 * (forward + backward) / runMs, calls, e.getKey()));
                    });
        }
        return out.toString();
    }

    /** The median over runs, in ms, of the time {@code keys} (those in {@code direction}, or all for null) charged in a run. */
    private double sumMedian(List<Profiler.Key> keys, Profiler.Direction direction) {
        long[] sum = new long[runsNs.length];
        for (Profiler.Key key : keys) {
            if (direction == null || key.direction() == direction) {
                long[] perRun = charged.get(key);
                for (int r = 0; r < sum.length; r++) {
                    sum[r] += perRun[r];
                }
            }
        }
        return median(sum);
    }

    /** The median of nanosecond counts, in milliseconds. */
    private static double median(long[] nanos) {
        return Timing.ofMillis(Arrays.stream(nanos).mapToDouble(ns -> ns / 1e6).toArray()).medianMs();
    }
}
