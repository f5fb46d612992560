package d2l.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@code exp(x)} in float, a vector of lanes at a time or one value at a time, with bit-identical
 * results either way. The JDK's own vector exp cannot be used: compiled, it calls Intel's SVML; not yet
 * compiled, it calls {@code Math.exp} per lane; the two differ in the last bit for about 1% of inputs,
 * so the same tensor would come out differently before and after the JIT warms up.
 *
 * <p>The method is Cody and Waite's (as in Cephes' {@code expf}): write {@code x = n ln 2 + r} with
 * integer {@code n = round(x / ln 2)} and {@code |r| <= ln 2 / 2}, approximate
 * {@code e^r ≈ 1 + r + r^2 p(r)} with a degree-5 polynomial {@code p}, and scale by {@code 2^n}. Only
 * IEEE additions and multiplications are used (no fused multiply-add, no library call), so the
 * interpreter, C1, C2 and every CPU round identically. Error: under 1 ulp against the exact value
 * ({@code ExpTest} measures it). {@code ln 2} is split into a 9-bit head, whose products with
 * {@code n} are exact, and a tail, so {@code r} keeps its precision.
 */
public final class Exp {

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HEAD = 0.693359375f;
    private static final float LN2_TAIL = -2.12194440e-4f;
    /**
     * Adding 1.5 * 2^23 to a float of magnitude below 2^22 rounds it to the nearest integer n, and the
     * sum's bits are then {@code ROUNDER_BITS + n}: n comes out as an int without a conversion.
     */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** Above ln(Float.MAX_VALUE) the result is infinite. */
    private static final float OVERFLOW = 88.72283935546875f;
    /** Below this the result is under half the smallest subnormal, so 0. */
    private static final float UNDERFLOW = -103.97208f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private Exp() {}

    /** {@code e^x}; infinite above ~88.72, 0 below ~-103.97, NaN for NaN. */
    public static float exp(float x) {
        float clamped = Math.min(Math.max(x, UNDERFLOW), OVERFLOW);
        float shifted = clamped * LOG2E + ROUNDER;
        float n = shifted - ROUNDER;
        float r = (clamped - n * LN2_HEAD) - n * LN2_TAIL;
        float p = ((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5;
        float er = (p * (r * r) + r) + 1f;
        int k = Float.floatToRawIntBits(shifted) - ROUNDER_BITS;
        int half = k >> 1;
        float scaled = er * powerOfTwo(half) * powerOfTwo(k - half);
        if (x > OVERFLOW) {
            return Float.POSITIVE_INFINITY;
        }
        return x < UNDERFLOW ? 0f : scaled;
    }

    /** {@code e^x} lane by lane, bit for bit what {@link #exp(float)} gives for each lane. */
    public static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(UNDERFLOW).min(OVERFLOW);
        FloatVector shifted = clamped.mul(LOG2E).add(ROUNDER);
        FloatVector n = shifted.sub(ROUNDER);
        FloatVector r = clamped.sub(n.mul(LN2_HEAD)).sub(n.mul(LN2_TAIL));
        FloatVector p = r.mul(P0).add(P1).mul(r).add(P2).mul(r).add(P3).mul(r).add(P4).mul(r).add(P5);
        FloatVector er = p.mul(r.mul(r)).add(r).add(1f);
        IntVector k = ((IntVector) shifted.reinterpretAsInts()).sub(ROUNDER_BITS);
        IntVector half = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector scaled = er.mul(powerOfTwo(half)).mul(powerOfTwo(k.sub(half)));
        return scaled
                .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, OVERFLOW))
                .blend(0f, x.compare(VectorOperators.LT, UNDERFLOW));
    }

    /** {@code 2^k} for {@code -126 <= k <= 127}, built from its exponent bits. */
    private static float powerOfTwo(int k) {
        return Float.intBitsToFloat((k + 127) << 23);
    }

    private static FloatVector powerOfTwo(IntVector k) {
        return (FloatVector) k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }
}
