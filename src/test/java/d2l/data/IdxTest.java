package d2l.data;

import static d2l.data.IdxFiles.gzip;
import static d2l.data.IdxFiles.images;
import static d2l.data.IdxFiles.labels;
import static d2l.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reading IDX files, compressed or not, and the message for every way such a file can be wrong. */
class IdxTest {

    @TempDir
    Path dir;

    // ---- files that are right -------------------------------------------------------------------

    @Test
    void readsGzipImages() {
        Path file = write(dir, "images.gz", gzip(images(3, 2, 4)));
        Idx.Images read = Idx.readImages(file);
        assertThat(read.count()).isEqualTo(3);
        assertThat(read.rows()).isEqualTo(2);
        assertThat(read.columns()).isEqualTo(4);
        assertThat(read.pixels()).isEqualTo(Arrays.copyOfRange(images(3, 2, 4), 16, 16 + 24));
    }

    @Test
    void readsRawImagesAndLabels() {
        Idx.Images read = Idx.readImages(write(dir, "images", images(2, 28, 28)));
        assertThat(read.count()).isEqualTo(2);
        assertThat(read.pixels()[784 + 5] & 0xff).isEqualTo(IdxFiles.pixel(1, 5));
        byte[] labels = Idx.readLabels(write(dir, "labels", labels(13)));
        assertThat(labels).hasSize(13);
        assertThat(labels[12]).isEqualTo((byte) 2);
    }

    @Test
    void recognisesGzipByContentNotByName() {
        // Browsers sometimes decompress a download and keep the .gz name; the reverse happens too.
        assertThat(Idx.readLabels(write(dir, "raw-named.gz", labels(5)))).hasSize(5);
        assertThat(Idx.readLabels(write(dir, "gzip-named-raw", gzip(labels(5))))).hasSize(5);
    }

    @Test
    void readsAnEmptyDataSet() {
        assertThat(Idx.readImages(write(dir, "none", images(0, 28, 28))).pixels()).isEmpty();
    }

    // ---- files that are wrong -------------------------------------------------------------------

