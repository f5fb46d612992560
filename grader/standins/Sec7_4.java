import d2l.nn.functional.F;
import d2l.tensor.Tensor;

/**
 * The grader's stand-ins for 7.4's {@code corr2dMultiIn} and {@code corr2dMultiInOut}, computed by
 * the runtime's convolution: the rubric's {@code standins=...} grades the function that calls one
 * of them with these, so a mistake in one costs only that function's checks.
 */
public class Sec7_4 {

    /** {@code X} is {@code (c_i, n_h, n_w)}, {@code K} is {@code (c_i, k_h, k_w)}: one output channel. */
    public static Tensor corr2dMultiIn(Tensor X, Tensor K) {
        Tensor Y = F.conv2d(X.unsqueeze(0), K.unsqueeze(0), null);
        return Y.reshape(Y.size(2), Y.size(3));
    }

    /** {@code X} is {@code (c_i, n_h, n_w)}, {@code K} is {@code (c_o, c_i, k_h, k_w)}: {@code c_o} output channels. */
    public static Tensor corr2dMultiInOut(Tensor X, Tensor K) {
        return F.conv2d(X.unsqueeze(0), K, null).squeeze(0);
    }
}
