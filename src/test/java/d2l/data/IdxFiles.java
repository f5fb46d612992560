package d2l.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files for the tests, so no test depends on the real data set. */
final class IdxFiles {

    private IdxFiles() {}

    /** The pixel of image {@code image} at flat position {@code p}: a pattern that differs between images. */
    static int pixel(int image, int p) {
        return (image * 7 + p) % 256;
    }

    /** The label of image {@code image}. */
    static int label(int image) {
        return image % 10;
    }

    /** An image file of {@code count} images of {@code rows x columns}, pixels from {@link #pixel}. */
    static byte[] images(int count, int rows, int columns) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + count * rows * columns);
        buffer.putInt(Idx.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(columns);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * columns; p++) {
                buffer.put((byte) pixel(i, p));
            }
        }
        return buffer.array();
    }

    /** A label file of {@code count} labels from {@link #label}. */
    static byte[] labels(int count) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + count);
        buffer.putInt(Idx.LABELS_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            buffer.put((byte) label(i));
        }
        return buffer.array();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path directory, String name, byte[] content) {
        try {
            return Files.write(directory.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a small Fashion-MNIST look-alike into {@code directory}: {@code train} and
     * {@code test} 28x28 images, gzip-compressed ({@code .gz} names) or raw (names without it).
     */
    static void writeDataSet(Path directory, int train, int test, boolean compressed) {
        writeSplit(directory, "train", train, compressed);
        writeSplit(directory, "t10k", test, compressed);
    }

    private static void writeSplit(Path directory, String prefix, int count, boolean compressed) {
        byte[] images = images(count, 28, 28);
        byte[] labels = labels(count);
        String suffix = compressed ? ".gz" : "";
        write(directory, prefix + "-images-idx3-ubyte" + suffix, compressed ? gzip(images) : images);
        write(directory, prefix + "-labels-idx1-ubyte" + suffix, compressed ? gzip(labels) : labels);
    }
}
