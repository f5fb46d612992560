package d2l.tensor;

/**
 * The float logarithm, sine and cosine that PyTorch's x86 {@code randn} uses, one lane at a time:
 * {@code log256_ps} and {@code sincos256_ps} from {@code aten/src/ATen/native/cpu/avx_mathfun.h}
 * (Julien Pommier's port of the Cephes {@code logf}/{@code sinf}, zlib licence). They are polynomial
 * approximations, a few ulp away from {@link Math#log} and {@link Math#sin}, so the normal samples
 * of {@link Generator} are PyTorch's to the last bit only if they are computed this way.
 *
 * <p>The order of operations is that of the source; where the source writes a multiply feeding an
 * add, the PyTorch x86 wheels (GCC, {@code -mfma}, {@code -ffp-contract=fast}) fuse them into one
 * {@link Math#fma}, and so does this class. Which multiply fuses where two could was settled against
 * torch 2.13 on 250,000 samples, with no difference left.
 */
final class AvxMathFun {

    private static final float MIN_NORM_POS = Float.MIN_NORMAL;
    private static final float SQRTHF = 0.707106781186547524f;
    private static final float[] LOG_P = {
        7.0376836292E-2f, -1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f, 1.4249322787E-1f,
        -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f, 3.3333331174E-1f};
    private static final float LOG_Q1 = -2.12194440e-4f;
    private static final float LOG_Q2 = 0.693359375f;

    private static final float FOPI = 1.27323954473516f; // 4 / pi
    private static final float MINUS_DP1 = -0.78515625f;
    private static final float MINUS_DP2 = -2.4187564849853515625e-4f;
    private static final float MINUS_DP3 = -3.77489497744594108e-8f;
    private static final float SINCOF_P0 = -1.9515295891E-4f;
    private static final float SINCOF_P1 = 8.3321608736E-3f;
    private static final float SINCOF_P2 = -1.6666654611E-1f;
    private static final float COSCOF_P0 = 2.443315711809948E-005f;
    private static final float COSCOF_P1 = -1.388731625493765E-003f;
    private static final float COSCOF_P2 = 4.166664568298827E-002f;

    private AvxMathFun() {}

    /**
     * {@code log256_ps}: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), then
     * log x = (m - 1) - (m - 1)^2 / 2 + (m - 1)^3 P(m - 1) + e log 2, log 2 split in two parts
     * (q2 + q1) so that e log 2 adds without error. For x > 0; denormals count as the smallest normal.
     */
    static float log(float x) {
        x = Math.max(x, MIN_NORM_POS);
        int bits = Float.floatToRawIntBits(x);
        float e = (float) ((bits >>> 23) - 0x7f) + 1.0f;
        x = Float.intBitsToFloat((bits & ~0x7f800000) | Float.floatToRawIntBits(0.5f));
        boolean small = x < SQRTHF;
        float tmp = small ? x : 0.0f;
        x = x - 1.0f;
        e = e - (small ? 1.0f : 0.0f);
        x = x + tmp;

        float z = x * x;
        float y = LOG_P[0];
        for (int k = 1; k < LOG_P.length; k++) {
            y = Math.fma(y, x, LOG_P[k]);
        }
        y = y * x;
        y = Math.fma(y, z, e * LOG_Q1);
        y = Math.fma(-z, 0.5f, y);
        x = x + y;
        return Math.fma(e, LOG_Q2, x);
    }

    /**
     * {@code sincos256_ps}: reduces |x| by the multiple j of pi/4 nearest above (j even), in three
     * steps of extended precision, then evaluates the Cephes sine and cosine polynomials on the
     * remainder and picks and signs them by j. Accurate for |x| below 8192; {@link Generator} calls
     * it on [0, 2 pi). Writes sin x to {@code sinCos[0]} and cos x to {@code sinCos[1]}.
     */
    static void sincos(float x, float[] sinCos) {
        int signSin = Float.floatToRawIntBits(x) & 0x80000000;
        x = Math.abs(x);
        int j = ((int) (x * FOPI) + 1) & ~1;
        float y = (float) j;
        signSin ^= (j & 4) << 29;
        int signCos = (~(j - 2) & 4) << 29;
        boolean sinePolynomialForSine = (j & 2) == 0;

        x = Math.fma(y, MINUS_DP1, x);
        x = Math.fma(y, MINUS_DP2, x);
        x = Math.fma(y, MINUS_DP3, x);
        float z = x * x;

        float cosine = Math.fma(COSCOF_P0, z, COSCOF_P1);
        cosine = Math.fma(cosine, z, COSCOF_P2);
        cosine = cosine * z;
        cosine = Math.fma(cosine, z, -(z * 0.5f));
        cosine = cosine + 1.0f;

        float sine = Math.fma(SINCOF_P0, z, SINCOF_P1);
        sine = Math.fma(sine, z, SINCOF_P2);
        sine = sine * z;
        sine = Math.fma(sine, x, x);

        // The source selects with bit masks and adds the selected value to +0, which turns -0 into +0.
        float fromSine = sinePolynomialForSine ? sine : 0.0f;
        float fromCosine = sinePolynomialForSine ? 0.0f : cosine;
        float sin = fromCosine + fromSine;
        float cos = (cosine - fromCosine) + (sine - fromSine);
        sinCos[0] = Float.intBitsToFloat(Float.floatToRawIntBits(sin) ^ signSin);
        sinCos[1] = Float.intBitsToFloat(Float.floatToRawIntBits(cos) ^ signCos);
    }
}
