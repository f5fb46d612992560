package d2l.nn;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static d2l.tensor.Torch.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import d2l.autograd.GradCheck;
import d2l.autograd.GradMode;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code nn.Linear} and {@code nn.LazyLinear}: {@code y = x W^T + b}, gradients, lazy input size, init and errors. */
class LinearTest {

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

    @Test
    void computesXTimesWTransposedPlusB() {
        Linear layer = new Linear(3, 2);
        GradMode.noGrad(() -> {
            layer.weight().copy_(tensor(new float[][] {{1, 0, -1}, {2, 1, 0}}));
            layer.bias().copy_(tensor(0.5f, -1f));
        });
        Tensor x = tensor(new float[][] {{1, 2, 3}, {0, 1, 4}});

        Tensor y = layer.forward(x);

        // row 0: [1 - 3 + 0.5, 2 + 2 - 1]; row 1: [0 - 4 + 0.5, 0 + 1 - 1]
        assertThat(y.equal(tensor(new float[][] {{-1.5f, 3}, {-3.5f, 0}}))).as("%s", y).isTrue();
    }

    @Test
    void valuesMatchALoopOnRandomInput() {
        Linear layer = new Linear(5, 4);
        Tensor x = randn(3, 5);

        float[] w = layer.weight().toArray();
        float[] b = layer.bias().toArray();
        float[] xv = x.toArray();
        float[] expected = new float[3 * 4];
        for (int n = 0; n < 3; n++) {
            for (int o = 0; o < 4; o++) {
                double sum = b[o];
                for (int i = 0; i < 5; i++) {
                    sum += xv[n * 5 + i] * w[o * 5 + i];
                }
                expected[n * 4 + o] = (float) sum;
            }
        }
        assertThat(layer.forward(x).allclose(Tensor.wrap(expected, 3, 4), 1e-5, 1e-6)).isTrue();
    }

    @Test
    void leadingDimensionsAreKept() {
        Linear layer = new Linear(4, 3);
        Tensor x = randn(2, 5, 4);

        Tensor y = layer.forward(x);

        assertThat(y.shape()).hasToString("torch.Size([2, 5, 3])");
        assertThat(y.get(1, 2).allclose(layer.forward(x.get(1, 2).reshape(1, 4)).reshape(3), 1e-6, 1e-6)).isTrue();
    }

    @Test
    void withoutBias() {
        Linear layer = new Linear(3, 2, false);
        Tensor x = randn(4, 3);

        assertThat(layer.bias()).isNull();
        assertThat(layer.namedParameters()).containsOnlyKeys("weight");
        assertThat(layer.forward(x).allclose(x.matmul(layer.weight().t()), 1e-6, 1e-7)).isTrue();
        assertThat(layer).hasToString("Linear(in_features=3, out_features=2, bias=False)");
    }

    @Test
    void gradients() {
        GradCheck.checkAll("linear", xs -> F.linear(xs.get(0), xs.get(1), xs.get(2)), randn(3, 4), randn(2, 4), randn(2));
    }

    @Test
    void gradientsOfTheLayerParameters() {
        Linear layer = new Linear(3, 2);
        Tensor x = randn(4, 3);

        layer.forward(x).sum().backward();

        // d(sum y)/dW[o, i] = sum_n x[n, i]; d(sum y)/db[o] = N
        Tensor columnSums = x.sum(0);
        assertThat(layer.weight().grad().allclose(columnSums.unsqueeze(0).expand(2, 3), 1e-6, 1e-6)).isTrue();
        assertThat(layer.bias().grad().equal(tensor(4f, 4f))).isTrue();
    }

    @Test
    void lazyLinearReadsTheInputSize() {
        LazyLinear layer = new LazyLinear(120);

        assertThat(layer.name()).isEqualTo("LazyLinear");
        assertThat(layer.parameters()).isEmpty();
        assertThat(layer).hasToString("LazyLinear(in_features=0, out_features=120, bias=True)");
        assertThat(layer.isInitialized()).isFalse();
        assertThatThrownBy(layer::weight).hasMessageContaining("LazyLinear.weight(): attempted to use an uninitialized");

        Tensor y = layer.forward(randn(2, 400));

        assertThat(layer.name()).isEqualTo("Linear");
        assertThat(layer.weight().shape()).hasToString("torch.Size([120, 400])");
        assertThat(layer.bias().shape()).hasToString("torch.Size([120])");
        assertThat(y.shape()).hasToString("torch.Size([2, 120])");
        assertThat(layer).hasToString("Linear(in_features=400, out_features=120, bias=True)");
    }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtInFeatures() {
        Linear layer = new Linear(400, 120);
        double bound = 1 / Math.sqrt(400);
        float[] w = layer.weight().toArray();

        double sum = 0;
        double squares = 0;
        for (float v : w) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
            sum += v;
            squares += (double) v * v;
        }
        for (float v : layer.bias().toArray()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
        }
        double mean = sum / w.length;
        assertThat(mean).isCloseTo(0, within(0.02 * bound));
        assertThat(squares / w.length - mean * mean).isCloseTo(bound * bound / 3, within(0.03 * bound * bound / 3));
    }

    @Test
    void wrongFeatureCountSuggestsFlatten() {
        Linear layer = new Linear(400, 120);

        assertThatThrownBy(() -> layer.forward(randn(2, 16, 5, 5)))
                .isInstanceOf(TensorException.class)
                .hasMessageStartingWith("Linear: expected input with 400 features")
                .hasMessageContaining("[2, 16, 5, 5]")
                .hasMessageContaining("Flatten");
        assertThatThrownBy(() -> layer.forward(randn(2, 399)))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("[2, 399]");
    }

    @Test
    void invalidSizesAreRejected() {
        assertThatThrownBy(() -> new Linear(3, 0)).isInstanceOf(TensorException.class).hasMessageContaining("out_features");
        assertThatThrownBy(() -> new Linear(0, 3)).isInstanceOf(TensorException.class).hasMessageContaining("in_features");
    }

    @Test
    void aWeightTooLargeForMemoryNamesTheInFeatures() {
        // a VGG without pooling: 512 x 224 x 224 values per image reach the first dense layer
        assertThatThrownBy(() -> new LazyLinear(4096).forward(zeros(1, 512 * 224 * 224)))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("LazyLinear weight of shape [4096, 25690112] (105,226,698,752 floats, 392 GiB)")
                .hasMessageContaining("in_features, 25,690,112")
                .hasMessageContaining("pooling layer");
    }
}
