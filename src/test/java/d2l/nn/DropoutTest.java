package d2l.nn;

import static d2l.tensor.Torch.arange;
import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.randn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code nn.Dropout}: inverted dropout in training, identity in evaluation, reproducible under a seed. */
class DropoutTest {

    private static final int N = 100_000;

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

    @Test
    void evalIsIdentity() {
        Dropout dropout = new Dropout(0.5);
        dropout.eval();
        Tensor x = randn(4, 5);

        assertThat(dropout.forward(x).equal(x)).isTrue();
    }

    @Test
    void trainingZeroesAboutPAndScalesTheRest() {
        for (double p : new double[] {0.5, 0.3, 0.9}) {
            Tensor y = new Dropout(p).forward(ones(N));

            int zeros = 0;
            float scale = (float) (1 / (1 - p));
            for (float v : y.toArray()) {
                if (v == 0) {
                    zeros++;
                } else {
                    assertThat(v).as("a survivor of p=%s", p).isEqualTo(scale);
                }
            }
            // the fraction of a binomial(N, p) count is within 5 standard deviations (about 0.008) of p
            assertThat((double) zeros / N).as("fraction zeroed with p=%s", p).isCloseTo(p, within(0.008));
        }
    }

    @Test
    void expectationIsKept() {
        Tensor y = new Dropout(0.5).forward(ones(N).mul(3));

        assertThat((double) y.mean().item()).isCloseTo(3, within(0.05));
    }

    @Test
    void deterministicUnderManualSeed() {
        Dropout dropout = new Dropout(0.5);
        Tensor x = ones(1000);

        manualSeed(42);
        Tensor first = dropout.forward(x);
        Tensor second = dropout.forward(x);
        manualSeed(42);
        Tensor again = dropout.forward(x);

        assertThat(again.equal(first)).isTrue();
        assertThat(second.equal(first)).as("the next call draws a fresh mask").isFalse();
    }

    @Test
    void masksAndScaleArePyTorchsBitForBit() {
        // torch.manual_seed(0); F.dropout(torch.arange(1., 21.), 0.3).numpy().view(np.int32): the mask is
        // bernoulli_(0.7) (53-bit uniforms on AMD and ARM CPUs; PyTorch on Intel CPUs draws it with MKL instead)
        Tensor y = F.dropout(arange(1, 21, 1), 0.3, true);

        int[] bits = {
            0x00000000, 0x00000000, 0x40892492, 0x00000000, 0x40e4924a, 0x00000000, 0x41200000, 0x4136db6e,
            0x414db6dc, 0x4164924a, 0x417b6db7, 0x41892492, 0x41949249, 0x41a00000, 0x41ab6db7, 0x41b6db6e,
            0x41c24925, 0x41cdb6dc, 0x41d92493, 0x00000000};
        float[] values = y.toArray();
        for (int i = 0; i < bits.length; i++) {
            assertThat(Float.floatToIntBits(values[i])).as("element %d", i).isEqualTo(bits[i]);
        }
    }

    @Test
    void gradientIsTheMaskTimesTheScale() {
        Tensor x = randn(50).requiresGrad_();

        Tensor y = new Dropout(0.4).forward(x);
        y.sum().backward();

        float[] xv = x.toArray();
        float[] yv = y.toArray();
        float[] grad = x.grad().toArray();
        float scale = (float) (1 / 0.6);
        for (int i = 0; i < xv.length; i++) {
            assertThat(grad[i]).isEqualTo(yv[i] == 0 ? 0f : scale);
        }
    }

    @Test
    void pZeroIsIdentityInTraining() {
        Tensor x = randn(3, 4);

        assertThat(new Dropout(0).forward(x).equal(x)).isTrue();
    }

    @Test
    void pOneZeroesEverything() {
        Tensor x = randn(3, 4);

        assertThat(new Dropout(1).forward(x).equal(x.mul(0))).isTrue();
    }

    @Test
    void invalidProbabilityIsRejected() {
        assertThatThrownBy(() -> new Dropout(1.5))
                .isInstanceOf(TensorException.class)
                .hasMessage("dropout probability has to be between 0 and 1, but got 1.5");
        assertThatThrownBy(() -> new Dropout(-0.1)).isInstanceOf(TensorException.class);
        assertThatThrownBy(() -> F.dropout(ones(2), 2, true)).isInstanceOf(TensorException.class);
    }

    @Test
    void reprMatchesPyTorch() {
        assertThat(new Dropout(0.5)).hasToString("Dropout(p=0.5, inplace=False)");
    }
}
