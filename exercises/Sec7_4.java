import static d2l.tensor.Torch.*;

import d2l.tensor.Tensor;
import d2l.workbook.Earlier;
import d2l.workbook.FromSection;
import d2l.workbook.NotImplementedYet;
import java.util.ArrayList;
import java.util.List;

/**
 * 7.4 Multiple Input and Multiple Output Channels: cross-correlation over channels, built on your
 * {@code corr2d} from 7.2, and the 1 x 1 convolution as a matrix multiplication.
 *
 * <p>Book: {@code ../shared/book/000_3764b64cbf4f4687.txt}, "7.4 Multiple Input and Multiple
 * Output Channels"; {@code ../shared/book/002_57cc1b6958d3ea8c.txt}, "7.4" with the printed
 * outputs (its {@code X} and {@code K} carry an extra pair of brackets, a typo: the values below
 * are those of the book's code).
 *
 * <p>Below, [000], [001] and [002] stand for these files of {@code ../shared/book/}.
 *
 * <p>Check it: {@code check("7.4")} in {@code ./d2l jshell}, or run {@code CheckWorkbook.section7_4}
 * in your IDE.
 */
public class Sec7_4 {

    /**
     * Your {@code corr2d} from 7.2 ({@code Sec7_2.java}), as the book calls {@code d2l.corr2d}.
     * Given: it is how this file uses 7.2 and still compiles on its own. If your 7.2 does not
     * compile or {@code corr2d} is not written yet, the reference one is used and a note says so.
     */
    @FromSection("7.2")
    private static Tensor corr2d(Tensor X, Tensor K) {
        return Earlier.call("7.2", "corr2d", X, K);
    }

    /**
     * Cross-correlation with several input channels: {@code X} is {@code (c_i, n_h, n_w)} and
     * {@code K} is {@code (c_i, k_h, k_w)}; cross-correlate each channel of {@code X} with the
     * same channel of {@code K} (with {@code corr2d}) and add up the results.
     *
     * <p>Formula: {@code Y = sum_c corr2d(X[c], K[c])}.
     *
     * <p>Book [000], 7.4 Multiple Input Channels ({@code corr2d_multi_in}); [002], 7.4.
     *
     * <pre>{@code
     * jshell> var X = tensor("[[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]")
     * jshell> var K = tensor("[[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]]")
     * jshell> corr2dMultiIn(X, K)
     * $3 ==> tensor([[ 56.,  72.],
     *         [104., 120.]])
     * }</pre>
     */
    public static Tensor corr2dMultiIn(Tensor X, Tensor K) {
        throw new NotImplementedYet("7.4", "corr2dMultiIn");
    }

    /**
     * Cross-correlation with several output channels: {@code K} is {@code (c_o, c_i, k_h, k_w)};
     * compute {@code corr2dMultiIn(X, K[o])} for every output channel {@code o} and stack the
     * results along a new first dimension.
     *
     * <p>Book [000], 7.4 Multiple Output Channels ({@code corr2d_multi_in_out}); [002], 7.4.
     *
     * <pre>{@code
     * jshell> K = stack(K, K.add(1), K.add(2))
     * jshell> K.shape()
     * $5 ==> torch.Size([3, 2, 2, 2])
     * jshell> corr2dMultiInOut(X, K)
     * $6 ==> tensor([[[ 56.,  72.],
     *          [104., 120.]],
     *
     *         [[ 76., 100.],
     *          [148., 172.]],
     *
     *         [[ 96., 128.],
     *          [192., 224.]]])
     * }</pre>
     */
    public static Tensor corr2dMultiInOut(Tensor X, Tensor K) {
        throw new NotImplementedYet("7.4", "corr2dMultiInOut");
    }

    /**
     * The 1 x 1 convolution as a fully connected layer applied at every pixel: reshape {@code X}
     * from {@code (c_i, h, w)} to {@code (c_i, h * w)} and {@code K} from {@code (c_o, c_i, 1, 1)}
     * to {@code (c_o, c_i)}, multiply them with {@code matmul}, and reshape the product to
     * {@code (c_o, h, w)}. No loops.
     *
     * <p>Formula: {@code Y = K X} on the reshaped matrices.
     *
     * <p>Book [000], 7.4 1x1 Convolutional Layer ({@code corr2d_multi_in_out_1x1}): on random
     * {@code X} of shape {@code (3, 3, 3)} and {@code K} of shape {@code (2, 3, 1, 1)} it agrees
     * with {@link #corr2dMultiInOut} to within {@code 1e-6} in total.
     *
     * <pre>{@code
     * jshell> var X = normal(0, 1, 3, 3, 3); var K = normal(0, 1, 2, 3, 1, 1);
     * jshell> corr2dMultiInOut1x1(X, K).sub(corr2dMultiInOut(X, K)).abs().sum().item() < 1e-6
     * $3 ==> true
     * }</pre>
     */
    public static Tensor corr2dMultiInOut1x1(Tensor X, Tensor K) {
        throw new NotImplementedYet("7.4", "corr2dMultiInOut1x1");
    }
}
