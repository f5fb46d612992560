package d2l.nn;

import static d2l.tensor.Torch.FLOAT32;
import static d2l.tensor.Torch.arange;
import static d2l.tensor.Torch.cat;
import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import d2l.autograd.GradCheck;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code nn.MaxPool2d}, {@code nn.AvgPool2d} and {@code nn.AdaptiveAvgPool2d}: the outputs section 7.5
 * prints (compared with PyTorch's exact strings), the default stride, padding in averages, adaptive
 * windows, gradients, and 3-D input.
 */
class PoolingTest {

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

    /** The book's {@code X = torch.arange(16, dtype=torch.float32).reshape((1, 1, 4, 4))}. */
    private static Tensor bookX() {
        return arange(16, FLOAT32).reshape(1, 1, 4, 4);
    }

    /** Distinct values 0.1 apart in shuffled order, so max pooling has no ties and finite differences are safe. */
    private static Tensor distinct(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.1f * i - 0.05f * n;
        }
        Random random = new Random(11);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.wrap(v, shape);
    }

    // ------------------------------------------------------------------ the book's outputs (7.5)

    @Test
    void bookMaxPool3() {
        assertThat(new MaxPool2d(3).forward(bookX())).hasToString("tensor([[[[10.]]]])");
    }

    @Test
    void bookMaxPool3Padding1Stride2() {
        assertThat(new MaxPool2d(3).padding(1).stride(2).forward(bookX())).hasToString(
                "tensor([[[[ 5.,  7.],\n"
                + "          [13., 15.]]]])");
    }

    @Test
    void bookMaxPoolRectangularWindow() {
        assertThat(new MaxPool2d(2, 3).stride(2, 3).padding(0, 1).forward(bookX())).hasToString(
                "tensor([[[[ 5.,  7.],\n"
                + "          [13., 15.]]]])");
    }

    @Test
    void bookTwoChannelMaxPool() {
        // The notebook prints this output with a bracket typo, as if one channel of 4 rows; PyTorch's
        // true output has 2 channels, each pooled on its own.
        Tensor X = cat(List.of(bookX(), bookX().add(1)), 1);

        Tensor Y = new MaxPool2d(3).padding(1).stride(2).forward(X);

        assertThat(Y.shape()).hasToString("torch.Size([1, 2, 2, 2])");
        assertThat(Y).hasToString(
                "tensor([[[[ 5.,  7.],\n"
                + "          [13., 15.]],\n"
                + "\n"
                + "         [[ 6.,  8.],\n"
                + "          [14., 16.]]]])");
    }

    @Test
    void bookPool2dOnA3x3Input() {
        // 7.5's pool2d(X, (2, 2)) with stride 1 on X = 0..8: max [[4, 5], [7, 8]], avg [[2, 3], [5, 6]]
        Tensor X = arange(9, FLOAT32).reshape(1, 1, 3, 3);

        assertThat(new MaxPool2d(2).stride(1).forward(X).equal(tensor(new float[][][][] {{{{4, 5}, {7, 8}}}}))).isTrue();
        assertThat(new AvgPool2d(2).stride(1).forward(X).equal(tensor(new float[][][][] {{{{2, 3}, {5, 6}}}}))).isTrue();
    }

    // ------------------------------------------------------------------ defaults and padding

    @Test
    void strideDefaultsToTheWindowSize() {
        Tensor X = bookX();

        Tensor max = new MaxPool2d(2).forward(X);
        Tensor avg = new AvgPool2d(2).forward(X);

        assertThat(max.equal(new MaxPool2d(2).stride(2).forward(X))).isTrue();
        assertThat(max.equal(tensor(new float[][][][] {{{{5, 7}, {13, 15}}}}))).isTrue();
        assertThat(avg.equal(tensor(new float[][][][] {{{{2.5f, 4.5f}, {10.5f, 12.5f}}}}))).isTrue();
    }

    @Test
    void reprMatchesPyTorch() {
        assertThat(new MaxPool2d(3).stride(2).padding(1))
                .hasToString("MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)");
        assertThat(new MaxPool2d(2, 3).stride(2, 3).padding(0, 1))
                .hasToString("MaxPool2d(kernel_size=(2, 3), stride=(2, 3), padding=(0, 1), dilation=1, ceil_mode=False)");
        assertThat(new AvgPool2d(2).stride(2)).hasToString("AvgPool2d(kernel_size=2, stride=2, padding=0)");
        assertThat(new AdaptiveAvgPool2d(1, 1)).hasToString("AdaptiveAvgPool2d(output_size=(1, 1))");
    }

    @Test
    void averageCountsThePadding() {
        // count_include_pad=True: a corner window holds 4 real ones and 5 padded zeros
        Tensor Y = new AvgPool2d(3).padding(1).stride(2).forward(ones(1, 1, 4, 4));

        float[] expected = {4f / 9, 6f / 9, 6f / 9, 1f};
        assertThat(Y.shape()).hasToString("torch.Size([1, 1, 2, 2])");
        assertThat(Y.allclose(Tensor.wrap(expected, 1, 1, 2, 2), 1e-6, 1e-7)).as("%s", Y).isTrue();
    }

    @Test
    void averageCanIgnoreThePadding() {
        Tensor Y = new AvgPool2d(3).padding(1).stride(2).countIncludePad(false).forward(ones(1, 1, 4, 4));

        assertThat(Y.allclose(ones(1, 1, 2, 2), 1e-6, 1e-7)).as("%s", Y).isTrue();
    }

    @Test
    void maxPaddingCountsAsMinusInfinity() {
        // all-negative input: a padded zero must never win
        Tensor X = bookX().sub(100);

        Tensor Y = new MaxPool2d(3).padding(1).stride(2).forward(X);

        assertThat(Y.equal(tensor(new float[][][][] {{{{-95, -93}, {-87, -85}}}}))).as("%s", Y).isTrue();
    }

    // ------------------------------------------------------------------ adaptive average pooling

    @Test
    void adaptiveToOneByOneIsTheMeanOverHeightAndWidth() {
        Tensor x = randn(2, 3, 5, 7);

        Tensor Y = new AdaptiveAvgPool2d(1, 1).forward(x);

        assertThat(Y.shape()).hasToString("torch.Size([2, 3, 1, 1])");
        assertThat(Y.allclose(x.mean(new int[] {2, 3}, true), 1e-5, 1e-6)).isTrue();
    }

    @Test
    void adaptiveWindowsFollowFloorAndCeil() {
        // output 2 from input 5: window i covers [floor(i * 5 / 2), ceil((i + 1) * 5 / 2)) = [0, 3) and [2, 5)
        Tensor x = randn(1, 2, 5, 5);

        Tensor Y = new AdaptiveAvgPool2d(2, 2).forward(x);

        int[][] windows = {{0, 3}, {2, 5}};
        assertThat(Y.shape()).hasToString("torch.Size([1, 2, 2, 2])");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    Tensor window = x.slice(1, c, c + 1, 1)
                            .slice(2, windows[i][0], windows[i][1], 1)
                            .slice(3, windows[j][0], windows[j][1], 1);
                    assertThat(Y.get(0, c, i, j).item()).as("channel %d, window (%d, %d)", c, i, j)
                            .isCloseTo(window.mean().item(), within(1e-5f));
                }
            }
        }
    }

    @Test
    void adaptiveToTheInputSizeIsIdentity() {
        Tensor x = randn(1, 2, 3, 4);

        assertThat(new AdaptiveAvgPool2d(3, 4).forward(x).equal(x)).isTrue();
    }

    // ------------------------------------------------------------------ gradients

    @Test
    void maxPoolGradient() {
        GradCheck.check("max_pool2d", x -> new MaxPool2d(2).forward(x), distinct(2, 2, 4, 4));
    }

    @Test
    void maxPoolGradientWithOverlappingWindowsAndPadding() {
        // windows overlap (kernel 3, stride 2), so one input can receive the gradient of several outputs
        GradCheck.check("max_pool2d", x -> new MaxPool2d(3).padding(1).stride(2).forward(x), distinct(1, 2, 5, 5));
    }

    @Test
    void maxPoolGradientGoesToTheMaximum() {
        Tensor x = bookX().requiresGrad_();

        new MaxPool2d(2).forward(x).sum().backward();

        float[] expected = new float[16];
        for (int index : new int[] {5, 7, 13, 15}) {
            expected[index] = 1;
        }
        assertThat(x.grad().equal(Tensor.wrap(expected, 1, 1, 4, 4))).as("%s", x.grad()).isTrue();
    }

    @Test
    void avgPoolGradient() {
        GradCheck.check("avg_pool2d", x -> new AvgPool2d(3).padding(1).stride(2).forward(x), randn(2, 2, 5, 4));
    }

    @Test
    void avgPoolGradientWithoutPaddingInTheCount() {
        GradCheck.check("avg_pool2d", x -> new AvgPool2d(3).padding(1).stride(2).countIncludePad(false).forward(x),
                randn(1, 2, 5, 5));
    }

    @Test
    void adaptiveAvgPoolGradient() {
        GradCheck.check("adaptive_avg_pool2d", x -> new AdaptiveAvgPool2d(2, 3).forward(x), randn(2, 2, 5, 7));
    }

    // ------------------------------------------------------------------ 3-D input and errors

    @Test
    void threeDimensionalInputIsPooledPerChannel() {
        Tensor x = randn(2, 4, 4);

        Tensor max = new MaxPool2d(2).forward(x);
        Tensor avg = new AvgPool2d(2).forward(x);
        Tensor adaptive = new AdaptiveAvgPool2d(1, 1).forward(x);

        assertThat(max.shape()).hasToString("torch.Size([2, 2, 2])");
        assertThat(max.equal(new MaxPool2d(2).forward(x.unsqueeze(0)).squeeze(0))).isTrue();
        assertThat(avg.equal(new AvgPool2d(2).forward(x.unsqueeze(0)).squeeze(0))).isTrue();
        assertThat(adaptive.shape()).hasToString("torch.Size([2, 1, 1])");
    }

    @Test
    void twoDimensionalInputIsRejected() {
        assertThatThrownBy(() -> new MaxPool2d(2).forward(randn(4, 4)))
                .isInstanceOf(TensorException.class)
                .hasMessageStartingWith("MaxPool2d: ")
                .hasMessageContaining("[4, 4]");
    }

    @Test
    void paddingMoreThanHalfTheWindowIsRejected() {
        assertThatThrownBy(() -> new MaxPool2d(2).padding(2).forward(randn(1, 1, 4, 4)))
                .isInstanceOf(TensorException.class)
                .hasMessageStartingWith("MaxPool2d")
                .hasMessageContaining("pad should be at most half of effective kernel size");
    }

    @Test
    void windowLargerThanTheInputIsRejected() {
        assertThatThrownBy(() -> new AvgPool2d(5).forward(randn(1, 1, 4, 4)))
                .isInstanceOf(TensorException.class)
                .hasMessageStartingWith("AvgPool2d")
                .hasMessageContaining("Output size is too small");
    }
}
