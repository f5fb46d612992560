package d2l.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link Winograd} (forward and input gradient) against the im2col path of {@link Convolution}
 * (on shapes also below the size {@link Convolution} sends to it)
 * on random data, for ResNet-18's stage shapes, odd planes (a last tile half outside), batch 1 and
 * 3, with and without bias; and for bit-identity between 1 and 2 threads.
 */
class WinogradTest {

    /** A geometry and whether it has a bias. */
    record Case(ConvGeometry g, boolean bias) {
        @Override
        public String toString() {
            return g + (bias ? " with bias" : " without bias");
        }
    }

    private static Case conv(int batch, int in, int out, int h, int w, boolean bias) {
        return new Case(ConvGeometry.convolution(batch, in, out, h, w, 3, 3, 1, 1, 1, 1, 1), bias);
    }

    static Stream<Case> cases() {
        return Stream.of(
                conv(3, 64, 64, 24, 24, true),
                conv(1, 128, 128, 12, 12, false),
                conv(3, 256, 256, 6, 6, true),
                conv(3, 512, 512, 3, 3, false),
                conv(3, 64, 96, 7, 5, true),
                conv(1, 80, 64, 5, 7, false),
                conv(3, 64, 64, 1, 1, true),
                // more images than one chunk holds: chunks of 3, 3, 3 and 2 images
                conv(11, 64, 64, 24, 24, false),
                conv(3, 128, 128, 24, 24, true));
    }

    @Test
    void convolutionTakesItForManyChannelsOnLargeEnoughPlanesOnly() {
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 128, 128, 12, 12, 3, 3, 1, 1, 1, 1, 1))).isTrue();
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 64, 64, 24, 24, 3, 3, 1, 1, 1, 1, 1))).isFalse();
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 256, 256, 6, 6, 3, 3, 1, 1, 1, 1, 1))).isTrue();
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 512, 512, 7, 7, 3, 3, 1, 1, 1, 1, 1))).isTrue();
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 256, 256, 5, 5, 3, 3, 1, 1, 1, 1, 1))).isFalse();
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 128, 128, 6, 6, 3, 3, 1, 1, 1, 1, 1))).isFalse();
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 512, 512, 3, 3, 3, 3, 1, 1, 1, 1, 1))).isFalse();
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 128, 128, 8, 8, 3, 3, 1, 1, 1, 1, 1))).isFalse();
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 128, 256, 12, 12, 3, 3, 2, 2, 1, 1, 1))).isFalse();
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 128, 128, 12, 12, 3, 3, 1, 1, 1, 1, 2))).isFalse();
        assertThat(Winograd.applies(ConvGeometry.convolution(32, 128, 128, 12, 12, 3, 3, 1, 1, 0, 0, 1))).isFalse();
    }

    @Test
    void convolutionDispatchesToIt() {
        Case c = conv(2, 128, 128, 12, 12, true);
        Inputs in = Inputs.of(c, 16);
        float[] y = new float[c.g().outputSize()];
        float[] dx = new float[c.g().inputSize()];
        Convolution.forward(c.g(), in.x(), in.w(), in.b(), y);
        Convolution.backwardInput(c.g(), in.dy(), in.w(), dx);
        Result direct = winograd(c, in);
        assertThat(y).isEqualTo(direct.output());
        assertThat(dx).isEqualTo(direct.gradInput());
    }

    /** Output and input gradient of one method. */
    record Result(float[] output, float[] gradInput) {}

    /** Random input, weight, bias (or null) and output gradient for {@code c}. */
    record Inputs(float[] x, float[] w, float[] b, float[] dy) {
        static Inputs of(Case c, long seed) {
            ConvGeometry g = c.g();
            Random random = new Random(seed);
            return new Inputs(ConvSpeed.random(random, g.inputSize()), ConvSpeed.random(random, g.weightSize()),
                    c.bias() ? ConvSpeed.random(random, g.outChannels()) : null, ConvSpeed.random(random, g.outputSize()));
        }
    }

    private static Result winograd(Case c, Inputs in) {
        float[] y = new float[c.g().outputSize()];
        float[] dx = new float[c.g().inputSize()];
        Winograd.forward(c.g(), in.x(), in.w(), in.b(), y);
        Winograd.backwardInput(c.g(), in.dy(), in.w(), dx);
        return new Result(y, dx);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesIm2colUpToRounding(Case c) {
        assertMatchesIm2col(WinogradTest::winograd, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isBitIdenticalForOneAndTwoThreads(Case c) {
        assertBitIdenticalForOneAndTwoThreads(WinogradTest::winograd, c);
    }

    /** A fast method's forward pass and input gradient on a case's inputs. */
    interface Method {
        Result run(Case c, Inputs in);
    }

    /** {@code method}'s results on {@code c} against im2col's, by {@link #assertClose}. */
    static void assertMatchesIm2col(Method method, Case c) {
        ConvGeometry g = c.g();
        Inputs in = Inputs.of(c, 14);
        Result fast = method.run(c, in);
        float[] y = new float[g.outputSize()];
        float[] dx = new float[g.inputSize()];
        Convolution.forwardIm2col(g, in.x(), in.w(), in.b(), y);
        Convolution.backwardInputIm2col(g, in.dy(), in.w(), dx);
        assertClose("forward", fast.output(), y);
        assertClose("backwardInput", fast.gradInput(), dx);
    }

    /**
     * Each value within 1e-4 of the largest magnitude in the reference (the sums cancel, so relative
     * to scale); a NaN fails too.
     */
    static void assertClose(String what, float[] actual, float[] expected) {
        float scale = 0f;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertThat(scale).as(what + " scale").isGreaterThan(0f);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= 1e-4f * scale)) {
                throw new AssertionError(what + " differs at " + i + ": " + actual[i] + " vs " + expected[i]
                        + " (scale " + scale + ")");
            }
        }
    }

    /** {@code method}'s results on {@code c} on 2 threads, bit for bit those on 1. */
    static void assertBitIdenticalForOneAndTwoThreads(Method method, Case c) {
        Inputs in = Inputs.of(c, 15);
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Result one = method.run(c, in);
            Parallel.setThreads(2);
            Result two = method.run(c, in);
            assertThat(two.output()).as("forward").isEqualTo(one.output());
            assertThat(two.gradInput()).as("backwardInput").isEqualTo(one.gradInput());
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
