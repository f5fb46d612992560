package d2l.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link Pooling} against the book's examples and against loops over the definition (in
 * double) for many windows, paddings and strides, and checks bit-identity across thread counts.
 */
class PoolingTest {

    private static ConvGeometry pool(int batch, int channels, int h, int w, int kh, int kw, int sh, int sw,
                                     int ph, int pw) {
        return ConvGeometry.pooling(batch, channels, h, w, kh, kw, sh, sw, ph, pw);
    }

    static Stream<ConvGeometry> geometries() {
        return Stream.of(
                pool(1, 1, 4, 4, 3, 3, 3, 3, 0, 0),
                pool(1, 1, 4, 4, 3, 3, 2, 2, 1, 1),
                pool(1, 1, 4, 4, 2, 3, 2, 3, 0, 1),
                pool(2, 3, 3, 3, 2, 2, 1, 1, 0, 0),
                pool(3, 2, 7, 9, 3, 3, 2, 2, 1, 1),
                pool(1, 4, 8, 8, 2, 2, 2, 2, 0, 0),
                pool(2, 2, 9, 7, 5, 3, 3, 4, 2, 1),
                pool(3, 2, 6, 11, 1, 2, 1, 1, 0, 1),
                pool(2, 3, 10, 10, 4, 4, 1, 3, 2, 0),
                pool(1, 2, 5, 5, 5, 5, 1, 1, 2, 2),
                pool(2, 2, 11, 10, 2, 2, 3, 4, 0, 0),
                pool(1, 1, 9, 9, 1, 1, 2, 2, 0, 0),
                pool(1, 3, 40, 37, 3, 3, 1, 1, 1, 1),
                pool(32, 4, 12, 12, 3, 3, 2, 2, 1, 1),
                pool(4, 6, 28, 28, 2, 2, 2, 2, 0, 0),
                pool(2, 2, 11, 9, 2, 2, 2, 2, 0, 0),
                pool(1, 2, 7, 8, 3, 3, 3, 3, 0, 0),
                pool(2, 1, 9, 10, 3, 2, 3, 2, 0, 0));
    }

    static float[] arange(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    static float[] random(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 2f - 1f;
        }
        return a;
    }

    static float[] maxPool(ConvGeometry g, float[] x) {
        float[] y = new float[g.outputSize()];
        Pooling.maxForward(g, x, y, new int[y.length]);
        return y;
    }

    static float[] avgPool(ConvGeometry g, float[] x) {
        float[] y = new float[g.outputSize()];
        Pooling.avgForward(g, true, x, y);
        return y;
    }

    // ---- the book's examples ---------------------------------------------------------------------

    @Test
    void maxPoolingOnArange16AsInTheBook() {
        float[] x = arange(16); // (1, 1, 4, 4)
        assertThat(maxPool(pool(1, 1, 4, 4, 3, 3, 3, 3, 0, 0), x)).containsExactly(10f);
        assertThat(maxPool(pool(1, 1, 4, 4, 3, 3, 2, 2, 1, 1), x)).containsExactly(5f, 7f, 13f, 15f);
        assertThat(maxPool(pool(1, 1, 4, 4, 2, 3, 2, 3, 0, 1), x)).containsExactly(5f, 7f, 13f, 15f);
    }

    @Test
    void maxAndAveragePoolingOnA3x3AsInTheBook() {
        float[] x = arange(9);
        ConvGeometry g = pool(1, 1, 3, 3, 2, 2, 1, 1, 0, 0);
        assertThat(maxPool(g, x)).containsExactly(4f, 5f, 7f, 8f);
        assertThat(avgPool(g, x)).containsExactly(2f, 3f, 5f, 6f);
    }

    @Test
    void averagePoolingWithPaddingCountsThePadding() {
        float[] ones = new float[9];
        Arrays.fill(ones, 1f);
        ConvGeometry g = pool(1, 1, 3, 3, 3, 3, 1, 1, 1, 1);
        float[] included = new float[9];
        Pooling.avgForward(g, true, ones, included);
        assertThat(included).containsExactly(4f / 9, 6f / 9, 4f / 9, 6f / 9, 1f, 6f / 9, 4f / 9, 6f / 9, 4f / 9);
        float[] excluded = new float[9];
        Pooling.avgForward(g, false, ones, excluded);
        assertThat(excluded).containsOnly(1f);
    }

