package d2l.nn.functional;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.scalar;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import d2l.autograd.GradCheck;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code F.softmax} and {@code F.log_softmax}, over the classes of a batch and along any dim of any rank. */
class SoftmaxTest {

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

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

        double lse = 3 + Math.log(Math.exp(-2) + Math.exp(-1) + 1);
        float[] expected = {(float) (1 - lse), (float) (2 - lse), (float) (3 - lse),
                (float) -Math.log(2), -1000 - (float) Math.log(2), (float) -Math.log(2)};
        assertThat(y.allclose(Tensor.wrap(expected, 2, 3), 1e-6, 1e-6)).as("%s", y).isTrue();
    }

    @Test
    void softmaxOfLargeLogitsIsFinite() {
        Tensor y = F.softmax(tensor(new float[][] {{1000, 0, 1000}}), -1);

        assertThat(y.toArray()).containsExactly(0.5f, 0f, 0.5f);
    }

    @Test
    void theDimlessFormsMeanDim1OfABatch() {
        Tensor x = randn(3, 4);

        assertThat(F.softmax(x).toArray()).containsExactly(F.softmax(x, 1).toArray());
        assertThat(F.logSoftmax(x).toArray()).containsExactly(F.logSoftmax(x, -1).toArray());
        assertThatThrownBy(() -> F.softmax(randn(2, 3, 4)))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("softmax: expected logits of shape [batch, classes], got torch.Size([2, 3, 4]); "
                        + "for other shapes give the dimension");
    }

    @Test
    void softmaxAlongAMiddleDimensionMatchesPyTorch() {
        // torch.manual_seed(0); F.softmax(torch.randn(2, 3, 4), dim=-2)
        Tensor y = F.softmax(randn(2, 3, 4), -2);

        assertThat(y.toArray()).containsExactly(new float[] {
                0.0761819f, 0.0997219f, 0.1355168f, 0.3125261f, 0.5487675f, 0.6306526f, 0.1269332f, 0.0581687f,
                0.3750506f, 0.2696254f, 0.73755f, 0.6293052f, 0.2118367f, 0.3642836f, 0.099311f, 0.4366593f,
                0.4554048f, 0.535157f, 0.8512538f, 0.5151713f, 0.3327585f, 0.1005594f, 0.0494353f, 0.0481692f},
                within(1e-6f));
        assertThat(y.sum(1).allclose(ones(2, 4), 1e-6, 1e-6)).isTrue();
    }

    @Test
    void logSoftmaxAlongTheFirstDimensionMatchesPyTorch() {
        // torch.manual_seed(0); F.log_softmax(torch.randn(2, 3, 4), dim=0)
        Tensor y = F.logSoftmax(randn(2, 3, 4), 0);

        assertThat(y.toArray()).containsExactly(new float[] {
                -1.5349588f, -2.1505196f, -0.7481328f, -0.8672084f, -0.7355686f, -1.0163063f, -2.414644f, -2.2771797f,
                -0.7709357f, -0.5737143f, -0.0969471f, -0.0728932f, -0.2426636f, -0.1237776f, -0.641028f, -0.5449389f,
                -0.6524523f, -0.4493062f, -0.0936506f, -0.1082235f, -0.6209754f, -0.828804f, -2.3816721f, -2.6549845f},
                within(1e-6f));
    }

    @Test
    void aZeroDimTensorIsOneSliceOfOneElement() {
        // F.softmax(torch.tensor(3.), dim=0) gives tensor(1.); F.log_softmax(torch.tensor(3.), dim=-1) gives tensor(0.)
        assertThat(F.softmax(scalar(3), 0).item()).isEqualTo(1f);
        assertThat(F.logSoftmax(scalar(3), -1).item()).isEqualTo(0f);
        assertThat(F.softmax(scalar(3), 0).dim()).isZero();
    }

    @Test
    void aDimensionOutOfRangeIsRefusedInPyTorchsWords() {
        // F.softmax(torch.zeros(2, 3), dim=2)
        // IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)
        assertThatThrownBy(() -> F.softmax(randn(2, 3), 2))
                .isInstanceOf(TensorException.class)
                .hasMessage("Dimension out of range (expected to be in range of [-2, 1], but got 2)");
        assertThatThrownBy(() -> F.logSoftmax(randn(2, 3, 4), -4))
                .isInstanceOf(TensorException.class)
                .hasMessage("Dimension out of range (expected to be in range of [-3, 2], but got -4)");
        assertThatThrownBy(() -> F.softmax(scalar(1), 1))
                .isInstanceOf(TensorException.class)
                .hasMessage("Dimension out of range (expected to be in range of [-1, 0], but got 1)");
    }

    @Test void logSoftmaxGradient() { GradCheck.check("log_softmax", F::logSoftmax, randn(3, 4)); }
    @Test void softmaxGradient() { GradCheck.check("softmax", F::softmax, randn(3, 4)); }
    @Test void logSoftmaxGradientDim0() { GradCheck.check("log_softmax dim 0", x -> F.logSoftmax(x, 0), randn(3, 4)); }
    @Test void softmaxGradientDim0() { GradCheck.check("softmax dim 0", x -> F.softmax(x, 0), randn(3, 4)); }
    @Test void logSoftmaxGradientRank3Dim1() { GradCheck.check("log_softmax dim 1", x -> F.logSoftmax(x, 1), randn(2, 3, 4)); }
    @Test void softmaxGradientRank3DimMinus1() { GradCheck.check("softmax dim -1", x -> F.softmax(x, -1), randn(2, 3, 4)); }
    @Test void logSoftmaxGradientRank4DimMinus3() { GradCheck.check("log_softmax dim -3", x -> F.logSoftmax(x, -3), randn(2, 3, 2, 2)); }
    @Test void softmaxGradientRank4Dim2() { GradCheck.check("softmax dim 2", x -> F.softmax(x, 2), randn(2, 2, 3, 2)); }
    @Test void softmaxGradientRank1() { GradCheck.check("softmax dim 0", x -> F.softmax(x, 0), randn(5)); }
}
