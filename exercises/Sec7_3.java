import static d2l.tensor.Torch.*;

import d2l.nn.LazyConv2d;
import d2l.nn.Module;
import d2l.tensor.Tensor;
import d2l.workbook.NotImplementedYet;
import java.util.List;

/**
 * 7.3 Padding and Stride: how padding keeps the output as large as the input and how stride
 * shrinks it, by formula and by running the book's four layers.
 *
 * <p>Book: {@code ../shared/book/000_3764b64cbf4f4687.txt}, "7.3 Padding and Stride" (KEY INSIGHT
 * - Output Size Formula, and the cells under Padding and Stride);
 * {@code ../shared/book/002_57cc1b6958d3ea8c.txt}, "7.3 Padding and Stride" with the printed shapes.
 *
 * <p>Below, [000], [001] and [002] stand for these files of {@code ../shared/book/}.
 *
 * <p>Check it: {@code check("7.3")} in {@code ./d2l jshell}, or run {@code CheckWorkbook.section7_3}
 * in your IDE.
 */
public class Sec7_3 {

    /**
     * The output length, along one direction, of a convolution (or pooling) with kernel length
     * {@code k}, {@code p} rows (or columns) of padding in total (both sides together: PyTorch's
     * {@code padding=1} adds 1 on each side, so {@code p = 2}) and stride {@code s}.
     *
     * <p>Formula: {@code floor((n - k + p + s) / s)}; without padding and stride,
     * {@code n - k + 1}.
     *
     * <p>Book [000], 7.3 KEY INSIGHT - Output Size Formula.
     *
     * <pre>{@code
     * jshell> outputSize(8, 3, 2, 1)
     * $1 ==> 8
     * jshell> outputSize(8, 3, 2, 2)
     * $2 ==> 4
     * }</pre>
     */
    public static int outputSize(int n, int k, int p, int s) {
        throw new NotImplementedYet("7.3", "outputSize");
    }

    /**
     * Runs the 2-D tensor {@code X} through the convolution {@code conv2d}: reshape it to
     * {@code (1, 1, height, width)} (a batch of one example with one channel), run the layer, and
     * strip the first two dimensions from the result again.
     *
     * <p>Book [000], 7.3 Padding, {@code comp_conv2d}.
     *
     * <pre>{@code
     * jshell> compConv2d(new LazyConv2d(1, 3).padding(1), rand(8, 8)).shape()
     * $1 ==> torch.Size([8, 8])
     * }</pre>
     */
    public static Tensor compConv2d(Module conv2d, Tensor X) {
        throw new NotImplementedYet("7.3", "compConv2d");
    }

    /**
     * The section's four layers, in the book's order, each with one output channel:
     * <ol>
     *   <li>a 3 x 3 kernel with padding 1 on every side;</li>
     *   <li>a 5 x 3 kernel (height 5, width 3) with padding 2 rows and 1 column on each side;</li>
     *   <li>a 3 x 3 kernel with padding 1 and stride 2;</li>
     *   <li>a 3 x 5 kernel with padding 0 rows and 1 column and strides 3 (rows) and 4 (columns).</li>
     * </ol>
     * Build them with {@code new LazyConv2d(1, ...)} and its {@code padding(...)} and
     * {@code stride(...)}. On an 8 x 8 input they give outputs of shapes {@code [8, 8]},
     * {@code [8, 8]}, {@code [4, 4]} and {@code [2, 2]}.
     *
     * <p>Book [000], 7.3 Padding and Stride cells; [002], 7.3 with the printed shapes.
     *
     * <pre>{@code
     * jshell> var X = rand(8, 8)
     * jshell> for (var conv : fourConvolutions()) System.out.println(compConv2d(conv, X).shape())
     * torch.Size([8, 8])
     * torch.Size([8, 8])
     * torch.Size([4, 4])
     * torch.Size([2, 2])
     * }</pre>
     */
    public static List<LazyConv2d> fourConvolutions() {
        throw new NotImplementedYet("7.3", "fourConvolutions");
    }
}
