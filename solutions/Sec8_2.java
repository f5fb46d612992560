import static d2l.tensor.Torch.*;

import d2l.nn.Dropout;
import d2l.nn.Flatten;
import d2l.nn.LazyConv2d;
import d2l.nn.LazyLinear;
import d2l.nn.MaxPool2d;
import d2l.nn.Module;
import d2l.nn.ReLU;
import d2l.nn.Sequential;
import d2l.workbook.NotImplementedYet;
import java.util.ArrayList;
import java.util.List;

/**
 * 8.2 Networks Using Blocks (VGG): the VGG block, and VGG networks built from a list of blocks.
 *
 * <p>Train the book's narrow VGG (it needs 224 x 224 images and is slow on a CPU):
 * <pre>{@code
 * jshell> import d2l.data.FashionMNIST; import d2l.train.*;
 * jshell> var data = new FashionMNIST(128, 224).limit(2000)
 * jshell> var net = new VGG(new int[][] {{1, 16}, {1, 32}, {2, 64}, {2, 128}, {2, 128}})
 * jshell> new Trainer(1).fit(new Classifier("vgg", applyInit(net, data.trainBatches(1).iterator().next().images()), 0.01), data)
 * }</pre>
 * ({@code applyInit} is your 7.6 one), or the reference model: {@code ./d2l train vgg-small}.
 *
 * <p>Book: {@code ../shared/book/002_57cc1b6958d3ea8c.txt}, "8.2 Networks Using Blocks" with the
 * printed layer summary.
 *
 * <p>Below, [000], [001] and [002] stand for these files of {@code ../shared/book/}.
 *
 * <p>Check it: {@code check("8.2")} in {@code ./d2l jshell}, or run {@code CheckWorkbook.section8_2}
 * in your IDE.
 */
public class Sec8_2 {

    /**
     * A VGG block, a {@code Sequential} of {@code numConvs} 3 x 3 convolutions to
     * {@code outChannels} channels with padding 1, each followed by a {@code ReLU}, and then a
     * 2 x 2 maximum pooling with stride 2, which halves the height and the width.
     *
     * <p>Book [002], 8.2 {@code vgg_block}.
     *
     * <pre>{@code
     * jshell> vggBlock(2, 128).forward(randn(1, 64, 56, 56)).shape()
     * $1 ==> torch.Size([1, 128, 28, 28])
     * }</pre>
     */
    public static Sequential vggBlock(int numConvs, int outChannels) {
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i < numConvs; i++) {
            layers.add(new LazyConv2d(outChannels, 3).padding(1));
            layers.add(new ReLU());
        }
        layers.add(new MaxPool2d(2).stride(2));
        return new Sequential(layers);
    }

    /**
     * A VGG network: one {@link #vggBlock} for each {@code {numConvs, outChannels}} pair of
     * {@code arch}, then {@code Flatten}, two dense layers of 4096 units each followed by
     * {@code ReLU} and {@code Dropout(0.5)}, and a dense layer of {@code numClasses} units. VGG-11
     * is {@code arch = {{1, 64}, {1, 128}, {2, 256}, {2, 512}, {2, 512}}}.
     *
     * <p>Book [002], 8.2 {@code class VGG}.
     *
     * <pre>{@code
     * jshell> layerSummary(new VGG(new int[][] {{1, 64}, {1, 128}, {2, 256}, {2, 512}, {2, 512}}), 1, 1, 224, 224)
     * Sequential output shape:	 torch.Size([1, 64, 112, 112])
     * Sequential output shape:	 torch.Size([1, 128, 56, 56])
     * Sequential output shape:	 torch.Size([1, 256, 28, 28])
     * Sequential output shape:	 torch.Size([1, 512, 14, 14])
     * Sequential output shape:	 torch.Size([1, 512, 7, 7])
     * Flatten output shape:	 torch.Size([1, 25088])
     * Linear output shape:	 torch.Size([1, 4096])
     * ReLU output shape:	 torch.Size([1, 4096])
     * Dropout output shape:	 torch.Size([1, 4096])
     * Linear output shape:	 torch.Size([1, 4096])
     * ReLU output shape:	 torch.Size([1, 4096])
     * Dropout output shape:	 torch.Size([1, 4096])
     * Linear output shape:	 torch.Size([1, 10])
     * }</pre>
     * ({@code layerSummary} is your 7.6 one; {@code net.layerSummary(1, 1, 224, 224)} is the
     * runtime's and prints the same.)
     */
    public static class VGG extends Sequential {

        /** VGG for the 10 classes of Fashion-MNIST. */
        public VGG(int[][] arch) {
            this(arch, 10);
        }

        public VGG(int[][] arch, int numClasses) {
            for (int[] block : arch) {
                add(vggBlock(block[0], block[1]));
            }
            add(new Flatten());
            add(new LazyLinear(4096));
            add(new ReLU());
            add(new Dropout(0.5));
            add(new LazyLinear(4096));
            add(new ReLU());
            add(new Dropout(0.5));
            add(new LazyLinear(numClasses));
        }
    }
}
