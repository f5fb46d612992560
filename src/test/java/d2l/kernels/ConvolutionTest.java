package d2l.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link Convolution} against straightforward loops over the definition of conv2d (in
 * double), over kernels, paddings, strides, groups and batch sizes that exercise every code path
 * (1x1 without copies, one image per tile, several images per tile, row tiles of a large image,
 * the shared path of small planes);
 * checks the backward passes also against finite differences of the forward pass, and the
 * results for bit-identity across thread counts.
 */
class ConvolutionTest {

    /** A geometry and whether it has a bias. */
    record Case(ConvGeometry g, boolean bias) {
        @Override
        public String toString() {
            return g + (bias ? " with bias" : " without bias");
        }
    }

    private static Case conv(int batch, int in, int out, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw,
                             int groups, boolean bias) {
        return new Case(ConvGeometry.convolution(batch, in, out, h, w, kh, kw, sh, sw, ph, pw, groups), bias);
    }

    static Stream<Case> cases() {
        return Stream.of(
                // 1x1: the copy-free path, with groups, and strided (which needs columns)
                conv(1, 4, 6, 5, 7, 1, 1, 1, 1, 0, 0, 1, true),
                conv(3, 4, 6, 5, 5, 1, 1, 1, 1, 0, 0, 2, false),
                conv(3, 4, 6, 5, 7, 1, 1, 2, 2, 0, 0, 1, true),
                conv(1, 3, 2, 4, 4, 1, 1, 1, 1, 1, 1, 1, true),
                // 3x3 and 5x5 with padding 0, 1, 2 and stride 1, 2
                conv(3, 3, 4, 8, 9, 3, 3, 1, 1, 1, 1, 1, true),
                conv(1, 3, 4, 9, 8, 3, 3, 2, 2, 1, 1, 1, false),
                conv(3, 2, 3, 7, 6, 3, 3, 1, 1, 0, 0, 1, true),
                conv(3, 1, 6, 12, 12, 5, 5, 1, 1, 2, 2, 1, true),
                conv(1, 6, 16, 14, 14, 5, 5, 1, 1, 0, 0, 1, true),
                conv(1, 3, 2, 10, 11, 5, 5, 2, 2, 2, 2, 1, false),
                // rectangular kernels, asymmetric padding and strides
                conv(3, 2, 3, 6, 7, 1, 2, 1, 1, 0, 0, 1, true),
                conv(1, 2, 3, 9, 8, 5, 3, 1, 1, 2, 1, 1, true),
                conv(3, 2, 2, 11, 13, 3, 5, 3, 4, 0, 1, 1, true),
                conv(1, 2, 2, 8, 8, 3, 5, 3, 4, 0, 1, 1, false),
                conv(3, 3, 2, 7, 9, 2, 2, 2, 1, 0, 1, 1, true),
                // groups: 2 groups, depthwise, depthwise with a channel multiplier
                conv(3, 4, 6, 7, 7, 3, 3, 1, 1, 1, 1, 2, true),
                conv(3, 6, 6, 8, 8, 3, 3, 1, 1, 1, 1, 6, false),
                conv(1, 4, 8, 6, 6, 3, 3, 2, 2, 1, 1, 4, true),
                // kernel as large as the padded input
                conv(3, 2, 2, 3, 3, 5, 5, 1, 1, 1, 1, 1, true),
                // many small images: several images per tile and several weight-gradient chunks
                conv(40, 2, 3, 5, 5, 3, 3, 1, 1, 1, 1, 1, true),
                conv(40, 4, 4, 5, 6, 3, 3, 2, 1, 1, 0, 2, false),
                conv(33, 3, 5, 4, 4, 1, 1, 1, 1, 0, 0, 1, true),
                // small planes take the shared path: here three tiles of 18, 18 and 4 images, and one strided tile
                conv(40, 3, 4, 8, 8, 3, 3, 1, 1, 1, 1, 1, true),
                conv(20, 4, 5, 9, 9, 3, 3, 2, 2, 1, 1, 1, false),
                // 32 input channels and more than 16 outputs: the weight gradient packs its columns channels-last,
                // on the shared path, in tiles of several images over several chunks, and with a rectangular kernel
                conv(3, 32, 17, 6, 6, 3, 3, 1, 1, 1, 1, 1, true),
                conv(40, 32, 18, 9, 9, 3, 3, 1, 1, 1, 1, 1, false),
                conv(2, 32, 17, 7, 9, 3, 5, 1, 2, 1, 2, 1, true),
                // a large image: cut into blocks of output rows
                conv(1, 32, 4, 64, 64, 3, 3, 1, 1, 1, 1, 1, true),
                conv(1, 32, 4, 80, 61, 5, 5, 2, 1, 2, 0, 2, true));
    }

