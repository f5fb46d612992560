package d2l.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation on flat float arrays laid out as {@code [batch, channels, spatial]}: NCHW
 * images have {@code spatial = H * W}, and the 1-D case {@code (N, C)} has {@code spatial = 1}.
 * Statistics are per channel, over the {@code M = batch * spatial} values of that channel.
 *
 * <p>Training: {@code mean = sum(x) / M}, {@code var = sum((x - mean)^2) / M} (biased, used to
 * normalise), {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}; the unbiased
 * {@code var * M / (M - 1)} is reported for the running average. Backward, with
 * {@code xhat = (x - mean) * invStd}: {@code dbeta = sum(dy)}, {@code dgamma = sum(dy * xhat)} and
 * {@code dx = gamma * invStd / M * (M * dy - dbeta - xhat * dgamma)}.
 *
 * <p>Sums are accumulated in double, in an order fixed by the shape (see the per-channel sums),
 * one channel per task: the results do not depend on the thread count. Each channel's values
 * (batch x spatial floats, 72 KiB for 32 x 24 x 24) stay in the core's cache between its passes, so
 * the work is bound by reading x (and dy) from memory once.
 */
public final class BatchNorm {

    private static final VectorSpecies<Float> SPECIES = RunSums.SPECIES;
    private static final int LANES = RunSums.LANES;

    /** About this many elements per task. */
    private static final int WORK_PER_TASK = 1 << 14;

    private BatchNorm() {}

    private static int channelsPerTask(int batch, int spatial) {
        return Math.max(1, WORK_PER_TASK / Math.max(1, batch * spatial));
    }

    /**
     * Training forward. Writes {@code y}, and per channel the batch {@code mean}, the inverse
     * standard deviation {@code invStd = 1 / sqrt(var + eps)} (both kept for backward) and, if not
     * null, the {@code unbiasedVar} for the running statistics (NaN when {@code M = 1}, like
     * PyTorch). {@code gamma} and {@code beta} may be null for a non-affine layer (1 and 0).
     */
    public static void trainForward(int batch, int channels, int spatial, float[] x, float[] gamma, float[] beta,
                                    double eps, float[] y, float[] mean, float[] invStd, float[] unbiasedVar) {
        check(batch, channels, spatial, x, y);
        long count = (long) batch * spatial;
        Parallel.forRange(channels, channelsPerTask(batch, spatial), (first, last) -> {
            for (int c = first; c < last; c++) {
                double mu = sum(x, batch, channels, spatial, c) / count;
                double variance = squaredDeviation(x, batch, channels, spatial, c, mu) / count;
                double inv = 1.0 / Math.sqrt(variance + eps);
                mean[c] = (float) mu;
                invStd[c] = (float) inv;
                if (unbiasedVar != null) {
                    unbiasedVar[c] = count > 1 ? (float) (variance * count / (count - 1)) : Float.NaN;
                }
                double scale = (gamma == null ? 1.0 : gamma[c]) * inv;
                float shift = beta == null ? 0f : beta[c];
                affine(x, y, batch, channels, spatial, c, (float) mu, (float) scale, shift);
            }
        });
    }

    /**
     * Evaluation forward with the running statistics:
     * {@code y = (x - runningMean) / sqrt(runningVar + eps) * gamma + beta}.
     */
    public static void evalForward(int batch, int channels, int spatial, float[] x, float[] gamma, float[] beta,
                                   float[] runningMean, float[] runningVar, double eps, float[] y) {
        check(batch, channels, spatial, x, y);
        Parallel.forRange(channels, channelsPerTask(batch, spatial), (first, last) -> {
            for (int c = first; c < last; c++) {
                double scale = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt(runningVar[c] + eps);
                float shift = beta == null ? 0f : beta[c];
                affine(x, y, batch, channels, spatial, c, runningMean[c], (float) scale, shift);
            }
        });
    }

    /**
     * Training backward from the saved {@code mean} and {@code invStd}. Writes {@code dgamma} and
     * {@code dbeta} (either may be null when not wanted) and {@code dx} (null to skip).
     */
    public static void backward(int batch, int channels, int spatial, float[] x, float[] dy, float[] gamma,
                                float[] mean, float[] invStd, float[] dx, float[] dgamma, float[] dbeta) {
        check(batch, channels, spatial, x, dy);
        long count = (long) batch * spatial;
        Parallel.forRange(channels, channelsPerTask(batch, spatial), (first, last) -> {
            double[] sums = new double[2];
            for (int c = first; c < last; c++) {
                double mu = mean[c];
                double inv = invStd[c];
                gradientSums(x, dy, batch, channels, spatial, c, mu, sums);
                double sumDy = sums[0];
                double sumDyXhat = sums[1] * inv;
                if (dbeta != null) {
                    dbeta[c] = (float) sumDy;
                }
                if (dgamma != null) {
                    dgamma[c] = (float) sumDyXhat;
                }
                if (dx != null) {
                    // dx = gamma * inv * (dy - sumDy / M - (x - mean) * inv * sumDyXhat / M)
                    //    = a * dy + b * (x - mean) + d
                    double a = (gamma == null ? 1.0 : gamma[c]) * inv;
                    double b = -a * inv * sumDyXhat / count;
                    double d = -a * sumDy / count;
                    gradientInput(x, dy, dx, batch, channels, spatial, c, mean[c], (float) a, (float) b, (float) d);
                }
            }
        });
    }

