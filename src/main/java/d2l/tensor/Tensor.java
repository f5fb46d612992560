package d2l.tensor;

import d2l.autograd.Engine;
import d2l.autograd.GradMode;
import d2l.autograd.Node;
import d2l.autograd.Profiler;
import d2l.kernels.Pointwise.Binary;
import d2l.kernels.Pointwise.Unary;
import java.util.Arrays;

/**
 * An n-dimensional array of floats that records the operations made on it, so gradients can be
 * computed by {@link #backward()}: the Java counterpart of {@code torch.Tensor}.
 *
 * <p>Memory layout: the elements live in a flat {@code float[] storage}; element
 * {@code (i0, i1, ..., ik)} is at {@code offset + i0*strides[0] + ... + ik*strides[k]}. A fresh
 * tensor is row-major (the last index moves fastest; images are NCHW). Views such as
 * {@link #transpose}, {@link #get(Object...)} slices, {@link #view} and {@link #select} share the
 * storage and only change offset, shape and strides, exactly where PyTorch's do.
 *
 * <p>Create tensors with the static methods of {@link Torch} ({@code tensor}, {@code zeros},
 * {@code arange}, {@code randn}, ...). Each operation's gradient is written next to its forward in
 * the class that implements it ({@link Arithmetic}, {@link Reductions}, {@link Views},
 * {@link LinearAlgebra}, {@link Joining}).
 */
public final class Tensor {

    final float[] storage;
    final int offset;
    final int[] shape;
    final int[] strides;
    final DType dtype;

    private boolean requiresGrad;
    private Tensor grad;
    /** Set by {@link #wrapUnshared}: nothing else holds the storage, so a leaf may keep this tensor as its grad. */
    private boolean unshared;
    GradFn gradFn;
    /** The tensor whose storage this view shares, or null for a tensor that owns its storage. */
    Tensor base;
    /** How many in-place writes the storage has had, shared by every view of it (PyTorch's version counter). */
    int[] version = {0};
    /** Why this tensor, not requiring grad, has no history, or null: for backward()'s message only. */
    Untracked untracked;

