package d2l.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST and Fashion-MNIST come in: a 4-byte magic number {@code 0x0000TTDD}
 * (element type TT, here always 0x08 for unsigned bytes, and DD dimensions), one big-endian 32-bit
 * size per dimension, then the elements row-major. Files may be gzip-compressed (recognised by
 * their first two bytes, 0x1f 0x8b, whatever their name) or raw.
 *
 * <p>Every check the format allows is made, so that a truncated download or the wrong file gives
 * a message naming the file and the problem instead of wrong pixels or an index error later.
 */
public final class Idx {

    /** The magic number of an image file: unsigned bytes, 3 dimensions (count, rows, columns). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** The magic number of a label file: unsigned bytes, 1 dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int UNSIGNED_BYTE_TYPE = 0x08;
    private static final int BUFFER_SIZE = 1 << 16;
    /** The largest array the JVM reliably allocates. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    private static final String FIX = "delete it and download it again";
    /** How many times its size a gzip file's content is at first taken to be (Fashion-MNIST's is about 2). */
    private static final int GZIP_RATIO_GUESS = 4;

    private Idx() {}

    /** The images of an image file: {@code count} images of {@code rows x columns} bytes, one after the other. */
    public record Images(int count, int rows, int columns, byte[] pixels) {}

    /** Reads an image file (magic 0x00000803). */
    public static Images readImages(Path file) {
        Content content = read(file, IMAGES_MAGIC, "image data");
        return new Images(content.sizes[0], content.sizes[1], content.sizes[2], content.data);
    }

    /** Reads a label file (magic 0x00000801): one byte per image. */
    public static byte[] readLabels(Path file) {
        return read(file, LABELS_MAGIC, "label data").data;
    }

    /** The sizes from the header and the elements after it. */
    private record Content(int[] sizes, byte[] data) {}

