package d2l.tensor;

import java.util.Arrays;

/**
 * Operations that only change how the same storage is read (shape, strides, offset): reshape, view,
 * transpose, permute, select, slice, squeeze, unsqueeze, expand. Their gradients move the incoming
 * gradient back to the input's layout.
 */
final class Views {

    private Views() {}

    /** A view of {@code x}'s storage with another layout; it remembers its base for in-place checks. */
    static Tensor view(Tensor x, int offset, int[] shape, int[] strides) {
        Tensor v = new Tensor(x.storage, offset, shape, strides, x.dtype);
        v.base = x.base != null ? x.base : x;
        v.version = x.version;
        return v;
    }

    static Tensor reshape(Tensor x, int[] requested, boolean mustBeView) {
        String op = mustBeView ? "view" : "reshape";
        int[] shape = Shapes.inferShape(op, requested, x.numel());
        Tensor y;
        if (x.isContiguous()) {
            y = view(x, x.offset, shape, Shapes.contiguousStrides(shape));
        } else if (mustBeView) {
            throw new TensorException("view size is not compatible with input tensor's size and stride (at least one "
                    + "dimension spans across two contiguous subspaces); the input of shape " + Shapes.toString(x.shape)
                    + " is not contiguous. Use .reshape(...) instead.");
        } else {
            Tensor c = copy(x.detach(), "CloneBackward0");
            y = new Tensor(c.storage, 0, shape, Shapes.contiguousStrides(shape), x.dtype);
        }
        int[] inputShape = x.shape;
        return y.record(mustBeView ? "ViewBackward0" : "ReshapeAliasBackward0",
                g -> new Tensor[] {g.reshape(inputShape)}, x);
    }

