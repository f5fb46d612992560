package d2l.nn.functional;

import d2l.tensor.TensorException;

/** How a loss combines its values, PyTorch's {@code reduction} argument: {@code 'mean'}, {@code 'sum'} or {@code 'none'}. */
enum Reduction {
    /** Every value, in the shape of the input (per element, or per sample for cross-entropy). */
    NONE,
    /** The mean of the values, a 0-d tensor: the default. */
    MEAN,
    /** The sum of the values, a 0-d tensor. */
    SUM;

    /** The reduction named {@code name}, refused with PyTorch's message (and the valid names) when there is none. */
    static Reduction of(String op, String name) {
        return switch (String.valueOf(name)) {
            case "none" -> NONE;
            case "mean" -> MEAN;
            case "sum" -> SUM;
            default -> throw new TensorException(op + ": " + name + " is not a valid value for reduction: "
                    + "reduction must be 'mean', 'sum' or 'none', got '" + name + "'");
        };
    }
}
