package d2l.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link BatchNorm} against a step-by-step double-precision reference (forward, and backward
 * by the chain rule through mean and variance), the reference itself against finite differences,
 * and the kernels for bit-identity across thread counts.
 */
class BatchNormTest {

    private static final double EPS = 1e-5;

    /** {@code [batch, channels, spatial]}, whether affine, and an offset added to x (to test cancellation). */
    record Shape(int batch, int channels, int spatial, boolean affine, float offset) {
        int size() {
            return batch * channels * spatial;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                new Shape(2, 3, 20, true, 0f),      // NCHW, 4 x 5 images
                new Shape(1, 4, 9, true, 0f),       // one image
                new Shape(3, 2, 7, false, 0f),      // odd plane (loop tails), not affine
                new Shape(5, 3, 1, true, 0f),       // 1-D (N, C)
                new Shape(16, 8, 1, true, 0f),
                new Shape(4, 16, 143, true, 0f),    // 13 x 11 images
                new Shape(8, 3, 64, true, 1000f),   // large mean, small spread
                new Shape(32, 5, 36, true, -3f));
    }

    /** The reference, in double, with every intermediate written out. */
    static final class Reference {
        final double[] mean;
        final double[] variance;
        final double[] y;

        Reference(Shape s, float[] x, float[] gamma, float[] beta) {
            int m = s.batch() * s.spatial();
            mean = new double[s.channels()];
            variance = new double[s.channels()];
            y = new double[s.size()];
            for (int c = 0; c < s.channels(); c++) {
                for (int i : indices(s, c)) {
                    mean[c] += x[i];
                }
                mean[c] /= m;
                for (int i : indices(s, c)) {
                    variance[c] += (x[i] - mean[c]) * (x[i] - mean[c]);
                }
                variance[c] /= m;
                for (int i : indices(s, c)) {
                    double xhat = (x[i] - mean[c]) / Math.sqrt(variance[c] + EPS);
                    y[i] = xhat * (gamma == null ? 1 : gamma[c]) + (beta == null ? 0 : beta[c]);
                }
            }
        }

        /** {dx, dgamma, dbeta} by the chain rule: xhat, then var, then mean, then x. */
        double[][] backward(Shape s, float[] x, float[] gamma, float[] dy) {
            int m = s.batch() * s.spatial();
            double[] dx = new double[s.size()];
            double[] dgamma = new double[s.channels()];
            double[] dbeta = new double[s.channels()];
            for (int c = 0; c < s.channels(); c++) {
                double g = gamma == null ? 1 : gamma[c];
                double std = Math.sqrt(variance[c] + EPS);
                double dVariance = 0;
                double dMean = 0;
                double centredSum = 0;
                for (int i : indices(s, c)) {
                    double xhat = (x[i] - mean[c]) / std;
                    dgamma[c] += dy[i] * xhat;
                    dbeta[c] += dy[i];
                    double dXhat = dy[i] * g;
                    dVariance += dXhat * (x[i] - mean[c]) * -0.5 * Math.pow(variance[c] + EPS, -1.5);
                    dMean += -dXhat / std;
                    centredSum += x[i] - mean[c];
                }
                dMean += dVariance * -2 * centredSum / m;
                for (int i : indices(s, c)) {
                    dx[i] = dy[i] * g / std + dVariance * 2 * (x[i] - mean[c]) / m + dMean / m;
                }
            }
            return new double[][] {dx, dgamma, dbeta};
        }
    }

    static int[] indices(Shape s, int c) {
        int[] result = new int[s.batch() * s.spatial()];
        int k = 0;
        for (int n = 0; n < s.batch(); n++) {
            for (int p = 0; p < s.spatial(); p++) {
                result[k++] = (n * s.channels() + c) * s.spatial() + p;
            }
        }
        return result;
    }