    static Tensor t(Tensor x) {
        if (x.dim() > 2) {
            throw new TensorException("t() expects a tensor with <= 2 dimensions, but self is " + x.dim()
                    + "D (shape " + Shapes.toString(x.shape) + "); use transpose(dim0, dim1) or permute");
        }
        return x.dim() < 2 ? x : transpose(x, 0, 1);
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        String op = "transpose(" + dim0 + ", " + dim1 + ")";
        int a = checkedDim(op, dim0, x.dim(), x);
        int b = checkedDim(op, dim1, x.dim(), x);
        int[] order = new int[x.dim()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[a] = b;
        order[b] = a;
        return permuteView(x, order, "TransposeBackward0");
    }

    static Tensor permute(Tensor x, int[] dims) {
        if (dims.length != x.dim()) {
            throw new TensorException("permute: number of dimensions in the tensor input does not match the length of "
                    + "the desired ordering of dimensions i.e. input.dim() = " + x.dim() + " is not equal to len(dims) = "
                    + dims.length);
        }
        int[] order = new int[dims.length];
        boolean[] used = new boolean[dims.length];
        for (int i = 0; i < dims.length; i++) {
            order[i] = checkedDim("permute" + Arrays.toString(dims), dims[i], x.dim(), x);
            if (used[order[i]]) {
                throw new TensorException("permute: repeated dim " + dims[i] + " in " + Arrays.toString(dims));
            }
            used[order[i]] = true;
        }
        return permuteView(x, order, "PermuteBackward0");
    }

    private static Tensor permuteView(Tensor x, int[] order, String name) {
        int[] shape = new int[order.length];
        int[] strides = new int[order.length];
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            shape[i] = x.shape[order[i]];
            strides[i] = x.strides[order[i]];
            inverse[order[i]] = i;
        }
        return view(x, x.offset, shape, strides).record(name, g -> new Tensor[] {g.permute(inverse)}, x);
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.dim() == 0) {
            return reshape(x, new int[] {1}, false);
        }
        int s = checkedDim("flatten", startDim, x.dim(), x);
        int e = checkedDim("flatten", endDim, x.dim(), x);
        if (s > e) {
            throw new TensorException("flatten() has invalid args: start_dim (" + startDim
                    + ") cannot come after end_dim (" + endDim + ")");
        }
        int[] shape = new int[x.dim() - (e - s)];
        int k = 0;
        for (int i = 0; i < s; i++) {
            shape[k++] = x.shape[i];
        }
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= x.shape[i];
        }
        shape[k++] = merged;
        for (int i = e + 1; i < x.dim(); i++) {
            shape[k++] = x.shape[i];
        }
        return reshape(x, shape, false);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = checkedDim("unsqueeze(" + dim + ")", dim, x.dim() + 1, x);
        int[] shape = new int[x.dim() + 1];
        int[] strides = new int[x.dim() + 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = j < x.dim() ? x.strides[j] * x.shape[j] : 1;
            } else {
                shape[i] = x.shape[j];
                strides[i] = x.strides[j];
                j++;
            }
        }
        int[] inputShape = x.shape;
        return view(x, x.offset, shape, strides).record("UnsqueezeBackward0", g -> new Tensor[] {g.reshape(inputShape)}, x);
    }

    static Tensor squeeze(Tensor x, Integer dim) {
        int only = dim == null ? -1 : checkedDim("squeeze(" + dim + ")", dim, x.dim(), x);
        int count = 0;
        for (int i = 0; i < x.dim(); i++) {
            if (!(x.shape[i] == 1 && (only < 0 || only == i))) {
                count++;
            }
        }
        int[] shape = new int[count];
        int[] strides = new int[count];
        for (int i = 0, j = 0; i < x.dim(); i++) {
            if (!(x.shape[i] == 1 && (only < 0 || only == i))) {
                shape[j] = x.shape[i];
                strides[j++] = x.strides[i];
            }
        }
        int[] inputShape = x.shape;
        return view(x, x.offset, shape, strides).record("SqueezeBackward0", g -> new Tensor[] {g.reshape(inputShape)}, x);
    }

    static Tensor expand(Tensor x, int[] sizes) {
        if (sizes.length < x.dim()) {
            throw new TensorException("expand: the number of sizes provided (" + sizes.length + ") must be greater or "
                    + "equal to the number of dimensions in the tensor (" + x.dim() + ")");
        }
        int lead = sizes.length - x.dim();
        int[] shape = new int[sizes.length];
        int[] strides = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int own = i < lead ? 1 : x.shape[i - lead];
            int want = sizes[i] == -1 ? own : sizes[i];
            if (own != want && own != 1) {
                throw new TensorException("The expanded size of the tensor (" + want + ") must match the existing size ("
                        + own + ") at non-singleton dimension " + i + ".  Target sizes: " + Shapes.toString(sizes)
                        + ".  Tensor sizes: " + Shapes.toString(x.shape));
            }
            shape[i] = want;
            strides[i] = i < lead || (own == 1 && want != 1) ? 0 : x.strides[i - lead];
        }
        if (Arrays.equals(shape, x.shape)) {
            return x;
        }
        int[] inputShape = x.shape;
        return view(x, x.offset, shape, strides).record("ExpandBackward0", g -> new Tensor[] {Arithmetic.sumTo(g, inputShape)}, x);
    }

    static Tensor select(Tensor x, int dim, int index) {
        if (x.dim() == 0) {
            throw new TensorException("select() cannot be applied to a 0-dim tensor");
        }
        int d = checkedDim("select(" + dim + ", " + index + ")", dim, x.dim(), x);
        int i = index < 0 ? index + x.shape[d] : index;
        if (i < 0 || i >= x.shape[d]) {
            throw new TensorException("index " + index + " is out of bounds for dimension " + d + " with size " + x.shape[d]
                    + " (tensor of shape " + Shapes.toString(x.shape) + ")");
        }
        int[] shape = new int[x.dim() - 1];
        int[] strides = new int[x.dim() - 1];
        for (int k = 0, j = 0; k < x.dim(); k++) {
            if (k != d) {
                shape[j] = x.shape[k];
                strides[j++] = x.strides[k];
            }
        }
        int[] inputShape = x.shape;
        return view(x, x.offset + i * x.strides[d], shape, strides).record("SelectBackward0", g -> {
            Tensor full = Torch.zeros(inputShape);
            full.select(d, i).copy_(g);
            return new Tensor[] {full};
        }, x);
    }

    /** Python slice semantics: start and end are clamped into range, negatives count from the end. */
    static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        if (x.dim() == 0) {
            throw new TensorException("slice() cannot be applied to a 0-dim tensor");
        }
        if (step <= 0) {
            throw new TensorException("slice step must be positive, got " + step);
        }
        int d = checkedDim("slice", dim, x.dim(), x);
        int n = x.shape[d];
        int s = clamp(start < 0 ? start + n : start, n);
        int e = clamp(end < 0 ? end + n : end, n);
        int length = e > s ? (e - s + step - 1) / step : 0;
        int[] shape = x.shape.clone();
        int[] strides = x.strides.clone();
        shape[d] = length;
        strides[d] = x.strides[d] * step;
        int[] inputShape = x.shape;
        return view(x, x.offset + s * x.strides[d], shape, strides).record("SliceBackward0", g -> {
            Tensor full = Torch.zeros(inputShape);
            full.slice(d, s, e, step).copy_(g);
            return new Tensor[] {full};
        }, x);
    }

    /** {@link Shapes#dim}, with the operation and the tensor's shape added to the message of a bad dimension. */
    private static int checkedDim(String op, int dim, int rank, Tensor x) {
        try {
            return Shapes.dim(dim, rank);
        } catch (TensorException e) {
            throw new TensorException(op + ": " + e.getMessage() + " for a tensor of shape " + Shapes.toString(x.shape));
        }
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(i, n));
    }

    /** A contiguous copy with its own storage; the gradient passes through unchanged. */
    static Tensor copy(Tensor x, String name) {
        float[] values = new float[x.numel()];
        x.copyTo(values);
        return new Tensor(values, 0, x.shape.clone(), Shapes.contiguousStrides(x.shape), x.dtype)
                .record(name, g -> new Tensor[] {g}, x);
    }
}
