
/**
 * The grader's stand-in for 8.6's {@code Residual}: the runtime's own residual block. The rubric's
 * {@code standins=Residual} grades {@code b1}, {@code block} and {@code ResNet18} with it, so a
 * mistake in {@code Residual} costs only Residual's checks.
 */
public class Sec8_6 {

    /** The book's residual block, {@code relu(bn2(conv2(relu(bn1(conv1(X))))) + X)}, as {@code d2l.models.Residual}. */
    public static class Residual extends d2l.models.Residual {

        public Residual(int numChannels) {
            super(numChannels);
        }

        public Residual(int numChannels, boolean use1x1conv, int strides) {
            super(numChannels, use1x1conv, strides);
        }
    }
}
