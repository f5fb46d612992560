package d2l.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Pointwise#binary} against an index-by-index loop, for layouts that merge into one run
 * (same-shape contiguous operands, a broadcast scalar) and layouts that do not (a transposed view,
 * a broadcast row), on sizes that span several parallel chunks.
 */
class PointwiseTest {

    /** out[index] = f(a at its strides, b at its strides), the slow obvious way. */
    private static float[] reference(Pointwise.Binary f, float[] a, int[] aStrides, float[] b, int[] bStrides, int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] out = new float[n];
        float[] one = new float[1];
        for (int i = 0; i < n; i++) {
            int rest = i;
            int ia = 0;
            int ib = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                int index = rest % shape[d];
                rest /= shape[d];
                ia += index * aStrides[d];
                ib += index * bStrides[d];
            }
            Pointwise.binary(f, new float[] {a[ia]}, 0, new int[0], new float[] {b[ib]}, 0, new int[0], one, new int[0]);
            out[i] = one[0];
        }
        return out;
    }

    private static void check(Pointwise.Binary f, int[] aStrides, int[] bStrides, int[] shape, int aSize, int bSize) {
        Random random = new Random(shape.length * 31 + aSize);
        float[] a = new float[aSize];
        float[] b = new float[bSize];
        for (int i = 0; i < aSize; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < bSize; i++) {
            b[i] = random.nextFloat() * 2 - 1;
        }
        float[] expected = reference(f, a, aStrides, b, bStrides, shape);
        float[] out = new float[expected.length];
        Pointwise.binary(f, a, 0, aStrides, b, 0, bStrides, out, shape);
        assertThat(out).as("%s on %s", f, java.util.Arrays.toString(shape)).isEqualTo(expected);
    }

    @Test
    void sameShapeContiguousOperandsMergeIntoOneRun() {
        int[] shape = {32, 64, 3, 3};
        int[] strides = {576, 9, 3, 1};
        check(Pointwise.Binary.RELU_GRAD, strides, strides, shape, 18432, 18432);
        check(Pointwise.Binary.ADD, strides, strides, shape, 18432, 18432);
    }

    @Test
    void reluGradientPassesOnlyWherePositiveAsPyTorchsThresholdBackward() {
        float[] y = {1f, 0f, -0f, -1f, Float.NaN, Float.MIN_VALUE, Float.POSITIVE_INFINITY, -2f};
        float[] g = {10f, 20f, 30f, 40f, 50f, 60f, 70f, 80f};
        int n = 64;
        float[] ys = new float[n];
        float[] gs = new float[n];
        float[] expected = new float[n];
        for (int i = 0; i < n; i++) {
            ys[i] = y[i % y.length];
            gs[i] = g[i % g.length] + i;
            expected[i] = ys[i] > 0f ? gs[i] : 0f;
        }
        float[] out = new float[n];
        Pointwise.binary(Pointwise.Binary.RELU_GRAD, gs, 0, new int[] {1}, ys, 0, new int[] {1}, out, new int[] {n});
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void aBroadcastScalarMergesToo() {
        check(Pointwise.Binary.MUL, new int[] {576, 9, 3, 1}, new int[] {0, 0, 0, 0}, new int[] {32, 64, 3, 3}, 18432, 1);
    }

    @Test
    void layoutsThatDoNotMergeGoRowByRow() {
        // a is a transposed [40, 30] view of a [30, 40] array; b broadcasts a row of 30
        check(Pointwise.Binary.SUB, new int[] {1, 40}, new int[] {0, 1}, new int[] {40, 30}, 1200, 30);
    }

    @Test
    void aStridedLayoutMergesWithItsStep() {
        // every dimension merges, a stepping by 2
        check(Pointwise.Binary.MUL, new int[] {2000, 40, 2}, new int[] {1000, 20, 1}, new int[] {30, 50, 20}, 60000, 30000);
    }
}
