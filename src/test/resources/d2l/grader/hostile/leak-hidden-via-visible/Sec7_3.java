// ATTACK: leak-hidden-via-visible (part 2 of 2: leaks; Sec7_2.java in this folder records)
// The reference 7.3, except that the first call of outputSize (the VISIBLE check "outputSize gives the section's four
// sizes", graded after all of 7.2, hidden checks included, in the same child JVM) throws a RuntimeException whose
// message is every corr2d input recorded so far: the system property "pwned.corr2d.inputs", else the file
// /tmp/PWNED-leak-hidden-via-visible. A visible check's feedback shows the message, so the report shows the
// instructor's hidden inputs, e.g. "tensor([[ 1., -2.,  3.]," ... "tensor([[2.]])" from the hidden case "a 1 x 1
// kernel scales the input". Costs the attacker one point of 7.3.
// A safe grader: no report/results.json/gradebook contains the hidden inputs (e.g. the hidden X [[1,-2,3],[4,5,-6]]);
// /tmp/PWNED-leak-hidden-via-visible does not exist on the host; 7.2 scores 16/16; 7.3 scores 6/7 (the leaking check
// fails without hidden data in its message) or 7/7 if the recording could not happen at all.
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
        leak();
        return Math.floorDiv(n - k + p + s, s);
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
        Tensor Y = conv2d.forward(X.reshape(1, 1, X.size(0), X.size(1)));
        return Y.reshape(Y.size(2), Y.size(3));
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
        return List.of(
                new LazyConv2d(1, 3).padding(1),
                new LazyConv2d(1, new int[] {5, 3}).padding(2, 1),
                new LazyConv2d(1, 3).padding(1).stride(2),
                new LazyConv2d(1, new int[] {3, 5}).padding(0, 1).stride(3, 4));
    }
    // ---- attack helper (leak-hidden-via-visible, leaking) ----
    private static boolean leaked;

    static synchronized void leak() {
        if (leaked) {
            return;
        }
        leaked = true;
        String seen = System.getProperty("pwned.corr2d.inputs", "");
        if (seen.isEmpty()) {
            try {
                seen = java.nio.file.Files.readString(java.nio.file.Path.of("/tmp/PWNED-leak-hidden-via-visible"));
            } catch (java.io.IOException e) {
                return;
            }
        }
        throw new RuntimeException("LEAKED corr2d inputs seen by earlier checks:\n" + seen);
    }
}
