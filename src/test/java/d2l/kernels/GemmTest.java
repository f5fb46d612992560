package d2l.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link Gemm#sgemm} against a triple loop in double precision, over shapes that reach every
 * path (B packed or read in place, dot products for A * B^T, edge tiles, several k, row and column
 * blocks), all four transpose combinations, offsets, padded leading dimensions and alpha/beta;
 * checks bit-identical results for 1 to 4 threads, and the argument checks.
 */
class GemmTest {

    /** One call: shapes, scalars, and the padding around each matrix. */
    record Case(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                int offset, int pad) {
        @Override
        public String toString() {
            return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                    + " alpha=" + alpha + " beta=" + beta + " offset=" + offset + " pad=" + pad;
        }
    }

    /** Shapes {m, n, k}: tiny, prime, skinny, and large enough for several blocks. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 1, 7}, {2, 3, 4}, {7, 11, 13}, {8, 32, 16}, {16, 16, 16}, {17, 19, 23},
        {6, 784, 25}, {16, 100, 150}, {25, 784, 6},  // LeNet-like: B read in place when not transposed
        {6, 25, 784}, {16, 150, 1000},               // A * B^T by dot products (k % 16 == 0 and not)
        {500, 1, 500}, {3, 37, 203}, {1, 257, 513},
        {33, 65, 257}, {67, 71, 73}, {49, 50, 51},    // B packed, edge tiles
        {300, 5, 7}, {5, 1000, 3},
        {131, 97, 800},                              // two row blocks, two k blocks
        {67, 300, 1100},                             // three k blocks, two slices of the B panel
        {3, 4099, 5}, {53, 4103, 3},                 // two column blocks (B in place / packed)
    };

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        float[][] scalars = {{1f, 0f}, {0.5f, -1.5f}, {-2f, 1f}, {1.5f, 0f}, {1f, 1f}};
        int index = 0;
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                float[] ab = scalars[index % scalars.length];
                int offset = index % 2 == 0 ? 0 : 3;
                int pad = index % 3 == 0 ? 0 : 5;
                cases.add(new Case((t & 2) != 0, (t & 1) != 0, s[0], s[1], s[2], ab[0], ab[1], offset, pad));
                index++;
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTripleLoopInDouble(Case t) {
        Operands x = Operands.random(t, new Random(t.hashCode()));
        float[] c = x.c.clone();
        x.run(c);
        x.assertClose(c);
        x.assertOutsideUntouched(c);
    }

    @Test
    void bitIdenticalForOneToFourThreads() {
        int saved = Parallel.threads();
        try {
            // Each large enough to be split between threads: by rows, by columns, B in place, dot products.
            int[][] shapes = {{257, 263, 301}, {1000, 37, 515}, {33, 1031, 529}, {7, 5003, 613}, {129, 129, 1031}};
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    float beta = t == 3 ? 0f : -0.5f;
                    Case kase = new Case((t & 2) != 0, (t & 1) != 0, s[0], s[1], s[2], 0.75f, beta, 1, 3);
                    Operands x = Operands.random(kase, new Random(7 + t));
                    float[] reference = null;
                    for (int threads = 1; threads <= 4; threads++) {
                        Parallel.setThreads(threads);
                        float[] c = x.c.clone();
                        x.run(c);
                        if (reference == null) {
                            reference = c;
                            x.assertClose(c);
                        } else if (!Arrays.equals(reference, c)) {
                            fail(kase + ": result with " + threads + " threads differs from 1 thread");
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void transposedAMatchesTripleLoopAndOneThread() {
        int saved = Parallel.threads();
        try {
            // A^T packed four slivers at a time, then one, then a partial sliver: row blocks of 32,
            // 40, 43 (mr = 8) or 6-row tiles; several k blocks; split between 2 threads when large.
            int[][] shapes = {{32, 37, 70}, {40, 37, 70}, {43, 9, 70}, {12, 45, 30}, {301, 45, 1300}, {600, 37, 1031}};
            for (int[] s : shapes) {
                for (boolean transB : new boolean[] {false, true}) {
                    Case kase = new Case(true, transB, s[0], s[1], s[2], 0.75f, transB ? 0f : -0.5f, 1, 3);
                    Operands x = Operands.random(kase, new Random(s[0] + s[2]));
                    Parallel.setThreads(1);
                    float[] reference = x.c.clone();
                    x.run(reference);
                    x.assertClose(reference);
                    x.assertOutsideUntouched(reference);
                    Parallel.setThreads(2);
                    float[] c = x.c.clone();
                    x.run(c);
                    if (!Arrays.equals(reference, c)) {
                        fail(kase + ": result with 2 threads differs from 1 thread");
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void aPackedBGivesTheBitsOfTheStoredB() {
        int saved = Parallel.threads();
        try {
            // several k blocks, edge slivers, and large enough to be split between threads
            int[][] shapes = {{7, 45, 13}, {67, 300, 1100}, {300, 131, 600}, {40, 1000, 700}, {600, 37, 1031}};
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2];
                for (boolean transA : new boolean[] {false, true}) {
                    Random random = new Random(m + n + k);
                    float[] a = new float[m * k];
                    float[] b = new float[k * n];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = random.nextFloat() - 0.5f;
                    }
                    for (int i = 0; i < b.length; i++) {
                        b[i] = random.nextFloat() - 0.5f;
                    }
                    int lda = transA ? m : k;
                    Gemm.PackedB packed = (pc, kc, col, cols, dst, dstOff) -> {
                        for (int q = 0; q < kc; q++) {
                            for (int j = 0; j < Gemm.SLIVER_WIDTH; j++) {
                                dst[dstOff + q * Gemm.SLIVER_WIDTH + j] = j < cols ? b[(pc + q) * n + col + j] : 0f;
                            }
                        }
                    };
                    for (int threads = 1; threads <= 2; threads++) {
                        Parallel.setThreads(threads);
                        float[] stored = new float[m * n];
                        float[] viaPacking = new float[m * n];
                        Arrays.fill(stored, 0.25f);
                        Arrays.fill(viaPacking, 0.25f);
                        Gemm.sgemm(transA, false, m, n, k, 0.5f, a, 0, lda, b, 0, n, -1f, stored, 0, n);
                        Gemm.sgemm(transA, m, n, k, 0.5f, a, 0, lda, packed, -1f, viaPacking, 0, n);
                        assertThat(viaPacking).as("m=%d n=%d k=%d transA=%s, %d threads", m, n, k, transA, threads)
                                .isEqualTo(stored);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        for (int[] s : new int[][] {{3, 4, 5}, {40, 50, 60}, {9, 70, 80}}) {
            for (int t = 0; t < 4; t++) {
                Case kase = new Case((t & 2) != 0, (t & 1) != 0, s[0], s[1], s[2], 1f, 0f, 0, 0);
                Operands x = Operands.random(kase, new Random(3));
                float[] c = x.c.clone();
                Arrays.fill(c, Float.NaN);
                x.run(c);
                x.assertClose(c);
            }
        }
    }

    @Test
    void kZeroScalesCByBeta() {
        float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
        Gemm.sgemm(false, false, 2, 3, 0, 1f, new float[0], 0, 1, new float[0], 0, 3, 2f, c, 0, 3);
        assertThat(c).containsExactly(2f, 4f, 6f, 8f, 10f, 12f);

        float[] nan = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Gemm.sgemm(true, true, 2, 2, 0, 1f, new float[0], 0, 2, new float[0], 0, 1, 0f, nan, 0, 2);
        assertThat(nan).containsExactly(0f, 0f, 0f, 0f);

        float[] same = {1f, Float.NaN};
        Gemm.sgemm(false, false, 1, 2, 0, 3f, new float[0], 0, 1, new float[0], 0, 2, 1f, same, 0, 2);
        assertThat(same[0]).isEqualTo(1f);
        assertThat(same[1]).isNaN();
    }

    @Test
    void alphaZeroDoesNotReadAOrB() {
        float[] a = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] c = {1f, 2f, 3f, 4f};
        Gemm.sgemm(false, false, 2, 2, 2, 0f, a, 0, 2, a, 0, 2, -1f, c, 0, 2);
        assertThat(c).containsExactly(-1f, -2f, -3f, -4f);
    }

    @Test
    void emptyOutputIsANoOp() {
        float[] c = {5f};
        Gemm.sgemm(false, false, 0, 1, 3, 1f, new float[0], 0, 3, new float[3], 0, 1, 0f, c, 0, 1);
        Gemm.sgemm(false, false, 1, 0, 3, 1f, new float[3], 0, 3, new float[0], 0, 1, 0f, c, 0, 1);
        assertThat(c).containsExactly(5f);
    }

    @Test
    void infinityAndNaNInTheInputsPropagate() {
        // 1x2 times 2x1 and 40x40 (blocked path), with an infinity in A.
        for (int size : new int[] {2, 40}) {
            float[] a = new float[size * size];
            float[] b = new float[size * size];
            Arrays.fill(a, 1f);
            Arrays.fill(b, 1f);
            a[0] = Float.POSITIVE_INFINITY;
            b[size * size - 1] = Float.NaN;
            float[] c = new float[size * size];
            Gemm.sgemm(false, false, size, size, size, 1f, a, 0, size, b, 0, size, 0f, c, 0, size);
            assertThat(c[0]).isEqualTo(Float.POSITIVE_INFINITY);
            assertThat(c[size - 1]).isNaN();
            assertThat(c[size]).isEqualTo(size);
        }
    }

    @Test
    void rejectsArraysTooSmallForTheirMatrix() {
        float[] c12 = new float[12];
        float[] a15 = new float[15];
        float[] b20 = new float[20];
        // A is 3 x 5 (lda 5): needs 15 floats.
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 4, 5, 1f, new float[14], 0, 5, b20, 0, 4, 0f, c12, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a is too small")
                .hasMessageContaining("3 x 5")
                .hasMessageContaining("needs 15")
                .hasMessageContaining("a.length = 14");
        // B^T: B is stored 4 x 5 (ldb 5) at offset 1: needs 21 floats.
        assertThatThrownBy(() -> Gemm.sgemm(false, true, 3, 4, 5, 1f, a15, 0, 5, b20, 1, 5, 0f, c12, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("b is too small")
                .hasMessageContaining("4 x 5")
                .hasMessageContaining("needs 21");
        // C is 3 x 4 with ldc 5: needs 14 floats.
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 4, 5, 1f, a15, 0, 5, b20, 0, 4, 0f, c12, 0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c is too small")
                .hasMessageContaining("3 x 4")
                .hasMessageContaining("ldc = 5")
                .hasMessageContaining("c.length = 12");
        // A^T: A is stored 5 x 3, so lda must be at least 3.
        assertThatThrownBy(() -> Gemm.sgemm(true, false, 3, 4, 5, 1f, a15, 0, 2, b20, 0, 4, 0f, c12, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lda = 2")
                .hasMessageContaining("5 x 3");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, -4, 5, 1f, a15, 0, 5, b20, 0, 4, 0f, c12, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n=-4");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 4, 5, 1f, a15, -1, 5, b20, 0, 4, 0f, c12, 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aOffset");
    }

    /** The operands of one case, with padding around each matrix, and the double-precision reference. */
    private record Operands(Case t, float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {

        static Operands random(Case t, Random random) {
            int aRows = t.transA ? t.k : t.m, aCols = t.transA ? t.m : t.k;
            int bRows = t.transB ? t.n : t.k, bCols = t.transB ? t.k : t.n;
            int lda = Math.max(1, aCols + t.pad), ldb = Math.max(1, bCols + t.pad), ldc = Math.max(1, t.n + t.pad);
            return new Operands(t, fill(random, t.offset + aRows * lda + 2), lda,
                    fill(random, t.offset + bRows * ldb + 2), ldb,
                    fill(random, t.offset + t.m * ldc + 2), ldc);
        }

        private static float[] fill(Random random, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = random.nextFloat() * 2 - 1;
            }
            return x;
        }

        void run(float[] out) {
            Gemm.sgemm(t.transA, t.transB, t.m, t.n, t.k, t.alpha, a, t.offset, lda, b, t.offset, ldb,
                    t.beta, out, t.offset, ldc);
        }

        float opA(int i, int p) {
            return t.transA ? a[t.offset + p * lda + i] : a[t.offset + i * lda + p];
        }

        float opB(int p, int j) {
            return t.transB ? b[t.offset + j * ldb + p] : b[t.offset + p * ldb + j];
        }

        /** Each element within a float rounding-error bound of the double-precision result. */
        void assertClose(float[] out) {
            for (int i = 0; i < t.m; i++) {
                for (int j = 0; j < t.n; j++) {
                    double sum = 0;
                    double magnitude = 0;
                    for (int p = 0; p < t.k; p++) {
                        double product = (double) opA(i, p) * opB(p, j);
                        sum += product;
                        magnitude += Math.abs(product);
                    }
                    int index = t.offset + i * ldc + j;
                    double old = t.beta == 0f ? 0 : (double) t.beta * c[index];
                    double expected = t.alpha * sum + old;
                    double tolerance = (t.k + 3) * 0x1p-23 * (Math.abs(t.alpha) * magnitude + Math.abs(old)) + 1e-30;
                    if (!(Math.abs(out[index] - expected) <= tolerance)) {
                        fail(t + ": C[" + i + ", " + j + "] = " + out[index] + ", expected " + expected
                                + " (tolerance " + tolerance + ")");
                    }
                }
            }
        }

        /** The elements of the C array outside the m x n window keep their old bits. */
        void assertOutsideUntouched(float[] out) {
            for (int index = 0; index < out.length; index++) {
                int r = index - t.offset;
                boolean inside = r >= 0 && r / ldc < t.m && r % ldc < t.n;
                if (!inside && Float.floatToRawIntBits(out[index]) != Float.floatToRawIntBits(c[index])) {
                    fail(t + ": C array element " + index + " outside the matrix was changed");
                }
            }
        }
    }
}
