package d2l.nn;

import d2l.nn.functional.Pools;
import d2l.tensor.Tensor;

/**
 * Average pooling, {@code nn.AvgPool2d}: the stride defaults to the window size, and padded zeros
 * count in the divisor ({@code count_include_pad=True}, PyTorch's default).
 */
public class AvgPool2d extends Module {

    private final int[] kernelSize;
    private int[] stride;
    private int[] padding = {0, 0};
    private boolean countIncludePad = true;

    public AvgPool2d(int... kernelSize) {
        this.kernelSize = Pair.of("AvgPool2d", "kernel_size", kernelSize);
        this.stride = this.kernelSize.clone();
    }

    public AvgPool2d stride(int... stride) {
        this.stride = Pair.of(name(), "stride", stride);
        return this;
    }

    public AvgPool2d padding(int... padding) {
        this.padding = Pair.of(name(), "padding", padding);
        return this;
    }

    /** Whether padded zeros count in the divisor (default true). */
    public AvgPool2d countIncludePad(boolean include) {
        this.countIncludePad = include;
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pools.avgPool2d(name(), x, kernelSize, stride, padding, countIncludePad);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + PoolRepr.of(kernelSize) + ", stride=" + PoolRepr.of(stride) + ", padding="
                + PoolRepr.of(padding);
    }
}
