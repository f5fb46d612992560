package d2l.tensor;

import java.util.Arrays;
import java.util.List;

/** {@code cat} and {@code stack}: joining tensors along a dimension; the gradient is cut back into pieces. */
final class Joining {

    private Joining() {}

    /** Joins along an existing dimension; all other dimensions must agree. */
    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new TensorException("cat(): expected a non-empty list of Tensors");
        }
        Tensor first = tensors.get(0);
        if (first.dim() == 0) {
            throw new TensorException("cat(): zero-dimensional tensor (at position 0) cannot be concatenated");
        }
        int d = Shapes.dim(dim, first.dim());
        int[] shape = first.shape.clone();
        shape[d] = 0;
        DType type = first.dtype;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dim() != first.dim()) {
                throw new TensorException("cat(): Tensors must have same number of dimensions: got " + first.dim()
                        + " and " + t.dim() + " (shapes " + Shapes.toString(first.shape) + " and " + Shapes.toString(t.shape) + ")");
            }
            for (int k = 0; k < first.dim(); k++) {
                if (k != d && t.shape[k] != first.shape[k]) {
                    throw new TensorException("cat(): Sizes of tensors must match except in dimension " + d
                            + ". Expected size " + first.shape[k] + " but got size " + t.shape[k] + " for tensor number "
                            + i + " in the list (shapes " + Shapes.toString(first.shape) + " and " + Shapes.toString(t.shape) + ")");
                }
            }
            shape[d] += t.shape[d];
            type = DType.promote(type, t.dtype);
            if (t.dtype == DType.BOOL && type == DType.INT64 && first.dtype == DType.BOOL) {
                type = DType.BOOL;
            }
        }
        Tensor out = Tensor.wrap(new float[Shapes.numel(shape)], type, shape);
        int[] starts = new int[tensors.size()];
        int at = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            starts[i] = at;
            out.slice(d, at, at + t.shape[d], 1).copyFrom(t.values());
            at += t.shape[d];
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        return out.record("CatBackward0", g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = g.slice(d, starts[i], starts[i] + inputs[i].shape[d], 1).contiguous();
            }
            return grads;
        }, inputs);
    }

    /** Joins along a new dimension; all tensors must have the same shape. */
    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new TensorException("stack expects a non-empty TensorList");
        }
        int[] shape = tensors.get(0).shape;
        int d = Shapes.dim(dim, shape.length + 1);
        Tensor[] lifted = new Tensor[tensors.size()];
        for (int i = 0; i < lifted.length; i++) {
            Tensor t = tensors.get(i);
            if (!Arrays.equals(t.shape, shape)) {
                throw new TensorException("stack expects each tensor to be equal size, but got " + Shapes.toString(shape)
                        + " at entry 0 and " + Shapes.toString(t.shape) + " at entry " + i);
            }
            lifted[i] = t.unsqueeze(d);
        }
        return cat(Arrays.asList(lifted), d);
    }
}