    Tensor(float[] storage, int offset, int[] shape, int[] strides, DType dtype) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.dtype = dtype;
    }

    /** A contiguous float32 tensor that takes ownership of {@code values} (no copy). */
    public static Tensor wrap(float[] values, int... shape) {
        return wrap(values, DType.FLOAT32, shape);
    }

    /**
     * A gradient that a backward step has just computed into {@code values}, which nothing else refers to.
     * The first leaf it reaches keeps it as its {@code grad} instead of a copy, as PyTorch's
     * AccumulateGrad steals a gradient no one else holds (a convolution's weight gradient: 45 MB a
     * ResNet-18 step); a second leaf that receives the same tensor gets a copy.
     */
    public static Tensor wrapUnshared(float[] values, int... shape) {
        Tensor t = wrap(values, shape);
        t.unshared = true;
        return t;
    }

    /** A contiguous tensor of the given type that takes ownership of {@code values} (no copy). */
    public static Tensor wrap(float[] values, DType dtype, int... shape) {
        int n = Shapes.numel(shape);
        if (values.length != n) {
            throw new TensorException("wrap: " + values.length + " values cannot fill shape " + Shapes.toString(shape)
                    + " (" + n + " elements)");
        }
        for (int d : shape) {
            if (d < 0) {
                throw new TensorException("wrap: negative dimension in shape " + Shapes.toString(shape));
            }
        }
        return new Tensor(values, 0, shape.clone(), Shapes.contiguousStrides(shape), dtype);
    }

    // ------------------------------------------------------------------ shape and type

    /** The shape, printed as PyTorch prints it: {@code torch.Size([2, 3])}. */
    public Size shape() {
        return new Size(shape);
    }

    /** The length of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return shape[Shapes.dim(dim, shape.length)];
    }

    /** The number of dimensions (0 for a scalar). */
    public int dim() {
        return shape.length;
    }

    /** The number of elements. */
    public int numel() {
        return Shapes.numel(shape);
    }

    public DType dtype() {
        return dtype;
    }

    /** True when the elements are laid out row-major with no gaps (a fresh tensor, or a view that happens to be). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    // ------------------------------------------------------------------ values

    /**
     * The elements in row-major order. When the tensor is contiguous and spans its whole storage this
     * is the storage itself, so treat it as read-only; otherwise it is a fresh copy.
     */
    public float[] values() {
        int n = numel();
        if (offset == 0 && storage.length == n && isContiguous()) {
            return storage;
        }
        float[] out = new float[n];
        copyTo(out);
        return out;
    }

    /** The elements in row-major order, always a fresh array. */
    public float[] toArray() {
        float[] v = values();
        return v == storage ? v.clone() : v;
    }

    /** The value of a one-element tensor, like PyTorch's {@code item()}. */
    public float item() {
        if (numel() != 1) {
            throw new TensorException("item(): a Tensor with " + numel() + " elements cannot be converted to Scalar (shape "
                    + Shapes.toString(shape) + ")");
        }
        return storage[offset];
    }

    /** Writes the elements, in row-major order, into {@code out}. */
    void copyTo(float[] out) {
        int rank = shape.length;
        int n = out.length;
        if (rank == 0) {
            if (n > 0) {
                out[0] = storage[offset];
            }
            return;
        }
        if (isContiguous()) {
            System.arraycopy(storage, offset, out, 0, n);
            return;
        }
        int[] index = new int[rank];
        int src = offset;
        int inner = shape[rank - 1];
        int innerStride = strides[rank - 1];
        for (int o = 0; o < n; o += inner) {
            if (innerStride == 1) {
                System.arraycopy(storage, src, out, o, inner);
            } else {
                for (int j = 0, s = src; j < inner; j++, s += innerStride) {
                    out[o + j] = storage[s];
                }
            }
            for (int d = rank - 2; d >= 0; d--) {
                index[d]++;
                src += strides[d];
                if (index[d] < shape[d]) {
                    break;
                }
                src -= index[d] * strides[d];
                index[d] = 0;
            }
        }
    }

    /** Overwrites the elements, in row-major order, from {@code values} (through this view's strides). */
    void copyFrom(float[] values) {
        int rank = shape.length;
        if (rank == 0) {
            storage[offset] = values[0];
            return;
        }
        if (isContiguous()) {
            // one copy, not one per innermost row (a 3x3 kernel's rows are 3 floats)
            System.arraycopy(values, 0, storage, offset, values.length);
            return;
        }
        int[] index = new int[rank];
        int dst = offset;
        int inner = shape[rank - 1];
        int innerStride = strides[rank - 1];
        for (int o = 0; o < values.length; o += inner) {
            if (innerStride == 1) {
                System.arraycopy(values, o, storage, dst, inner);
            } else {
                for (int j = 0, s = dst; j < inner; j++, s += innerStride) {
                    storage[s] = values[o + j];
                }
            }
            for (int d = rank - 2; d >= 0; d--) {
                index[d]++;
                dst += strides[d];
                if (index[d] < shape[d]) {
                    break;
                }
                dst -= index[d] * strides[d];
                index[d] = 0;
            }
        }
    }

    /** True when every element is within {@code atol + rtol * |other|} (defaults 1e-8 and 1e-5, as PyTorch). */
    public boolean allclose(Tensor other) {
        return allclose(other, 1e-5, 1e-8);
    }

    /** {@code |this - other| <= atol + rtol * |other|} for every element, after broadcasting. */
    public boolean allclose(Tensor other, double rtol, double atol) {
        int[] out = Shapes.broadcast("allclose", shape, other.shape);
        Tensor a = expand(out).contiguous();
        Tensor b = other.expand(out).contiguous();
        float[] x = a.values();
        float[] y = b.values();
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i]) || Float.isNaN(y[i])) {
                return false;
            }
            if (x[i] != y[i] && Math.abs((double) x[i] - y[i]) > atol + rtol * Math.abs((double) y[i])) {
                return false;
            }
        }
        return true;
    }

    /** True when shapes and every element are exactly equal, like {@code torch.equal}. */
    public boolean equal(Tensor other) {
        return Arrays.equals(shape, other.shape) && Arrays.equals(values(), other.values());
    }

    // ------------------------------------------------------------------ autograd

    /** Whether operations on this tensor are recorded so that gradients flow back to it. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Asks for gradients of this leaf tensor (PyTorch's {@code requires_grad_()}); returns this. */
    public Tensor requiresGrad_() {
        return requiresGrad_(true);
    }

    /** Switches gradient tracking of this leaf tensor on or off; returns this. */
    public Tensor requiresGrad_(boolean requires) {
        if (gradFn != null && !requires) {
            throw new TensorException("you can only change requires_grad flags of leaf variables; use detach() "
                    + "to get a tensor that does not require grad");
        }
        if (requires && dtype != DType.FLOAT32) {
            throw new TensorException("only tensors of floating point dtype can require gradients, this one is "
                    + dtype.torchName());
        }
        requiresGrad = requires;
        return this;
    }

    /** True for tensors made by the user rather than by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient dL/dthis of a leaf after {@link #backward()}, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it). */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new TensorException("assigned grad has data of a different size: grad " + Shapes.toString(g.shape)
                    + ", tensor " + Shapes.toString(shape));
        }
        grad = g;
    }

    /** Clears the gradient, as {@code zero_grad()} does (PyTorch sets it to None). */
    public void zeroGrad() {
        grad = null;
    }

    /** The recorded operation that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /**
     * Why this tensor, which does not require grad, has no history, in the words {@link #backward()}
     * uses (e.g. "the tensor has no history: it was filled with plain numbers (set(i, j, number)) ..."),
     * or null when nothing is known to have broken a graph. Not in PyTorch: for the workbook's checks.
     */
    public String untrackedReason() {
        return requiresGrad || untracked == null ? null : untracked.explanation();
    }

    /** Computes the gradient of this scalar with respect to every leaf that requires grad, adding into their {@link #grad()}. */
    public void backward() {
        if (numel() != 1) {
            throw new TensorException("grad can be implicitly created only for scalar outputs; this tensor has shape "
                    + Shapes.toString(shape) + " (call backward(gradient) with a gradient of that shape, or reduce it first, e.g. sum())");
        }
        backward(Torch.onesLike(this));
    }

    /** Backpropagates {@code gradient} (dL/dthis, same shape as this) through the recorded graph. */
    public void backward(Tensor gradient) {
        if (!requiresGrad) {
            String pytorch = "element 0 of tensors does not require grad and does not have a grad_fn";
            String advice = "call requiresGrad_() on the leaf tensors you want gradients for before computing with them";
            throw new TensorException(untracked == null ? pytorch + "; " + advice
                    : pytorch + ": " + untracked.explanation() + ". (If no input was meant to carry gradients, " + advice + ".)");
        }
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new TensorException("backward: mismatch in shape: grad_output has a shape of "
                    + Shapes.toString(gradient.shape) + " and output has a shape of " + Shapes.toString(shape));
        }
        receiveGradient(gradient.detach());
        if (gradFn != null) {
            Engine.run(gradFn);
        }
    }

    /** Called by the engine: adds a gradient contribution for this tensor. */
    void receiveGradient(Tensor g) {
        if (gradFn != null) {
            gradFn.accumulate(g);
        } else if (requiresGrad) {
            Tensor contribution = Arrays.equals(g.shape, shape) ? g : g.reshape(shape);
            if (grad == null && contribution.unshared) {
                contribution.unshared = false;
                grad = contribution;
            } else {
                grad = grad == null ? contribution.contiguous().cloneIfShared(contribution) : grad.add(contribution);
            }
        }
    }

    private Tensor cloneIfShared(Tensor source) {
        return this == source ? clone() : this;
    }

    /** Records {@code name} as the operation that made this output from {@code inputs}, if any input requires grad. */
    Tensor record(String name, Backward backward, Tensor... inputs) {
        boolean enabled = GradMode.isEnabled();
        for (Tensor input : inputs) {
            if (input != null && input.requiresGrad) {
                if (!enabled) {
                    untracked = Untracked.NO_GRAD;
                    return this;
                }
                requiresGrad = true;
                gradFn = new GradFn(name, inputs, backward);
                profile(name, inputs);
                return this;
            }
        }
        for (Tensor input : inputs) {
            if (input != null) {
                untracked = Untracked.first(untracked, input.untracked);
            }
        }
        return this;
    }

    /**
     * Makes this tensor, just overwritten in place, the output of a new operation on {@code inputs}.
     * An input that is this tensor itself stands for its value before the write: it is replaced by a
     * snapshot that keeps the old history, so the graph has no cycle.
     */
    void rebase(String name, Backward backward, Tensor... inputs) {
        Tensor previous = new Tensor(storage, offset, shape, strides, dtype);
        previous.version = version;
        previous.requiresGrad = requiresGrad;
        previous.gradFn = gradFn;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == this) {
                inputs[i] = previous;
            } else if (inputs[i] != null && inputs[i].gradFn != null) {
                inputs[i].gradFn.replaceInput(this, previous);
            }
        }
        requiresGrad = true;
        untracked = null;
        gradFn = new GradFn(name, inputs, backward);
        profile(name, inputs);
    }

    /** Tells an open {@link Profiler} that this tensor's operation was just recorded. */
    private void profile(String name, Tensor[] inputs) {
        if (Profiler.timing()) {
            int[][] inShapes = new int[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
                inShapes[i] = inputs[i] == null ? null : inputs[i].shape.clone();
            }
            Profiler.forward(gradFn, name, inShapes, shape.clone());
        }
    }

    /**
     * Marks tensors whose values this operation's backward reads (PyTorch's {@code save_for_backward}):
     * if one of them is overwritten in place before backward runs, backward fails instead of
     * computing a wrong gradient. Returns this.
     */
    public Tensor saveForBackward(Tensor... saved) {
        if (gradFn != null) {
            gradFn.save(saved);
        }
        return this;
    }

    /**
     * Makes {@code values} (shape {@code shape}, row-major) the output of a differentiable operation
     * whose gradient is {@code backward}: the way layers outside this package define new operations.
     */
    public static Tensor fromOperation(String name, float[] values, int[] shape, Backward backward, Tensor... inputs) {
        return wrap(values, shape).record(name, backward, inputs);
    }

    /** A tensor sharing this one's elements but cut off from the graph (PyTorch's {@code detach()}). */
    public Tensor detach() {
        Tensor d = new Tensor(storage, offset, shape, strides, dtype);
        d.version = version;
        d.untracked = requiresGrad ? Untracked.DETACHED : untracked;
        return d;
    }

    /** The same as {@link #detach()}: the book's {@code w.data}, used for in-place parameter updates. */
    public Tensor data() {
        return detach();
    }

    // ------------------------------------------------------------------ arithmetic (Arithmetic.java)

    public Tensor add(Tensor other) { return Arithmetic.binary(Binary.ADD, this, other); }
    public Tensor add(double other) { return add(Torch.scalar(other)); }
    public Tensor sub(Tensor other) { return Arithmetic.binary(Binary.SUB, this, other); }
    public Tensor sub(double other) { return sub(Torch.scalar(other)); }
    public Tensor mul(Tensor other) { return Arithmetic.binary(Binary.MUL, this, other); }
    public Tensor mul(double other) { return mul(Torch.scalar(other)); }
    public Tensor div(Tensor other) { return Arithmetic.binary(Binary.DIV, this, other); }
    public Tensor div(double other) { return div(Torch.scalar(other)); }
    public Tensor pow(Tensor exponent) { return Arithmetic.binary(Binary.POW, this, exponent); }
    public Tensor pow(double exponent) { return Arithmetic.pow(this, (float) exponent); }
    /** Elementwise maximum of two tensors (broadcast). */
    public Tensor maximum(Tensor other) { return Arithmetic.binary(Binary.MAXIMUM, this, other); }
    /** Elementwise minimum of two tensors (broadcast). */
    public Tensor minimum(Tensor other) { return Arithmetic.binary(Binary.MINIMUM, this, other); }
    public Tensor neg() { return Arithmetic.unary(Unary.NEG, this); }
    public Tensor exp() { return Arithmetic.unary(Unary.EXP, this); }
    public Tensor log() { return Arithmetic.unary(Unary.LOG, this); }
    public Tensor abs() { return Arithmetic.unary(Unary.ABS, this); }
    public Tensor sqrt() { return Arithmetic.unary(Unary.SQRT, this); }
    public Tensor sigmoid() { return Arithmetic.unary(Unary.SIGMOID, this); }
    public Tensor relu() { return Arithmetic.unary(Unary.RELU, this); }
    public Tensor tanh() { return Arithmetic.unary(Unary.TANH, this); }
    public Tensor sign() { return Arithmetic.unary(Unary.SIGN, this); }

    // comparisons give BOOL tensors, as in PyTorch
    public Tensor eq(Tensor other) { return Arithmetic.binary(Binary.EQ, this, other); }
    public Tensor eq(double other) { return eq(Torch.scalar(other)); }
    public Tensor ne(Tensor other) { return Arithmetic.binary(Binary.NE, this, other); }
    public Tensor ne(double other) { return ne(Torch.scalar(other)); }
    public Tensor lt(Tensor other) { return Arithmetic.binary(Binary.LT, this, other); }
    public Tensor lt(double other) { return lt(Torch.scalar(other)); }
    public Tensor le(Tensor other) { return Arithmetic.binary(Binary.LE, this, other); }
    public Tensor le(double other) { return le(Torch.scalar(other)); }
    public Tensor gt(Tensor other) { return Arithmetic.binary(Binary.GT, this, other); }
    public Tensor gt(double other) { return gt(Torch.scalar(other)); }
    public Tensor ge(Tensor other) { return Arithmetic.binary(Binary.GE, this, other); }
    public Tensor ge(double other) { return ge(Torch.scalar(other)); }

    /** The same values as another element type ({@code .float()}, {@code .long()}, {@code .bool()} in PyTorch). */
    public Tensor to(DType type) {
        return Arithmetic.convert(this, type);
    }

    // ------------------------------------------------------------------ in-place (trailing underscore, as in PyTorch)

    /** {@code this += other}, in place; returns this. */
    public Tensor add_(Tensor other) { return InPlace.apply("AddBackward0", this, add(other)); }
    public Tensor add_(double other) { return InPlace.apply("AddBackward0", this, add(other)); }
    /**
     * {@code this += alpha * other}, in place; returns this: PyTorch's {@code add_(other, alpha=...)},
     * the optimizers' update {@code p.add_(grad, -lr)}, which makes no temporaries when nothing is recorded.
     */
    public Tensor add_(Tensor other, double alpha) { return InPlace.addScaled(this, other, alpha); }
    /** {@code this -= other}, in place; returns this (the book's {@code w.data[:] -= lr * w.grad}). */
    public Tensor sub_(Tensor other) { return InPlace.apply("SubBackward0", this, sub(other)); }
    public Tensor sub_(double other) { return InPlace.apply("SubBackward0", this, sub(other)); }
    /** {@code this *= other}, in place; returns this. */
    public Tensor mul_(Tensor other) { return InPlace.applyUntracked("MulBackward0", this, mul(other)); }
    public Tensor mul_(double other) { return InPlace.scale(this, other); }
    /** {@code this /= other}, in place; returns this. */
    public Tensor div_(Tensor other) { return InPlace.applyUntracked("DivBackward0", this, div(other)); }
    public Tensor div_(double other) { return InPlace.applyUntracked("DivBackward0", this, div(other)); }
    /** Copies {@code source} (broadcast to this shape) into this tensor; returns this. */
    public Tensor copy_(Tensor source) { return InPlace.copy(this, source); }
    /** Sets every element to {@code value}; returns this. */
    public Tensor fill_(double value) { return InPlace.copy(this, Torch.scalar(value)); }
    /** Sets every element to zero; returns this. */
    public Tensor zero_() { return fill_(0); }
    /** Fills with uniform random values in {@code [from, to)} from the global generator; returns this. */
    public Tensor uniform_(double from, double to) { return InPlace.fill(this, values -> Generator.global().uniform(values, from, to)); }
    /** Fills with normal random values from the global generator; returns this. */
    public Tensor normal_(double mean, double std) { return InPlace.fill(this, values -> Generator.global().normal(values, mean, std)); }

    // ------------------------------------------------------------------ reductions (Reductions.java)

    /** The sum of all elements, a 0-d tensor. */
    public Tensor sum() { return Reductions.sum(this, null, false); }
    /** The sum along {@code dim}, which is removed unless {@code keepdim}. */
    public Tensor sum(int dim) { return Reductions.sum(this, new int[] {dim}, false); }
    public Tensor sum(int dim, boolean keepdim) { return Reductions.sum(this, new int[] {dim}, keepdim); }
    /** The sum along several dimensions. */
    public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim); }
    /** The mean of all elements. */
    public Tensor mean() { return Reductions.mean(this, null, false); }
    public Tensor mean(int dim) { return Reductions.mean(this, new int[] {dim}, false); }
    public Tensor mean(int dim, boolean keepdim) { return Reductions.mean(this, new int[] {dim}, keepdim); }
    public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }
    /** The largest element. */
    public Tensor max() { return Reductions.extreme(this, true); }
    /** The largest values along {@code dim} (PyTorch's {@code max(dim).values}). */
    public Tensor max(int dim) { return Reductions.extreme(this, dim, false, true); }
    public Tensor max(int dim, boolean keepdim) { return Reductions.extreme(this, dim, keepdim, true); }
    /** The smallest element. */
    public Tensor min() { return Reductions.extreme(this, false); }
    public Tensor min(int dim) { return Reductions.extreme(this, dim, false, false); }
    public Tensor min(int dim, boolean keepdim) { return Reductions.extreme(this, dim, keepdim, false); }
    /** The flat index of the largest element (INT64). */
    public Tensor argmax() { return Reductions.argExtreme(this, null, false, true); }
    /** The index of the largest value along {@code dim} (INT64; the first one on ties). */
    public Tensor argmax(int dim) { return Reductions.argExtreme(this, dim, false, true); }
    public Tensor argmax(int dim, boolean keepdim) { return Reductions.argExtreme(this, dim, keepdim, true); }
    public Tensor argmin() { return Reductions.argExtreme(this, null, false, false); }
    public Tensor argmin(int dim) { return Reductions.argExtreme(this, dim, false, false); }
    public Tensor argmin(int dim, boolean keepdim) { return Reductions.argExtreme(this, dim, keepdim, false); }

    // ------------------------------------------------------------------ linear algebra (LinearAlgebra.java)

    /** Matrix product with PyTorch's rules for 1-D, 2-D and batched operands. */
    public Tensor matmul(Tensor other) { return LinearAlgebra.matmul(this, other); }

    // ------------------------------------------------------------------ views and reshaping (Views.java)

    /** The same elements in a new shape (one dimension may be -1); a view when possible, else a copy. */
    public Tensor reshape(int... newShape) { return Views.reshape(this, newShape, false); }
    /** Like reshape to {@code size} (for {@code Y.reshape(Y.shape[2:])}-style code). */
    public Tensor reshape(Size size) { return reshape(size.toArray()); }
    /** A view with a new shape; the tensor must be contiguous. */
    public Tensor view(int... newShape) { return Views.reshape(this, newShape, true); }
    /** The transpose of a 2-D tensor (a view). */
    public Tensor t() { return Views.t(this); }
    /** Swaps two dimensions (a view). */
    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }
    /** Reorders the dimensions (a view). */
    public Tensor permute(int... dims) { return Views.permute(this, dims); }
    /** All dimensions flattened into one. */
    public Tensor flatten() { return flatten(0, -1); }
    /** Dimensions from {@code startDim} on flattened into one, as {@code nn.Flatten} does with 1. */
    public Tensor flatten(int startDim) { return flatten(startDim, -1); }
    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }
    /** Inserts a dimension of length 1 at {@code dim} (a view). */
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    /** Removes every dimension of length 1 (a view). */
    public Tensor squeeze() { return Views.squeeze(this, null); }
    /** Removes {@code dim} if its length is 1 (a view). */
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
    /** Repeats dimensions of length 1 to a larger shape without copying (-1 keeps a dimension). */
    public Tensor expand(int... sizes) { return Views.expand(this, sizes); }
    /** Picks index {@code index} of dimension {@code dim}, removing that dimension (a view; {@code X[i]} for dim 0). */
    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }
    /** Elements {@code start, start+step, ... < end} of dimension {@code dim} (a view). */
    public Tensor slice(int dim, int start, int end, int step) { return Views.slice(this, dim, start, end, step); }
    /** A contiguous tensor with the same values: this one if it already is. */
    public Tensor contiguous() { return isContiguous() ? this : Views.copy(this, "CloneBackward0"); }
    /** A copy with its own storage (recorded, so gradients flow through it). */
    @Override
    public Tensor clone() { return Views.copy(this, "CloneBackward0"); }

    // ------------------------------------------------------------------ indexing (Indexing.java)

    /**
     * {@code X[...]}: a view picked by indices. Each argument is an {@code int} (picks one index and
     * removes the dimension), a {@link Slice} such as {@code Torch.slice(2, 6)}, or one string in
     * Python syntax: {@code X.get(":, 2:6")}, {@code X.get("0")}, {@code X.get("..., -1")}.
     */
    public Tensor get(Object... indices) {
        return Indexing.get(this, indices);
    }

    /**
     * {@code X[...] = value}: the indices as in {@link #get(Object...)}, followed by the value, a number
     * or a tensor broadcast to the selected shape. {@code X.set(":, 2:6", 0)} is the book's
     * {@code X[:, 2:6] = 0}; {@code Y.set(i, j, v)} is {@code Y[i, j] = v}. Returns this.
     */
    public Tensor set(Object... indicesThenValue) {
        return Indexing.set(this, indicesThenValue);
    }

    // ------------------------------------------------------------------ printing

    /** What PyTorch prints for the same tensor, e.g. {@code tensor([[19., 25.],\n        [37., 43.]])}. */
    @Override
    public String toString() {
        String suffix = gradFn != null ? "grad_fn=<" + gradFn.name() + ">" : requiresGrad ? "requires_grad=True" : null;
        float[] v = numel() > 0 ? values() : new float[0];
        return suffix == null ? TensorFormat.format(v, shape, dtype) : TensorFormat.format(v, shape, dtype, suffix);
    }
}
