package d2l.optim;

import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code torch.optim.SGD}: the plain step, weight decay, momentum (the buffer starts as the first
 * gradient, then {@code buf = momentum * buf + grad}), Nesterov, skipped parameters and bad arguments.
 * Expected values are worked out by hand, as torch.optim.SGD computes them.
 */
class SGDTest {

    /** A leaf parameter holding {@code values}. */
    private static Tensor parameter(float... values) {
        return tensor(values).requiresGrad_();
    }

    /** Computes loss = sum(w^2), whose gradient is 2w, and takes one step. */
    private static void stepOnSquare(SGD optimizer, Tensor w) {
        optimizer.zeroGrad();
        w.pow(2).sum().backward();
        optimizer.step();
    }

    @Test
    void plainStepIsParameterMinusLrTimesGradient() {
        Tensor w = parameter(1f, 2f);
        w.setGrad(tensor(0.5f, -1f));

        new SGD(List.of(w), 0.1).step();

        assertThat(w.toArray()).containsExactly(new float[] {0.95f, 2.1f}, within(1e-7f));
        assertThat(w.isLeaf()).as("the update is not recorded").isTrue();
        assertThat(w.requiresGrad()).isTrue();
    }

    @Test
    void stepsFollowTheGradientOfALoss() {
        Tensor w = parameter(1f);
        SGD sgd = new SGD(List.of(w), 0.1);

        stepOnSquare(sgd, w); // 1 - 0.1 * 2 = 0.8
        stepOnSquare(sgd, w); // 0.8 - 0.1 * 1.6 = 0.64

        assertThat(w.item()).isCloseTo(0.64f, within(1e-6f));
    }

    @Test
    void weightDecayAddsDecayTimesParameterToTheGradient() {
        Tensor w = parameter(2f, -1f);
        w.setGrad(tensor(0.5f, 0.5f));

        new SGD(List.of(w), 0.1, 0, 0.1).step();

        // g = 0.5 + 0.1 * 2 = 0.7 -> 2 - 0.07; g = 0.5 + 0.1 * -1 = 0.4 -> -1 - 0.04
        assertThat(w.toArray()).containsExactly(new float[] {1.93f, -1.04f}, within(1e-6f));
    }

    @Test
    void momentumOverThreeSteps() {
        Tensor w = parameter(1f);
        SGD sgd = new SGD(List.of(w), 0.1, 0.9, 0);

        // step 1: g = 2,    buf = g = 2,                w = 1 - 0.2 = 0.8
        stepOnSquare(sgd, w);
        assertThat(w.item()).isCloseTo(0.8f, within(1e-6f));
        // step 2: g = 1.6,  buf = 0.9 * 2 + 1.6 = 3.4,  w = 0.8 - 0.34 = 0.46
        stepOnSquare(sgd, w);
        assertThat(w.item()).isCloseTo(0.46f, within(1e-6f));
        // step 3: g = 0.92, buf = 0.9 * 3.4 + 0.92 = 3.98, w = 0.46 - 0.398 = 0.062
        stepOnSquare(sgd, w);
        assertThat(w.item()).isCloseTo(0.062f, within(1e-6f));
    }

    @Test
    void momentumWithWeightDecayAndDampening() {
        Tensor w = parameter(1f);
        w.setGrad(tensor(new float[] {1f}));
        SGD sgd = new SGD(List.of(w), 0.1, 0.5, 0.5, 0.2, false);

        // step 1: g = 1 + 0.2 * 1 = 1.2, buf = 1.2 (no dampening on the first step), w = 1 - 0.12 = 0.88
        sgd.step();
        assertThat(w.item()).isCloseTo(0.88f, within(1e-6f));
        // step 2: g = 1 + 0.2 * 0.88 = 1.176, buf = 0.5 * 1.2 + 0.5 * 1.176 = 1.188, w = 0.88 - 0.1188 = 0.7612
        sgd.step();
        assertThat(w.item()).isCloseTo(0.7612f, within(1e-6f));
    }

    @Test
    void nesterovMomentum() {
        Tensor w = parameter(1f);
        SGD sgd = new SGD(List.of(w), 0.1, 0.9, 0, 0, true);

        // step 1: g = 2, buf = 2, update g + 0.9 * buf = 3.8, w = 1 - 0.38 = 0.62
        stepOnSquare(sgd, w);
        assertThat(w.item()).isCloseTo(0.62f, within(1e-6f));
        // step 2: g = 1.24, buf = 1.8 + 1.24 = 3.04, update 1.24 + 2.736 = 3.976, w = 0.62 - 0.3976 = 0.2224
        stepOnSquare(sgd, w);
        assertThat(w.item()).isCloseTo(0.2224f, within(1e-6f));
    }

    @Test
    void momentumBuffersArePerParameter() {
        Tensor a = parameter(1f);
        Tensor b = parameter(-2f);
        SGD sgd = new SGD(List.of(a, b), 0.1, 0.9, 0);

        for (int i = 0; i < 2; i++) {
            sgd.zeroGrad();
            a.pow(2).sum().add(b.pow(2).sum()).backward();
            sgd.step();
        }

        // b follows the same path as a, scaled by -2: 1 -> 0.8 -> 0.46
        assertThat(a.item()).isCloseTo(0.46f, within(1e-6f));
        assertThat(b.item()).isCloseTo(-0.92f, within(1e-6f));
    }

    @Test
    void parametersWithoutAGradientAreSkipped() {
        Tensor used = parameter(1f);
        Tensor unused = parameter(5f);
        SGD sgd = new SGD(List.of(used, unused), 0.1, 0.9, 0.1);

        stepOnSquare(sgd, used);

        assertThat(unused.grad()).isNull();
        assertThat(unused.item()).as("no gradient, no update, not even weight decay").isEqualTo(5f);
        assertThat(used.item()).isNotEqualTo(1f);
    }

    @Test
    void zeroGradClearsTheGradients() {
        Tensor w = parameter(1f, 2f);
        w.setGrad(tensor(1f, 1f));
        SGD sgd = new SGD(List.of(w), 0.1);

        sgd.zeroGrad();

        assertThat(w.grad()).isNull();
    }

    @Test
    void learningRateCanBeChanged() {
        Tensor w = parameter(1f);
        w.setGrad(tensor(new float[] {1f}));
        SGD sgd = new SGD(List.of(w), 0.1);

        sgd.setLr(0.5);
        sgd.step();

        assertThat(sgd.lr()).isEqualTo(0.5);
        assertThat(w.item()).isEqualTo(0.5f);
    }

    @Test
    void emptyParameterListIsRejectedWithAHint() {
        assertThatThrownBy(() -> new SGD(List.of(), 0.1))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("optimizer got an empty parameter list")
                .hasMessageContaining("lazy layer");
    }

    @Test
    void invalidHyperParametersAreRejected() {
        List<Tensor> params = List.of(parameter(1f));

        assertThatThrownBy(() -> new SGD(params, -0.1)).isInstanceOf(TensorException.class)
                .hasMessageContaining("invalid learning rate: -0.1");
        assertThatThrownBy(() -> new SGD(params, 0.1, -0.9, 0)).isInstanceOf(TensorException.class)
                .hasMessageContaining("invalid momentum value");
        assertThatThrownBy(() -> new SGD(params, 0.1, 0, -1)).isInstanceOf(TensorException.class)
                .hasMessageContaining("invalid weight_decay value");
        assertThatThrownBy(() -> new SGD(params, 0.1, 0, 0, 0, true)).isInstanceOf(TensorException.class)
                .hasMessageContaining("Nesterov momentum requires a momentum and zero dampening");
    }
}