    @Test
    void emptyFile() {
        Path file = write(dir, "train-images-idx3-ubyte.gz", new byte[0]);
        assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz")
                .hasMessageContaining("empty")
                .hasMessageContaining("download it again");
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> Idx.readLabels(dir.resolve("nowhere.gz")))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("nowhere.gz: no such file");
    }

    @Test
    void badMagicNumber() {
        byte[] content = images(1, 2, 2);
        ByteBuffer.wrap(content).putInt(0x12345678);
        Path file = write(dir, "train-images-idx3-ubyte", content);
        assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-images-idx3-ubyte: not an IDX file")
                .hasMessageContaining("0x12345678")
                .hasMessageContaining("expected 0x00000803");
    }

    @Test
    void wrongDimensionCountNamesTheLikelyMixUp() {
        Path labelsInsteadOfImages = write(dir, "t10k-images-idx3-ubyte.gz", gzip(labels(10)));
        assertThatThrownBy(() -> Idx.readImages(labelsInsteadOfImages))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte.gz: has 1 dimension (magic 0x00000801)")
                .hasMessageContaining("looks like a label file")
                .hasMessageContaining("an image file has 3 (magic 0x00000803)");
        Path imagesInsteadOfLabels = write(dir, "t10k-labels-idx1-ubyte", images(2, 2, 2));
        assertThatThrownBy(() -> Idx.readLabels(imagesInsteadOfLabels))
                .hasMessageContaining("has 3 dimensions")
                .hasMessageContaining("looks like an image file");
    }

    @Test
    void truncatedRawData() {
        byte[] whole = images(2, 28, 28);
        Path file = write(dir, "train-images-idx3-ubyte", Arrays.copyOf(whole, 16 + 1000));
        assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(DataException.class)
                .hasMessage(file + ": truncated: expected 1568 bytes of image data after the 16-byte header,"
                        + " found 1000; delete it and download it again");
    }

    @Test
    void truncatedGzipData() {
        byte[] compressed = gzip(images(50, 28, 28));
        Path file = write(dir, "train-images-idx3-ubyte.gz", Arrays.copyOf(compressed, compressed.length / 2));
        assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz: truncated: expected 39200 bytes of image data after "
                        + "the 16-byte header, found ");
    }

    @Test
    void gzipCutJustBeforeItsEndMarker() {
        byte[] compressed = gzip(labels(100));
        Path file = write(dir, "train-labels-idx1-ubyte.gz", Arrays.copyOf(compressed, compressed.length - 4));
        assertThatThrownBy(() -> Idx.readLabels(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-labels-idx1-ubyte.gz")
                .hasMessageContaining("truncated");
    }

    @Test
    void truncatedHeader() {
        Path file = write(dir, "train-images-idx3-ubyte", Arrays.copyOf(images(1, 28, 28), 10));
        assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-images-idx3-ubyte: the file ends inside the 16-byte header (after 10 bytes)");
    }

    @Test
    void extraBytesAfterTheData() {
        byte[] whole = labels(4);
        Path file = write(dir, "train-labels-idx1-ubyte", Arrays.copyOf(whole, whole.length + 3));
        assertThatThrownBy(() -> Idx.readLabels(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-labels-idx1-ubyte: 3 bytes follow the 4 bytes of label data the header announces");
    }

    @Test
    void gzNameButNeitherGzipNorIdx() {
        byte[] page = "<html><body>404 Not Found</body></html>".getBytes(StandardCharsets.US_ASCII);
        Path file = write(dir, "train-images-idx3-ubyte.gz", page);
        assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz: the name ends in .gz but the file is neither gzip data")
                .hasMessageContaining("it starts with \"<htm\"")
                .hasMessageContaining("error page");
    }

    @Test
    void corruptGzipChecksum() {
        byte[] compressed = gzip(labels(100));
        compressed[compressed.length - 6] ^= 0x5a; // inside the CRC-32 of the trailer
        Path file = write(dir, "t10k-labels-idx1-ubyte.gz", compressed);
        assertThatThrownBy(() -> Idx.readLabels(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz: the gzip data is corrupt");
    }

    @Test
    void negativeSizeInTheHeader() {
        byte[] content = images(1, 2, 2);
        ByteBuffer.wrap(content).putInt(4, -1);
        Path file = write(dir, "images", content);
        assertThatThrownBy(() -> Idx.readImages(file))
                .hasMessageContaining("negative size (-1) for dimension 0");
    }

    @Test
    void extraBytesAfterGzipData() {
        byte[] whole = labels(4);
        Path file = write(dir, "train-labels-idx1-ubyte.gz", gzip(Arrays.copyOf(whole, whole.length + 3)));
        assertThatThrownBy(() -> Idx.readLabels(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-labels-idx1-ubyte.gz: 3 bytes follow the 4 bytes of label data");
    }

    /** A header that announces 2 GB over 10 bytes of data is refused after reading those, without allocating 2 GB. */
    @Test
    @Timeout(10)
    void aHugeCountOverLittleGzipDataIsTruncationNotAnOutOfMemoryError() {
        byte[] content = Arrays.copyOf(images(1, 2, 5), 16 + 10);
        ByteBuffer.wrap(content).putInt(4, 2147).putInt(8, 1000).putInt(12, 1000);
        Path file = write(dir, "train-images-idx3-ubyte.gz", gzip(content));
        assertThatThrownBy(() -> Idx.readImages(file))
                .isInstanceOf(DataException.class)
                .hasMessage(file + ": truncated: expected 2147000000 bytes of image data after the 16-byte header,"
                        + " found 10; delete it and download it again");
    }

    @Test
    void aRawFileSmallerThanItsHeaderSaysIsRefusedBeforeReading() {
        byte[] content = images(1, 2, 5);
        ByteBuffer.wrap(content).putInt(4, 2000).putInt(8, 1000).putInt(12, 1000);
        Path file = write(dir, "train-images-idx3-ubyte", content);
        assertThatThrownBy(() -> Idx.readImages(file))
                .hasMessageContaining("truncated: expected 2000000000 bytes of image data after the 16-byte header, found 10");
    }

    /** Three sizes of 2^31 - 1 multiply past what a long holds; the product is bounded, not overflowed. */
    @Test
    void sizesWhoseProductOverflowsAreRefused() {
        byte[] header = images(1, 2, 2);
        ByteBuffer.wrap(header).putInt(4, Integer.MAX_VALUE).putInt(8, Integer.MAX_VALUE).putInt(12, Integer.MAX_VALUE);
        for (Path file : List.of(write(dir, "images", header), write(dir, "images.gz", gzip(header)))) {
            assertThatThrownBy(() -> Idx.readImages(file))
                    .isInstanceOf(DataException.class)
                    .hasMessage(file + ": the header announces 2147483647 x 2147483647 x 2147483647 bytes of image data,"
                            + " more than one array can hold; the file is corrupt — delete it and download it again");
        }
    }

    @Test
    @Timeout(10)
    void aFifoIsRefusedWithoutWaitingForAWriter() {
        Path fifo = Fifo.make(dir, "train-images-idx3-ubyte.gz");
        assertThatThrownBy(() -> Idx.readImages(fifo))
                .isInstanceOf(DataException.class)
                .hasMessage(fifo + ": not a regular file (a FIFO, socket or device, which could block or never end); "
                        + "give the path of the downloaded file itself");
    }

    @Test
    @Timeout(10)
    void aDeviceIsRefusedRatherThanReadForever() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertThatThrownBy(() -> Idx.readLabels(zero))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("/dev/zero: not a regular file");
    }

    @Test
    void aDirectoryIsRefused() {
        assertThatThrownBy(() -> Idx.readLabels(dir))
                .isInstanceOf(DataException.class)
                .hasMessage(dir + ": is a directory, not an IDX file; give the path of the file itself");
    }

    @Test
    void imageAndLabelCountsMustMatch() {
        Path imageFile = write(dir, "train-images-idx3-ubyte.gz", gzip(images(3, 28, 28)));
        Path labelFile = write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(2)));
        assertThatThrownBy(() -> ImageDataset.read(imageFile, labelFile, 10))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz has 3 images but")
                .hasMessageContaining("train-labels-idx1-ubyte.gz has 2 labels; the two files do not belong together");
    }

    @Test
    void labelsMustBeClassNumbers() {
        byte[] labels = labels(3);
        labels[8 + 1] = 12;
        Path imageFile = write(dir, "images", images(3, 28, 28));
        Path labelFile = write(dir, "train-labels-idx1-ubyte", labels);
        assertThatThrownBy(() -> ImageDataset.read(imageFile, labelFile, 10))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("train-labels-idx1-ubyte: label 12 of image 1 is not a class number (0 to 9)");
    }
}