    // ---- per-channel sums ----------------------------------------------------------------------
    // Each channel is `batch` contiguous runs of `spatial` values, `channels * spatial` apart.
    // Sums are in double over eight interleaved partial sums (s0..s7 take positions 0..7 of every
    // block of eight in a run; the tail of a run goes to s0), which keeps the adders busy; the
    // order of every addition is fixed by the shape alone. A run of at least four vectors (8x16
    // values and more) is first summed in float, in two vector accumulators (see RunSums; the
    // squared deviations and gradient sums likewise), whose lanes then go, in order, into double sums of their own (the
    // arrays for them are made only then: for 3x3 planes their allocation cost more than the sums). With
    // double sums only, ResNet-18's 48x48 and 24x24 planes took 2 to 3 times as long.

    /** Whether the runs of a channel are summed a vector at a time. */
    private static boolean inVectors(int spatial) {
        return spatial >= 4 * LANES;
    }

    private static double sum(float[] x, int batch, int channels, int spatial, int c) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        boolean vectors = inVectors(spatial);
        double[] laneSums = vectors ? new double[LANES] : null;
        float[] lanes = vectors ? new float[LANES] : null;
        for (int n = 0; n < batch; n++) {
            int i = (n * channels + c) * spatial;
            int end = i + spatial;
            if (vectors) {
                i = RunSums.sum(x, i, end, lanes);
                addLanes(lanes, laneSums);
            }
            for (; i + 8 <= end; i += 8) {
                s0 += x[i];
                s1 += x[i + 1];
                s2 += x[i + 2];
                s3 += x[i + 3];
                s4 += x[i + 4];
                s5 += x[i + 5];
                s6 += x[i + 6];
                s7 += x[i + 7];
            }
            for (; i < end; i++) {
                s0 += x[i];
            }
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) + total(laneSums);
    }

    private static double squaredDeviation(float[] x, int batch, int channels, int spatial, int c, double mu) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        boolean vectors = inVectors(spatial);
        double[] laneSums = vectors ? new double[LANES] : null;
        float[] lanes = vectors ? new float[LANES] : null;
        FloatVector muV = FloatVector.broadcast(SPECIES, (float) mu);
        for (int n = 0; n < batch; n++) {
            int i = (n * channels + c) * spatial;
            int end = i + spatial;
            if (vectors) {
                FloatVector d0 = FloatVector.fromArray(SPECIES, x, i).sub(muV);
                FloatVector d1 = FloatVector.fromArray(SPECIES, x, i + LANES).sub(muV);
                FloatVector v0 = d0.mul(d0);
                FloatVector v1 = d1.mul(d1);
                for (i += 2 * LANES; i + 2 * LANES <= end; i += 2 * LANES) {
                    d0 = FloatVector.fromArray(SPECIES, x, i).sub(muV);
                    d1 = FloatVector.fromArray(SPECIES, x, i + LANES).sub(muV);
                    v0 = d0.fma(d0, v0);
                    v1 = d1.fma(d1, v1);
                }
                v0.add(v1).intoArray(lanes, 0);
                addLanes(lanes, laneSums);
            }
            for (; i + 8 <= end; i += 8) {
                double d0 = x[i] - mu;
                double d1 = x[i + 1] - mu;
                double d2 = x[i + 2] - mu;
                double d3 = x[i + 3] - mu;
                double d4 = x[i + 4] - mu;
                double d5 = x[i + 5] - mu;
                double d6 = x[i + 6] - mu;
                double d7 = x[i + 7] - mu;
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
                s4 += d4 * d4;
                s5 += d5 * d5;
                s6 += d6 * d6;
                s7 += d7 * d7;
            }
            for (; i < end; i++) {
                double d = x[i] - mu;
                s0 += d * d;
            }
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) + total(laneSums);
    }

    /** {@code sums[0] = sum(dy)}, {@code sums[1] = sum(dy * (x - mean))} for channel c. */
    private static void gradientSums(float[] x, float[] dy, int batch, int channels, int spatial, int c, double mu,
                                     double[] sums) {
        double g0 = 0, g1 = 0, g2 = 0, g3 = 0;
        double p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        boolean vectors = inVectors(spatial);
        double[] gradientLanes = vectors ? new double[LANES] : null;
        double[] productLanes = vectors ? new double[LANES] : null;
        float[] lanes = vectors ? new float[LANES] : null;
        FloatVector muV = FloatVector.broadcast(SPECIES, (float) mu);
        for (int n = 0; n < batch; n++) {
            int i = (n * channels + c) * spatial;
            int end = i + spatial;
            if (vectors) {
                FloatVector dy0 = FloatVector.fromArray(SPECIES, dy, i);
                FloatVector dy1 = FloatVector.fromArray(SPECIES, dy, i + LANES);
                FloatVector gv0 = dy0;
                FloatVector gv1 = dy1;
                FloatVector pv0 = dy0.mul(FloatVector.fromArray(SPECIES, x, i).sub(muV));
                FloatVector pv1 = dy1.mul(FloatVector.fromArray(SPECIES, x, i + LANES).sub(muV));
                for (i += 2 * LANES; i + 2 * LANES <= end; i += 2 * LANES) {
                    dy0 = FloatVector.fromArray(SPECIES, dy, i);
                    dy1 = FloatVector.fromArray(SPECIES, dy, i + LANES);
                    gv0 = gv0.add(dy0);
                    gv1 = gv1.add(dy1);
                    pv0 = dy0.fma(FloatVector.fromArray(SPECIES, x, i).sub(muV), pv0);
                    pv1 = dy1.fma(FloatVector.fromArray(SPECIES, x, i + LANES).sub(muV), pv1);
                }
                gv0.add(gv1).intoArray(lanes, 0);
                addLanes(lanes, gradientLanes);
                pv0.add(pv1).intoArray(lanes, 0);
                addLanes(lanes, productLanes);
            }
            for (; i + 4 <= end; i += 4) {
                double d0 = dy[i];
                double d1 = dy[i + 1];
                double d2 = dy[i + 2];
                double d3 = dy[i + 3];
                g0 += d0;
                g1 += d1;
                g2 += d2;
                g3 += d3;
                p0 += d0 * (x[i] - mu);
                p1 += d1 * (x[i + 1] - mu);
                p2 += d2 * (x[i + 2] - mu);
                p3 += d3 * (x[i + 3] - mu);
            }
            for (; i < end; i++) {
                double d = dy[i];
                g0 += d;
                p0 += d * (x[i] - mu);
            }
        }
        sums[0] = (g0 + g1) + (g2 + g3) + total(gradientLanes);
        sums[1] = (p0 + p1) + (p2 + p3) + total(productLanes);
    }

    /** {@code sums[l] += lanes[l]} for every lane: each lane's own double sum. */
    private static void addLanes(float[] lanes, double[] sums) {
        for (int l = 0; l < lanes.length; l++) {
            sums[l] += lanes[l];
        }
    }

    /** The lanes' double sums, added in lane order (0 without them: runs too short for vectors). */
    private static double total(double[] sums) {
        if (sums == null) {
            return 0;
        }
        double t = 0;
        for (double s : sums) {
            t += s;
        }
        return t;
    }

    /** {@code y = (x - mean) * scale + shift} over channel c. */
    private static void affine(float[] x, float[] y, int batch, int channels, int spatial, int c,
                               float mean, float scale, float shift) {
        for (int n = 0; n < batch; n++) {
            int start = (n * channels + c) * spatial;
            for (int s = start; s < start + spatial; s++) {
                y[s] = (x[s] - mean) * scale + shift;
            }
        }
    }

    /** {@code dx = a * dy + b * (x - mean) + d} over channel c. */
    private static void gradientInput(float[] x, float[] dy, float[] dx, int batch, int channels, int spatial, int c,
                                      float mean, float a, float b, float d) {
        for (int n = 0; n < batch; n++) {
            int start = (n * channels + c) * spatial;
            for (int s = start; s < start + spatial; s++) {
                dx[s] = a * dy[s] + b * (x[s] - mean) + d;
            }
        }
    }

    private static void check(int batch, int channels, int spatial, float[] x, float[] other) {
        if (batch < 0 || channels < 1 || spatial < 1) {
            throw new IllegalArgumentException("batch_norm: expected a [batch, channels, spatial] input, got ["
                    + batch + ", " + channels + ", " + spatial + "]");
        }
        long needed = (long) batch * channels * spatial;
        if (x.length < needed || other.length < needed) {
            throw new IllegalArgumentException("batch_norm: arrays hold " + x.length + " and " + other.length
                    + " elements, need " + needed);
        }
    }
}
