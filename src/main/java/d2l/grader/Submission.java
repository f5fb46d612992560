package d2l.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Takes one section file of a submission into the grader's own directory, as a hostile submission
 * might hand it in: a symbolic link is refused, never followed (it could point at the reference
 * answers), and so is a file larger than {@link #MAX_BYTES} (a sparse 3 GB file would otherwise
 * fill the grader's memory). {@link SubmissionLayout} decides which file that is.
 */
final class Submission {

    /** The largest section file graded: far beyond any real workbook file. */
    static final long MAX_BYTES = 1 << 20;

    private Submission() {}

    /**
     * Copies {@code file} to {@code target}; returns why it was refused ({@code shown} names it), or
     * null when it was copied.
     */
    static String copy(Path file, String shown, Path target) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            return "refused " + shown + ": it is a symbolic link; hand in the file itself";
        }
        if (!a.isRegularFile()) {
            return "refused " + shown + ": it is not a regular file";
        }
        if (a.size() > MAX_BYTES) {
            return tooLarge(shown, a.size());
        }
        Files.copy(file, target, LinkOption.NOFOLLOW_LINKS);
        return null;
    }

    /** The refusal of a file of {@code size} bytes, larger than {@link #MAX_BYTES}. */
    static String tooLarge(String shown, long size) {
        return String.format(Locale.ROOT, "refused %s: file too large (%,d bytes; the limit is %,d)", shown, size, MAX_BYTES);
    }
}
