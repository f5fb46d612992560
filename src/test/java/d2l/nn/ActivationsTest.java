package d2l.nn;

import static d2l.tensor.Torch.arange;
import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;

import d2l.autograd.GradCheck;
import d2l.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parameter-free layers {@code nn.Sigmoid}, {@code nn.ReLU}, {@code nn.Tanh} and {@code nn.Flatten}. */
class ActivationsTest {

    private static final Tensor X = tensor(-2f, -0.5f, 0f, 0.5f, 2f);

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

    private static Tensor expected(DoubleUnaryOperator f) {
        float[] x = X.toArray();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) f.applyAsDouble(x[i]);
        }
        return Tensor.wrap(y, y.length);
    }

    @Test
    void sigmoid() {
        Tensor y = new Sigmoid().forward(X);

        assertThat(y.allclose(expected(v -> 1 / (1 + Math.exp(-v))), 1e-6, 1e-7)).as("%s", y).isTrue();
        assertThat(y.get(2).item()).isEqualTo(0.5f);
        // saturates without NaN; PyTorch prints tensor([3.7835e-44, 1.0000e+00])
        assertThat(new Sigmoid().forward(tensor(-100f, 100f))).hasToString("tensor([3.7835e-44, 1.0000e+00])");
    }

    @Test
    void relu() {
        assertThat(new ReLU().forward(X).equal(tensor(0f, 0f, 0f, 0.5f, 2f))).isTrue();
    }

    @Test
    void tanh() {
        Tensor y = new Tanh().forward(X);

        assertThat(y.allclose(expected(Math::tanh), 1e-6, 1e-7)).as("%s", y).isTrue();
        assertThat(y.get(4).item()).isEqualTo(-y.get(0).item());
    }

    @Test
    void activationGradients() {
        Tensor awayFromZero = tensor(new float[][] {{-1.5f, -0.4f, 0.3f}, {0.7f, 1.2f, -2f}});

        GradCheck.check("Sigmoid", x -> new Sigmoid().forward(x), awayFromZero);
        GradCheck.check("ReLU", x -> new ReLU().forward(x), awayFromZero);
        GradCheck.check("Tanh", x -> new Tanh().forward(x), awayFromZero);
    }

    @Test
    void activationsKeepTheShape() {
        Tensor x = randn(2, 3, 4, 5);

        assertThat(new Sigmoid().forward(x).shape()).isEqualTo(x.shape());
        assertThat(new ReLU().forward(x).shape()).isEqualTo(x.shape());
        assertThat(new Tanh().forward(x).shape()).isEqualTo(x.shape());
    }

    @Test
    void flattenKeepsTheBatchDimension() {
        Tensor x = arange(2 * 16 * 5 * 5).reshape(2, 16, 5, 5);

        Tensor y = new Flatten().forward(x);

        assertThat(y.shape()).hasToString("torch.Size([2, 400])");
        assertThat(y.toArray()).as("row-major order is kept").containsExactly(x.toArray());
    }

    @Test
    void flattenFromAnotherDimension() {
        assertThat(new Flatten(2).forward(randn(2, 3, 4, 5)).shape()).hasToString("torch.Size([2, 3, 20])");
        assertThat(new Flatten(0).forward(randn(2, 3)).shape()).hasToString("torch.Size([6])");
    }

    @Test
    void flattenGradient() {
        GradCheck.check("Flatten", x -> new Flatten().forward(x), randn(2, 2, 2, 3));
    }

    @Test
    void reprMatchesPyTorch() {
        assertThat(new Sigmoid()).hasToString("Sigmoid()");
        assertThat(new ReLU()).hasToString("ReLU()");
        assertThat(new Tanh()).hasToString("Tanh()");
        assertThat(new Flatten()).hasToString("Flatten(start_dim=1, end_dim=-1)");
    }
}
