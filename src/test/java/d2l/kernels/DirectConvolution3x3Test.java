package d2l.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import d2l.kernels.WinogradTest.Case;
import d2l.kernels.WinogradTest.Inputs;
import d2l.kernels.WinogradTest.Result;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link DirectConvolution3x3} (forward and input gradient) against the im2col path of
 * {@link Convolution}, also on shapes {@link Convolution} does not send to it: ResNet-18's stage
 * shapes, odd widths and widths that are not a multiple of the vector, channel counts that are not
 * a multiple of the register block, batch 1 and 3, with and without bias; and for bit-identity
 * between 1 and 2 threads. The cases, inputs and checks are {@link WinogradTest}'s.
 */
class DirectConvolution3x3Test {

    private static ConvGeometry conv(int batch, int in, int out, int h, int w) {
        return ConvGeometry.convolution(batch, in, out, h, w, 3, 3, 1, 1, 1, 1, 1);
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(conv(3, 64, 64, 24, 24), true),
                new Case(conv(1, 64, 64, 24, 24), false),
                new Case(conv(3, 128, 128, 12, 12), false),
                new Case(conv(1, 256, 256, 6, 6), true),
                new Case(conv(3, 512, 512, 3, 3), false),
                // odd widths, a row wider than one vector but not two, channels not a multiple of 8
                new Case(conv(3, 5, 13, 7, 17), true),
                new Case(conv(1, 12, 3, 11, 13), false),
                new Case(conv(3, 32, 40, 9, 33), true),
                // planes narrower than a vector, a single row, a single position
                new Case(conv(2, 16, 16, 5, 3), false),
                new Case(conv(3, 9, 7, 1, 21), true),
                new Case(conv(3, 8, 9, 1, 1), false),
                // more images than tasks, each image one task; more than 8 images: chunks of 3
                new Case(conv(19, 40, 24, 12, 14), true),
                // output channels past one weight-gradient block of 32, not a multiple of it
                new Case(conv(5, 7, 45, 6, 5), false));
    }

    @Test
    void convolutionTakesItForResNetsFirstStagesOnly() {
        assumeTrue(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() >= 16, "measured with AVX-512");
        assertThat(DirectConvolution3x3.applies(conv(32, 64, 64, 24, 24))).isTrue();
        assertThat(DirectConvolution3x3.applies(conv(32, 64, 128, 24, 24))).isTrue();
        assertThat(DirectConvolution3x3.applies(conv(1, 32, 32, 12, 12))).as("Conv2dTest's gradient check").isTrue();
        assertThat(DirectConvolution3x3.applies(conv(32, 128, 64, 12, 12))).isTrue();
        assertThat(DirectConvolution3x3.applies(conv(32, 128, 128, 8, 8))).isFalse();
        assertThat(DirectConvolution3x3.applies(conv(32, 256, 256, 6, 6))).isFalse();
        assertThat(DirectConvolution3x3.applies(conv(32, 512, 512, 3, 3))).isFalse();
        assertThat(DirectConvolution3x3.applies(conv(32, 16, 16, 24, 24))).isFalse();
        assertThat(DirectConvolution3x3.applies(conv(32, 64, 256, 24, 24))).isFalse();
        assertThat(DirectConvolution3x3.applies(ConvGeometry.convolution(32, 64, 64, 24, 24, 3, 3, 2, 2, 1, 1, 1)))
                .isFalse();
        assertThat(DirectConvolution3x3.applies(ConvGeometry.convolution(32, 64, 64, 24, 24, 3, 3, 1, 1, 0, 0, 1)))
                .isFalse();
        assertThat(DirectConvolution3x3.applies(ConvGeometry.convolution(32, 64, 64, 24, 24, 3, 3, 1, 1, 1, 1, 2)))
                .isFalse();
        assertThat(DirectConvolution3x3.applies(ConvGeometry.convolution(32, 64, 64, 24, 24, 5, 5, 1, 1, 2, 2, 1)))
                .isFalse();
        // Winograd keeps the shapes it is faster on
        assertThat(Winograd.applies(conv(32, 128, 128, 12, 12))).isTrue();
    }

    @Test
    void convolutionDispatchesToIt() {
        assumeTrue(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() >= 16, "measured with AVX-512");
        Case c = new Case(conv(2, 64, 64, 24, 24), true);
        Inputs in = Inputs.of(c, 16);
        float[] y = new float[c.g().outputSize()];
        float[] dx = new float[c.g().inputSize()];
        Convolution.forward(c.g(), in.x(), in.w(), in.b(), y);
        Convolution.backwardInput(c.g(), in.dy(), in.w(), dx);
        Result direct = direct(c, in);
        assertThat(y).isEqualTo(direct.output());
        assertThat(dx).isEqualTo(direct.gradInput());
    }

    /** The direct path's results, written over NaN so that an output it misses shows. */
    private static Result direct(Case c, Inputs in) {
        float[] y = new float[c.g().outputSize()];
        float[] dx = new float[c.g().inputSize()];
        java.util.Arrays.fill(y, Float.NaN);
        java.util.Arrays.fill(dx, Float.NaN);
        DirectConvolution3x3.forward(c.g(), in.x(), in.w(), in.b(), y);
        DirectConvolution3x3.backwardInput(c.g(), in.dy(), in.w(), dx);
        return new Result(y, dx);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesIm2colUpToRounding(Case c) {
        WinogradTest.assertMatchesIm2col(DirectConvolution3x3Test::direct, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void weightGradientMatchesIm2colUpToRounding(Case c) {
        Inputs in = Inputs.of(c, 17);
        float[] expected = new float[c.g().weightSize()];
        Convolution.backwardWeightIm2col(c.g(), in.x(), in.dy(), expected);
        WinogradTest.assertClose("backwardWeight", weightGradient(c, in), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void weightGradientIsBitIdenticalForOneAndTwoThreads(Case c) {
        Inputs in = Inputs.of(c, 18);
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = weightGradient(c, in);
            Parallel.setThreads(2);
            assertThat(weightGradient(c, in)).isEqualTo(one);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** The direct weight gradient, written over NaN so that a weight it misses shows. */
    private static float[] weightGradient(Case c, Inputs in) {
        float[] dw = new float[c.g().weightSize()];
        java.util.Arrays.fill(dw, Float.NaN);
        DirectConvolution3x3.backwardWeight(c.g(), in.x(), in.dy(), dw);
        return dw;
    }

    @Test
    void weightGradientTakesItForUpTo64ChannelsOnPlanesFrom24x24To48x48() {
        assumeTrue(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() >= 16, "measured with AVX-512");
        assertThat(DirectConvolution3x3.appliesToWeight(conv(32, 64, 64, 24, 24))).isTrue();
        assertThat(DirectConvolution3x3.appliesToWeight(conv(32, 32, 64, 48, 48))).isTrue();
        assertThat(DirectConvolution3x3.appliesToWeight(conv(32, 64, 128, 24, 24))).isFalse();
        assertThat(DirectConvolution3x3.appliesToWeight(conv(32, 64, 64, 12, 12))).isFalse();
        assertThat(DirectConvolution3x3.appliesToWeight(conv(8, 64, 64, 96, 96))).isFalse();
        assertThat(DirectConvolution3x3.appliesToWeight(conv(32, 16, 16, 24, 24))).isFalse();
        Case c = new Case(conv(2, 64, 64, 24, 24), false);
        Inputs in = Inputs.of(c, 19);
        float[] dw = new float[c.g().weightSize()];
        Convolution.backwardWeight(c.g(), in.x(), in.dy(), dw);
        assertThat(dw).isEqualTo(weightGradient(c, in));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isBitIdenticalForOneAndTwoThreads(Case c) {
        WinogradTest.assertBitIdenticalForOneAndTwoThreads(DirectConvolution3x3Test::direct, c);
    }
}
