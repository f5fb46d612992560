package d2l.nn;

import d2l.tensor.TensorException;

/** Kernel sizes, strides and paddings given as one int (used for both directions) or as (height, width). */
final class Pair {

    private Pair() {}

    static int[] of(String layer, String what, int... values) {
        int[] pair = switch (values.length) {
            case 1 -> new int[] {values[0], values[0]};
            case 2 -> values.clone();
            default -> throw new TensorException(layer + ": " + what + " must be one int or (height, width), got "
                    + values.length + " values");
        };
        return pair;
    }

    /** {@code (5, 5)}, as PyTorch prints tuples in module descriptions. */
    static String toString(int[] pair) {
        return "(" + pair[0] + ", " + pair[1] + ")";
    }
}
