package d2l.grader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjIntConsumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Zips as students (and attackers) hand them in, built in the test so no zip is committed: a
 * folder zipped, entries given by name, and the byte patches {@link java.util.zip.ZipOutputStream}
 * cannot make (an entry marked as a Unix symbolic link, an entry whose header lies about its size).
 */
final class SubmissionZips {

    private SubmissionZips() {}

    /** Zips {@code folder} into {@code zip}, its entries named from {@code folder}'s parent ({@code alice/Sec7_1.java}), as zipping a folder does. */
    static Path ofFolder(Path folder, Path zip) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                entries.put(folder.getParent().relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return Files.write(zip, of(entries));
    }

    /** A zip of {@code entries} by name, in their order. */
    static byte[] of(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** {@code zip} with the entry {@code name} marked in its index as made on Unix with mode {@code 0120777}: a symbolic link. */
    static byte[] symlinked(byte[] zip, String name) {
        return patched(zip, name, (b, p) -> {
            b.put(p + 5, (byte) 3);
            b.putInt(p + 38, 0120777 << 16);
        });
    }

    /** {@code zip} with the index saying the entry {@code name} unpacks to {@code size} bytes. */
    static byte[] claimingSize(byte[] zip, String name, int size) {
        return patched(zip, name, (b, p) -> b.putInt(p + 24, size));
    }

    /** Applies {@code patch} to the central directory record of {@code name}. */
    private static byte[] patched(byte[] zip, String name, ObjIntConsumer<ByteBuffer> patch) {
        byte[] copy = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int p = 0; p + 46 <= copy.length; p++) {
            if (b.getInt(p) == 0x02014b50 && Short.toUnsignedInt(b.getShort(p + 28)) == wanted.length
                    && Arrays.equals(copy, p + 46, p + 46 + wanted.length, wanted, 0, wanted.length)) {
                patch.accept(b, p);
                return copy;
            }
        }
        throw new IllegalArgumentException("no entry " + name + " in the zip");
    }
}
