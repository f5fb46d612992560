package d2l.tensor;

import d2l.autograd.GradMode;
import d2l.kernels.Pointwise;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * In-place writes ({@code add_}, {@code sub_}, {@code copy_}, {@code X[:, 2:6] = 0}). The new values
 * are written through the tensor's own strides, so every view of the same storage sees them, as in
 * PyTorch. Under autograd the tensor's history is rebased onto the write, which is what lets
 * {@code Y[i, j] = (X[i:i+h, j:j+w] * K).sum()} carry gradients back to K.
 */
final class InPlace {

    private InPlace() {}

    /**
     * Overwrites {@code target} with {@code result}, computed out of place from it by an operation
     * whose backward does not read the old values of {@code target} (add, sub).
     */
    static Tensor apply(String name, Tensor target, Tensor result) {
        checkWritable(name, target, result.requiresGrad());
        if (!Arrays.equals(result.shape, target.shape)) {
            throw new TensorException(name + ": output with shape " + Shapes.toString(target.shape)
                    + " doesn't match the broadcast shape " + Shapes.toString(result.shape));
        }
        target.copyFrom(result.values());
        target.version[0]++;
        if (result.requiresGrad() && GradMode.isEnabled()) {
            target.rebase(name, g -> new Tensor[] {g}, result);
        }
        return target;
    }

    /**
     * {@code target += alpha * other} ({@code add_(other, alpha)}). When nothing is recorded and both are
     * contiguous tensors of one shape and type, in one pass over the storage; otherwise as
     * {@code add_(other.mul(alpha))}. The same bits either way.
     */
    static Tensor addScaled(Tensor target, Tensor other, double alpha) {
        if (recorded(target, other) || !sameLayout(target, other)) {
            return apply("AddBackward0", target, target.add(other.mul(alpha)));
        }
        Pointwise.addScaledInPlace(target.storage, target.offset, other.storage, other.offset, target.numel(), (float) alpha);
        target.version[0]++;
        return target;
    }

    /** {@code target *= factor} ({@code mul_(factor)}): in one pass when nothing is recorded and it is contiguous. */
    static Tensor scale(Tensor target, double factor) {
        if (recorded(target, target) || !target.isContiguous() || target.dtype != DType.FLOAT32) {
            return applyUntracked("MulBackward0", target, target.mul(Torch.scalar(factor)));
        }
        Pointwise.scaleInPlace(target.storage, target.offset, target.numel(), (float) factor);
        target.version[0]++;
        return target;
    }

    private static boolean recorded(Tensor target, Tensor other) {
        return GradMode.isEnabled() && (target.requiresGrad() || other.requiresGrad());
    }

    /**
     * Both contiguous float32 of one shape, and not two different windows on one storage (where an
     * element written early could be read later as the other operand).
     */
    private static boolean sameLayout(Tensor target, Tensor other) {
        return Arrays.equals(target.shape, other.shape) && target.isContiguous() && other.isContiguous()
                && target.dtype == DType.FLOAT32 && other.dtype == DType.FLOAT32
                && (target.storage != other.storage || target.offset == other.offset);
    }

    /**
     * Overwrites {@code target} with {@code result} for operations whose gradient needs the old
     * values (mul, div): allowed only when nothing is recorded.
     */
    static Tensor applyUntracked(String name, Tensor target, Tensor result) {
        if (GradMode.isEnabled() && result.requiresGrad()) {
            throw new TensorException(name + " in place is not supported on tensors that require grad (its gradient "
                    + "needs the overwritten values); use the out-of-place form, e.g. y = y.mul(x)");
        }
        return apply(name, target, result);
    }

    /** {@code target = source}, with source broadcast to the target's shape. */
    static Tensor copy(Tensor target, Tensor source) {
        checkWritable("copy_", target, source.requiresGrad());
        checkBroadcastable("copy_", source, target);
        target.copyFrom(source.detach().expand(target.shape).contiguous().values());
        target.version[0]++;
        if (GradMode.isEnabled() && (source.requiresGrad() || target.requiresGrad())) {
            target.rebase("CopyBackwards", g -> new Tensor[] {null, Arithmetic.sumTo(g, source.shape)}, null, source);
        } else if (!target.requiresGrad()) {
            target.untracked = Untracked.first(target.untracked, source.untracked);
        }
        return target;
    }

    /** {@code whole[index] = source}: writes into the region {@code region} of {@code whole} picks. */
    static Tensor copyInto(Tensor whole, Object[] index, Tensor region, Tensor source) {
        checkWritable("index assignment", whole, source.requiresGrad());
        checkBroadcastable("index assignment", source, region);
        region.copyFrom(source.detach().expand(region.shape).contiguous().values());
        whole.version[0]++;
        if (GradMode.isEnabled() && (source.requiresGrad() || whole.requiresGrad())) {
            // the overwritten region gets no gradient from before the write; the value gets the region's gradient
            whole.rebase("CopySlices", g -> {
                Tensor before = g.clone();
                Indexing.get(before, index).zero_();
                return new Tensor[] {before, Arithmetic.sumTo(Indexing.get(g, index), source.shape)};
            }, whole, source);
        } else if (!whole.requiresGrad()) {
            whole.untracked = Untracked.first(whole.untracked, source.untracked);
        }
        return whole;
    }

    /** Fills {@code target} with values made by {@code generator} (random initialisation). */
    static Tensor fill(Tensor target, Consumer<float[]> generator) {
        checkWritable("fill", target, false);
        float[] values = new float[target.numel()];
        generator.accept(values);
        target.copyFrom(values);
        target.version[0]++;
        return target;
    }

    private static void checkBroadcastable(String name, Tensor source, Tensor target) {
        int[] shape;
        try {
            shape = Shapes.broadcast("copy_", source.shape, target.shape);
        } catch (TensorException e) {
            shape = null;
        }
        if (shape == null || !Arrays.equals(shape, target.shape)) {
            throw new TensorException(name + ": the value of shape " + Shapes.toString(source.shape)
                    + " cannot be broadcast to the destination of shape " + Shapes.toString(target.shape));
        }
    }

    private static void checkWritable(String name, Tensor target, boolean sourceRequiresGrad) {
        if (!GradMode.isEnabled()) {
            return;
        }
        if (target.requiresGrad() && target.isLeaf()) {
            throw new TensorException("a leaf Variable that requires grad is being used in an in-place operation ("
                    + name + "); update parameters inside GradMode.noGrad(...) or through w.data()");
        }
        if (target.base != null && (target.requiresGrad() || sourceRequiresGrad)) {
            throw new TensorException(name + " on a view of a tensor that takes part in autograd is not supported; "
                    + "assign through the whole tensor instead, e.g. Y.set(i, j, value)");
        }
    }
}
