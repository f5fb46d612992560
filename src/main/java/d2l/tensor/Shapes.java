package d2l.tensor;

import java.util.Arrays;

/** Arithmetic on shapes and strides: element counts, row-major strides, broadcasting, dimension checks. */
final class Shapes {

    private Shapes() {}

    static int numel(int[] shape) {
        long n = numelExact(shape);
        if (n > Integer.MAX_VALUE) {
            throw new TensorException("a tensor of shape " + toString(shape) + " has " + n
                    + " elements, more than the 2^31-1 a Java array can hold");
        }
        return (int) n;
    }

    /** The number of elements as a long (it may be past what an array holds); a huge product saturates at Long.MAX_VALUE. */
    static long numelExact(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = d != 0 && n > Long.MAX_VALUE / Math.abs(d) ? Long.MAX_VALUE : n * d;
        }
        return n;
    }

    /** Row-major strides: the last dimension is contiguous. */
    static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** {@code [1, 6, 28, 28]}, the way PyTorch lists a shape. */
    static String toString(int[] shape) {
        return Arrays.toString(shape);
    }

    /** A dimension index in {@code [0, rank)}, allowing negatives from the end as PyTorch does. */
    static int dim(int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new TensorException("Dimension out of range (expected to be in range of [" + -r + ", "
                    + (r - 1) + "], but got " + dim + ")");
        }
        return dim < 0 ? dim + r : dim;
    }

    /**
     * The shape two operands broadcast to: dimensions are aligned from the right and each pair must be
     * equal or contain a 1.
     */
    static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new TensorException(op + ": the size of tensor a (" + da + ") must match the size of tensor b ("
                        + db + ") at non-singleton dimension " + i + "; shapes " + toString(a) + " and "
                        + toString(b) + " cannot be broadcast together");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read an operand of {@code shape} as if it had the broadcast {@code outShape} (stride 0 on repeats). */
    static int[] broadcastStrides(int[] shape, int[] strides, int[] outShape) {
        int[] result = new int[outShape.length];
        int shift = outShape.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            result[i + shift] = shape[i] == 1 && outShape[i + shift] != 1 ? 0 : strides[i];
        }
        return result;
    }

    /** Resolves a single -1 in a requested shape from the element count, as reshape/view do. */
    static int[] inferShape(String op, int[] requested, int numel) {
        int[] shape = requested.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (inferred >= 0) {
                    throw new TensorException(op + ": only one dimension can be inferred, got " + toString(requested));
                }
                inferred = i;
            } else if (shape[i] < 0) {
                throw new TensorException(op + ": invalid shape dimension " + shape[i] + " in " + toString(requested));
            } else {
                known *= shape[i];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new TensorException(op + ": shape '" + toString(requested) + "' is invalid for input of size " + numel);
            }
            shape[inferred] = (int) (numel / known);
        } else if (known != numel) {
            throw new TensorException(op + ": shape '" + toString(requested) + "' is invalid for input of size " + numel);
        }
        return shape;
    }
}