    // ---- reference loops, in double --------------------------------------------------------------

    /** Calls {@code visit(outIndex, inIndex, weightIndex)} for every product term of the convolution. */
    interface Term {
        void visit(int out, int in, int weight);
    }

    static void forEachTerm(ConvGeometry g, Term term) {
        int inPerGroup = g.inChannelsPerGroup();
        int outPerGroup = g.outChannelsPerGroup();
        for (int b = 0; b < g.batch(); b++) {
            for (int o = 0; o < g.outChannels(); o++) {
                int group = o / outPerGroup;
                for (int y = 0; y < g.outHeight(); y++) {
                    for (int x = 0; x < g.outWidth(); x++) {
                        int out = ((b * g.outChannels() + o) * g.outHeight() + y) * g.outWidth() + x;
                        for (int c = 0; c < inPerGroup; c++) {
                            int inChannel = group * inPerGroup + c;
                            for (int i = 0; i < g.kernelHeight(); i++) {
                                int row = y * g.strideHeight() - g.padHeight() + i;
                                if (row < 0 || row >= g.inHeight()) {
                                    continue;
                                }
                                for (int j = 0; j < g.kernelWidth(); j++) {
                                    int col = x * g.strideWidth() - g.padWidth() + j;
                                    if (col < 0 || col >= g.inWidth()) {
                                        continue;
                                    }
                                    int in = ((b * g.inChannels() + inChannel) * g.inHeight() + row) * g.inWidth() + col;
                                    int weight = ((o * inPerGroup + c) * g.kernelHeight() + i) * g.kernelWidth() + j;
                                    term.visit(out, in, weight);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static double[] referenceForward(ConvGeometry g, float[] input, float[] weight, float[] bias) {
        double[] out = new double[g.outputSize()];
        int positions = g.outHeight() * g.outWidth();
        if (bias != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] = bias[(i / positions) % g.outChannels()];
            }
        }
        forEachTerm(g, (o, i, w) -> out[o] += (double) weight[w] * input[i]);
        return out;
    }

    static double[] referenceBackwardInput(ConvGeometry g, float[] gradOutput, float[] weight) {
        double[] gradInput = new double[g.inputSize()];
        forEachTerm(g, (o, i, w) -> gradInput[i] += (double) weight[w] * gradOutput[o]);
        return gradInput;
    }

    static double[] referenceBackwardWeight(ConvGeometry g, float[] input, float[] gradOutput) {
        double[] gradWeight = new double[g.weightSize()];
        forEachTerm(g, (o, i, w) -> gradWeight[w] += (double) input[i] * gradOutput[o]);
        return gradWeight;
    }

    static double[] referenceBackwardBias(ConvGeometry g, float[] gradOutput) {
        double[] gradBias = new double[g.outChannels()];
        int positions = g.outHeight() * g.outWidth();
        for (int i = 0; i < g.outputSize(); i++) {
            gradBias[(i / positions) % g.outChannels()] += gradOutput[i];
        }
        return gradBias;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static float[] random(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 2f - 1f;
        }
        return a;
    }

    /** Fails unless every element is within {@code 2e-4 * max(1, max |expected|)}. */
    static void assertClose(String what, float[] actual, double[] expected) {
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (!(d <= worst)) {
                worst = d;
                worstIndex = i;
            }
        }
        assertThat(worst)
                .as("%s: worst difference at %d (got %s, expected %s)", what, worstIndex,
                        worstIndex < 0 ? "" : actual[worstIndex], worstIndex < 0 ? "" : expected[worstIndex])
                .isLessThanOrEqualTo(2e-4 * scale);
    }

    record Run(float[] output, float[] gradInput, float[] gradWeight, float[] gradBias) {}

    static Run run(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] gradOutput) {
        float[] output = new float[g.outputSize()];
        float[] gradInput = new float[g.inputSize()];
        float[] gradWeight = new float[g.weightSize()];
        float[] gradBias = new float[g.outChannels()];
        java.util.Arrays.fill(output, Float.NaN); // every output must be written, not accumulated
        java.util.Arrays.fill(gradInput, Float.NaN);
        java.util.Arrays.fill(gradWeight, Float.NaN);
        Convolution.forward(g, input, weight, bias, output);
        Convolution.backwardInput(g, gradOutput, weight, gradInput);
        Convolution.backwardWeight(g, input, gradOutput, gradWeight);
        Convolution.backwardBias(g, gradOutput, gradBias);
        return new Run(output, gradInput, gradWeight, gradBias);
    }

    // ---- the tests -------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTheDefinitionForwardAndBackward(Case c) {
        ConvGeometry g = c.g();
        Random random = new Random(g.hashCode());
        float[] input = random(random, g.inputSize());
        float[] weight = random(random, g.weightSize());
        float[] bias = c.bias() ? random(random, g.outChannels()) : null;
        float[] gradOutput = random(random, g.outputSize());
        Run run = run(g, input, weight, bias, gradOutput);
        assertClose("forward " + c, run.output(), referenceForward(g, input, weight, bias));
        assertClose("backwardInput " + c, run.gradInput(), referenceBackwardInput(g, gradOutput, weight));
        assertClose("backwardWeight " + c, run.gradWeight(), referenceBackwardWeight(g, input, gradOutput));
        assertClose("backwardBias " + c, run.gradBias(), referenceBackwardBias(g, gradOutput));
    }

    @Test
    void aWeightGradientIsTheSameAfterALargerOneLeftItsPartialSums() {
        // the chunks' partial sums are kept per thread between calls: what a larger gradient left in them must not leak
        ConvGeometry large = ConvGeometry.convolution(16, 16, 32, 12, 12, 5, 5, 1, 1, 2, 2, 1);
        ConvGeometry small = ConvGeometry.convolution(16, 16, 16, 10, 10, 3, 3, 1, 1, 1, 1, 1);
        Random random = new Random(5);
        float[] largeInput = random(random, large.inputSize());
        java.util.Arrays.fill(largeInput, 1e6f);
        float[] largeGradOutput = random(random, large.outputSize());
        float[] input = random(random, small.inputSize());
        float[] gradOutput = random(random, small.outputSize());
        float[][] fresh = new float[1][];
        Thread thread = new Thread(() -> fresh[0] = weightGradient(small, input, gradOutput));
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        weightGradient(large, largeInput, largeGradOutput);
        assertThat(weightGradient(small, input, gradOutput)).isEqualTo(fresh[0]);
    }

    private static float[] weightGradient(ConvGeometry g, float[] input, float[] gradOutput) {
        float[] gradWeight = new float[g.weightSize()];
        Convolution.backwardWeight(g, input, gradOutput, gradWeight);
        return gradWeight;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void isBitIdenticalForAnyThreadCount(Case c) {
        ConvGeometry g = c.g();
        Random random = new Random(~g.hashCode());
        float[] input = random(random, g.inputSize());
        float[] weight = random(random, g.weightSize());
        float[] bias = c.bias() ? random(random, g.outChannels()) : null;
        float[] gradOutput = random(random, g.outputSize());
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Run one = run(g, input, weight, bias, gradOutput);
            for (int threads : new int[] {2, 3}) {
                Parallel.setThreads(threads);
                Run many = run(g, input, weight, bias, gradOutput);
                assertThat(many.output()).as("forward, %d threads", threads).isEqualTo(one.output());
                assertThat(many.gradInput()).as("backwardInput, %d threads", threads).isEqualTo(one.gradInput());
                assertThat(many.gradWeight()).as("backwardWeight, %d threads", threads).isEqualTo(one.gradWeight());
                assertThat(many.gradBias()).as("backwardBias, %d threads", threads).isEqualTo(one.gradBias());
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * The loss {@code L = sum(out * R)} is linear in the input, the weight and the bias, so a
     * central difference with a large step is exact up to rounding: it checks the gradients
     * against the forward kernel itself.
     */
    @Test
    void gradientsMatchFiniteDifferencesOfTheForwardPass() {
        Case[] small = {
                conv(2, 2, 3, 5, 6, 3, 3, 1, 1, 1, 1, 1, true),
                conv(3, 4, 4, 7, 6, 3, 5, 3, 4, 0, 1, 2, true),
                conv(1, 4, 6, 5, 5, 1, 1, 1, 1, 0, 0, 2, true),
                conv(3, 3, 3, 6, 6, 5, 3, 2, 1, 2, 1, 3, true)};
        for (Case c : small) {
            ConvGeometry g = c.g();
            Random random = new Random(7);
            float[] input = random(random, g.inputSize());
            float[] weight = random(random, g.weightSize());
            float[] bias = random(random, g.outChannels());
            float[] r = random(random, g.outputSize());
            Run run = run(g, input, weight, bias, r);
            checkFiniteDifferences("input " + c, input, run.gradInput(), () -> loss(g, input, weight, bias, r));
            checkFiniteDifferences("weight " + c, weight, run.gradWeight(), () -> loss(g, input, weight, bias, r));
            checkFiniteDifferences("bias " + c, bias, run.gradBias(), () -> loss(g, input, weight, bias, r));
        }
    }

    private static double loss(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] r) {
        float[] out = new float[g.outputSize()];
        Convolution.forward(g, input, weight, bias, out);
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += (double) out[i] * r[i];
        }
        return sum;
    }

    private static void checkFiniteDifferences(String what, float[] parameter, float[] gradient,
                                               java.util.function.DoubleSupplier loss) {
        float step = 0.5f;
        for (int i = 0; i < parameter.length; i++) {
            float saved = parameter[i];
            parameter[i] = saved + step;
            double up = loss.getAsDouble();
            parameter[i] = saved - step;
            double down = loss.getAsDouble();
            parameter[i] = saved;
            double numeric = (up - down) / (2 * step);
            assertThat((double) gradient[i]).as("d loss / d %s[%d]", what, i)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(numeric))));
        }
    }

    @Test
    void detectsTheVerticalEdgeAsInTheBook() {
        // X = ones(6, 8) with X[:, 2:6] = 0, K = [[1, -1]]: Y is 1 at column 1 and -1 at column 5.
        ConvGeometry g = ConvGeometry.convolution(1, 1, 1, 6, 8, 1, 2, 1, 1, 0, 0, 1);
        float[] x = new float[48];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = j >= 2 && j < 6 ? 0f : 1f;
            }
        }
        float[] y = new float[g.outputSize()];
        Convolution.forward(g, x, new float[] {1f, -1f}, null, y);
        assertThat(g.outHeight()).isEqualTo(6);
        assertThat(g.outWidth()).isEqualTo(7);
        for (int i = 0; i < 6; i++) {
            assertThat(java.util.Arrays.copyOfRange(y, i * 7, i * 7 + 7))
                    .containsExactly(0f, 1f, 0f, 0f, 0f, -1f, 0f);
        }
    }

    @Test
    void outputShapesFollowPyTorch() {
        // The book's examples on an 8 x 8 input.
        assertThat(ConvGeometry.convolution(1, 1, 1, 8, 8, 3, 3, 1, 1, 1, 1, 1).outHeight()).isEqualTo(8);
        ConvGeometry rectangular = ConvGeometry.convolution(1, 1, 1, 8, 8, 5, 3, 1, 1, 2, 1, 1);
        assertThat(new int[] {rectangular.outHeight(), rectangular.outWidth()}).containsExactly(8, 8);
        ConvGeometry strided = ConvGeometry.convolution(1, 1, 1, 8, 8, 3, 3, 2, 2, 1, 1, 1);
        assertThat(new int[] {strided.outHeight(), strided.outWidth()}).containsExactly(4, 4);
        ConvGeometry odd = ConvGeometry.convolution(1, 1, 1, 8, 8, 3, 5, 3, 4, 0, 1, 1);
        assertThat(new int[] {odd.outHeight(), odd.outWidth()}).containsExactly(2, 2);
        // LeNet.
        ConvGeometry conv1 = ConvGeometry.convolution(128, 1, 6, 28, 28, 5, 5, 1, 1, 2, 2, 1);
        assertThat(new int[] {conv1.outHeight(), conv1.outWidth()}).containsExactly(28, 28);
        assertThat(conv1.weightSize()).isEqualTo(6 * 25);
    }

    @Test
    void rejectsImpossibleProblemsWithPyTorchsWords() {
        assertThatThrownBy(() -> ConvGeometry.convolution(1, 1, 1, 2, 2, 5, 5, 1, 1, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Calculated padded input size per channel: (2 x 2). Kernel size: (5 x 5). "
                        + "Kernel size can't be greater than actual input size");
        assertThatThrownBy(() -> ConvGeometry.convolution(1, 3, 4, 8, 8, 3, 3, 1, 1, 1, 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in_channels must be divisible by groups");
        assertThatThrownBy(() -> ConvGeometry.convolution(1, 4, 3, 8, 8, 3, 3, 1, 1, 1, 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out_channels must be divisible by groups");
        assertThatThrownBy(() -> ConvGeometry.convolution(1, 1, 1, 8, 8, 3, 3, 0, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stride");
        assertThatThrownBy(() -> ConvGeometry.convolution(1, 1, 1, 8, 8, 3, 3, 1, 1, -1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative padding");
        ConvGeometry g = ConvGeometry.convolution(2, 1, 1, 4, 4, 3, 3, 1, 1, 0, 0, 1);
        assertThatThrownBy(() -> Convolution.forward(g, new float[16], new float[9], null, new float[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input");
    }

    @Test
    void anEmptyBatchGivesZeroWeightGradient() {
        ConvGeometry g = ConvGeometry.convolution(0, 2, 3, 5, 5, 3, 3, 1, 1, 1, 1, 1);
        float[] gradWeight = new float[g.weightSize()];
        java.util.Arrays.fill(gradWeight, 1f);
        Convolution.backwardWeight(g, new float[0], new float[0], gradWeight);
        assertThat(gradWeight).containsOnly(0f);
    }

    @Test
    void smallPlanesTakeTheSharedPathInTilesOfAboutAThousandColumns() {
        assertThat(Convolution.sharedImagesPerTile(ConvGeometry.convolution(40, 3, 4, 8, 8, 3, 3, 1, 1, 1, 1, 1)))
                .isEqualTo(18);
        assertThat(Convolution.sharedImagesPerTile(ConvGeometry.convolution(32, 512, 512, 3, 3, 3, 3, 1, 1, 1, 1, 1)))
                .isEqualTo(32);
        // 12x12 planes, groups and plain 1x1 convolutions stay on the per-tile path
        assertThat(Convolution.sharedImagesPerTile(ConvGeometry.convolution(32, 128, 128, 12, 12, 3, 3, 1, 1, 1, 1, 1)))
                .isZero();
        assertThat(Convolution.sharedImagesPerTile(ConvGeometry.convolution(3, 4, 6, 7, 7, 3, 3, 1, 1, 1, 1, 2))).isZero();
        assertThat(Convolution.sharedImagesPerTile(ConvGeometry.convolution(3, 4, 6, 5, 5, 1, 1, 1, 1, 0, 0, 1))).isZero();
    }

    @Test
    void theGatherTableOfASmallPlaneMarksThePadding() {
        // 3x3 kernel, padding 1, on a 3x3 plane: offset (0, 0) sees the padding in the top row and left column
        int[] sources = Convolution.planeSources(ConvGeometry.convolution(1, 1, 1, 3, 3, 3, 3, 1, 1, 1, 1, 1));
        assertThat(java.util.Arrays.copyOfRange(sources, 0, 9)).containsExactly(-1, -1, -1, -1, 0, 1, -1, 3, 4);
        // offset (1, 1), the centre, sees the plane itself
        assertThat(java.util.Arrays.copyOfRange(sources, 4 * 9, 5 * 9)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    }
}
