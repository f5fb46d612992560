package d2l.nn;

import d2l.nn.functional.Pools;
import d2l.tensor.Tensor;

/**
 * Max pooling over windows of the last two dimensions, {@code nn.MaxPool2d}: the stride defaults to
 * the window size and padding counts as -inf. {@code new MaxPool2d(3).padding(1).stride(2)}.
 */
public class MaxPool2d extends Module {

    private final int[] kernelSize;
    private int[] stride;
    private int[] padding = {0, 0};

    public MaxPool2d(int... kernelSize) {
        this.kernelSize = Pair.of("MaxPool2d", "kernel_size", kernelSize);
        this.stride = this.kernelSize.clone();
    }

    public MaxPool2d stride(int... stride) {
        this.stride = Pair.of(name(), "stride", stride);
        return this;
    }

    public MaxPool2d padding(int... padding) {
        this.padding = Pair.of(name(), "padding", padding);
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pools.maxPool2d(name(), x, kernelSize, stride, padding);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + PoolRepr.of(kernelSize) + ", stride=" + PoolRepr.of(stride) + ", padding="
                + PoolRepr.of(padding) + ", dilation=1, ceil_mode=False";
    }
}
