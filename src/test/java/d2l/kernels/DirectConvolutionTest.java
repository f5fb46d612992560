package d2l.kernels;

import static d2l.kernels.ConvolutionTest.random;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks {@link DirectConvolution} against the im2col path of {@link Convolution} (which
 * {@code ConvolutionTest} checks against the definition) on shapes that exercise its edges, and its
 * results for bit-identity across thread counts.
 */
class DirectConvolutionTest {

    static Stream<ConvGeometry> cases() {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        return Stream.of(
                // LeNet's first layer on a batch that is not a multiple of the weight-gradient chunk
                ConvGeometry.convolution(19, 1, 6, 28, 28, 5, 5, 1, 1, 2, 2, 1),
                // non-square, asymmetric padding, width not a multiple of the vector length
                ConvGeometry.convolution(5, 1, 5, 9, 2 * lanes + 3, 3, 5, 1, 1, 1, 2, 1),
                // a row exactly one vector wide, an odd number of vectors in the plane, no padding
                ConvGeometry.convolution(3, 1, 4, lanes + 3, lanes + 2, 3, 3, 1, 1, 0, 0, 1),
                // rows narrower than a vector, a kernel as large as the padded input, one channel out
                ConvGeometry.convolution(10, 1, 1, 3, 4, 5, 4, 1, 1, 1, 0, 1),
                // groups: depthwise with a channel multiplier of 2, and depthwise on a 1x1 padded kernel
                ConvGeometry.convolution(4, 3, 6, 7, 11, 3, 3, 1, 1, 1, 1, 3),
                ConvGeometry.convolution(2, 4, 4, 5, 6, 1, 1, 1, 1, 1, 1, 4));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTheIm2colPath(ConvGeometry g) {
        assertThat(DirectConvolution.applies(g)).as("takes the direct path").isTrue();
        Random random = new Random(g.hashCode());
        float[] input = random(random, g.inputSize());
        float[] weight = random(random, g.weightSize());
        float[] bias = random(random, g.outChannels());
        float[] gradOutput = random(random, g.outputSize());
        float[] expected = new float[g.outputSize()];
        Convolution.forwardIm2col(g, input, weight, bias, expected);
        float[] output = filled(g.outputSize());
        Convolution.forward(g, input, weight, bias, output);
        assertClose("forward", output, expected);
        float[] expectedWeight = new float[g.weightSize()];
        Convolution.backwardWeightIm2col(g, input, gradOutput, expectedWeight);
        float[] gradWeight = filled(g.weightSize());
        Convolution.backwardWeight(g, input, gradOutput, gradWeight);
        assertClose("backwardWeight", gradWeight, expectedWeight);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void isBitIdenticalOnOneAndTwoThreads(ConvGeometry g) {
        Random random = new Random(~g.hashCode());
        float[] input = random(random, g.inputSize());
        float[] weight = random(random, g.weightSize());
        float[] bias = random(random, g.outChannels());
        float[] gradOutput = random(random, g.outputSize());
        int saved = Parallel.threads();
        try {
            float[][] results = new float[4][];
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                float[] output = new float[g.outputSize()];
                float[] gradWeight = new float[g.weightSize()];
                DirectConvolution.forward(g, input, weight, bias, output);
                DirectConvolution.backwardWeight(g, input, gradOutput, gradWeight);
                results[2 * (threads - 1)] = output;
                results[2 * (threads - 1) + 1] = gradWeight;
            }
            assertThat(results[2]).as("forward, 2 threads against 1").isEqualTo(results[0]);
            assertThat(results[3]).as("backwardWeight, 2 threads against 1").isEqualTo(results[1]);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** An infinite input value reaches only the weights that meet it (no 0 * inf from lanes past a row's end). */
    @ParameterizedTest
    @MethodSource("cases")
    void anInfiniteInputReachesOnlyTheWeightsThatMeetIt(ConvGeometry g) {
        Random random = new Random(g.hashCode() + 1);
        float[] input = random(random, g.inputSize());
        input[input.length - 1] = Float.POSITIVE_INFINITY;
        float[] gradOutput = random(random, g.outputSize());
        float[] expected = new float[g.weightSize()];
        Convolution.backwardWeightIm2col(g, input, gradOutput, expected);
        float[] gradWeight = new float[g.weightSize()];
        DirectConvolution.backwardWeight(g, input, gradOutput, gradWeight);
        for (int w = 0; w < expected.length; w++) {
            assertThat(Float.isFinite(gradWeight[w])).as("weight %d finite", w).isEqualTo(Float.isFinite(expected[w]));
        }
    }

    /** NaN, so that an output the kernel forgets to write fails the comparison. */
    private static float[] filled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    /** {@link ConvolutionTest#assertClose}: within {@code 2e-4 * max(1, max |expected|)}. */
    private static void assertClose(String what, float[] actual, float[] expected) {
        double[] wide = IntStream.range(0, expected.length).mapToDouble(i -> expected[i]).toArray();
        ConvolutionTest.assertClose(what, actual, wide);
    }
}
