package d2l.grader.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a child's output as UTF-8 lines without letting it fill the grader's memory (the line
 * buffer grows as a line does, from 8 KiB, and shrinks back after it): a line
 * longer than {@code maxLineBytes} is delivered cut, followed by
 * {@code " … (line cut: N more bytes)"}, and the rest of it is discarded as it streams; after
 * {@code maxTotalBytes} nothing more is delivered but the note {@code "… (output cut after N bytes)"},
 * while the stream is still read to its end so that the child never blocks on a full pipe. The
 * end of the stream is delivered as a null line.
 */
public final class BoundedLines {

    private BoundedLines() {}

    /**
     * Reads {@code input} to its end on the calling thread, passing each line (without its
     * {@code \n} or {@code \r\n}) to {@code lines}, then null; returns how many bytes it read. A
     * failing read (the child was killed, the pipe closed) counts as the end.
     */
    public static long read(InputStream input, int maxLineBytes, long maxTotalBytes, Consumer<String> lines) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive, was " + maxLineBytes);
        }
        if (maxTotalBytes <= 0) {
            throw new IllegalArgumentException("maxTotalBytes must be positive, was " + maxTotalBytes);
        }
        byte[] buffer = new byte[8192];
        byte[] line = new byte[Math.min(maxLineBytes, 8192)];
        int held = 0;
        long lineBytes = 0;
        long totalBytes = 0;
        boolean delivering = true;
        try {
            int count;
            while ((count = input.read(buffer)) >= 0) {
                long before = totalBytes;
                totalBytes += count;
                if (!delivering) {
                    continue;
                }
                for (int i = 0; i < count; i++) {
                    if (before + i >= maxTotalBytes) {
                        if (lineBytes > 0) {
                            lines.accept(decode(line, utf8Boundary(line, held)));
                        }
                        lines.accept("… (output cut after " + maxTotalBytes + " bytes)");
                        delivering = false;
                        break;
                    }
                    byte b = buffer[i];
                    if (b == '\n') {
                        lines.accept(complete(line, held, lineBytes));
                        held = 0;
                        lineBytes = 0;
                        if (line.length > 8192) {
                            line = new byte[8192];
                        }
                    } else {
                        if (held < maxLineBytes) {
                            if (held == line.length) {
                                line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, 2L * line.length));
                            }
                            line[held++] = b;
                        }
                        lineBytes++;
                    }
                }
            }
            if (delivering && lineBytes > 0) {
                lines.accept(complete(line, held, lineBytes));
            }
        } catch (IOException e) {
            // the stream broke: that is its end
        }
        lines.accept(null);
        return totalBytes;
    }

    /** A whole line as delivered: its bytes, or its first bytes and how many were cut. */
    private static String complete(byte[] line, int held, long lineBytes) {
        if (lineBytes <= held) {
            int length = held > 0 && line[held - 1] == '\r' ? held - 1 : held;
            return decode(line, length);
        }
        int kept = utf8Boundary(line, held);
        return decode(line, kept) + " … (line cut: " + (lineBytes - kept) + " more bytes)";
    }

    /** The largest length up to {@code held} that does not end inside a UTF-8 character. */
    private static int utf8Boundary(byte[] line, int held) {
        int start = held - 1;
        while (start > 0 && held - start < 4 && (line[start] & 0xC0) == 0x80) {
            start--;
        }
        if (start < 0) {
            return held;
        }
        int lead = line[start] & 0xFF;
        int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return start + length > held ? start : held;
    }

    private static String decode(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