    @Test
    void maxPoolingPicksTheFirstMaximumAndPropagatesNaN() {
        ConvGeometry g = pool(1, 1, 2, 2, 2, 2, 2, 2, 0, 0);
        float[] y = new float[1];
        int[] argmax = new int[1];
        Pooling.maxForward(g, new float[] {3f, 3f, 1f, 3f}, y, argmax);
        assertThat(y[0]).isEqualTo(3f);
        assertThat(argmax[0]).isEqualTo(0);
        Pooling.maxForward(g, new float[] {1f, Float.NaN, 5f, 2f}, y, argmax);
        assertThat(y[0]).isNaN();
        assertThat(argmax[0]).isEqualTo(1);
        // Without argmax (inference).
        Pooling.maxForward(g, new float[] {1f, 2f, 5f, 4f}, y, null);
        assertThat(y[0]).isEqualTo(5f);
    }

    @Test
    void rejectsWindowsPyTorchRejects() {
        assertThatThrownBy(() -> pool(1, 1, 4, 4, 3, 3, 1, 1, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1");
        assertThatThrownBy(() -> pool(1, 3, 2, 2, 5, 5, 5, 5, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Output size is too small");
    }

    // ---- against the definition ------------------------------------------------------------------

    /** Expected max pooling: value and in-plane index of the first maximum of each window. */
    static void referenceMax(ConvGeometry g, float[] x, float[] y, int[] argmax) {
        int planes = g.batch() * g.inChannels();
        int inH = g.inHeight();
        int inW = g.inWidth();
        int o = 0;
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < g.outWidth(); ow++, o++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int where = -1;
                    for (int i = 0; i < g.kernelHeight(); i++) {
                        for (int j = 0; j < g.kernelWidth(); j++) {
                            int h = oh * g.strideHeight() - g.padHeight() + i;
                            int w = ow * g.strideWidth() - g.padWidth() + j;
                            if (h >= 0 && h < inH && w >= 0 && w < inW && (where < 0 || x[p * inH * inW + h * inW + w] > best)) {
                                best = x[p * inH * inW + h * inW + w];
                                where = h * inW + w;
                            }
                        }
                    }
                    y[o] = best;
                    argmax[o] = where;
                }
            }
        }
    }

    /**
     * Expected average pooling as {@code [sum over window, divisor]} per output: the divisor counts
     * window positions inside the padded input ({@code countIncludePad}) or inside the input.
     */
    static double[][] referenceAverageWindows(ConvGeometry g, float[] x, boolean countIncludePad) {
        int planes = g.batch() * g.inChannels();
        int inH = g.inHeight();
        int inW = g.inWidth();
        double[][] result = new double[planes * g.outHeight() * g.outWidth()][];
        int o = 0;
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < g.outHeight(); oh++) {
                for (int ow = 0; ow < g.outWidth(); ow++, o++) {
                    double sum = 0;
                    int inside = 0;
                    int insidePadded = 0;
                    for (int i = 0; i < g.kernelHeight(); i++) {
                        for (int j = 0; j < g.kernelWidth(); j++) {
                            int h = oh * g.strideHeight() - g.padHeight() + i;
                            int w = ow * g.strideWidth() - g.padWidth() + j;
                            if (h >= -g.padHeight() && h < inH + g.padHeight() && w >= -g.padWidth() && w < inW + g.padWidth()) {
                                insidePadded++;
                            }
                            if (h >= 0 && h < inH && w >= 0 && w < inW) {
                                inside++;
                                sum += x[p * inH * inW + h * inW + w];
                            }
                        }
                    }
                    result[o] = new double[] {sum, countIncludePad ? insidePadded : inside};
                }
            }
        }
        return result;
    }

    static void assertClose(String what, float[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(expected[i]))));
        }
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void maxPoolingMatchesTheDefinition(ConvGeometry g) {
        Random random = new Random(g.hashCode());
        float[] x = random(random, g.inputSize());
        float[] y = new float[g.outputSize()];
        int[] argmax = new int[y.length];
        Pooling.maxForward(g, x, y, argmax);
        float[] expectedY = new float[y.length];
        int[] expectedArgmax = new int[y.length];
        referenceMax(g, x, expectedY, expectedArgmax);
        assertThat(y).isEqualTo(expectedY);
        assertThat(argmax).isEqualTo(expectedArgmax);

        float[] dy = random(random, y.length);
        float[] dx = new float[x.length];
        Arrays.fill(dx, Float.NaN);
        Pooling.maxBackward(g, dy, argmax, dx);
        double[] expectedDx = new double[x.length];
        int plane = g.inHeight() * g.inWidth();
        int outPlane = g.outHeight() * g.outWidth();
        for (int o = 0; o < y.length; o++) {
            expectedDx[(o / outPlane) * plane + expectedArgmax[o]] += dy[o];
        }
        assertClose("max dx " + g, dx, expectedDx);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void averagePoolingMatchesTheDefinition(ConvGeometry g) {
        Random random = new Random(g.hashCode());
        float[] x = random(random, g.inputSize());
        float[] dy = random(random, g.outputSize());
        int plane = g.inHeight() * g.inWidth();
        int outPlane = g.outHeight() * g.outWidth();
        for (boolean countIncludePad : new boolean[] {true, false}) {
            double[][] windows = referenceAverageWindows(g, x, countIncludePad);
            float[] y = new float[g.outputSize()];
            Pooling.avgForward(g, countIncludePad, x, y);
            double[] expectedY = new double[y.length];
            for (int o = 0; o < y.length; o++) {
                expectedY[o] = windows[o][0] / windows[o][1];
            }
            assertClose("avg " + g, y, expectedY);

            // d y[o] / d x[i] = 1 / divisor for every input position i in window o.
            double[] expectedDx = new double[x.length];
            for (int o = 0; o < y.length; o++) {
                int p = o / outPlane;
                int oh = (o % outPlane) / g.outWidth();
                int ow = o % g.outWidth();
                for (int i = 0; i < g.kernelHeight(); i++) {
                    for (int j = 0; j < g.kernelWidth(); j++) {
                        int h = oh * g.strideHeight() - g.padHeight() + i;
                        int w = ow * g.strideWidth() - g.padWidth() + j;
                        if (h >= 0 && h < g.inHeight() && w >= 0 && w < g.inWidth()) {
                            expectedDx[p * plane + h * g.inWidth() + w] += dy[o] / windows[o][1];
                        }
                    }
                }
            }
            float[] dx = new float[x.length];
            Arrays.fill(dx, Float.NaN);
            Pooling.avgBackward(g, countIncludePad, dy, dx);
            assertClose("avg dx " + g, dx, expectedDx);
        }
    }

    /**
     * Windows that tile the input (kernel = stride, no padding: LeNet's 2 x 2) take direct loops; they
     * give the general path's bits, -0 gradients included, and zero where no window reaches.
     */
    @ParameterizedTest
    @MethodSource("geometries")
    void tilingWindowsGiveTheGeneralPathsBits(ConvGeometry g) {
        Random random = new Random(g.hashCode() + 1);
        float[] x = random(random, g.inputSize());
        float[] dy = random(random, g.outputSize());
        dy[0] = -0f;
        for (boolean countIncludePad : new boolean[] {true, false}) {
            float[] direct = new float[g.outputSize()];
            float[] general = new float[g.outputSize()];
            Pooling.avgForward(g, countIncludePad, x, direct, true);
            Pooling.avgForward(g, countIncludePad, x, general, false);
            assertThat(direct).as("avg " + g).containsExactly(general);
            float[] directDx = new float[x.length];
            float[] generalDx = new float[x.length];
            Arrays.fill(directDx, Float.NaN);
            Arrays.fill(generalDx, Float.NaN);
            Pooling.avgBackward(g, countIncludePad, dy, directDx, true);
            Pooling.avgBackward(g, countIncludePad, dy, generalDx, false);
            for (int i = 0; i < x.length; i++) {
                assertThat(Float.floatToRawIntBits(directDx[i])).as("avg dx[%d] %s", i, g)
                        .isEqualTo(Float.floatToRawIntBits(generalDx[i]));
            }
        }
    }

    @Test
    void adaptiveAveragePoolingMatchesTheDefinition() {
        int[][] sizes = {{7, 7, 1, 1}, {5, 7, 3, 2}, {6, 6, 3, 3}, {3, 4, 5, 6}, {10, 9, 4, 7}, {1, 1, 1, 1}, {4, 4, 4, 4}};
        int planes = 6;
        Random random = new Random(11);
        for (int[] s : sizes) {
            int inH = s[0];
            int inW = s[1];
            int outH = s[2];
            int outW = s[3];
            float[] x = random(random, planes * inH * inW);
            float[] dy = random(random, planes * outH * outW);
            double[] expectedY = new double[dy.length];
            double[] expectedDx = new double[x.length];
            for (int p = 0; p < planes; p++) {
                for (int i = 0; i < outH; i++) {
                    int h0 = (int) Math.floor((double) i * inH / outH);
                    int h1 = (int) Math.ceil((double) (i + 1) * inH / outH);
                    for (int j = 0; j < outW; j++) {
                        int w0 = (int) Math.floor((double) j * inW / outW);
                        int w1 = (int) Math.ceil((double) (j + 1) * inW / outW);
                        int o = (p * outH + i) * outW + j;
                        int count = (h1 - h0) * (w1 - w0);
                        for (int h = h0; h < h1; h++) {
                            for (int w = w0; w < w1; w++) {
                                expectedY[o] += x[(p * inH + h) * inW + w] / (double) count;
                                expectedDx[(p * inH + h) * inW + w] += dy[o] / (double) count;
                            }
                        }
                    }
                }
            }
            float[] y = new float[dy.length];
            Pooling.adaptiveAvgForward(planes, inH, inW, outH, outW, x, y);
            assertClose("adaptive " + Arrays.toString(s), y, expectedY);
            float[] dx = new float[x.length];
            Arrays.fill(dx, Float.NaN);
            Pooling.adaptiveAvgBackward(planes, inH, inW, outH, outW, dy, dx);
            assertClose("adaptive dx " + Arrays.toString(s), dx, expectedDx);
        }
        // Global average pooling of arange(16) is its mean.
        float[] mean = new float[1];
        Pooling.adaptiveAvgForward(1, 4, 4, 1, 1, arange(16), mean);
        assertThat(mean[0]).isEqualTo(7.5f);
    }

    @Test
    void isBitIdenticalForAnyThreadCount() {
        ConvGeometry g = pool(16, 8, 13, 11, 3, 3, 2, 2, 1, 1);
        Random random = new Random(5);
        float[] x = random(random, g.inputSize());
        float[] dy = random(random, g.outputSize());
        int planes = g.batch() * g.inChannels();
        int saved = Parallel.threads();
        try {
            float[][] reference = null;
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                float[] maxY = new float[g.outputSize()];
                int[] argmax = new int[maxY.length];
                Pooling.maxForward(g, x, maxY, argmax);
                float[] maxDx = new float[x.length];
                Pooling.maxBackward(g, dy, argmax, maxDx);
                float[] avgY = new float[g.outputSize()];
                Pooling.avgForward(g, true, x, avgY);
                float[] avgDx = new float[x.length];
                Pooling.avgBackward(g, true, dy, avgDx);
                float[] adaptiveY = new float[planes * 9];
                Pooling.adaptiveAvgForward(planes, 13, 11, 3, 3, x, adaptiveY);
                float[] adaptiveDx = new float[x.length];
                Pooling.adaptiveAvgBackward(planes, 13, 11, 3, 3, adaptiveY, adaptiveDx);
                float[][] results = {maxY, maxDx, avgY, avgDx, adaptiveY, adaptiveDx};
                if (reference == null) {
                    reference = results;
                } else {
                    for (int r = 0; r < results.length; r++) {
                        assertThat(results[r]).as("result %d with %d threads", r, threads).isEqualTo(reference[r]);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
