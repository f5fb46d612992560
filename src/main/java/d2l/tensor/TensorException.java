package d2l.tensor;

/**
 * The one exception the runtime raises for a user mistake: a shape mismatch, a bad index, backward
 * on a non-scalar. Its message names the operation and the shapes involved, as PyTorch's do, and
 * says how to fix it where that is not obvious.
 */
public class TensorException extends RuntimeException {

    public TensorException(String message) {
        super(message);
    }
}
