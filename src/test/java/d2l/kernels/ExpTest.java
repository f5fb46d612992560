package d2l.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * {@link Exp} is accurate to 1 ulp, handles the edges as {@code Math.exp} does, and gives the same
 * bits vectorised as one value at a time, however warm the JIT is.
 */
class ExpTest {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Inputs spread over the whole finite range of results, subnormal ones included. */
    private static float[] inputs(int n) {
        Random random = new Random(7);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -104f + 192.7f * random.nextFloat();
        }
        return x;
    }

    /** Distance in units in the last place between a float and the exact value {@code e^x}. */
    private static double ulpError(float x, float result) {
        double exact = Math.exp(x);
        return Math.abs(result - exact) / Math.ulp((float) exact);
    }

    @Test
    void isWithinOneUlpOfTheExactValue() {
        double worst = 0;
        for (float x : inputs(1_000_000)) {
            worst = Math.max(worst, ulpError(x, Exp.exp(x)));
        }
        assertThat(worst).isLessThanOrEqualTo(1.0);
    }

    @Test
    void isExactWhereTheAnswerIs() {
        assertThat(Exp.exp(0f)).isEqualTo(1f);
        assertThat(Exp.exp(-0f)).isEqualTo(1f);
        assertThat(Exp.exp(1f)).isEqualTo((float) Math.E);
    }

    @Test
    void overflowsUnderflowsAndPropagatesNaNLikeMathExp() {
        float[] edges = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.7f, 88.73f, 89f, 1000f,
                -87.3f, -100f, -103.9f, -104f, -200f, Float.MAX_VALUE, -Float.MAX_VALUE};
        for (float x : edges) {
            assertThat(Float.floatToIntBits(Exp.exp(x))).as("exp(%s)", x)
                    .isEqualTo(Float.floatToIntBits((float) Math.exp(x)));
        }
    }

    /**
     * The JDK's vector exp fails this once C2 compiles it (its SVML result differs from {@code Math.exp}
     * in the last bit for about 1% of inputs), which made tensors change as the JIT warmed up.
     */
    @Test
    void vectorLanesMatchTheScalarResultBitForBitAfterWarmUp() {
        float[] x = inputs(1 << 16);
        float[] lanes = new float[x.length];
        for (int round = 0; round < 300; round++) {
            for (int i = 0; i < SPECIES.loopBound(x.length); i += SPECIES.length()) {
                Exp.exp(FloatVector.fromArray(SPECIES, x, i)).intoArray(lanes, i);
            }
        }
        for (int i = 0; i < SPECIES.loopBound(x.length); i++) {
            assertThat(Float.floatToRawIntBits(lanes[i]))
                    .as("exp(%s): lane %s, scalar %s", x[i], lanes[i], Exp.exp(x[i]))
                    .isEqualTo(Float.floatToRawIntBits(Exp.exp(x[i])));
        }
    }

    @Test
    void pointwiseExpAndSigmoidAgreeWithTheScalarFunctionsAfterWarmUp() {
        float[] x = inputs(1 << 16);
        float[] exp = new float[x.length];
        float[] sigmoid = new float[x.length];
        for (int round = 0; round < 300; round++) {
            Pointwise.unary(Pointwise.Unary.EXP, x, 0, exp, x.length);
            Pointwise.unary(Pointwise.Unary.SIGMOID, x, 0, sigmoid, x.length);
        }
        for (int i = 0; i < x.length; i++) {
            assertThat(exp[i]).as("exp(%s)", x[i]).isEqualTo(Exp.exp(x[i]));
            assertThat(sigmoid[i]).as("sigmoid(%s)", x[i]).isEqualTo(Pointwise.sigmoid(x[i]));
        }
    }
}
