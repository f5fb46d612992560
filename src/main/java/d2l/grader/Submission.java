package d2l.grader;

import d2l.workbook.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Takes a submission's section files into the grader's own directory, as a hostile submission
 * might hand them in: a symbolic link is refused, never followed (it could point at the reference
 * answers), and so is a file larger than {@link #MAX_BYTES} (a sparse 3 GB file would otherwise
 * fill the grader's memory), each with a note for the report; the other files are graded.
 */
final class Submission {

    /** The largest section file graded: far beyond any real workbook file. */
    static final long MAX_BYTES = 1 << 20;

    private Submission() {}

    /** Copies the section files of {@code dir} into {@code into}; returns a note for each file refused. */
    static List<String> copy(Path dir, Path into) throws IOException {
        List<String> refused = new ArrayList<>();
        for (Section s : Section.values()) {
            Path file = dir.resolve(s.fileName());
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                refused.add("refused " + s.fileName() + ": it is a symbolic link; hand in the file itself");
            } else if (!a.isRegularFile()) {
                refused.add("refused " + s.fileName() + ": it is not a regular file");
            } else if (a.size() > MAX_BYTES) {
                refused.add(String.format(Locale.ROOT, "refused %s: file too large (%,d bytes; the limit is %,d)", s.fileName(),
                        a.size(), MAX_BYTES));
            } else {
                Files.copy(file, into.resolve(s.fileName()), LinkOption.NOFOLLOW_LINKS);
            }
        }
        return refused;
    }
}
