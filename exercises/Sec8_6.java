import static d2l.tensor.Torch.*;

import d2l.nn.AdaptiveAvgPool2d;
import d2l.nn.Flatten;
import d2l.nn.LazyBatchNorm2d;
import d2l.nn.LazyConv2d;
import d2l.nn.LazyLinear;
import d2l.nn.MaxPool2d;
import d2l.nn.Module;
import d2l.nn.ReLU;
import d2l.nn.Sequential;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.workbook.NotImplementedYet;
import java.util.ArrayList;
import java.util.List;

/**
 * 8.6 Residual Networks (ResNet) and ResNeXt: the residual block, ResNet-18's stages, and the
 * ResNeXt block with grouped convolutions.
 *
 * <p>Train ResNet-18 (96 x 96 images; slow on a CPU, so try a few thousand images first):
 * <pre>{@code
 * jshell> import d2l.data.FashionMNIST; import d2l.train.*;
 * jshell> var data = new FashionMNIST(128, 96).limit(2000)
 * jshell> new Trainer(1).fit(new Classifier("resnet18", applyInit(new ResNet18(), data.trainBatches(1).iterator().next().images()), 0.01), data)
 * }</pre>
 * ({@code applyInit} is your 7.6 one), or the reference model: {@code ./d2l train resnet18}.
 *
 * <p>Book: {@code ../shared/book/002_57cc1b6958d3ea8c.txt}, "8.6 Residual Network (ResNet) and
 * ResNeXt" with the printed shapes.
 *
 * <p>Below, [000], [001] and [002] stand for these files of {@code ../shared/book/}.
 *
 * <p>Check it: {@code check("8.6")} in {@code ./d2l jshell}, or run {@code CheckWorkbook.section8_6}
 * in your IDE.
 */
public class Sec8_6 {

    /**
     * The residual block: two 3 x 3 convolutions to {@code numChannels} channels with padding 1
     * (the first with stride {@code strides}), each followed by batch normalisation
     * ({@code LazyBatchNorm2d}); a ReLU after the first; the input added to the result, through a
     * 1 x 1 convolution to {@code numChannels} channels with stride {@code strides} when
     * {@code use1x1conv} (so that the shapes match); and a final ReLU. Register the layers with
     * {@code registerModule} under the book's names ({@code conv1}, {@code conv2}, {@code conv3},
     * {@code bn1}, {@code bn2}), so that {@code parameters()} finds them.
     *
     * <p>Formula: {@code Y = relu(bn2(conv2(relu(bn1(conv1(X))))) + X)}, with {@code X} replaced by
     * {@code conv3(X)} when there is a {@code conv3}.
     *
     * <p>Book [002], 8.6 {@code class Residual}.
     *
     * <pre>{@code
     * jshell> var X = randn(4, 3, 6, 6)
     * jshell> new Residual(3).forward(X).shape()
     * $2 ==> torch.Size([4, 3, 6, 6])
     * jshell> new Residual(6, true, 2).forward(X).shape()
     * $3 ==> torch.Size([4, 6, 3, 3])
     * }</pre>
     */
    public static class Residual extends Module {

        /** A block that keeps the shape: no 1 x 1 convolution, stride 1. */
        public Residual(int numChannels) {
            throw new NotImplementedYet("8.6", "Residual");
        }

        public Residual(int numChannels, boolean use1x1conv, int strides) {
            throw new NotImplementedYet("8.6", "Residual");
        }

        @Override
        public Tensor forward(Tensor X) {
            throw new NotImplementedYet("8.6", "Residual.forward");
        }
    }

    /**
     * ResNet's first module, {@code b1}: a 7 x 7 convolution to 64 channels with stride 2 and
     * padding 3, batch normalisation, {@code ReLU}, and a 3 x 3 maximum pooling with stride 2
     * and padding 1. On a 96 x 96 image it gives 64 channels of 24 x 24.
     *
     * <p>Book [002], 8.6 {@code ResNet.b1}.
     *
     * <pre>{@code
     * jshell> b1().forward(randn(1, 1, 96, 96)).shape()
     * $1 ==> torch.Size([1, 64, 24, 24])
     * }</pre>
     */
    public static Sequential b1() {
        throw new NotImplementedYet("8.6", "b1");
    }

