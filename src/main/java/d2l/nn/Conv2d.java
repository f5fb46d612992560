package d2l.nn;

import d2l.nn.functional.Convolutions;
import d2l.nn.init.Init;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import d2l.tensor.Torch;

/**
 * A 2-D convolutional layer, {@code nn.Conv2d}: weight {@code [out, in/groups, kh, kw]} and an
 * optional bias {@code [out]}, initialised as PyTorch does (kaiming-uniform with a = sqrt(5), i.e.
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the bias from the same range). The output size in each
 * direction is {@code floor((n + 2p - k) / s) + 1}.
 *
 * <pre>{@code
 * new Conv2d(1, 6, 5).padding(2)                          // LeNet's first layer
 * new Conv2d(64, 64, 3).padding(1).stride(2).bias(false)  // options read like PyTorch's keywords
 * }</pre>
 */
public class Conv2d extends Module {

    protected int inChannels;
    protected final int outChannels;
    protected final int[] kernelSize;
    protected int[] stride = {1, 1};
    protected int[] padding = {0, 0};
    protected int groups = 1;
    protected boolean hasBias = true;

    public Conv2d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize});
    }

    public Conv2d(int inChannels, int outChannels, int[] kernelSize) {
        if (outChannels <= 0) {
            throw new TensorException(name() + ": out_channels must be positive, got " + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = Pair.of("Conv2d", "kernel_size", kernelSize);
        if (kernelSize.length == 0 || this.kernelSize[0] <= 0 || this.kernelSize[1] <= 0) {
            throw new TensorException("Conv2d: kernel_size must be positive, got " + Pair.toString(this.kernelSize));
        }
        if (inChannels > 0) {
            materialize(inChannels);
        } else if (inChannels != -1) {
            throw new TensorException("Conv2d: in_channels must be positive, got " + inChannels);
        }
    }

    /** Sets the stride (one int or (height, width)); returns this. */
    public Conv2d stride(int... stride) {
        this.stride = Pair.of(name(), "stride", stride);
        return this;
    }

    /** Sets the zero padding on each side (one int or (height, width)); returns this. */
    public Conv2d padding(int... padding) {
        this.padding = Pair.of(name(), "padding", padding);
        return this;
    }

    /** Splits the channels into groups that are convolved separately (ResNeXt); returns this. */
    public Conv2d groups(int groups) {
        if (groups < 1 || outChannels % groups != 0 || (inChannels > 0 && inChannels % groups != 0)) {
            throw new TensorException(name() + ": in_channels (" + inChannels + ") and out_channels (" + outChannels
                    + ") must both be divisible by groups (" + groups + ")");
        }
        this.groups = groups;
        if (inChannels > 0) {
            materialize(inChannels);
        }
        return this;
    }

    /** Switches the bias on or off; returns this. */
    public Conv2d bias(boolean bias) {
        this.hasBias = bias;
        if (inChannels > 0) {
            materialize(inChannels);
        } else if (!bias) {
            registerParameter("bias", null);
        }
        return this;
    }

    /** Creates and initialises the parameters for {@code in} input channels (PyTorch's reset_parameters). */
    protected final void materialize(int in) {
        inChannels = in;
        Tensor weight = registerParameter("weight", Torch.zeros(outChannels, in / groups, kernelSize[0], kernelSize[1]));
        Init.kaimingUniform_(weight, Math.sqrt(5));
        if (hasBias) {
            double bound = 1 / Math.sqrt(Init.fans(weight, "Conv2d")[0]);
            Init.uniform_(registerParameter("bias", Torch.zeros(outChannels)), -bound, bound);
        } else {
            registerParameter("bias", null);
        }
    }

    /** True once the parameters exist: always, except for a {@link LazyConv2d} before its first forward. */
    public boolean isInitialized() {
        return inChannels > 0;
    }

    /** The weight {@code [out, in/groups, kh, kw]}; a lazy layer before its first forward throws, as PyTorch does. */
    public Tensor weight() {
        return lazyParameter("weight", isInitialized());
    }

    /** The bias {@code [out]}, or null with {@code bias(false)}; a lazy layer before its first forward throws. */
    public Tensor bias() {
        return lazyParameter("bias", isInitialized() || !hasBias);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Convolutions.conv2d(name(), x, weight(), bias(), stride, padding, groups);
    }

    /** As PyTorch, a lazy layer that has not seen an input yet shows 0 input channels. */
    @Override
    protected String extraRepr() {
        return Math.max(inChannels, 0) + ", " + outChannels + ", kernel_size=" + Pair.toString(kernelSize) + ", stride="
                + Pair.toString(stride) + (padding[0] != 0 || padding[1] != 0 ? ", padding=" + Pair.toString(padding) : "")
                + (groups != 1 ? ", groups=" + groups : "") + (hasBias ? "" : ", bias=False");
    }
}
