import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;

/**
 * The grader's stand-ins for 7.1's {@code shift} and {@code crossCorrelation}, computed by the
 * runtime's convolution: the rubric's {@code standins=crossCorrelation,shift} grades
 * {@code shiftCommutes} with these, so a mistake in either costs only that function's checks.
 */
public class Sec7_1 {

    /** {@code X} moved by {@code dy} rows and {@code dx} columns, zeros coming in: a convolution with a single 1. */
    public static Tensor shift(Tensor X, int dy, int dx) {
        int ry = Math.abs(dy);
        int rx = Math.abs(dx);
        Tensor K = Torch.zeros(1, 1, 2 * ry + 1, 2 * rx + 1);
        K.set(0, 0, ry - dy, rx - dx, 1);
        Tensor Y = F.conv2d(X.reshape(1, 1, X.size(0), X.size(1)), K, null, new int[] {1, 1}, new int[] {ry, rx}, 1);
        return Y.reshape(X.size(0), X.size(1));
    }

    /** The 2-D cross-correlation of {@code X} with {@code K}, as the runtime's {@code conv2d} computes it. */
    public static Tensor crossCorrelation(Tensor X, Tensor K) {
        Tensor Y = F.conv2d(X.reshape(1, 1, X.size(0), X.size(1)), K.reshape(1, 1, K.size(0), K.size(1)), null);
        return Y.reshape(Y.size(2), Y.size(3));
    }
}
