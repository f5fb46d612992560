package d2l.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the grader's files are (rubric, golden and hidden cases, stand-ins): the folder given, else
 * {@code grader/} beside the project, else the visible checks a {@code d2l.jar} carries.
 *
 * @param dir       the folder
 * @param shownName how reports name it ({@code grader}, relative to the project where it can be)
 * @param bundled   true when it is the copy of the jar's bundled checks
 */
public record GraderFolder(Path dir, String shownName, boolean bundled) {

    /** The grader's folder: {@code chosen} when not null, else the project's or the jar's. */
    public static GraderFolder locate(Path root, Path chosen) throws IOException {
        Path dir = chosen != null ? chosen : root.resolve("grader");
        if (chosen == null && !Files.isDirectory(dir) && BundledFiles.present()) {
            return new GraderFolder(BundledFiles.folder("grader"), BundledFiles.shownName("grader"), true);
        }
        return new GraderFolder(dir, shown(root, dir), false);
    }

    /** {@code p} relative to the project's root where it lies inside it, else as given. */
    public static String shown(Path root, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path r = root.toAbsolutePath().normalize();
        return abs.startsWith(r) && !abs.equals(r) ? r.relativize(abs).toString() : p.toString();
    }

    /** The rubric of this folder. */
    public Rubric rubric() throws IOException {
        return Rubric.read(dir.resolve("rubric.csv"), shownName + "/rubric.csv");
    }

    /** Every check this folder's case files and the grader's code define. */
    public Catalogue catalogue() throws IOException {
        return Catalogue.load(dir, shownName + "/");
    }
}
