package d2l.nn.init;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import d2l.models.Initializers;
import d2l.models.LeNet;
import d2l.nn.Conv2d;
import d2l.nn.Linear;
import d2l.nn.Sequential;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code torch.nn.init}: fans, the bounds and spreads of Xavier and Kaiming uniform, and the book's {@code init_cnn}. */
class InitTest {

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

    /** {largest |value|, mean, variance}. */
    private static double[] stats(Tensor t) {
        float[] v = t.toArray();
        double largest = 0;
        double sum = 0;
        double squares = 0;
        for (float x : v) {
            largest = Math.max(largest, Math.abs(x));
            sum += x;
            squares += (double) x * x;
        }
        double mean = sum / v.length;
        return new double[] {largest, mean, squares / v.length - mean * mean};
    }

    @Test
    void fansFollowPyTorch() {
        // weight [out, in, kh, kw]: fan_in = in * kh * kw, fan_out = out * kh * kw
        assertThat(Init.fans(zeros(16, 6, 5, 5), "test")).containsExactly(150, 400);
        assertThat(Init.fans(zeros(120, 400), "test")).containsExactly(400, 120);
        assertThatThrownBy(() -> Init.fans(zeros(5), "xavier_uniform_"))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
    }

    @Test
    void xavierUniformBoundAndSpread() {
        Tensor w = Init.xavierUniform_(zeros(128, 64, 3, 3));
        double bound = Math.sqrt(6.0 / (64 * 9 + 128 * 9));

        double[] s = stats(w);
        assertThat(s[0]).isLessThanOrEqualTo(bound).isGreaterThan(0.999 * bound);
        assertThat(s[1]).isCloseTo(0, within(0.01 * bound));
        assertThat(s[2]).isCloseTo(bound * bound / 3, within(0.03 * bound * bound / 3));
    }

    @Test
    void kaimingUniformBound() {
        // a = 0 (ReLU): bound = sqrt(3) * sqrt(2) / sqrt(fan_in) = sqrt(6 / fan_in)
        Tensor w = Init.kaimingUniform_(zeros(256, 100), 0);
        double bound = Math.sqrt(6.0 / 100);

        double[] s = stats(w);
        assertThat(s[0]).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
        assertThat(s[2]).isCloseTo(bound * bound / 3, within(0.05 * bound * bound / 3));
    }

    @Test
    void normalConstantOnesZeros() {
        double[] s = stats(Init.normal_(zeros(200, 200), 1, 0.5));
        assertThat(s[1]).isCloseTo(1, within(0.01));
        assertThat(s[2]).isCloseTo(0.25, within(0.01));

        assertThat(Init.constant_(zeros(3), 0.25).toArray()).containsExactly(0.25f, 0.25f, 0.25f);
        assertThat(Init.ones_(zeros(2)).toArray()).containsExactly(1f, 1f);
        assertThat(Init.zeros_(randn(2)).toArray()).containsExactly(0f, 0f);
    }

    @Test
    void initialisingAParameterIsNotRecorded() {
        Linear layer = new Linear(3, 2);

        Init.xavierUniform_(layer.weight());

        assertThat(layer.weight().isLeaf()).isTrue();
        assertThat(layer.weight().requiresGrad()).isTrue();
    }

    @Test
    void initCnnGivesConvAndLinearWeightsXavierBounds() {
        // the book's init_cnn, applied after one input has created LeNet's lazy parameters
        Sequential net = Initializers.applyInit(LeNet.classic(10), randn(1, 1, 28, 28), Initializers::initCnn);
        Conv2d conv1 = (Conv2d) net.get(0);
        Linear fc1 = (Linear) net.get(7);
        double convBound = Math.sqrt(6.0 / (25 + 150));
        double linearBound = Math.sqrt(6.0 / (400 + 120));

        assertThat(stats(conv1.weight())[0]).isLessThanOrEqualTo(convBound).isGreaterThan(0.9 * convBound);
        // PyTorch's default bound for this conv is 1/sqrt(25) = 0.2 > 0.185: the weights really were redrawn
        assertThat(stats(fc1.weight())[0]).isLessThanOrEqualTo(linearBound).isGreaterThan(0.99 * linearBound);
        assertThat(stats(fc1.bias())[0]).as("biases keep PyTorch's default U(-1/sqrt(400), 1/sqrt(400))")
                .isLessThanOrEqualTo(1 / Math.sqrt(400));
    }

    @Test
    void initCnnBeforeTheFirstForwardSaysTheLazyLayerHasNoWeightsYet() {
        Sequential net = LeNet.classic(10);
        assertThatThrownBy(() -> net.apply(Initializers::initCnn))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("LazyConv2d.weight(): attempted to use an uninitialized parameter")
                .hasMessageContaining("net.forward(X) with a sample batch");
        assertThatThrownBy(() -> Init.zeros_(null)).isInstanceOf(TensorException.class).hasMessageContaining("zeros_");
    }
}
