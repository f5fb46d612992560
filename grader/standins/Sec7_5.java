import d2l.nn.functional.F;
import d2l.tensor.Tensor;

/**
 * The grader's stand-in for 7.5's {@code pool2d}, computed by the runtime's pooling: the rubric's
 * {@code standins=pool2d} grades {@code pool2dChannels} with it, so a mistake in {@code pool2d}
 * costs only pool2d's checks.
 */
public class Sec7_5 {

    /** Max or average pooling of a 2-D {@code X}, stride 1, no padding. */
    public static Tensor pool2d(Tensor X, int[] poolSize, String mode) {
        return pool2d(X, poolSize, new int[] {0, 0}, new int[] {1, 1}, mode);
    }

    /** Max pooling of a 2-D {@code X}, stride 1, no padding. */
    public static Tensor pool2d(Tensor X, int[] poolSize) {
        return pool2d(X, poolSize, "max");
    }

    /** Max or average pooling of a 2-D {@code X}, as {@code nn.MaxPool2d} and {@code nn.AvgPool2d} (zeros padded in count). */
    public static Tensor pool2d(Tensor X, int[] poolSize, int[] padding, int[] stride, String mode) {
        Tensor x = X.reshape(1, 1, X.size(0), X.size(1));
        Tensor Y = mode.equals("max") ? F.maxPool2d(x, poolSize, stride, padding) : F.avgPool2d(x, poolSize, stride, padding);
        return Y.reshape(Y.size(2), Y.size(3));
    }
}
