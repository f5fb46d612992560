package d2l.tensor;

import java.util.Arrays;

/**
 * A tensor's shape, printed the way PyTorch prints {@code X.shape}: {@code torch.Size([1, 6, 28, 28])}.
 * Immutable; {@code equals} compares the dimensions.
 */
public final class Size {

    private final int[] dims;

    Size(int[] dims) {
        this.dims = dims.clone();
    }

    /** A size from its dimensions, e.g. {@code Size.of(1, 6, 28, 28)}. */
    public static Size of(int... dims) {
        return new Size(dims);
    }

    /** The length of dimension {@code i}; negative {@code i} counts from the end. */
    public int get(int i) {
        int d = i < 0 ? i + dims.length : i;
        if (d < 0 || d >= dims.length) {
            throw new TensorException("Dimension out of range (expected to be in range of ["
                    + -dims.length + ", " + (dims.length - 1) + "], but got " + i + ")");
        }
        return dims[d];
    }

    /** The number of dimensions. */
    public int length() {
        return dims.length;
    }

    /** The number of elements a tensor of this size holds. */
    public int numel() {
        return Shapes.numel(dims);
    }

    /**
     * The multi-index of the element at {@code flat} in row-major order, e.g. element 5 of a
     * {@code [2, 3]} tensor is {@code [1, 2]}: what a message about one element of
     * {@code toArray()} shows the reader.
     */
    public int[] index(int flat) {
        if (flat < 0 || flat >= numel()) {
            throw new TensorException("index " + flat + " is out of bounds for " + numel() + " elements");
        }
        int[] index = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            index[d] = flat % dims[d];
            flat /= dims[d];
        }
        return index;
    }

    /** The dimensions as a new array. */
    public int[] toArray() {
        return dims.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Size s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return "torch.Size(" + Shapes.toString(dims) + ")";
    }
}
