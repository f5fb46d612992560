package d2l.nn;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import d2l.autograd.GradCheck;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code F.cross_entropy}, {@code F.mse_loss}, {@code F.log_softmax} and {@code F.softmax}. */
class LossesTest {

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

    /** {@code log sum_j exp(x_j)}, computed stably in double. */
    private static double logSumExp(float... x) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : x) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    // ------------------------------------------------------------------ cross-entropy

    @Test
    void crossEntropyIsTheMeanOfLogSumExpMinusTheTrueLogit() {
        Tensor logits = tensor(new float[][] {{1, 2, 3}, {1, -1, 0}, {0.5f, 0.5f, 0.5f}});
        Tensor labels = tensor(new int[] {2, 0, 1});

        double expected = ((logSumExp(1, 2, 3) - 3) + (logSumExp(1, -1, 0) - 1) + (logSumExp(0.5f, 0.5f, 0.5f) - 0.5))
                / 3;

        assertThat((double) F.crossEntropy(logits, labels).item()).isCloseTo(expected, within(1e-6));
        assertThat(F.crossEntropy(logits, labels).dim()).as("a 0-d tensor, like PyTorch's mean reduction").isZero();
    }

    @Test
    void crossEntropyIsStableForLargeLogits() {
        Tensor logits = tensor(new float[][] {{1000, 0, -1000}, {1000, 1000, 0}});
        Tensor labels = tensor(new int[] {0, 1});

        float loss = F.crossEntropy(logits, labels).item();

        // row 0 is almost certainly right (loss ~ 0), row 1 splits evenly between two classes (loss log 2)
        assertThat((double) loss).isCloseTo(Math.log(2) / 2, within(1e-6));
    }

    @Test
    void crossEntropyGradientBySoftmaxMinusOneHot() {
        Tensor labels = tensor(new int[] {2, 0, 1, 1});

        GradCheck.check("cross_entropy", l -> F.crossEntropy(l, labels), randn(4, 3));
    }

    @Test
    void crossEntropyGradientValues() {
        Tensor logits = randn(4, 3).requiresGrad_();
        Tensor labels = tensor(new int[] {2, 0, 1, 1});

        F.crossEntropy(logits, labels).backward();

        float[] x = logits.toArray();
        float[] expected = new float[12];
        for (int r = 0; r < 4; r++) {
            double lse = logSumExp(x[r * 3], x[r * 3 + 1], x[r * 3 + 2]);
            int label = (int) labels.toArray()[r];
            for (int c = 0; c < 3; c++) {
                expected[r * 3 + c] = (float) ((Math.exp(x[r * 3 + c] - lse) - (c == label ? 1 : 0)) / 4);
            }
        }
        assertThat(logits.grad().allclose(Tensor.wrap(expected, 4, 3), 1e-5, 1e-7)).as("%s", logits.grad()).isTrue();
    }

    @Test
    void crossEntropyGradientIsFiniteForLargeLogits() {
        Tensor logits = tensor(new float[][] {{1000, 0, -1000}, {1000, 1000, 0}}).requiresGrad_();

        F.crossEntropy(logits, tensor(new int[] {0, 1})).backward();

        assertThat(logits.grad().allclose(tensor(new float[][] {{0, 0, 0}, {0.25f, -0.25f, 0}}), 1e-6, 1e-7))
                .as("%s", logits.grad()).isTrue();
    }

    @Test
    void badLabelsAreRejected() {
        Tensor logits = randn(2, 3);

        assertThatThrownBy(() -> F.crossEntropy(logits, tensor(new int[] {0, 3})))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("label 3.0 at position 1 is not a class index in [0, 3)");
        assertThatThrownBy(() -> F.crossEntropy(logits, tensor(new int[] {-1, 0})))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("not a class index");
        assertThatThrownBy(() -> F.crossEntropy(logits, tensor(0.5f, 1f)))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("not a class index");
        assertThatThrownBy(() -> F.crossEntropy(logits, tensor(new int[] {0, 1, 2})))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("expected labels of shape [2]");
        assertThatThrownBy(() -> F.crossEntropy(randn(2, 3, 4), tensor(new int[] {0, 1})))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("[batch, classes]");
    }

    // ------------------------------------------------------------------ mean squared error

    @Test
    void mseLossValue() {
        Tensor input = tensor(1f, 2f, 3f, 4f);
        Tensor target = tensor(1.5f, 2f, 1f, 5f);

        // (0.25 + 0 + 4 + 1) / 4
        assertThat(F.mseLoss(input, target).item()).isEqualTo(1.3125f);
    }

    @Test
    void mseLossGradient() {
        Tensor target = randn(3, 4);

        GradCheck.check("mse_loss", x -> F.mseLoss(x, target), randn(3, 4));

        Tensor x = tensor(1f, 2f, 3f, 4f).requiresGrad_();
        F.mseLoss(x, tensor(1.5f, 2f, 1f, 5f)).backward();
        // d/dx mean((x - t)^2) = 2 (x - t) / n
        assertThat(x.grad().allclose(tensor(-0.25f, 0f, 1f, -0.5f), 1e-6, 1e-7)).as("%s", x.grad()).isTrue();
    }

    @Test
    void mseLossShapesMustMatch() {
        assertThatThrownBy(() -> F.mseLoss(randn(2, 3), randn(3, 2)))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("must have the same shape");
    }

    // ------------------------------------------------------------------ log softmax and softmax

    @Test
    void logSoftmaxRowsExponentiateToOne() {
        Tensor logits = randn(5, 7).mul(4);

        Tensor rowSums = F.logSoftmax(logits).exp().sum(1);

        assertThat(rowSums.allclose(ones(5), 1e-5, 1e-6)).as("%s", rowSums).isTrue();
        assertThat(F.softmax(logits).sum(1).allclose(ones(5), 1e-5, 1e-6)).isTrue();
    }

    @Test
    void logSoftmaxValuesAndStability() {
        Tensor y = F.logSoftmax(tensor(new float[][] {{1, 2, 3}, {1000, 0, 1000}}));

        double lse = logSumExp(1, 2, 3);
        float[] expected = {(float) (1 - lse), (float) (2 - lse), (float) (3 - lse),
                (float) -Math.log(2), -1000 - (float) Math.log(2), (float) -Math.log(2)};
        assertThat(y.allclose(Tensor.wrap(expected, 2, 3), 1e-6, 1e-6)).as("%s", y).isTrue();
    }

    @Test
    void logSoftmaxGradient() {
        GradCheck.check("log_softmax", F::logSoftmax, randn(3, 4));
    }

    @Test
    void softmaxGradient() {
        GradCheck.check("softmax", F::softmax, randn(3, 4));
    }
}
