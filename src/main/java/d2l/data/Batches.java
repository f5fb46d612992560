package d2l.data;

import d2l.data.FashionMNIST.Batch;
import d2l.kernels.Parallel;
import d2l.tensor.DType;
import d2l.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The mini-batches of one pass over a data set, in a given order of images, like iterating over a
 * PyTorch {@code DataLoader}: consecutive groups of {@code batchSize} images, the last group
 * smaller when the count does not divide evenly ({@code drop_last=False}). Each batch is built
 * when the iterator reaches it, so only one batch of floats exists at a time; its images are
 * converted (and resized) in parallel, one image per task.
 */
final class Batches implements Iterable<Batch> {

    /** Pixel value {@code p} as ToTensor gives it: {@code p / 255} in float. */
    private static final float[] UNIT_PIXEL = new float[256];

    static {
        for (int p = 0; p < 256; p++) {
            UNIT_PIXEL[p] = p / 255.0f;
        }
    }

    /** About this many output floats per parallel task. */
    private static final int FLOATS_PER_TASK = 1 << 14;

    private final ImageDataset data;
    private final int[] order;
    private final int batchSize;
    private final Resize resize;

    /**
     * Batches of the images {@code order[0], order[1], ...} of {@code data}; {@code resize} is
     * null to keep the images at their size.
     */
    Batches(ImageDataset data, int[] order, int batchSize, Resize resize) {
        this.data = data;
        this.order = order;
        this.batchSize = batchSize;
        this.resize = resize;
    }

    /** The number of batches: the image count divided by the batch size, rounded up. */
    int size() {
        return (order.length + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the " + size() + " batches of this epoch have all been read");
                }
                int end = Math.min(next + batchSize, order.length);
                Batch batch = build(next, end);
                next = end;
                return batch;
            }
        };
    }

    /** The batch of images {@code order[start] .. order[end - 1]}. */
    Batch build(int start, int end) {
        int n = end - start;
        int height = resize == null ? data.height : resize.outHeight();
        int width = resize == null ? data.width : resize.outWidth();
        int imageFloats = height * width;
        float[] images = new float[n * imageFloats];
        float[] labels = new float[n];
        Parallel.forRange(n, Math.max(1, FLOATS_PER_TASK / imageFloats), (from, to) -> {
            for (int b = from; b < to; b++) {
                int index = order[start + b];
                labels[b] = data.label(index);
                writeImage(index, images, b * imageFloats);
            }
        });
        return new Batch(Tensor.wrap(images, n, 1, height, width), Tensor.wrap(labels, DType.INT64, n));
    }

    /** Writes image {@code index} as floats in [0, 1], resized if asked, at {@code target[at ...]}. */
    private void writeImage(int index, float[] target, int at) {
        int source = data.offset(index);
        if (resize == null) {
            int pixels = data.height * data.width;
            for (int p = 0; p < pixels; p++) {
                target[at + p] = UNIT_PIXEL[data.pixels[source + p] & 0xff];
            }
            return;
        }
        resize.apply(data.pixels, source, target, at, 255.0f);
    }
}
