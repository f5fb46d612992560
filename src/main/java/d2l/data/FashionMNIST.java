package d2l.data;

import d2l.tensor.Generator;
import d2l.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Fashion-MNIST data set in mini-batches, the Java counterpart of the book's
 * {@code d2l.FashionMNIST(batch_size, resize)} (section 4.2, used by LeNet in 7.6, VGG in 8.2 and
 * ResNet in 8.6):
 * <pre>{@code
 * var data = new FashionMNIST(256);              // 28x28, or new FashionMNIST(128, 96) for ResNet
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (var batch : data.trainBatches(epoch)) {
 *         Tensor X = batch.images();             // float32 [256, 1, 28, 28], pixels in [0, 1]
 *         Tensor y = batch.labels();             // int64 [256], class numbers 0..9
 *     }
 * }
 * }</pre>
 *
 * <p>60000 training images, reshuffled every epoch, and 10000 validation images (the data set's
 * test split, as in the book), in order. The files are read from the directory {@link DataDirectory}
 * chooses, and downloaded first when that is the per-user cache and they are missing. They are
 * read on first use and kept as bytes (55 MB); each batch is converted to floats, and resized
 * bilinearly when asked, only when the iteration reaches it.
 */
public final class FashionMNIST {

    /** The class names, indexed by label, as the book's {@code text_labels} prints them. */
    public static final List<String> TEXT_LABELS = List.of(
            "t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot");

    /** The side of the images in the files. */
    public static final int NATIVE_SIZE = 28;

    /** The shuffling seed used unless {@link #seed(long)} sets another. */
    public static final long DEFAULT_SEED = 0;

    private final int batchSize;
    private final int imageSize;
    private Path dataDir;
    private int limit = Integer.MAX_VALUE;
    private long seed = DEFAULT_SEED;
    private Splits splits;

    /** The two splits as read from the files, before any {@link #limit}. */
    private record Splits(ImageDataset train, ImageDataset val) {}

    /** One mini-batch: images float32 {@code [B, 1, H, W]} with pixels / 255 in [0, 1], labels int64 {@code [B]}. */
    public record Batch(Tensor images, Tensor labels) {}

    /** Batches of {@code batchSize} 28x28 images. */
    public FashionMNIST(int batchSize) {
        this(batchSize, NATIVE_SIZE);
    }

    /** Batches of {@code batchSize} images resized to {@code resize x resize} (the book uses 96 and 224). */
    public FashionMNIST(int batchSize, int resize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (resize < 1) {
            throw new IllegalArgumentException("resize must be at least 1 pixel, got " + resize);
        }
        this.batchSize = batchSize;
        this.imageSize = resize;
    }

    /** Reads the files from {@code dir} (the command line's {@code --data}) instead of D2L_DATA or the cache; returns this. */
    public synchronized FashionMNIST dataDir(Path dir) {
        this.dataDir = dir;
        this.splits = null;
        return this;
    }

