package d2l.grader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads an instructor's file (the rubric, a case file) as UTF-8 text, and when it cannot, says which
 * file and line and what to do: a folder where the file should be, bytes that are not UTF-8 (a file
 * saved as Latin-1 or Windows-1252). These are the instructor's mistakes, reported when the grader
 * starts, never as a student's.
 */
final class InstructorFile {

    private InstructorFile() {}

    /**
     * The text of {@code file}, shown in messages as {@code shownName}.
     *
     * @throws IllegalArgumentException naming the file (and the line of the first bad byte)
     */
    static String read(Path file, String shownName) throws IOException {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(shownName + " is a folder, not a file: rename or remove it");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(shownName + " is not a regular file");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstBadByte(bytes);
            int line = 1;
            int column = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s:%d: not UTF-8 text (byte 0x%02X at column %d):"
                    + " save the file as UTF-8", shownName, line, bytes[bad] & 0xff, column));
        }
    }

    /** The index of the first byte that does not start or continue a valid UTF-8 character. */
    private static int firstBadByte(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int length = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0;
            if (length == 0 || i + length > bytes.length) {
                return i;
            }
            for (int k = 1; k < length; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return Math.max(0, bytes.length - 1);
    }
}
