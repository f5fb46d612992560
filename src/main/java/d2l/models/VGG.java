package d2l.models;

import d2l.nn.Dropout;
import d2l.nn.Flatten;
import d2l.nn.LazyConv2d;
import d2l.nn.LazyLinear;
import d2l.nn.MaxPool2d;
import d2l.nn.Module;
import d2l.nn.ReLU;
import d2l.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/** VGG from section 8.2: blocks of 3x3 convolutions each followed by a 2x2 max pool, then three dense layers. */
public final class VGG {

    private VGG() {}

    /** {@code numConvs} 3x3 convolutions with padding 1 and ReLU, then max pooling that halves height and width. */
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
     * A VGG network for {@code arch = {{numConvs, channels}, ...}}: VGG-11 is
     * {@code {{1, 64}, {1, 128}, {2, 256}, {2, 512}, {2, 512}}} with dense layers of 4096 units.
     */
    public static Sequential vgg(int[][] arch, int numClasses) {
        return vgg(arch, 4096, numClasses);
    }

    /** As {@link #vgg(int[][], int)} with {@code hidden} units in the two hidden dense layers. */
    public static Sequential vgg(int[][] arch, int hidden, int numClasses) {
        Sequential net = new Sequential();
        for (int[] block : arch) {
            net.add(vggBlock(block[0], block[1]));
        }
        return net.add(new Flatten())
                .add(new LazyLinear(hidden)).add(new ReLU()).add(new Dropout(0.5))
                .add(new LazyLinear(hidden)).add(new ReLU()).add(new Dropout(0.5))
                .add(new LazyLinear(numClasses));
    }

    /** VGG-11's architecture. */
    public static int[][] vgg11() {
        return new int[][] {{1, 64}, {1, 128}, {2, 256}, {2, 512}, {2, 512}};
    }

    /** The book's narrow VGG for training on a CPU: VGG-11 with channels divided by 4. */
    public static int[][] small() {
        return new int[][] {{1, 16}, {1, 32}, {2, 64}, {2, 128}, {2, 128}};
    }
}
