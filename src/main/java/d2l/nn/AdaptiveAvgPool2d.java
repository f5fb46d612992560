package d2l.nn;

import d2l.nn.functional.Pools;
import d2l.tensor.Tensor;

/** Average pooling to a fixed output size whatever the input size, {@code nn.AdaptiveAvgPool2d((1, 1))} in ResNet. */
public class AdaptiveAvgPool2d extends Module {

    private final int[] outputSize;

    public AdaptiveAvgPool2d(int... outputSize) {
        this.outputSize = Pair.of("AdaptiveAvgPool2d", "output_size", outputSize);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Pools.adaptiveAvgPool2d(name(), x, outputSize[0], outputSize[1]);
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + Pair.toString(outputSize);
    }
}
