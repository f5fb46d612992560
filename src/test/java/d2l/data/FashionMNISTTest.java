package d2l.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.data.FashionMNIST.Batch;
import d2l.kernels.Parallel;
import d2l.tensor.DType;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batching and shuffling, on a small Fashion-MNIST look-alike (1000 training and 300 validation
 * images written by {@link IdxFiles}), so that every value can be checked.
 */
class FashionMNISTTest {

    private static final int TRAIN = 1000;
    private static final int VAL = 300;

    @TempDir
    Path dir;

    private FashionMNIST data(int batchSize) {
        IdxFiles.writeDataSet(dir, TRAIN, VAL, true);
        return new FashionMNIST(batchSize).dataDir(dir);
    }

    private static List<Batch> list(Iterable<Batch> batches) {
        List<Batch> out = new ArrayList<>();
        batches.forEach(out::add);
        return out;
    }

    // ---- batches ---------------------------------------------------------------------------------

    @Test
    void countsAndSizes() {
        FashionMNIST data = data(256);
        assertThat(data.numTrain()).isEqualTo(TRAIN);
        assertThat(data.numVal()).isEqualTo(VAL);
        assertThat(data.batchSize()).isEqualTo(256);
        assertThat(data.imageSize()).isEqualTo(28);
        assertThat(data.numTrainBatches()).isEqualTo(4);
        assertThat(data.numValBatches()).isEqualTo(2);
    }

    @Test
    void batchShapesKeepTheLastPartialBatch() {
        FashionMNIST data = data(256);
        List<Batch> train = list(data.trainBatches(0));
        assertThat(train).extracting(b -> b.images().size(0)).containsExactly(256, 256, 256, 232);
        for (Batch b : train) {
            int n = b.images().size(0);
            assertThat(b.images().shape()).isEqualTo(Size.of(n, 1, 28, 28));
            assertThat(b.images().dtype()).isEqualTo(DType.FLOAT32);
            assertThat(b.labels().shape()).isEqualTo(Size.of(n));
            assertThat(b.labels().dtype()).isEqualTo(DType.INT64);
        }
        assertThat(list(data.valBatches())).extracting(b -> b.labels().size(0)).containsExactly(256, 44);
    }

    @Test
    void pixelsAreTheFileBytesOver255InTheShuffledOrder() {
        FashionMNIST data = data(100).seed(7);
        int[] order = data.trainOrder(3);
        int position = 0;
        for (Batch b : data.trainBatches(3)) {
            float[] images = b.images().values();
            float[] labels = b.labels().values();
            for (int i = 0; i < labels.length; i++, position++) {
                int image = order[position];
                assertThat(labels[i]).isEqualTo(IdxFiles.label(image));
                for (int p = 0; p < 784; p += 97) {
                    assertThat(images[i * 784 + p]).isEqualTo(IdxFiles.pixel(image, p) / 255.0f);
                }
            }
        }
        assertThat(position).isEqualTo(TRAIN);
    }

