package d2l.kernels;

import static jdk.incubator.vector.VectorOperators.F2D;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
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
 * one channel per task: the results do not depend on the thread count.
 */
public final class BatchNorm {

    /** About this many elements per task. */
    private static final int WORK_PER_TASK = 1 << 14;

    /** Double vectors of the machine's preferred width... */
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

    /** ...and float vectors of as many lanes, which widen into them. */
    private static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

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
    // Sums are in double, a vector at a time: floats are widened to doubles, and two vectors of
    // partial sums take alternate blocks of a run (the last few values of a run go to a scalar
    // sum). The order of every addition is fixed by the shape alone, and lane-wise vector adds
    // round exactly as scalar ones, so the result is the same whether the JIT compiled the loop
    // or not, and whatever the thread count.

    private static double sum(float[] x, int batch, int channels, int spatial, int c) {
        int lanes = DOUBLES.length();
        DoubleVector s0 = DoubleVector.zero(DOUBLES);
        DoubleVector s1 = s0;
        double tail = 0;
        for (int n = 0; n < batch; n++) {
            int i = (n * channels + c) * spatial;
            int end = i + spatial;
            for (; i + 2 * lanes <= end; i += 2 * lanes) {
                s0 = s0.add((DoubleVector) FloatVector.fromArray(FLOATS, x, i).convertShape(F2D, DOUBLES, 0));
                s1 = s1.add((DoubleVector) FloatVector.fromArray(FLOATS, x, i + lanes).convertShape(F2D, DOUBLES, 0));
            }
            for (; i < end; i++) {
                tail += x[i];
            }
        }
        return combine(s0.add(s1)) + tail;
    }

    private static double squaredDeviation(float[] x, int batch, int channels, int spatial, int c, double mu) {
        int lanes = DOUBLES.length();
        DoubleVector mean = DoubleVector.broadcast(DOUBLES, mu);
        DoubleVector s0 = DoubleVector.zero(DOUBLES);
        DoubleVector s1 = s0;
        double tail = 0;
        for (int n = 0; n < batch; n++) {
            int i = (n * channels + c) * spatial;
            int end = i + spatial;
            for (; i + 2 * lanes <= end; i += 2 * lanes) {
                DoubleVector d0 = ((DoubleVector) FloatVector.fromArray(FLOATS, x, i).convertShape(F2D, DOUBLES, 0)).sub(mean);
                DoubleVector d1 = ((DoubleVector) FloatVector.fromArray(FLOATS, x, i + lanes).convertShape(F2D, DOUBLES, 0)).sub(mean);
                s0 = d0.fma(d0, s0);
                s1 = d1.fma(d1, s1);
            }
            for (; i < end; i++) {
                double d = x[i] - mu;
                tail = Math.fma(d, d, tail);
            }
        }
        return combine(s0.add(s1)) + tail;
    }

    /** {@code sums[0] = sum(dy)}, {@code sums[1] = sum(dy * (x - mean))} for channel c. */
    private static void gradientSums(float[] x, float[] dy, int batch, int channels, int spatial, int c, double mu,
                                     double[] sums) {
        int lanes = DOUBLES.length();
        DoubleVector mean = DoubleVector.broadcast(DOUBLES, mu);
        DoubleVector g0 = DoubleVector.zero(DOUBLES);
        DoubleVector g1 = g0;
        DoubleVector p0 = g0;
        DoubleVector p1 = g0;
        double tailG = 0;
        double tailP = 0;
        for (int n = 0; n < batch; n++) {
            int i = (n * channels + c) * spatial;
            int end = i + spatial;
            for (; i + 2 * lanes <= end; i += 2 * lanes) {
                DoubleVector d0 = (DoubleVector) FloatVector.fromArray(FLOATS, dy, i).convertShape(F2D, DOUBLES, 0);
                DoubleVector d1 = (DoubleVector) FloatVector.fromArray(FLOATS, dy, i + lanes).convertShape(F2D, DOUBLES, 0);
                DoubleVector x0 = ((DoubleVector) FloatVector.fromArray(FLOATS, x, i).convertShape(F2D, DOUBLES, 0)).sub(mean);
                DoubleVector x1 = ((DoubleVector) FloatVector.fromArray(FLOATS, x, i + lanes).convertShape(F2D, DOUBLES, 0)).sub(mean);
                g0 = g0.add(d0);
                g1 = g1.add(d1);
                p0 = d0.fma(x0, p0);
                p1 = d1.fma(x1, p1);
            }
            for (; i < end; i++) {
                double d = dy[i];
                tailG += d;
                tailP = Math.fma(d, x[i] - mu, tailP);
            }
        }
        sums[0] = combine(g0.add(g1)) + tailG;
        sums[1] = combine(p0.add(p1)) + tailP;
    }

    /** The lanes of {@code v} added in index order. */
    private static double combine(DoubleVector v) {
        double[] lanes = v.toArray();
        double s = 0;
        for (double lane : lanes) {
            s += lane;
        }
        return s;
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
