package d2l.grader;

import d2l.grader.sandbox.GradingTemp;
import d2l.workbook.Section;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks a submission handed in as a {@code .zip}, as an attack until proven otherwise. Only the
 * entries named like a section file at a place {@link SubmissionLayout} looks ({@code Sec7_1.java},
 * {@code exercises/Sec7_1.java}, {@code hw3/Sec7_1.java}, {@code hw3/exercises/Sec7_1.java}) are
 * written, with the folders leading to them, and never one of these:
 * <ul>
 * <li>a path that is absolute or climbs with {@code ..} (zip slip), or holds a control character: noted, skipped;</li>
 * <li>a symbolic link (Unix mode {@code 0120000} in the entry's external attributes), a name the zip
 *     holds twice, an entry larger than {@link Submission#MAX_BYTES} once inflated (counted while
 *     inflating, never taken from the header, so a zip bomb stops there): refused, with the reason
 *     the section's checks then show.</li>
 * </ul>
 * A zip of more than {@link #MAX_ENTRIES} entries, or whose index is larger than {@link #MAX_INDEX},
 * is refused whole, before {@link ZipFile} reads its index.
 */
final class ZipSubmission {

    /** The most entries read: a workbook has 8 files, a zipped project folder with its .git a few thousand. */
    static final int MAX_ENTRIES = 10_000;

    /** The largest central directory (the zip's index) read. */
    static final int MAX_INDEX = 4 << 20;

    private static final int END = 0x06054b50;
    private static final int ENTRY = 0x02014b50;
    private static final int SYMLINK = 0120000;

    /**
     * What was unpacked besides the files.
     *
     * @param refused why each entry at a place the layout looks was not written, by its path ({@code exercises/Sec7_1.java})
     * @param notes   the entries skipped because their path is unsafe
     */
    record Unpacked(Map<String, String> refused, List<String> notes) {}

    /** An entry of the zip's index: its name as stored and whether it is a symbolic link. */
    private record Indexed(String name, boolean symlink) {}

    private ZipSubmission() {}

    /**
     * Unpacks the section files of {@code zip} ({@code shown} names it in messages) into the empty folder {@code into}.
     *
     * @throws IllegalArgumentException when the zip is refused whole: not a zip, too many entries, too large an index
     */
    static Unpacked unpack(Path zip, String shown, Path into) throws IOException {
        Map<String, String> refused = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Map<String, Indexed> wanted = new LinkedHashMap<>();
        for (Indexed e : index(zip, shown)) {
            String name = e.name().replace('\\', '/');
            if (name.endsWith("/") || !isSectionFile(name.substring(name.lastIndexOf('/') + 1))) {
                continue;
            }
            String unsafe = unsafe(name);
            if (unsafe != null) {
                notes.add("skipped the entry " + Roster.shown(e.name()) + " of " + shown + ": " + unsafe);
                continue;
            }
            String path = String.join("/", Arrays.stream(name.split("/")).filter(c -> !c.isEmpty() && !c.equals(".")).toList());
            if (!SubmissionLayout.looksAt(path)) {
                continue;
            }
            if (wanted.containsKey(path) || refused.containsKey(path)) {
                wanted.remove(path);
                refused.put(path, "refused " + path + " in " + shown + ": the zip holds it twice; zip one");
            } else if (e.symlink()) {
                refused.put(path, "refused " + path + " in " + shown + ": it is a symbolic link; zip the file itself");
            } else {
                wanted.put(path, e);
            }
        }
        try (ZipFile zf = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Indexed> w : wanted.entrySet()) {
                String why = write(zf, w.getValue().name(), into, w.getKey());
                if (why != null) {
                    refused.put(w.getKey(), "refused " + w.getKey() + " in " + shown + ": " + why);
                }
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("refused " + shown + ": it is not a zip file Java can read (" + e.getMessage()
                    + "); zip the workbook folder again");
        }
        for (Map.Entry<String, String> r : refused.entrySet()) {
            try {
                GradingTemp.createDirectories(into.resolve(r.getKey()).getParent());
            } catch (IOException e) {
                notes.add(r.getValue());
            }
        }
        return new Unpacked(refused, notes);
    }

    private static boolean isSectionFile(String name) {
        return Arrays.stream(Section.values()).anyMatch(s -> s.fileName().equals(name));
    }

    /** Why a path must not be written, or null. */
    private static String unsafe(String name) {
        if (name.startsWith("/") || name.matches("[A-Za-z]:.*")) {
            return "an absolute path";
        }
        if (Arrays.asList(name.split("/")).contains("..")) {
            return "its path climbs out of the folder with ..";
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x7f)) {
            return "its name holds a control character";
        }
        return null;
    }

    /** Writes the entry {@code name} to {@code into/path}; returns why it was not written, or null. */
    private static String write(ZipFile zf, String name, Path into, String path) {
        ZipEntry entry = zf.getEntry(name);
        if (entry == null) {
            return "its entry could not be found in the zip's index";
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        try (InputStream in = zf.getInputStream(entry)) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; ) {
                content.write(buffer, 0, n);
                if (content.size() > Submission.MAX_BYTES) {
                    return String.format(Locale.ROOT, "larger than %,d bytes once unpacked (a zip bomb?)", Submission.MAX_BYTES);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "it could not be unpacked (" + e.getMessage() + ")";
        }
        try {
            Path target = into.resolve(path).normalize();
            if (!target.startsWith(into)) {
                return "its path leaves the folder";
            }
            GradingTemp.createDirectories(target.getParent());
            Files.write(target, content.toByteArray(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | InvalidPathException e) {
            return "it could not be written here (" + e.getMessage() + ")";
        }
        return null;
    }

    /**
     * The zip's central directory, read by hand for what {@link ZipEntry} does not tell: whether an
     * entry is a symbolic link. It is found the way {@link ZipFile} finds it (from the end record,
     * just before it), so both read the same entries.
     */
    private static List<Indexed> index(Path zip, String shown) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            int tail = (int) Math.min(size, 22 + 0xFFFF);
            ByteBuffer b = read(ch, size - tail, tail);
            int end = -1;
            for (int i = tail - 22; i >= 0 && end < 0; i--) {
                if (b.getInt(i) == END && i + 22 + Short.toUnsignedInt(b.getShort(i + 20)) == tail) {
                    end = i;
                }
            }
            if (end < 0) {
                throw new IllegalArgumentException("refused " + shown + ": it is not a zip file (no end record); zip the workbook folder again");
            }
            int count = Short.toUnsignedInt(b.getShort(end + 10));
            long cenSize = Integer.toUnsignedLong(b.getInt(end + 12));
            if (count > MAX_ENTRIES || count == 0xFFFF) {
                throw tooMany(shown);
            }
            if (cenSize > MAX_INDEX) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "refused %s: its index is larger than %,d bytes;"
                        + " zip only the workbook files", shown, MAX_INDEX));
            }
            long cenStart = size - tail + end - cenSize;
            if (cenStart < 0) {
                throw new IllegalArgumentException("refused " + shown + ": its index is damaged; zip the workbook folder again");
            }
            ByteBuffer cen;
            try {
                cen = read(ch, cenStart, (int) cenSize);
            } catch (java.io.EOFException e) {
                throw new IllegalArgumentException("refused " + shown + ": its index is damaged; zip the workbook folder again");
            }
            List<Indexed> entries = new ArrayList<>();
            int p = 0;
            while (p + 46 <= cenSize && cen.getInt(p) == ENTRY) {
                if (entries.size() == MAX_ENTRIES) {
                    throw tooMany(shown);
                }
                int madeBy = Short.toUnsignedInt(cen.getShort(p + 4)) >> 8;
                int nameLength = Short.toUnsignedInt(cen.getShort(p + 28));
                int skip = Short.toUnsignedInt(cen.getShort(p + 30)) + Short.toUnsignedInt(cen.getShort(p + 32));
                long mode = Integer.toUnsignedLong(cen.getInt(p + 38)) >>> 16;
                if (p + 46 + nameLength > cenSize) {
                    break;
                }
                byte[] name = new byte[nameLength];
                cen.get(p + 46, name);
                String n = new String(name, StandardCharsets.UTF_8);
                entries.add(new Indexed(n, madeBy == 3 && (mode & 0170000) == SYMLINK));
                p += 46 + nameLength + skip;
            }
            return entries;
        }
    }

    private static IllegalArgumentException tooMany(String shown) {
        return new IllegalArgumentException(String.format(Locale.ROOT, "refused %s: it holds more than %,d entries; zip only the"
                + " workbook files", shown, MAX_ENTRIES));
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new java.io.EOFException("the zip ends early");
            }
        }
        return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }
}
