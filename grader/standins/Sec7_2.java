import d2l.nn.functional.F;
import d2l.tensor.Tensor;

/**
 * The grader's stand-in for 7.2's {@code corr2d}, computed by the runtime's convolution: what a
 * later section reaches through {@code @FromSection("7.2")} (7.4's {@code corr2d}), and what the
 * rubric's {@code standins=corr2d} grades {@code Conv2D.forward} with. The grader gives graded
 * code this in place of the reference solutions, so that 7.4 and Conv2D are graded on their own
 * whatever the student's corr2d does, and the solutions stay out of reach.
 */
public class Sec7_2 {

    /** The 2-D cross-correlation of {@code X} with {@code K}, as the runtime's {@code conv2d} computes it. */
    public static Tensor corr2d(Tensor X, Tensor K) {
        Tensor Y = F.conv2d(X.reshape(1, 1, X.size(0), X.size(1)), K.reshape(1, 1, K.size(0), K.size(1)), null);
        return Y.reshape(Y.size(2), Y.size(3));
    }
}
