package d2l.models;

import d2l.nn.LazyBatchNorm2d;
import d2l.nn.LazyConv2d;
import d2l.nn.Module;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;

/**
 * The residual block of section 8.6: two 3x3 convolutions with batch norm, whose output is added to
 * the input (through a 1x1 convolution when the channels or the resolution change):
 * {@code Y = relu(bn2(conv2(relu(bn1(conv1(X))))) + X)}.
 */
public class Residual extends Module {

    private final LazyConv2d conv1;
    private final LazyConv2d conv2;
    private final LazyConv2d conv3;
    private final LazyBatchNorm2d bn1;
    private final LazyBatchNorm2d bn2;

    public Residual(int numChannels) {
        this(numChannels, false, 1);
    }

    public Residual(int numChannels, boolean use1x1conv, int strides) {
        conv1 = registerModule("conv1", new LazyConv2d(numChannels, 3).padding(1).stride(strides));
        conv2 = registerModule("conv2", new LazyConv2d(numChannels, 3).padding(1));
        conv3 = use1x1conv ? registerModule("conv3", new LazyConv2d(numChannels, 1).stride(strides)) : null;
        bn1 = registerModule("bn1", new LazyBatchNorm2d());
        bn2 = registerModule("bn2", new LazyBatchNorm2d());
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = F.relu(bn1.forward(conv1.forward(x)));
        y = bn2.forward(conv2.forward(y));
        Tensor shortcut = conv3 == null ? x : conv3.forward(x);
        return F.relu(y.add(shortcut));
    }
}
