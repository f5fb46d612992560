package d2l.nn;

import d2l.tensor.Tensor;
import d2l.tensor.TensorException;

/**
 * A {@link Conv2d} that reads its input channels from the first input it sees, like
 * {@code nn.LazyConv2d(6, kernel_size=5, padding=2)}; once initialised it is named Conv2d, as the
 * book's layer summaries show.
 */
public class LazyConv2d extends Conv2d {

    public LazyConv2d(int outChannels, int kernelSize) {
        super(-1, outChannels, kernelSize);
    }

    public LazyConv2d(int outChannels, int[] kernelSize) {
        super(-1, outChannels, kernelSize);
    }

    @Override
    public LazyConv2d stride(int... stride) {
        super.stride(stride);
        return this;
    }

    @Override
    public LazyConv2d padding(int... padding) {
        super.padding(padding);
        return this;
    }

    @Override
    public LazyConv2d groups(int groups) {
        super.groups(groups);
        return this;
    }

    @Override
    public LazyConv2d bias(boolean bias) {
        super.bias(bias);
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isInitialized()) {
            if (x.dim() != 4) {
                throw new TensorException(name() + ": expected a 4-D input [batch, channels, height, width], got shape "
                        + x.shape());
            }
            if (x.size(1) % groups != 0) {
                throw new TensorException(name() + ": input channels (" + x.size(1) + ") must be divisible by groups ("
                        + groups + ")");
            }
            materialize(x.size(1));
        }
        return super.forward(x);
    }

    @Override
    public String name() {
        return isInitialized() ? "Conv2d" : "LazyConv2d";
    }
}
