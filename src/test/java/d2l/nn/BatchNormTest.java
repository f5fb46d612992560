package d2l.nn;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import d2l.autograd.GradCheck;
import d2l.autograd.GradMode;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code nn.BatchNorm2d}, {@code nn.BatchNorm1d} and {@code nn.LazyBatchNorm2d}: batch statistics in
 * training, the running statistics (momentum 0.1, unbiased variance), evaluation mode, gradients,
 * lazy initialisation and the single-value error.
 */
class BatchNormTest {

    private static final double EPS = 1e-5;

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

    /** Per-channel statistics of an {@code [N, C, ...]} tensor, in double: {mean, biased var, unbiased var}. */
    private static double[][] channelStats(Tensor x) {
        int n = x.size(0);
        int channels = x.size(1);
        int spatial = x.numel() / (n * channels);
        float[] v = x.toArray();
        double[][] stats = new double[3][channels];
        int count = n * spatial;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                for (int s = 0; s < spatial; s++) {
                    sum += v[(b * channels + c) * spatial + s];
                }
            }
            double mean = sum / count;
            double squares = 0;
            for (int b = 0; b < n; b++) {
                for (int s = 0; s < spatial; s++) {
                    double d = v[(b * channels + c) * spatial + s] - mean;
                    squares += d * d;
                }
            }
            stats[0][c] = mean;
            stats[1][c] = squares / count;
            stats[2][c] = squares / (count - 1);
        }
        return stats;
    }

    /** Input whose channels have different means and spreads, so a per-channel mistake shows. */
    private static Tensor shiftedInput(int... shape) {
        Tensor x = randn(shape);
        int[] spread = new int[shape.length];
        Arrays.fill(spread, 1);
        spread[1] = shape[1];
        float[] scale = new float[shape[1]];
        float[] shift = new float[shape[1]];
        for (int c = 0; c < shape[1]; c++) {
            scale[c] = 0.5f + c;
            shift[c] = 3f - 2f * c;
        }
        return x.mul(Tensor.wrap(scale, spread)).add(Tensor.wrap(shift, spread));
    }

    // ------------------------------------------------------------------ training mode

    @Test
    void trainingNormalisesEachChannel() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor x = shiftedInput(4, 3, 5, 5);

        double[][] stats = channelStats(bn.forward(x).detach());

        for (int c = 0; c < 3; c++) {
            assertThat(stats[0][c]).as("mean of channel %d", c).isCloseTo(0, within(1e-5));
            assertThat(stats[1][c]).as("biased variance of channel %d", c).isCloseTo(1, within(1e-3));
        }
    }

    @Test
    void trainingAppliesScaleAndShift() {
        BatchNorm2d bn = new BatchNorm2d(2);
        GradMode.noGrad(() -> {
            bn.weight().copy_(tensor(2f, 0.5f));
            bn.bias().copy_(tensor(1f, -3f));
        });

        double[][] stats = channelStats(bn.forward(shiftedInput(3, 2, 4, 4)).detach());

        assertThat(stats[0][0]).isCloseTo(1, within(1e-5));
        assertThat(stats[0][1]).isCloseTo(-3, within(1e-5));
        assertThat(stats[1][0]).isCloseTo(4, within(4e-3));
        assertThat(stats[1][1]).isCloseTo(0.25, within(1e-3));
    }

    @Test
    void runningStatisticsMoveOneTenthTowardsTheBatch() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor x = shiftedInput(4, 3, 3, 3);
        double[][] stats = channelStats(x);

        bn.forward(x);

        // running = 0.9 * running + 0.1 * batch, from mean 0 and var 1, with the UNBIASED batch variance
        float[] runningMean = bn.runningMean().toArray();
        float[] runningVar = bn.runningVar().toArray();
        for (int c = 0; c < 3; c++) {
            assertThat((double) runningMean[c]).isCloseTo(0.1 * stats[0][c], within(1e-5));
            assertThat((double) runningVar[c]).isCloseTo(0.9 + 0.1 * stats[2][c], within(1e-5));
            assertThat(stats[2][c]).as("the test needs biased and unbiased variances to differ")
                    .isNotCloseTo(stats[1][c], within(1e-3));
        }
    }

    @Test
    void runningStatisticsAccumulateOverSteps() {
        BatchNorm2d bn = new BatchNorm2d(1);
        Tensor first = shiftedInput(2, 1, 3, 3);
        Tensor second = shiftedInput(2, 1, 3, 3).mul(3);
        double[][] a = channelStats(first);
        double[][] b = channelStats(second);

        bn.forward(first);
        bn.forward(second);

        assertThat((double) bn.runningMean().item()).isCloseTo(0.9 * (0.1 * a[0][0]) + 0.1 * b[0][0], within(1e-5));
        assertThat((double) bn.runningVar().item())
                .isCloseTo(0.9 * (0.9 + 0.1 * a[2][0]) + 0.1 * b[2][0], within(1e-4));
    }

    @Test
    void runningStatisticsAreBuffersNotParameters() {
        BatchNorm2d bn = new BatchNorm2d(4);

        assertThat(bn.namedParameters()).containsOnlyKeys("weight", "bias");
        assertThat(bn.namedBuffers()).containsOnlyKeys("running_mean", "running_var", "num_batches_tracked");
        assertThat(bn.weight().equal(ones(4))).isTrue();
        assertThat(bn.runningVar().equal(ones(4))).isTrue();
        assertThat(bn.runningMean().requiresGrad()).isFalse();
    }

    @Test
    void numBatchesTrackedCountsTrainingBatchesAsAnInt64Scalar() {
        BatchNorm2d bn = new BatchNorm2d(2);
        bn.forward(randn(4, 2, 3, 3));
        bn.forward(randn(4, 2, 3, 3));
        bn.eval().forward(randn(4, 2, 3, 3));

        assertThat(bn.numBatchesTracked().toString()).isEqualTo("tensor(2)");
        assertThat(bn.numBatchesTracked().dtype()).isEqualTo(d2l.tensor.DType.INT64);
    }

    // ------------------------------------------------------------------ evaluation mode

    @Test
    void evalUsesTheRunningStatistics() {
        BatchNorm2d bn = new BatchNorm2d(2);
        bn.forward(shiftedInput(4, 2, 3, 3));
        GradMode.noGrad(() -> {
            bn.weight().copy_(tensor(1.5f, -2f));
            bn.bias().copy_(tensor(0.25f, 1f));
        });
        float[] mean = bn.runningMean().toArray();
        float[] var = bn.runningVar().toArray();
        Tensor x = shiftedInput(2, 2, 3, 3);

        bn.eval();
        Tensor y = bn.forward(x);

        float[] xv = x.toArray();
        float[] expected = new float[xv.length];
        float[] gamma = {1.5f, -2f};
        float[] beta = {0.25f, 1f};
        for (int i = 0; i < xv.length; i++) {
            int c = (i / 9) % 2;
            expected[i] = (float) ((xv[i] - mean[c]) / Math.sqrt(var[c] + EPS) * gamma[c] + beta[c]);
        }
        assertThat(y.allclose(Tensor.wrap(expected, 2, 2, 3, 3), 1e-5, 1e-5)).as("%s", y).isTrue();
        assertThat(bn.runningMean().toArray()).as("eval leaves the running mean alone").containsExactly(mean);
        assertThat(bn.runningVar().toArray()).containsExactly(var);
    }

    @Test
    void evalOnASingleExampleWorks() {
        BatchNorm1d bn = new BatchNorm1d(3);
        bn.eval();

        Tensor y = bn.forward(tensor(new float[][] {{1, 2, 3}}));

        // fresh running statistics (mean 0, var 1): y = x / sqrt(1 + eps)
        assertThat(y.allclose(tensor(new float[][] {{1, 2, 3}}).div(Math.sqrt(1 + EPS)), 1e-6, 1e-7)).isTrue();
    }

    // ------------------------------------------------------------------ gradients

    @Test
    void trainingGradientsForInputWeightAndBias() {
        Tensor x = shiftedInput(4, 3, 2, 2);
        Tensor gamma = tensor(1.5f, -0.5f, 2f);
        Tensor beta = tensor(0.1f, 0.2f, -0.3f);

        GradCheck.checkAll("batch_norm (training)",
                xs -> F.batchNorm(xs.get(0), null, null, xs.get(1), xs.get(2), true, 0.1, EPS), x, gamma, beta);
    }

    @Test
    void trainingGradientsFor2dInput() {
        Tensor x = shiftedInput(5, 3);

        GradCheck.checkAll("batch_norm (training, 2-D)",
                xs -> F.batchNorm(xs.get(0), null, null, xs.get(1), xs.get(2), true, 0.1, EPS),
                x, tensor(1f, 2f, 0.5f), tensor(0f, 1f, -1f));
    }

    @Test
    void evalGradientsForInputWeightAndBias() {
        Tensor runningMean = tensor(0.5f, -1f);
        Tensor runningVar = tensor(2f, 0.5f);

        GradCheck.checkAll("batch_norm (eval)",
                xs -> F.batchNorm(xs.get(0), runningMean, runningVar, xs.get(1), xs.get(2), false, 0.1, EPS),
                randn(3, 2, 2, 2), tensor(1.5f, -0.5f), tensor(0.1f, 0.2f));
    }

    @Test
    void layerGradientsReachWeightAndBias() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Tensor x = shiftedInput(2, 2, 3, 3);
        Tensor r = randn(2, 2, 3, 3);

        bn.forward(x).mul(r).sum().backward();

        // d/dbeta = sum of r per channel; d/dgamma = sum of r * xhat per channel
        Tensor expectedBeta = r.sum(new int[] {0, 2, 3}, false);
        assertThat(bn.bias().grad().allclose(expectedBeta, 1e-5, 1e-5)).isTrue();
        assertThat(bn.weight().grad().shape()).hasToString("torch.Size([2])");
    }

    // ------------------------------------------------------------------ 1-D and lazy

    @Test
    void batchNorm1dNormalisesEachFeature() {
        BatchNorm1d bn = new BatchNorm1d(4);
        Tensor x = shiftedInput(8, 4);

        Tensor y = bn.forward(x);

        double[][] stats = channelStats(y.detach());
        double[][] input = channelStats(x);
        for (int c = 0; c < 4; c++) {
            assertThat(stats[0][c]).isCloseTo(0, within(1e-5));
            assertThat(stats[1][c]).isCloseTo(1, within(1e-3));
            assertThat((double) bn.runningMean().toArray()[c]).isCloseTo(0.1 * input[0][c], within(1e-5));
        }
        assertThat(y.shape()).hasToString("torch.Size([8, 4])");
    }

    @Test
    void batchNorm1dAcceptsNCL() {
        BatchNorm1d bn = new BatchNorm1d(2);

        double[][] stats = channelStats(bn.forward(shiftedInput(3, 2, 4)).detach());

        assertThat(stats[0][1]).isCloseTo(0, within(1e-5));
        assertThat(stats[1][1]).isCloseTo(1, within(1e-3));
    }

    @Test
    void lazyBatchNormInfersTheChannels() {
        LazyBatchNorm2d bn = new LazyBatchNorm2d();

        assertThat(bn.name()).isEqualTo("LazyBatchNorm2d");
        assertThat(bn.parameters()).isEmpty();
        assertThat(bn.namedBuffers()).isEmpty();
        assertThatThrownBy(bn::weight).hasMessageContaining("LazyBatchNorm2d.weight(): attempted to use an uninitialized");

        bn.forward(randn(2, 5, 3, 3));

        assertThat(bn.name()).isEqualTo("BatchNorm2d");
        assertThat(bn.weight().shape()).hasToString("torch.Size([5])");
        assertThat(bn.runningMean().shape()).hasToString("torch.Size([5])");
        assertThat(bn).hasToString("BatchNorm2d(5, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
    }

    @Test
    void reprMatchesPyTorch() {
        assertThat(new BatchNorm1d(120))
                .hasToString("BatchNorm1d(120, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
        assertThat(new LazyBatchNorm2d())
                .hasToString("LazyBatchNorm2d(0, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void trainingWithOneValuePerChannelIsRejected() {
        assertThatThrownBy(() -> new BatchNorm1d(3).forward(randn(1, 3)))
                .isInstanceOf(TensorException.class)
                .hasMessageStartingWith("BatchNorm1d")
                .hasMessageContaining("expected more than 1 value per channel when training");
        assertThatThrownBy(() -> new BatchNorm2d(3).forward(randn(1, 3, 1, 1)))
                .isInstanceOf(TensorException.class)
                .hasMessageStartingWith("BatchNorm2d")
                .hasMessageContaining("[1, 3, 1, 1]");
    }

    @Test
    void wrongChannelCountIsRejected() {
        assertThatThrownBy(() -> new BatchNorm2d(3).forward(randn(2, 4, 2, 2)))
                .isInstanceOf(TensorException.class)
                .hasMessageStartingWith("BatchNorm2d")
                .hasMessageContaining("3 channels");
    }

    @Test
    void wrongRankIsRejected() {
        assertThatThrownBy(() -> new BatchNorm2d(3).forward(randn(2, 3)))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("expected 4D input, got 2D input");
        assertThatThrownBy(() -> new BatchNorm1d(3).forward(randn(2, 3, 2, 2)))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("expected 2D or 3D input, got 4D input");
    }
}
