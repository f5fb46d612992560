package d2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The Cephes float log and sincos behind {@code randn}: close to the exact values (their bits are
 * PyTorch's, which {@code GeneratorTest} checks through the normal samples).
 */
class AvxMathFunTest {

    @Test
    void logIsWithinAFewUlpOnTheUniformsBoxMullerTakes() {
        for (int k = 1; k <= 1 << 24; k += 9973) {
            float u = k * 0x1.0p-24f;
            double exact = Math.log(u);
            assertThat((double) AvxMathFun.log(u)).as("log(%s)", u).isCloseTo(exact, within(2 * Math.ulp((float) exact) + 1e-45));
        }
        assertThat(AvxMathFun.log(1.0f)).isZero();
    }

    @Test
    void sinAndCosAreWithin3e8OfTheExactOnesOverAFullTurn() {
        float[] sinCos = new float[2];
        for (int k = 0; k < 1 << 24; k += 10007) {
            float theta = (float) (2 * Math.PI) * (k * 0x1.0p-24f);
            AvxMathFun.sincos(theta, sinCos);
            assertThat((double) sinCos[0]).as("sin(%s)", theta).isCloseTo(Math.sin(theta), within(3e-8 + Math.ulp(sinCos[0])));
            assertThat((double) sinCos[1]).as("cos(%s)", theta).isCloseTo(Math.cos(theta), within(3e-8 + Math.ulp(sinCos[1])));
        }
    }
}
