package d2l.models;

import d2l.nn.LazyBatchNorm2d;
import d2l.nn.LazyConv2d;
import d2l.nn.Module;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;

/**
 * The ResNeXt block of section 8.6: a 1x1 convolution down to {@code round(numChannels * botMul)}
 * bottleneck channels, a grouped 3x3 convolution ({@code bot / groups} groups, as the book writes it),
 * and a 1x1 convolution back up, each with batch norm, plus the (optionally projected) input.
 */
public class ResNeXtBlock extends Module {

    private final LazyConv2d conv1;
    private final LazyConv2d conv2;
    private final LazyConv2d conv3;
    private final LazyConv2d conv4;
    private final LazyBatchNorm2d bn1;
    private final LazyBatchNorm2d bn2;
    private final LazyBatchNorm2d bn3;
    private final LazyBatchNorm2d bn4;

    public ResNeXtBlock(int numChannels, int groups, double botMul) {
        this(numChannels, groups, botMul, false, 1);
    }

    public ResNeXtBlock(int numChannels, int groups, double botMul, boolean use1x1conv, int strides) {
        int botChannels = (int) Math.round(numChannels * botMul);
        conv1 = registerModule("conv1", new LazyConv2d(botChannels, 1));
        conv2 = registerModule("conv2", new LazyConv2d(botChannels, 3).stride(strides).padding(1)
                .groups(botChannels / groups));
        conv3 = registerModule("conv3", new LazyConv2d(numChannels, 1));
        bn1 = registerModule("bn1", new LazyBatchNorm2d());
        bn2 = registerModule("bn2", new LazyBatchNorm2d());
        bn3 = registerModule("bn3", new LazyBatchNorm2d());
        if (use1x1conv) {
            conv4 = registerModule("conv4", new LazyConv2d(numChannels, 1).stride(strides));
            bn4 = registerModule("bn4", new LazyBatchNorm2d());
        } else {
            conv4 = null;
            bn4 = null;
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = F.relu(bn1.forward(conv1.forward(x)));
        y = F.relu(bn2.forward(conv2.forward(y)));
        y = bn3.forward(conv3.forward(y));
        Tensor shortcut = conv4 == null ? x : bn4.forward(conv4.forward(x));
        return F.relu(y.add(shortcut));
    }
}
