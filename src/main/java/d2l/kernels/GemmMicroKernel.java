package d2l.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-level kernels of {@link Gemm}, written with the (incubating) Vector API.
 *
 * <p>{@link #multiplyTile}: one {@code MR x NR} tile of C from a packed sliver of A and a sliver
 * of B, laid out as (see {@link Gemm} for the packing)
 * <pre>
 *   A sliver: kc columns of MR floats,  ap[aOff + p * MR + r]      = op(A)[row r of the tile, p]
 *   B sliver: kc rows of NR floats,     b [bOff + p * bStride + j] = op(B)[p, column j of the tile]
 * </pre>
 * {@code bStride} is {@code NR} for a packed sliver, or the leading dimension of B when B is read
 * in place. Each step p loads the NR floats of B as two vectors, broadcasts each of the MR floats
 * of A, and adds the products into {@code 2 * MR} vector accumulators held in registers.
 *
 * <p>{@link #dotTile}: sixteen dot products of rows of A with rows of B^T, for A * B^T when one
 * side is thin.
 *
 * <p>Both sum over p from first to last in a fixed order, so a result does not depend on which
 * thread computes it. Low-level on purpose: the accumulators are separate local variables (not an
 * array) so that the JIT keeps them in registers, and no vector is passed to another method (the
 * JIT would then have to allocate it on the heap).
 */
final class GemmMicroKernel {

    /** The vector shape: 16 floats with AVX-512, 8 with AVX2. */
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Floats per vector. */
    static final int LANES = SPECIES.length();

    /**
     * Rows of C per tile: 8 (16 accumulators) where vectors are 512 bits, as x86 then has 32 vector
     * registers; else 6 (12 accumulators), which fits AVX2's 16. ({@link Gemm} also uses tiles of 6
     * rows for thin products where 8 would waste much padding.)
     */
    static final int MR = LANES >= 16 ? 8 : 6;

    /** Columns of C per tile: two vectors. */
    static final int NR = 2 * LANES;

    /** 0, 1, 2, ... LANES - 1: compared with a bound, gives a mask of the first lanes. */
    private static final float[] LANE_INDEX = new float[LANES];

    static {
        for (int i = 0; i < LANES; i++) {
            LANE_INDEX[i] = i;
        }
    }

    private GemmMicroKernel() {}

    /**
     * The tile {@code c[cOff + r * ldc + j]} (r &lt; mr, j &lt; NR), for mr = 6 or mr = MR, becomes
     * {@code alpha * sum_p A[r, p] * B[p, j] + beta * c}: that is {@code acc * alpha} if beta is 0
     * (the old c is not read), else {@code fma(acc, alpha, beta * c)}, the same rounding as
     * {@link Gemm}'s scalar update of edge tiles.
     */
    static void multiplyTile(int mr, int kc, float[] ap, int aOff, float[] b, int bOff, int bStride,
                             float alpha, float beta, float[] c, int cOff, int ldc) {
        // Two copies of the kernel rather than one with rows 6 and 7 skipped: a skipped
        // accumulator still holds a register, and AVX2 has none to spare.
        if (mr == 8) {
            multiplyTile8(kc, ap, aOff, b, bOff, bStride, alpha, beta, c, cOff, ldc);
        } else {
            multiplyTile6(kc, ap, aOff, b, bOff, bStride, alpha, beta, c, cOff, ldc);
        }
    }

    /** {@link #multiplyTile} with mr = 8. */
    private static void multiplyTile8(int kc, float[] ap, int aOff, float[] b, int bOff, int bStride,
                                      float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero, c60 = zero, c61 = zero, c70 = zero, c71 = zero;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 8, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a;
            a = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(SPECIES, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(SPECIES, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        FloatVector alphaV = FloatVector.broadcast(SPECIES, alpha);
        int h = LANES;
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
        int o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        if (beta == 0f) {
            c00.mul(alphaV).intoArray(c, o0);
            c01.mul(alphaV).intoArray(c, o0 + h);
            c10.mul(alphaV).intoArray(c, o1);
            c11.mul(alphaV).intoArray(c, o1 + h);
            c20.mul(alphaV).intoArray(c, o2);
            c21.mul(alphaV).intoArray(c, o2 + h);
            c30.mul(alphaV).intoArray(c, o3);
            c31.mul(alphaV).intoArray(c, o3 + h);
            c40.mul(alphaV).intoArray(c, o4);
            c41.mul(alphaV).intoArray(c, o4 + h);
            c50.mul(alphaV).intoArray(c, o5);
            c51.mul(alphaV).intoArray(c, o5 + h);
            c60.mul(alphaV).intoArray(c, o6);
            c61.mul(alphaV).intoArray(c, o6 + h);
            c70.mul(alphaV).intoArray(c, o7);
            c71.mul(alphaV).intoArray(c, o7 + h);
        } else {
            FloatVector betaV = FloatVector.broadcast(SPECIES, beta);
            c00.fma(alphaV, FloatVector.fromArray(SPECIES, c, o0).mul(betaV)).intoArray(c, o0);
            c01.fma(alphaV, FloatVector.fromArray(SPECIES, c, o0 + h).mul(betaV)).intoArray(c, o0 + h);
            c10.fma(alphaV, FloatVector.fromArray(SPECIES, c, o1).mul(betaV)).intoArray(c, o1);
            c11.fma(alphaV, FloatVector.fromArray(SPECIES, c, o1 + h).mul(betaV)).intoArray(c, o1 + h);
            c20.fma(alphaV, FloatVector.fromArray(SPECIES, c, o2).mul(betaV)).intoArray(c, o2);
            c21.fma(alphaV, FloatVector.fromArray(SPECIES, c, o2 + h).mul(betaV)).intoArray(c, o2 + h);
            c30.fma(alphaV, FloatVector.fromArray(SPECIES, c, o3).mul(betaV)).intoArray(c, o3);
            c31.fma(alphaV, FloatVector.fromArray(SPECIES, c, o3 + h).mul(betaV)).intoArray(c, o3 + h);
            c40.fma(alphaV, FloatVector.fromArray(SPECIES, c, o4).mul(betaV)).intoArray(c, o4);
            c41.fma(alphaV, FloatVector.fromArray(SPECIES, c, o4 + h).mul(betaV)).intoArray(c, o4 + h);
            c50.fma(alphaV, FloatVector.fromArray(SPECIES, c, o5).mul(betaV)).intoArray(c, o5);
            c51.fma(alphaV, FloatVector.fromArray(SPECIES, c, o5 + h).mul(betaV)).intoArray(c, o5 + h);
            c60.fma(alphaV, FloatVector.fromArray(SPECIES, c, o6).mul(betaV)).intoArray(c, o6);
            c61.fma(alphaV, FloatVector.fromArray(SPECIES, c, o6 + h).mul(betaV)).intoArray(c, o6 + h);
            c70.fma(alphaV, FloatVector.fromArray(SPECIES, c, o7).mul(betaV)).intoArray(c, o7);
            c71.fma(alphaV, FloatVector.fromArray(SPECIES, c, o7 + h).mul(betaV)).intoArray(c, o7 + h);
        }
    }


    /** {@link #multiplyTile} with mr = 6. */
    private static void multiplyTile6(int kc, float[] ap, int aOff, float[] b, int bOff, int bStride,
                                      float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        for (int p = 0, ai = aOff, bi = bOff; p < kc; p++, ai += 6, bi += bStride) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a;
            a = FloatVector.broadcast(SPECIES, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(SPECIES, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(SPECIES, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(SPECIES, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(SPECIES, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(SPECIES, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        FloatVector alphaV = FloatVector.broadcast(SPECIES, alpha);
        int h = LANES;
        int o0 = cOff, o1 = o0 + ldc, o2 = o1 + ldc;
        int o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc;
        if (beta == 0f) {
            c00.mul(alphaV).intoArray(c, o0);
            c01.mul(alphaV).intoArray(c, o0 + h);
            c10.mul(alphaV).intoArray(c, o1);
            c11.mul(alphaV).intoArray(c, o1 + h);
            c20.mul(alphaV).intoArray(c, o2);
            c21.mul(alphaV).intoArray(c, o2 + h);
            c30.mul(alphaV).intoArray(c, o3);
            c31.mul(alphaV).intoArray(c, o3 + h);
            c40.mul(alphaV).intoArray(c, o4);
            c41.mul(alphaV).intoArray(c, o4 + h);
            c50.mul(alphaV).intoArray(c, o5);
            c51.mul(alphaV).intoArray(c, o5 + h);
        } else {
            FloatVector betaV = FloatVector.broadcast(SPECIES, beta);
            c00.fma(alphaV, FloatVector.fromArray(SPECIES, c, o0).mul(betaV)).intoArray(c, o0);
            c01.fma(alphaV, FloatVector.fromArray(SPECIES, c, o0 + h).mul(betaV)).intoArray(c, o0 + h);
            c10.fma(alphaV, FloatVector.fromArray(SPECIES, c, o1).mul(betaV)).intoArray(c, o1);
            c11.fma(alphaV, FloatVector.fromArray(SPECIES, c, o1 + h).mul(betaV)).intoArray(c, o1 + h);
            c20.fma(alphaV, FloatVector.fromArray(SPECIES, c, o2).mul(betaV)).intoArray(c, o2);
            c21.fma(alphaV, FloatVector.fromArray(SPECIES, c, o2 + h).mul(betaV)).intoArray(c, o2 + h);
            c30.fma(alphaV, FloatVector.fromArray(SPECIES, c, o3).mul(betaV)).intoArray(c, o3);
            c31.fma(alphaV, FloatVector.fromArray(SPECIES, c, o3 + h).mul(betaV)).intoArray(c, o3 + h);
            c40.fma(alphaV, FloatVector.fromArray(SPECIES, c, o4).mul(betaV)).intoArray(c, o4);
            c41.fma(alphaV, FloatVector.fromArray(SPECIES, c, o4 + h).mul(betaV)).intoArray(c, o4 + h);
            c50.fma(alphaV, FloatVector.fromArray(SPECIES, c, o5).mul(betaV)).intoArray(c, o5);
            c51.fma(alphaV, FloatVector.fromArray(SPECIES, c, o5 + h).mul(betaV)).intoArray(c, o5 + h);
        }
    }


    /** dst[to .. to+NR] = src[from .. from+NR]: one row of a B sliver, as two vectors. */
    static void copySliverRow(float[] src, int from, float[] dst, int to) {
        FloatVector.fromArray(SPECIES, src, from).intoArray(dst, to);
        FloatVector.fromArray(SPECIES, src, from + LANES).intoArray(dst, to + LANES);
    }

    /** Rows of A and of B^T per {@link #dotTile} call. */
    static final int DOT_ROWS = 4;

    /**
     * Sixteen dot products along k, for the product A * B^T with both stored along k: for r, j &lt; 4,
     * {@code sums[4 * r + j] = sum_p a[aRow[r] + p] * b[bRow[j] + p]}, for k &gt;= LANES. Each vector
     * lane sums every LANES-th term, then the lanes are added in order: a fixed order, unlike
     * {@code reduceLanes}, whose order may differ between interpreted and compiled code.
     * {@code lanes} is scratch space of 16 * LANES floats.
     */
    static void dotTile(int k, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2, int b3,
                        float[] lanes, float[] sums) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector s00 = zero, s01 = zero, s02 = zero, s03 = zero, s10 = zero, s11 = zero, s12 = zero, s13 = zero;
        FloatVector s20 = zero, s21 = zero, s22 = zero, s23 = zero, s30 = zero, s31 = zero, s32 = zero, s33 = zero;
        int kVector = k - k % LANES;
        for (int p = 0; p < kVector; p += LANES) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(SPECIES, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(SPECIES, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(SPECIES, a, a3 + p);
            FloatVector y = FloatVector.fromArray(SPECIES, b, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(SPECIES, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(SPECIES, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
            s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(SPECIES, b, b3 + p);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
            s23 = x2.fma(y, s23);
            s33 = x3.fma(y, s33);
        }
        if (kVector < k) {
            // The last k % LANES terms: load the last full vector of each row (k >= LANES, so it
            // lies inside the row) and zero the lanes that the loop above already counted.
            int p = k - LANES;
            VectorMask<Float> counted = FloatVector.fromArray(SPECIES, LANE_INDEX, 0)
                    .compare(VectorOperators.LT, (float) (kVector - p));
            FloatVector x0 = FloatVector.fromArray(SPECIES, a, a0 + p).blend(zero, counted);
            FloatVector x1 = FloatVector.fromArray(SPECIES, a, a1 + p).blend(zero, counted);
            FloatVector x2 = FloatVector.fromArray(SPECIES, a, a2 + p).blend(zero, counted);
            FloatVector x3 = FloatVector.fromArray(SPECIES, a, a3 + p).blend(zero, counted);
            FloatVector y = FloatVector.fromArray(SPECIES, b, b0 + p).blend(zero, counted);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(SPECIES, b, b1 + p).blend(zero, counted);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(SPECIES, b, b2 + p).blend(zero, counted);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
            s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(SPECIES, b, b3 + p).blend(zero, counted);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
            s23 = x2.fma(y, s23);
            s33 = x3.fma(y, s33);
        }
        int l = LANES;
        s00.intoArray(lanes, 0);
        s01.intoArray(lanes, l);
        s02.intoArray(lanes, 2 * l);
        s03.intoArray(lanes, 3 * l);
        s10.intoArray(lanes, 4 * l);
        s11.intoArray(lanes, 5 * l);
        s12.intoArray(lanes, 6 * l);
        s13.intoArray(lanes, 7 * l);
        s20.intoArray(lanes, 8 * l);
        s21.intoArray(lanes, 9 * l);
        s22.intoArray(lanes, 10 * l);
        s23.intoArray(lanes, 11 * l);
        s30.intoArray(lanes, 12 * l);
        s31.intoArray(lanes, 13 * l);
        s32.intoArray(lanes, 14 * l);
        s33.intoArray(lanes, 15 * l);
        for (int t = 0; t < DOT_ROWS * DOT_ROWS; t++) {
            float sum = 0f;
            for (int lane = t * l; lane < (t + 1) * l; lane++) {
                sum += lanes[lane];
            }
            sums[t] = sum;
        }
    }
}
