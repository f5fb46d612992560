package d2l.nn.functional;

import d2l.tensor.Size;
import d2l.tensor.Tensor;

/**
 * The 1-D slices of a contiguous tensor along one dimension, the ones softmax and cross-entropy
 * normalise: for shape {@code [before..., length, after...]} there are {@code prod(before) * prod(after)}
 * slices of {@code length} elements, each {@code stride = prod(after)} apart in row-major order.
 *
 * @param count  the number of slices
 * @param length the elements in each slice, the size of the dimension
 * @param stride the distance between neighbours in a slice
 */
record Slices(int count, int length, int stride) {

    /**
     * The slices of {@code x} along {@code dim} (negative counts from the end). A 0-d tensor is one
     * slice of one element, and takes dim 0 or -1, as in PyTorch.
     */
    static Slices along(Tensor x, int dim) {
        int[] shape = x.dim() == 0 ? new int[] {1} : x.shape().toArray();
        int length = Size.of(shape).get(dim);
        int d = Math.floorMod(dim, shape.length);
        int stride = 1;
        for (int i = d + 1; i < shape.length; i++) {
            stride *= shape[i];
        }
        int before = 1;
        for (int i = 0; i < d; i++) {
            before *= shape[i];
        }
        return new Slices(before * stride, length, stride);
    }

    /** The index of the first element of slice {@code slice}. */
    int start(int slice) {
        return slice / stride * length * stride + slice % stride;
    }

    /** {@code log sum_j exp(v_j)} over the slice starting at {@code base}, with the largest element subtracted first. */
    double logSumExp(float[] v, int base) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < length; c++) {
            max = Math.max(max, v[base + c * stride]);
        }
        if (Float.isInfinite(max)) {
            return max;
        }
        double sum = 0;
        for (int c = 0; c < length; c++) {
            sum += Math.exp(v[base + c * stride] - max);
        }
        return max + Math.log(sum);
    }
}
