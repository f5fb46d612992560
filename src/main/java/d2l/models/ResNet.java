package d2l.models;

import d2l.nn.AdaptiveAvgPool2d;
import d2l.nn.Flatten;
import d2l.nn.LazyBatchNorm2d;
import d2l.nn.LazyConv2d;
import d2l.nn.LazyLinear;
import d2l.nn.MaxPool2d;
import d2l.nn.Module;
import d2l.nn.ReLU;
import d2l.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * ResNet from section 8.6: a 7x7 stem (b1), stages of {@link Residual} blocks named b2, b3, ... where
 * every stage after the first halves the resolution and changes the channels, and a global average
 * pool with a dense layer ("last").
 */
public final class ResNet {

    private ResNet() {}

    /** The stem: 7x7 convolution with stride 2, batch norm, ReLU, 3x3 max pool with stride 2. */
    public static Sequential b1() {
        return new Sequential(
                new LazyConv2d(64, 7).stride(2).padding(3), new LazyBatchNorm2d(), new ReLU(),
                new MaxPool2d(3).stride(2).padding(1));
    }

    /** A stage of {@code numResiduals} blocks; the first halves the resolution unless it is the first stage. */
    public static Sequential block(int numResiduals, int numChannels, boolean firstBlock) {
        List<Module> blocks = new ArrayList<>();
        for (int i = 0; i < numResiduals; i++) {
            blocks.add(i == 0 && !firstBlock ? new Residual(numChannels, true, 2) : new Residual(numChannels));
        }
        return new Sequential(blocks);
    }

    /** A ResNet for {@code arch = {{numResiduals, channels}, ...}}. */
    public static Sequential resnet(int[][] arch, int numClasses) {
        Sequential net = new Sequential(b1());
        for (int i = 0; i < arch.length; i++) {
            net.addModule("b" + (i + 2), block(arch[i][0], arch[i][1], i == 0));
        }
        return net.addModule("last", new Sequential(new AdaptiveAvgPool2d(1, 1), new Flatten(), new LazyLinear(numClasses)));
    }

    /** ResNet-18: four stages of two residual blocks with 64, 128, 256 and 512 channels. */
    public static Sequential resnet18(int numClasses) {
        return resnet(new int[][] {{2, 64}, {2, 128}, {2, 256}, {2, 512}}, numClasses);
    }
}