    @Test
    void pixelsAreBetweenZeroAndOne() {
        for (Batch b : data(512).trainBatches(0)) {
            for (float v : b.images().values()) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void validationBatchesAreInFileOrder() {
        int position = 0;
        for (Batch b : data(64).valBatches()) {
            for (float label : b.labels().values()) {
                assertThat(label).isEqualTo(IdxFiles.label(position++));
            }
        }
        assertThat(position).isEqualTo(VAL);
    }

    @Test
    void uncompressedFilesWorkToo() {
        IdxFiles.writeDataSet(dir, 30, 20, false);
        FashionMNIST data = new FashionMNIST(8).dataDir(dir);
        assertThat(data.numTrain()).isEqualTo(30);
        assertThat(list(data.valBatches())).hasSize(3);
    }

    @Test
    void resizedBatches() {
        FashionMNIST data = new FashionMNIST(32, 96).dataDir(dir);
        IdxFiles.writeDataSet(dir, 40, 10, true);
        assertThat(data.imageSize()).isEqualTo(96);
        Batch first = data.trainBatches(0).iterator().next();
        assertThat(first.images().shape()).isEqualTo(Size.of(32, 1, 96, 96));
        for (float v : first.images().values()) {
            assertThat(v).isBetween(0f, 1f);
        }
        // The first validation image, resized on its own, is the batch's first image.
        byte[] image = new byte[784];
        for (int p = 0; p < 784; p++) {
            image[p] = (byte) IdxFiles.pixel(0, p);
        }
        float[] expected = new Resize(28, 28, 96, 96).apply(image);
        float[] batch = data.valBatches().iterator().next().images().values();
        for (int p = 0; p < expected.length; p++) {
            assertThat(batch[p]).isEqualTo(expected[p] / 255.0f);
        }
    }

    @Test
    void batchesDoNotDependOnTheThreadCount() {
        FashionMNIST data = data(300);
        int original = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = data.trainBatches(2).iterator().next().images().values();
            Parallel.setThreads(3);
            float[] three = data.trainBatches(2).iterator().next().images().values();
            assertThat(three).isEqualTo(one);
        } finally {
            Parallel.setThreads(original);
        }
    }

    @Test
    void anEpochCanBeIteratedAgainAndEnds() {
        Iterable<Batch> epoch = data(400).trainBatches(1);
        assertThat(list(epoch).get(1).labels().values()).isEqualTo(list(epoch).get(1).labels().values());
        Iterator<Batch> it = epoch.iterator();
        it.next();
        it.next();
        it.next();
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    // ---- shuffling --------------------------------------------------------------------------------

    @Test
    void eachEpochVisitsEveryImageOnce() {
        FashionMNIST data = data(256);
        for (int epoch = 0; epoch < 3; epoch++) {
            int[] sorted = data.trainOrder(epoch).clone();
            Arrays.sort(sorted);
            for (int i = 0; i < TRAIN; i++) {
                assertThat(sorted[i]).isEqualTo(i);
            }
        }
    }

    @Test
    void theOrderDependsOnlyOnSeedAndEpoch() {
        FashionMNIST data = data(256).seed(42);
        FashionMNIST again = new FashionMNIST(128).dataDir(dir).seed(42);
        assertThat(again.trainOrder(5)).isEqualTo(data.trainOrder(5));
        assertThat(data.trainOrder(5)).isEqualTo(data.trainOrder(5));
        assertThat(data.trainOrder(6)).isNotEqualTo(data.trainOrder(5));
        assertThat(again.seed(43).trainOrder(5)).isNotEqualTo(data.trainOrder(5));
        // Seeds are kept apart: seed 1's first epoch is not seed 0's second.
        assertThat(new FashionMNIST(1).dataDir(dir).seed(1).trainOrder(0))
                .isNotEqualTo(new FashionMNIST(1).dataDir(dir).seed(0).trainOrder(1));
        // The batches follow the order.
        float[] labels = data.trainBatches(5).iterator().next().labels().values();
        for (int i = 0; i < labels.length; i++) {
            assertThat(labels[i]).isEqualTo(IdxFiles.label(data.trainOrder(5)[i]));
        }
    }

    @Test
    void theOrderIsTorchRandpermOfTheEpochSeed() {
        FashionMNIST data = data(256).seed(3);
        int[] expected = new int[TRAIN];
        new d2l.tensor.Generator(3 * 0x9E3779B97F4A7C15L + 2).randperm(expected);
        assertThat(data.trainOrder(2)).isEqualTo(expected);
    }

    // ---- options ------------------------------------------------------------------------------------

    @Test
    void limitTakesTheFirstImages() {
        FashionMNIST data = data(64).limit(100);
        assertThat(data.numTrain()).isEqualTo(100);
        assertThat(data.numVal()).isEqualTo(100);
        assertThat(data.numTrainBatches()).isEqualTo(2);
        assertThat(Arrays.stream(data.trainOrder(0)).sorted().toArray()).isEqualTo(IntStream.range(0, 100).toArray());
        assertThat(data.limit(500).numVal()).isEqualTo(VAL);
        assertThat(data.numTrain()).isEqualTo(500);
        int seen = 0;
        for (Batch b : data.valBatches()) {
            seen += b.labels().size(0);
        }
        assertThat(seen).isEqualTo(VAL);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new FashionMNIST(0)).hasMessageContaining("batchSize must be at least 1");
        assertThatThrownBy(() -> new FashionMNIST(8, 0)).hasMessageContaining("resize must be at least 1");
        assertThatThrownBy(() -> new FashionMNIST(8).limit(0)).hasMessageContaining("limit must be at least 1");
        assertThatThrownBy(() -> data(8).trainBatches(-1)).hasMessageContaining("epoch must be 0 or more");
    }

    @Test
    void textLabels() {
        Tensor labels = Tensor.wrap(new float[] {0, 9, 3, 5}, DType.INT64, 4);
        assertThat(FashionMNIST.textLabels(labels)).containsExactly("t-shirt", "ankle boot", "dress", "sandal");
        assertThat(FashionMNIST.TEXT_LABELS).hasSize(10);
        assertThatThrownBy(() -> FashionMNIST.textLabels(Tensor.wrap(new float[] {10}, DType.INT64, 1)))
                .hasMessageContaining("10.0 is not a Fashion-MNIST class (0 to 9)");
    }

    @Test
    void toStringShowsTheSettings() {
        assertThat(new FashionMNIST(256, 96)).hasToString("FashionMNIST(batch_size=256, resize=(96, 96))");
    }

    // ---- files that are missing or wrong ---------------------------------------------------------

    @Test
    void missingFilesSayWhereToPutThem() throws Exception {
        IdxFiles.writeDataSet(dir, 10, 10, true);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        FashionMNIST data = new FashionMNIST(8).dataDir(dir);
        assertThatThrownBy(data::numTrain)
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Fashion-MNIST not found in " + dir)
                .hasMessageContaining("given by --data: missing t10k-labels-idx1-ubyte.gz.")
                .hasMessageContaining("train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                        + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz")
                .hasMessageContaining("--data DIR")
                .hasMessageContaining("D2L_DATA");
    }

    @Test
    void imagesMustBe28By28() {
        IdxFiles.writeDataSet(dir, 10, 10, true);
        IdxFiles.write(dir, "train-images-idx3-ubyte.gz", IdxFiles.gzip(IdxFiles.images(10, 32, 32)));
        assertThatThrownBy(() -> new FashionMNIST(8).dataDir(dir).numTrain())
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz: the images are 32x32 pixels, Fashion-MNIST's are 28x28");
    }
}
