package d2l.data;

import java.nio.file.Path;

/**
 * One split of an image classification data set, held as the bytes of its files: {@code count}
 * grey images of {@code height x width} pixels, one after the other, and one class number per
 * image. Bytes take a quarter of the memory floats would, and far less than resized floats
 * (60000 Fashion-MNIST images are 47 MB as bytes, 12 GB as 224x224 floats), so batches are
 * converted to floats only when they are needed.
 */
final class ImageDataset {

    final byte[] pixels;
    final byte[] labels;
    final int count;
    final int height;
    final int width;

    private ImageDataset(byte[] pixels, byte[] labels, int count, int height, int width) {
        this.pixels = pixels;
        this.labels = labels;
        this.count = count;
        this.height = height;
        this.width = width;
    }

    /**
     * Reads an image file and its label file and checks that they belong together: as many labels
     * as images, every label a class number below {@code numClasses}.
     */
    static ImageDataset read(Path imagesFile, Path labelsFile, int numClasses) {
        Idx.Images images = Idx.readImages(imagesFile);
        byte[] labels = Idx.readLabels(labelsFile);
        if (images.count() != labels.length) {
            throw new DataException(imagesFile + " has " + images.count() + " images but " + labelsFile + " has "
                    + labels.length + " labels; the two files do not belong together — delete them and download them again");
        }
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xff;
            if (label >= numClasses) {
                throw new DataException(labelsFile + ": label " + label + " of image " + i + " is not a class number (0 to "
                        + (numClasses - 1) + "); the file is corrupt — delete it and download it again");
            }
        }
        return new ImageDataset(images.pixels(), labels, images.count(), images.rows(), images.columns());
    }

    /** The class number of image {@code i}. */
    int label(int i) {
        return labels[i] & 0xff;
    }

    /** Where image {@code i} starts in {@link #pixels}. */
    int offset(int i) {
        return i * height * width;
    }
}