    /**
     * Uses only the first {@code n} training images and the first {@code min(n, 10000)} validation
     * images, for quick runs; returns this.
     */
    public synchronized FashionMNIST limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit must be at least 1 image, got " + n);
        }
        this.limit = n;
        return this;
    }

    /** Sets the seed the training order of every epoch is derived from; returns this. */
    public synchronized FashionMNIST seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The training batches of epoch {@code epoch}, in an order that depends only on the seed and
     * the epoch (see {@link #trainOrder(int)}). The last batch holds the remaining images when the
     * batch size does not divide their number, as with PyTorch's default {@code drop_last=False}.
     * The result can be iterated more than once, giving the same batches.
     */
    public Iterable<Batch> trainBatches(int epoch) {
        return new Batches(splits().train, trainOrder(epoch), batchSize, resize());
    }

    /** The validation batches, in file order. */
    public Iterable<Batch> valBatches() {
        int[] order = new int[numVal()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return new Batches(splits().val, order, batchSize, resize());
    }

    /**
     * The order of the training images in epoch {@code epoch}: a random permutation from a
     * generator seeded with {@code seed * 0x9E3779B97F4A7C15 + epoch} (mod 2^64), the same as
     * PyTorch's
     * {@code torch.randperm(n, generator=torch.Generator().manual_seed((seed * 0x9E3779B97F4A7C15 + epoch) % 2**64))}.
     * The large odd multiplier keeps the epochs of different seeds apart: seed 1's first epoch is
     * not seed 0's second.
     */
    public int[] trainOrder(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be 0 or more, got " + epoch);
        }
        long epochSeed;
        synchronized (this) {
            epochSeed = seed * 0x9E3779B97F4A7C15L + epoch;
        }
        int[] order = new int[numTrain()];
        new Generator(epochSeed).randperm(order);
        return order;
    }

    /** The number of training images (after {@link #limit}). */
    public int numTrain() {
        return Math.min(limitValue(), splits().train.count);
    }

    /** The number of validation images (after {@link #limit}). */
    public int numVal() {
        return Math.min(limitValue(), splits().val.count);
    }

    public int batchSize() {
        return batchSize;
    }

    /** The side of the images in the batches: 28, or the size asked for. */
    public int imageSize() {
        return imageSize;
    }

    /** The number of training batches per epoch, the last one possibly partial. */
    public int numTrainBatches() {
        return (numTrain() + batchSize - 1) / batchSize;
    }

    /** The number of validation batches, the last one possibly partial. */
    public int numValBatches() {
        return (numVal() + batchSize - 1) / batchSize;
    }

    /** The class names of a tensor of labels, like the book's {@code text_labels}. */
    public static List<String> textLabels(Tensor labels) {
        float[] values = labels.values();
        List<String> names = new ArrayList<>(values.length);
        for (float value : values) {
            int label = (int) value;
            if (label != value || label < 0 || label >= TEXT_LABELS.size()) {
                throw new IllegalArgumentException("textLabels: " + value + " is not a Fashion-MNIST class (0 to "
                        + (TEXT_LABELS.size() - 1) + ")");
            }
            names.add(TEXT_LABELS.get(label));
        }
        return names;
    }

    @Override
    public String toString() {
        return "FashionMNIST(batch_size=" + batchSize + ", resize=(" + imageSize + ", " + imageSize + "))";
    }

    private synchronized int limitValue() {
        return limit;
    }

    private Resize resize() {
        return imageSize == NATIVE_SIZE ? null : new Resize(NATIVE_SIZE, NATIVE_SIZE, imageSize, imageSize);
    }

    /** The data, read (and downloaded first if need be) on first use. */
    private synchronized Splits splits() {
        if (splits == null) {
            splits = load(DataDirectory.resolve(dataDir));
        }
        return splits;
    }

    private static Splits load(DataDirectory directory) {
        if (directory.isCache()) {
            new Download().fetchMissing(directory);
        }
        ImageDataset train = read(directory, "train");
        ImageDataset val = read(directory, "t10k");
        return new Splits(train, val);
    }

    /** Reads one split, {@code prefix} being "train" or "t10k", and checks it holds 28x28 images. */
    private static ImageDataset read(DataDirectory directory, String prefix) {
        Path images = directory.require(prefix + "-images-idx3-ubyte.gz");
        Path labels = directory.require(prefix + "-labels-idx1-ubyte.gz");
        ImageDataset split = ImageDataset.read(images, labels, TEXT_LABELS.size());
        if (split.height != NATIVE_SIZE || split.width != NATIVE_SIZE) {
            throw new DataException(images + ": the images are " + split.height + "x" + split.width
                    + " pixels, Fashion-MNIST's are " + NATIVE_SIZE + "x" + NATIVE_SIZE + "; is this the right file?");
        }
        return split;
    }
}