    /**
     * A stage of {@code numResiduals} residual blocks with {@code numChannels} channels, as a
     * {@code Sequential}: the first block of every stage but the first ({@code firstBlock} false)
     * halves the height and width and changes the channels, {@code new Residual(numChannels, true, 2)};
     * the others are {@code new Residual(numChannels)}.
     *
     * <p>Book [002], 8.6 {@code ResNet.block}.
     *
     * <pre>{@code
     * jshell> block(2, 128, false).forward(randn(1, 64, 24, 24)).shape()
     * $1 ==> torch.Size([1, 128, 12, 12])
     * }</pre>
     */
    public static Sequential block(int numResiduals, int numChannels, boolean firstBlock) {
        throw new NotImplementedYet("8.6", "block");
    }

    /**
     * A ResNet: {@link #b1()}, then one {@link #block} per {@code {numResiduals, numChannels}} pair
     * of {@code arch}, added with {@code addModule} as {@code b2}, {@code b3}, ... (the first with
     * {@code firstBlock} true), and a last module {@code last}: a {@code Sequential} of
     * {@code new AdaptiveAvgPool2d(1, 1)}, {@code Flatten} and a dense layer of {@code numClasses}
     * units.
     *
     * <p>Book [002], 8.6 {@code ResNet.__init__}.
     */
    public static class ResNet extends Sequential {

        public ResNet(int[][] arch, int numClasses) {
            throw new NotImplementedYet("8.6", "ResNet");
        }
    }

    /**
     * ResNet-18: {@link ResNet} with {@code arch = {{2, 64}, {2, 128}, {2, 256}, {2, 512}}}.
     *
     * <p>Book [002], 8.6 {@code class ResNet18}.
     *
     * <pre>{@code
     * jshell> new ResNet18().layerSummary(1, 1, 96, 96)
     * Sequential output shape:	 torch.Size([1, 64, 24, 24])
     * Sequential output shape:	 torch.Size([1, 64, 24, 24])
     * Sequential output shape:	 torch.Size([1, 128, 12, 12])
     * Sequential output shape:	 torch.Size([1, 256, 6, 6])
     * Sequential output shape:	 torch.Size([1, 512, 3, 3])
     * Sequential output shape:	 torch.Size([1, 10])
     * }</pre>
     */
    public static class ResNet18 extends ResNet {

        /** ResNet-18 for the 10 classes of Fashion-MNIST. */
        public ResNet18() {
            this(10);
        }

        public ResNet18(int numClasses) {
            // a constructor's first step is super(...): replace the first argument with ResNet-18's arch
            super(NotImplementedYet.argument("8.6", "ResNet18"), numClasses);
        }
    }

    /**
     * The ResNeXt block: a 1 x 1 convolution down to {@code bot = round(numChannels * botMul)}
     * bottleneck channels; a 3 x 3 convolution with stride {@code strides}, padding 1 and
     * {@code bot / groups} groups (as the book writes it: {@code groups=bot_channels//groups});
     * a 1 x 1 convolution back to {@code numChannels}; batch normalisation after each, with a
     * ReLU after the first two; the input added, through a 1 x 1 convolution with stride
     * {@code strides} and batch normalisation when {@code use1x1conv}; and a final ReLU. Register
     * the layers as {@code conv1} to {@code conv4} and {@code bn1} to {@code bn4}.
     *
     * <p>Formula: {@code Y = relu(bn3(conv3(Z)) + X)} with
     * {@code Z = relu(bn2(conv2(relu(bn1(conv1(X))))))}, and {@code X} replaced by
     * {@code bn4(conv4(X))} when there is a {@code conv4}.
     *
     * <p>Book [002], 8.6 {@code class ResNeXtBlock}.
     *
     * <pre>{@code
     * jshell> new ResNeXtBlock(32, 16, 1).forward(randn(4, 32, 96, 96)).shape()
     * $1 ==> torch.Size([4, 32, 96, 96])
     * }</pre>
     */
    public static class ResNeXtBlock extends Module {

        /** A block that keeps the shape: no 1 x 1 convolution on the input, stride 1. */
        public ResNeXtBlock(int numChannels, int groups, double botMul) {
            throw new NotImplementedYet("8.6", "ResNeXtBlock");
        }

        public ResNeXtBlock(int numChannels, int groups, double botMul, boolean use1x1conv, int strides) {
            throw new NotImplementedYet("8.6", "ResNeXtBlock");
        }

        @Override
        public Tensor forward(Tensor X) {
            throw new NotImplementedYet("8.6", "ResNeXtBlock.forward");
        }
    }
}
