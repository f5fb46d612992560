package d2l.nn;

import d2l.nn.functional.F;
import d2l.nn.init.Init;
import d2l.tensor.Memory;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import d2l.tensor.Torch;
import java.util.Locale;

/**
 * A fully connected layer {@code y = x W^T + b} with {@code W [out, in]}, initialised as PyTorch does:
 * W ~ kaiming-uniform(a = sqrt(5)), i.e. U(-1/sqrt(in), 1/sqrt(in)), and b ~ U(-1/sqrt(in), 1/sqrt(in)).
 */
public class Linear extends Module {

    protected final int outFeatures;
    protected final boolean hasBias;
    protected int inFeatures;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (outFeatures <= 0) {
            throw new TensorException("Linear: out_features must be positive, got " + outFeatures);
        }
        this.outFeatures = outFeatures;
        this.hasBias = bias;
        this.inFeatures = inFeatures;
        if (inFeatures > 0) {
            materialize(inFeatures);
        } else if (inFeatures == 0 || inFeatures < -1) {
            throw new TensorException("Linear: in_features must be positive, got " + inFeatures);
        }
    }

    /** Creates and initialises the parameters once the input size is known. */
    protected final void materialize(int in) {
        int[] shape = {outFeatures, in};
        float[] values = Memory.floats(name() + " weight", shape, String.format(Locale.ROOT, "its in_features, %,d, are all"
                + " the values per example that reach it (after Flatten): was a pooling layer or a stride left out? Without"
                + " them a network keeps the full input resolution (512 x 224 x 224 values in VGG) up to its first Linear"
                + " layer", in));
        inFeatures = in;
        Tensor weight = registerParameter("weight", Tensor.wrap(values, shape));
        Init.kaimingUniform_(weight, Math.sqrt(5));
        if (hasBias) {
            double bound = 1 / Math.sqrt(in);
            Init.uniform_(registerParameter("bias", Torch.zeros(outFeatures)), -bound, bound);
        }
    }

    /** True once the parameters exist: always, except for a {@link LazyLinear} before its first forward. */
    public boolean isInitialized() {
        return inFeatures > 0;
    }

    /** The weight {@code [out, in]}; a lazy layer before its first forward throws, as PyTorch does. */
    public Tensor weight() {
        return lazyParameter("weight", isInitialized());
    }

    /** The bias {@code [out]}, or null without one; a lazy layer before its first forward throws. */
    public Tensor bias() {
        return lazyParameter("bias", isInitialized() || !hasBias);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != inFeatures) {
            throw new TensorException(name() + ": expected input with " + inFeatures + " features in the last dimension, "
                    + "got shape " + x.shape() + (x.dim() > 2 ? " (add a Flatten layer before it?)" : ""));
        }
        return F.linear(x, weight(), bias());
    }

    /** As PyTorch, a lazy layer that has not seen an input yet shows {@code in_features=0}. */
    @Override
    protected String extraRepr() {
        return "in_features=" + Math.max(inFeatures, 0) + ", out_features=" + outFeatures + ", bias=" + (hasBias ? "True" : "False");
    }
}
