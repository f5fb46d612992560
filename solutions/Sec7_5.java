import static d2l.tensor.Torch.*;

import d2l.tensor.Tensor;
import d2l.workbook.NotImplementedYet;
import java.util.ArrayList;
import java.util.List;

/**
 * 7.5 Pooling: maximum and average pooling, first as the book writes them, then with padding and
 * stride, then over several channels, where they must agree with the runtime's
 * {@code MaxPool2d} and {@code AvgPool2d}.
 *
 * <p>Book: {@code ../shared/book/000_3764b64cbf4f4687.txt}, "7.5 Pooling";
 * {@code ../shared/book/002_57cc1b6958d3ea8c.txt}, "7.5 Pooling" with the printed outputs (some
 * of its printed tensors have stray brackets, a typo: the values are those of the book's code).
 *
 * <p>Below, [000], [001] and [002] stand for these files of {@code ../shared/book/}.
 *
 * <p>Check it: {@code check("7.5")} in {@code ./d2l jshell}, or run {@code CheckWorkbook.section7_5}
 * in your IDE.
 */
public class Sec7_5 {

    /**
     * Pooling of the 2-D tensor {@code X} with a window of {@code poolSize = {p_h, p_w}}, stride
     * 1 and no padding: each output element is the maximum ({@code mode} {@code "max"}) or the
     * mean ({@code "avg"}) of the window at its position. Any other mode is an
     * {@code IllegalArgumentException}.
     *
     * <p>Formula: {@code Y[i, j] = max} (or mean) of {@code X[i : i + p_h, j : j + p_w]}; {@code Y}
     * is {@code (n_h - p_h + 1) x (n_w - p_w + 1)}.
     *
     * <p>Book [000], 7.5 Maximum Pooling and Average Pooling ({@code pool2d}); [002], 7.5.
     *
     * <pre>{@code
     * jshell> var X = tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]")
     * jshell> pool2d(X, new int[] {2, 2}, "max")
     * $2 ==> tensor([[4., 5.],
     *         [7., 8.]])
     * jshell> pool2d(X, new int[] {2, 2}, "avg")
     * $3 ==> tensor([[2., 3.],
     *         [5., 6.]])
     * }</pre>
     */
    public static Tensor pool2d(Tensor X, int[] poolSize, String mode) {
        return pool2d(X, poolSize, new int[] {0, 0}, new int[] {1, 1}, mode);
    }

    /**
     * {@code pool2d(X, poolSize, "max")}, the book's default mode.
     *
     * <pre>{@code
     * jshell> pool2d(tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]"), new int[] {2, 2})
     * $1 ==> tensor([[4., 5.],
     *         [7., 8.]])
     * }</pre>
     */
    public static Tensor pool2d(Tensor X, int[] poolSize) {
        return pool2d(X, poolSize, "max");
    }

    /**
     * Pooling of the 2-D tensor {@code X} with padding and stride, as {@code nn.MaxPool2d} and
     * {@code nn.AvgPool2d} do: {@code padding = {pad_h, pad_w}} rows and columns are added on each
     * side, and the window moves {@code stride = {s_h, s_w}} positions at a time. Maximum pooling
     * pads with minus infinity (padding never wins), average pooling pads with zeros and always
     * divides by {@code p_h * p_w} (PyTorch's default {@code count_include_pad=True}).
     *
     * <p>Formula: the output is {@code floor((n_h + 2 pad_h - p_h) / s_h) + 1} by
     * {@code floor((n_w + 2 pad_w - p_w) / s_w) + 1}, and {@code Y[i, j]} pools the padded
     * {@code X[i s_h : i s_h + p_h, j s_w : j s_w + p_w]}.
     *
     * <p>Book [000], 7.5 Padding and Stride in Pooling; [002], 7.5.
     *
     * <pre>{@code
     * jshell> var X = arange(16, FLOAT32).reshape(4, 4)
     * jshell> pool2d(X, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, "max")
     * $2 ==> tensor([[ 5.,  7.],
     *         [13., 15.]])
     * }</pre>
     */
    public static Tensor pool2d(Tensor X, int[] poolSize, int[] padding, int[] stride, String mode) {
        boolean max;
        if (mode.equals("max")) {
            max = true;
        } else if (mode.equals("avg")) {
            max = false;
        } else {
            throw new IllegalArgumentException("pool2d: mode must be \"max\" or \"avg\", got \"" + mode + "\"");
        }
        int ph = poolSize[0];
        int pw = poolSize[1];
        int h = X.size(0);
        int w = X.size(1);
        Tensor padded = full(new int[] {h + 2 * padding[0], w + 2 * padding[1]}, max ? Double.NEGATIVE_INFINITY : 0);
        padded.set(slice(padding[0], padding[0] + h), slice(padding[1], padding[1] + w), X);
        int outH = (h + 2 * padding[0] - ph) / stride[0] + 1;
        int outW = (w + 2 * padding[1] - pw) / stride[1] + 1;
        Tensor Y = zeros(outH, outW);
        for (int i = 0; i < outH; i++) {
            for (int j = 0; j < outW; j++) {
                Tensor window = padded.get(slice(i * stride[0], i * stride[0] + ph), slice(j * stride[1], j * stride[1] + pw));
                Y.set(i, j, max ? window.max() : window.sum().div(ph * pw));
            }
        }
        return Y;
    }

    /**
     * Pooling over several channels: {@code X} is {@code (batch, channels, n_h, n_w)}, and each
     * channel of each example is pooled on its own with {@link #pool2d(Tensor, int[], int[], int[], String)}
     * (unlike a convolution, pooling does not add up the channels), so the output has as many
     * channels as the input. It gives what {@code new MaxPool2d(3).padding(1).stride(2)} gives
     * for {@code "max"} with the same sizes.
     *
     * <p>Book [000], 7.5 Multiple Channels; [002], 7.5.
     *
     * <pre>{@code
     * jshell> var X = arange(16, FLOAT32).reshape(1, 1, 4, 4)
     * jshell> X = cat(List.of(X, X.add(1)), 1)
     * jshell> pool2dChannels(X, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, "max")
     * $3 ==> tensor([[[[ 5.,  7.],
     *           [13., 15.]],
     *
     *          [[ 6.,  8.],
     *           [14., 16.]]]])
     * }</pre>
     */
    public static Tensor pool2dChannels(Tensor X, int[] poolSize, int[] padding, int[] stride, String mode) {
        List<Tensor> examples = new ArrayList<>();
        for (int n = 0; n < X.size(0); n++) {
            List<Tensor> channels = new ArrayList<>();
            for (int c = 0; c < X.size(1); c++) {
                channels.add(pool2d(X.get(n, c), poolSize, padding, stride, mode));
            }
            examples.add(stack(channels, 0));
        }
        return stack(examples, 0);
    }
}