    static float[] random(Random random, int n, float offset) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = offset + (random.nextFloat() * 2f - 1f) * (1 + i % 3);
        }
        return a;
    }

    static void assertClose(String what, float[] actual, double[] expected, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i)
                    .isCloseTo(expected[i], Offset.offset(tolerance * (1 + Math.abs(expected[i]))));
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void trainingForwardAndBackwardMatchTheReference(Shape s) {
        Random random = new Random(s.hashCode());
        float[] x = random(random, s.size(), s.offset());
        float[] gamma = s.affine() ? random(random, s.channels(), 1f) : null;
        float[] beta = s.affine() ? random(random, s.channels(), 0f) : null;
        float[] dy = random(random, s.size(), 0f);
        Reference reference = new Reference(s, x, gamma, beta);

        float[] y = new float[s.size()];
        float[] mean = new float[s.channels()];
        float[] invStd = new float[s.channels()];
        float[] unbiased = new float[s.channels()];
        BatchNorm.trainForward(s.batch(), s.channels(), s.spatial(), x, gamma, beta, EPS, y, mean, invStd, unbiased);
        int m = s.batch() * s.spatial();
        double[] expectedInvStd = new double[s.channels()];
        double[] expectedUnbiased = new double[s.channels()];
        for (int c = 0; c < s.channels(); c++) {
            expectedInvStd[c] = 1 / Math.sqrt(reference.variance[c] + EPS);
            expectedUnbiased[c] = reference.variance[c] * m / (m - 1);
        }
        assertClose("y", y, reference.y, 1e-4);
        assertClose("mean", mean, reference.mean, 1e-6);
        assertClose("invStd", invStd, expectedInvStd, 1e-6);
        assertClose("unbiased variance", unbiased, expectedUnbiased, 1e-6);

        float[] dx = new float[s.size()];
        float[] dgamma = new float[s.channels()];
        float[] dbeta = new float[s.channels()];
        BatchNorm.backward(s.batch(), s.channels(), s.spatial(), x, dy, gamma, mean, invStd, dx, dgamma, dbeta);
        double[][] expected = reference.backward(s, x, gamma, dy);
        double dxScale = Arrays.stream(expected[0]).map(Math::abs).max().orElse(1);
        assertClose("dx", dx, expected[0], 1e-4 * Math.max(1, dxScale));
        // The mean is saved in float (as PyTorch saves it): far from zero, x - mean loses a few digits.
        double sumsTolerance = Math.abs(s.offset()) > 100 ? 1e-4 : 1e-5;
        assertClose("dgamma", dgamma, expected[1], sumsTolerance);
        assertClose("dbeta", dbeta, expected[2], 1e-5);
    }

    @Test
    void theReferenceBackwardMatchesFiniteDifferences() {
        Shape s = new Shape(2, 2, 3, true, 0f);
        Random random = new Random(3);
        float[] x = random(random, s.size(), 0f);
        float[] gamma = random(random, s.channels(), 1f);
        float[] beta = random(random, s.channels(), 0f);
        float[] dy = random(random, s.size(), 0f);
        double[][] analytic = new Reference(s, x, gamma, beta).backward(s, x, gamma, dy);
        float[][] parameters = {x, gamma, beta};
        for (int which = 0; which < parameters.length; which++) {
            float[] p = parameters[which];
            for (int i = 0; i < p.length; i++) {
                float saved = p[i];
                float step = 1e-3f;
                p[i] = saved + step;
                double up = dot(new Reference(s, x, gamma, beta).y, dy);
                p[i] = saved - step;
                double down = dot(new Reference(s, x, gamma, beta).y, dy);
                p[i] = saved;
                double numeric = (up - down) / ((double) (saved + step) - (double) (saved - step));
                assertThat(analytic[which][i]).as("parameter %d[%d]", which, i)
                        .isCloseTo(numeric, Offset.offset(1e-3 * (1 + Math.abs(numeric))));
            }
        }
    }

    private static double dot(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void evaluationUsesTheRunningStatistics() {
        Shape s = new Shape(3, 4, 5, true, 0f);
        Random random = new Random(9);
        float[] x = random(random, s.size(), 0f);
        float[] gamma = random(random, 4, 1f);
        float[] beta = random(random, 4, 0f);
        float[] runningMean = random(random, 4, 0f);
        float[] runningVar = random(random, 4, 2f);
        float[] y = new float[s.size()];
        BatchNorm.evalForward(3, 4, 5, x, gamma, beta, runningMean, runningVar, EPS, y);
        double[] expected = new double[s.size()];
        for (int c = 0; c < 4; c++) {
            for (int i : indices(s, c)) {
                expected[i] = (x[i] - runningMean[c]) / Math.sqrt(runningVar[c] + EPS) * gamma[c] + beta[c];
            }
        }
        assertClose("eval y", y, expected, 1e-5);
        // Without affine parameters, fresh running statistics (0 and 1) leave x almost unchanged.
        float[] plain = new float[s.size()];
        float[] zeros = new float[4];
        float[] ones = {1f, 1f, 1f, 1f};
        BatchNorm.evalForward(3, 4, 5, x, null, null, zeros, ones, EPS, plain);
        double[] scaled = new double[s.size()];
        for (int i = 0; i < x.length; i++) {
            scaled[i] = x[i] / Math.sqrt(1 + EPS);
        }
        assertClose("eval y without affine", plain, scaled, 1e-6);
    }

    @Test
    void aSingleValuePerChannelHasNoUnbiasedVariance() {
        float[] y = new float[2];
        float[] mean = new float[2];
        float[] invStd = new float[2];
        float[] unbiased = new float[2];
        BatchNorm.trainForward(1, 2, 1, new float[] {3f, -1f}, null, null, EPS, y, mean, invStd, unbiased);
        assertThat(y).containsExactly(0f, 0f);
        assertThat(mean).containsExactly(3f, -1f);
        assertThat(unbiased[0]).isNaN();
    }

    @Test
    void isBitIdenticalForAnyThreadCount() {
        Shape s = new Shape(8, 12, 150, true, 0.5f);
        Random random = new Random(1);
        float[] x = random(random, s.size(), s.offset());
        float[] gamma = random(random, s.channels(), 1f);
        float[] beta = random(random, s.channels(), 0f);
        float[] dy = random(random, s.size(), 0f);
        int saved = Parallel.threads();
        try {
            float[][] first = null;
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                float[] y = new float[s.size()];
                float[] mean = new float[s.channels()];
                float[] invStd = new float[s.channels()];
                float[] unbiased = new float[s.channels()];
                BatchNorm.trainForward(8, 12, 150, x, gamma, beta, EPS, y, mean, invStd, unbiased);
                float[] dx = new float[s.size()];
                float[] dgamma = new float[s.channels()];
                float[] dbeta = new float[s.channels()];
                BatchNorm.backward(8, 12, 150, x, dy, gamma, mean, invStd, dx, dgamma, dbeta);
                float[][] results = {y, mean, invStd, unbiased, dx, dgamma, dbeta};
                if (first == null) {
                    first = results;
                } else {
                    for (int r = 0; r < results.length; r++) {
                        assertThat(results[r]).as("result %d with %d threads", r, threads).isEqualTo(first[r]);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