    private static Content read(Path file, int expectedMagic, String elements) {
        String name = file.toString();
        try {
            requireRegularFile(file, name);
            long size = Files.size(file);
            if (size == 0) {
                throw new DataException(name + ": the file is empty (0 bytes); " + FIX);
            }
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_SIZE)) {
                raw.mark(2);
                boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                InputStream in = gzip ? new GZIPInputStream(raw, BUFFER_SIZE) : raw;
                return readContent(in, name, gzip, size, expectedMagic, elements);
            }
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": no such file");
        } catch (ZipException e) {
            throw new DataException(name + ": the gzip data is corrupt (" + e.getMessage() + "); " + FIX, e);
        } catch (IOException e) {
            throw new DataException(name + ": cannot be read (" + e + ")", e);
        }
    }

    /**
     * Refuses a directory, FIFO, socket or device before opening it: reading a FIFO waits for a writer
     * that may never come, and a device such as /dev/zero never ends.
     */
    private static void requireRegularFile(Path file, String name) throws NoSuchFileException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(name);
        }
        if (Files.isDirectory(file)) {
            throw new DataException(name + ": is a directory, not an IDX file; give the path of the file itself");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataException(name + ": not a regular file (a FIFO, socket or device, which could block or "
                    + "never end); give the path of the downloaded file itself");
        }
    }

    /**
     * The header, checked, then the elements. A raw file's size must be the header's plus the elements
     * it announces, checked before reading on; gzip data is as long as it turns out to be, so its
     * buffer starts at a few times the file's size and grows only as data arrives: a header that
     * announces more than the file holds is found out without allocating what it announces.
     */
    private static Content readContent(InputStream in, String name, boolean gzip, long fileSize, int expectedMagic,
                                       String elements) throws IOException {
        int dimensions = expectedMagic & 0xff;
        int headerLength = 4 * (1 + dimensions);
        byte[] header = new byte[headerLength];
        int headerRead = readUpTo(in, header, 0, gzip);
        if (headerRead >= 4) {
            checkMagic(name, gzip, header, expectedMagic);
        }
        if (headerRead < headerLength) {
            throw new DataException(name + ": the file ends inside the " + headerLength + "-byte header (after "
                    + headerRead + " bytes); the file is truncated — " + FIX);
        }
        int[] sizes = new int[dimensions];
        long total = 1;
        for (int d = 0; d < dimensions; d++) {
            sizes[d] = bigEndianInt(header, 4 + 4 * d);
            if (sizes[d] < 0) {
                throw new DataException(name + ": the header gives a negative size (" + sizes[d] + ") for dimension "
                        + d + "; the file is corrupt — " + FIX);
            }
        }
        for (int size : sizes) {
            total *= size;
            if (total > MAX_ARRAY_LENGTH) {
                throw new DataException(name + ": the header announces " + product(sizes) + " bytes of " + elements
                        + ", more than one array can hold; the file is corrupt — " + FIX);
            }
        }
        long rawData = fileSize - headerLength;
        if (!gzip && rawData < total) {
            throw truncated(name, total, rawData, headerLength, elements);
        }
        if (!gzip && rawData > total) {
            throw trailing(name, rawData - total, total, elements);
        }
        int initial = (int) Math.min(total, Math.max(BUFFER_SIZE, GZIP_RATIO_GUESS * fileSize));
        byte[] data = readGrowing(in, (int) total, initial, gzip);
        if (data.length < total) {
            throw truncated(name, total, data.length, headerLength, elements);
        }
        long extra;
        try {
            extra = in.transferTo(OutputStream.nullOutputStream());
        } catch (EOFException e) {
            throw new DataException(name + ": the gzip data stops before its end marker; the file is truncated — " + FIX);
        }
        if (extra > 0) {
            throw trailing(name, extra, total, elements);
        }
        return new Content(sizes, data);
    }

    private static DataException truncated(String name, long expected, long found, int headerLength, String elements) {
        return new DataException(name + ": truncated: expected " + expected + " bytes of " + elements + " after the "
                + headerLength + "-byte header, found " + found + "; " + FIX);
    }

    private static DataException trailing(String name, long extra, long total, String elements) {
        return new DataException(name + ": " + extra + " bytes follow the " + total + " bytes of " + elements
                + " the header announces; the file is corrupt — " + FIX);
    }

    /** {@code 60000 x 28 x 28}: the sizes as the header gives them. */
    private static String product(int[] sizes) {
        StringBuilder text = new StringBuilder();
        for (int size : sizes) {
            text.append(text.isEmpty() ? "" : " x ").append(size);
        }
        return text.toString();
    }

    /**
     * Up to {@code total} bytes, fewer if the data ends first: the buffer starts {@code initial} long
     * and doubles only when full, so memory follows the data that exists.
     */
    private static byte[] readGrowing(InputStream in, int total, int initial, boolean gzip) throws IOException {
        byte[] data = new byte[initial];
        int filled = readUpTo(in, data, 0, gzip);
        while (filled == data.length && data.length < total) {
            data = Arrays.copyOf(data, (int) Math.min(total, 2L * data.length));
            filled = readUpTo(in, data, filled, gzip);
        }
        return filled == data.length ? data : Arrays.copyOf(data, filled);
    }

    /** Checks the first four header bytes: an IDX file of unsigned bytes with the expected number of dimensions. */
    private static void checkMagic(String name, boolean gzip, byte[] header, int expectedMagic) {
        int magic = bigEndianInt(header, 0);
        String kind = expectedMagic == IMAGES_MAGIC ? "an image file" : "a label file";
        boolean idx = header[0] == 0 && header[1] == 0 && header[2] == UNSIGNED_BYTE_TYPE;
        if (!idx) {
            if (!gzip && name.endsWith(".gz")) {
                throw new DataException(name + ": the name ends in .gz but the file is neither gzip data (which starts "
                        + "with 0x1f 0x8b) nor a raw IDX file; it starts with " + describe(header)
                        + " — perhaps an error page saved instead of the data; " + FIX);
            }
            throw new DataException(name + ": not an IDX file of unsigned bytes: the magic number is "
                    + String.format("0x%08x", magic) + " (" + describe(header) + "), expected "
                    + String.format("0x%08x", expectedMagic) + " for " + kind + "; " + FIX);
        }
        int dimensions = header[3] & 0xff;
        int expectedDimensions = expectedMagic & 0xff;
        if (dimensions != expectedDimensions) {
            String hint = dimensions == (LABELS_MAGIC & 0xff) ? " (it looks like a label file)"
                    : dimensions == (IMAGES_MAGIC & 0xff) ? " (it looks like an image file)" : "";
            throw new DataException(name + ": has " + dimensions + " dimension" + (dimensions == 1 ? "" : "s")
                    + String.format(" (magic 0x%08x)", magic) + hint + ", but " + kind + " has " + expectedDimensions
                    + String.format(" (magic 0x%08x)", expectedMagic) + "; check that the files are not swapped or renamed");
        }
    }

    /**
     * Reads from {@code buffer[from]} until it is full or the data ends; returns how much of it is filled. A gzip
     * stream that stops before its end marker counts as ending there, so a truncated download is
     * reported with the number of bytes it did hold.
     */
    private static int readUpTo(InputStream in, byte[] buffer, int from, boolean gzip) throws IOException {
        int filled = from;
        try {
            while (filled < buffer.length) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (EOFException e) {
            if (!gzip) {
                throw e;
            }
        }
        return filled;
    }

    private static int bigEndianInt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | (bytes[at + 3] & 0xff);
    }

    /** The first bytes as quoted text when they are printable (an HTML or XML page), else in hex. */
    private static String describe(byte[] header) {
        byte[] start = Arrays.copyOf(header, 4);
        boolean printable = true;
        for (byte b : start) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        if (printable) {
            return "\"" + new String(start, StandardCharsets.US_ASCII) + "\"";
        }
        return String.format("0x%02x 0x%02x 0x%02x 0x%02x", start[0], start[1], start[2], start[3]);
    }
}
