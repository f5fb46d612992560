package d2l.nn.functional;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.scalar;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import d2l.autograd.GradCheck;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code F.cross_entropy} and {@code F.mse_loss}, with each {@code reduction}. */
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
                .hasMessageContaining("expected labels of shape [2, 4] for logits of shape torch.Size([2, 3, 4]), "
                        + "got labels of shape torch.Size([2])");
        assertThatThrownBy(() -> F.crossEntropy(scalar(1), scalar(0)))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("expected logits of shape [classes], [batch, classes] or [batch, classes, d1, ...]");
    }

    @Test
    void crossEntropyReductions() {
        Tensor logits = tensor(new float[][] {{1, 2, 3}, {1, -1, 0}});
        Tensor labels = tensor(new int[] {2, 0});
        float first = (float) (logSumExp(1, 2, 3) - 3);
        float second = (float) (logSumExp(1, -1, 0) - 1);

        Tensor none = F.crossEntropy(logits, labels, "none");

        assertThat(none.shape().toArray()).as("one loss per sample").containsExactly(2);
        assertThat(none.toArray()).containsExactly(new float[] {first, second}, within(1e-6f));
        assertThat(F.crossEntropy(logits, labels, "sum").item()).isCloseTo(first + second, within(1e-6f));
        assertThat(F.crossEntropy(logits, labels, "sum").dim()).isZero();
        assertThat(F.crossEntropy(logits, labels, "mean").item()).isEqualTo(F.crossEntropy(logits, labels).item());
    }

    /** Logits {@code [N, C, d]} against labels {@code [N, d]}: the class dimension is 1, as for images. */
    @Test
    void crossEntropyOverAClassDimensionOfRank3MatchesPyTorch() {
        // torch.manual_seed(0); logits = torch.randn(2, 3, 4)
        // labels = torch.tensor([[0, 2, 1, 1], [2, 0, 0, 1]])
        // F.cross_entropy(logits, labels, reduction=r) for r in ('none', 'mean', 'sum')
        Tensor logits = randn(2, 3, 4);
        Tensor labels = tensor(new int[] {0, 2, 1, 1, 2, 0, 0, 1}).reshape(2, 4);

        Tensor none = F.crossEntropy(logits, labels, "none");

        assertThat(none.shape().toArray()).containsExactly(2, 4);
        assertThat(none.toArray()).containsExactly(new float[] {2.5746307f, 1.3107218f, 2.0640943f, 2.8444076f,
                1.1003385f, 1.0098226f, 2.3094995f, 0.6632557f}, within(1e-5f));
        assertThat(F.crossEntropy(logits, labels).item()).isCloseTo(1.7345964f, within(1e-5f));
        assertThat(F.crossEntropy(logits, labels, "sum").item()).isCloseTo(13.876771f, within(1e-4f));
    }

    @Test
    void crossEntropyOverAClassDimensionOfRank4MatchesPyTorch() {
        // torch.manual_seed(0); logits = torch.randn(2, 3, 2, 2)
        // labels = torch.tensor([[[0, 1], [2, 0]], [[1, 1], [0, 2]]])
        // F.cross_entropy(logits, labels, reduction='none')
        Tensor logits = randn(2, 3, 2, 2);
        Tensor labels = tensor(new int[] {0, 1, 2, 0, 1, 1, 0, 2}).reshape(2, 2, 2);

        Tensor none = F.crossEntropy(logits, labels, "none");

        assertThat(none.shape().toArray()).containsExactly(2, 2, 2);
        assertThat(none.toArray()).containsExactly(new float[] {2.5746307f, 0.4610001f, 0.3044213f, 1.1630671f,
                0.7865685f, 0.6251951f, 2.3094995f, 3.0330346f}, within(1e-5f));
    }

    @Test
    void crossEntropyOfOneUnbatchedSample() {
        // F.cross_entropy(torch.tensor([1., 2., 3.]), torch.tensor(2)) gives tensor(0.40760595)
        assertThat(F.crossEntropy(tensor(1f, 2f, 3f), scalar(2)).item()).isCloseTo(0.40760595f, within(1e-6f));
        assertThat(F.crossEntropy(tensor(1f, 2f, 3f), scalar(2), "none").dim()).isZero();
    }

    @Test
    void crossEntropyGradientForEachReduction() {
        Tensor labels = tensor(new int[] {2, 0, 1, 1});

        GradCheck.check("cross_entropy none", l -> F.crossEntropy(l, labels, "none"), randn(4, 3));
        GradCheck.check("cross_entropy sum", l -> F.crossEntropy(l, labels, "sum"), randn(4, 3));
        GradCheck.check("cross_entropy mean", l -> F.crossEntropy(l, labels, "mean"), randn(4, 3));
    }

    @Test
    void crossEntropyGradientOverAClassDimensionOfRank3And4() {
        Tensor labels3 = tensor(new int[] {0, 2, 1, 1, 2, 0, 0, 1}).reshape(2, 4);
        Tensor labels4 = tensor(new int[] {0, 1, 2, 0, 1, 1, 0, 2}).reshape(2, 2, 2);

        GradCheck.check("cross_entropy [2, 3, 4] none", l -> F.crossEntropy(l, labels3, "none"), randn(2, 3, 4));
        GradCheck.check("cross_entropy [2, 3, 4] mean", l -> F.crossEntropy(l, labels3), randn(2, 3, 4));
        GradCheck.check("cross_entropy [2, 3, 2, 2] sum", l -> F.crossEntropy(l, labels4, "sum"), randn(2, 3, 2, 2));
        GradCheck.check("cross_entropy [3]", l -> F.crossEntropy(l, scalar(1), "none"), randn(3));
    }

    @Test
    void anUnknownReductionIsRefusedInPyTorchsWords() {
        // F.mse_loss(torch.zeros(2), torch.zeros(2), reduction='avg')
        // ValueError: avg is not a valid value for reduction
        assertThatThrownBy(() -> F.mseLoss(randn(2), randn(2), "avg"))
                .isInstanceOf(TensorException.class)
                .hasMessage("mse_loss: avg is not a valid value for reduction: "
                        + "reduction must be 'mean', 'sum' or 'none', got 'avg'");
        assertThatThrownBy(() -> F.crossEntropy(randn(2, 3), tensor(new int[] {0, 1}), "elementwise"))
                .isInstanceOf(TensorException.class)
                .hasMessageStartingWith("cross_entropy: elementwise is not a valid value for reduction");
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
    void mseLossReductions() {
        Tensor input = tensor(1f, 2f, 3f, 4f);
        Tensor target = tensor(1.5f, 2f, 1f, 5f);

        assertThat(F.mseLoss(input, target, "none").toArray()).containsExactly(0.25f, 0f, 4f, 1f);
        assertThat(F.mseLoss(input, target, "sum").item()).isEqualTo(5.25f);
        assertThat(F.mseLoss(input, target, "mean").item()).isEqualTo(1.3125f);
    }

    @Test
    void mseLossGradientForEachReductionAndForTheTarget() {
        GradCheck.check("mse_loss none", (x, t) -> F.mseLoss(x, t, "none"), randn(2, 3), randn(2, 3));
        GradCheck.check("mse_loss sum", (x, t) -> F.mseLoss(x, t, "sum"), randn(2, 3, 2), randn(2, 3, 2));
        GradCheck.check("mse_loss mean", (x, t) -> F.mseLoss(x, t, "mean"), randn(4), randn(4));
    }

    @Test
    void mseLossShapesMustMatch() {
        assertThatThrownBy(() -> F.mseLoss(randn(2, 3), randn(3, 2)))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("must have the same shape");
    }
}
