package d2l.grader;

import d2l.grader.sandbox.GradingTemp;
import d2l.workbook.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the workbook files of a submission as students hand it in, and takes them into the
 * grader's directory. A submission is a folder or a {@code .zip} file (unpacked by
 * {@link ZipSubmission}) holding the section files ({@code Sec7_1.java} ... {@code Sec8_6.java}):
 * <ol>
 * <li>at the top level, or under {@code exercises/} (the repository's own layout);</li>
 * <li>else, when neither holds a section file, in a folder one below, or under its
 *     {@code exercises/} ({@code alice-hw3/Sec7_1.java}, {@code alice-hw3/exercises/Sec7_1.java}:
 *     what zipping a folder gives); hidden folders and macOS's {@code __MACOSX/} are ignored.</li>
 * </ol>
 * A folder holding no section file there but one {@code .zip} at its top is graded as that zip.
 * A section file found in two of these places is graded in neither (the student is told to hand
 * in one): guessing which one they meant could grade an old copy. Links are never followed.
 */
final class SubmissionLayout {

    /** The folder macOS's Finder adds to a zip, with resource forks, never workbook files. */
    static final String MACOS_JUNK = "__MACOSX";

    /**
     * What was taken.
     *
     * @param absent why each section with no file taken has none: missing, refused, or in two places
     * @param notes  lines about the whole submission (zip entries skipped, say)
     */
    record Taken(Map<Section, String> absent, List<String> notes) {}

    private SubmissionLayout() {}

    /**
     * Takes the section files of {@code submission} ({@code name} in messages) into {@code work/submission}.
     *
     * @throws IllegalArgumentException when the submission is neither a folder nor a zip, or holds no workbook file
     */
    static Taken take(Path submission, String name, Path work) throws IOException {
        String base = name.replaceAll("/+$", "");
        Path into = GradingTemp.createDirectories(work.resolve("submission"));
        if (Files.isSymbolicLink(submission)) {
            throw new IllegalArgumentException("refused: " + submission + " is a symbolic link");
        }
        if (Files.isDirectory(submission, LinkOption.NOFOLLOW_LINKS)) {
            Path zip = onlyZip(submission);
            if (zip == null) {
                return locate(submission, base, Map.of(), into, new ArrayList<>());
            }
            submission = zip;
            base = base + "/" + Roster.shown(zip.getFileName().toString());
        }
        if (!Files.exists(submission, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("no such workbook directory: " + submission);
        }
        if (!isZip(submission)) {
            throw new IllegalArgumentException("cannot grade " + submission + ": a submission is a folder or a .zip file");
        }
        Path unpacked = GradingTemp.createDirectories(work.resolve("unpacked"));
        ZipSubmission.Unpacked u = ZipSubmission.unpack(submission, base, unpacked);
        return locate(unpacked, base, u.refused(), into, new ArrayList<>(u.notes()));
    }

    /** Whether {@code file} is a regular file named {@code *.zip}, a submission as handed in. */
    static boolean isZip(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** Whether {@code path} ({@code hw3/exercises/Sec7_1.java}) is at a place this layout looks. */
    static boolean looksAt(String path) {
        String[] c = path.split("/");
        return c.length == 1 || c.length == 2 && (c[0].equals("exercises") || folderBelow(c[0]))
                || c.length == 3 && folderBelow(c[0]) && c[1].equals("exercises");
    }

    /** The section files of a submission folder at the places this layout looks, or the zip itself: what decides its grade. */
    static List<Path> files(Path submission) throws IOException {
        if (!Files.isDirectory(submission, LinkOption.NOFOLLOW_LINKS)) {
            return List.of(submission);
        }
        Path zip = onlyZip(submission);
        if (zip != null) {
            return List.of(zip);
        }
        List<Path> files = new ArrayList<>();
        List<String> places = new ArrayList<>(places(submission, false));
        places.addAll(places(submission, true));
        for (String place : places) {
            for (Section s : Section.values()) {
                Path f = submission.resolve(place).resolve(s.fileName());
                if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(f);
                }
            }
        }
        return files;
    }

    /**
     * The one {@code .zip} of a folder that holds no section file at the places looked and no other
     * zip at its top (an upload platform that keeps a student's zip as it is); else null.
     */
    private static Path onlyZip(Path folder) throws IOException {
        List<Path> zips;
        try (Stream<Path> children = Files.list(folder)) {
            zips = children.filter(SubmissionLayout::isZip).toList();
        }
        if (zips.size() != 1) {
            return null;
        }
        for (boolean below : new boolean[] {false, true}) {
            for (String place : places(folder, below)) {
                if (holdsAny(folder, place, Map.of())) {
                    return null;
                }
            }
        }
        return zips.get(0);
    }

    private static Taken locate(Path root, String base, Map<String, String> refused, Path into, List<String> notes) throws IOException {
        List<String> places = places(root, false);
        List<String> looked = new ArrayList<>(List.of(shown(base, "."), shown(base, "exercises")));
        if (places.stream().noneMatch(p -> holdsAny(root, p, refused))) {
            places = places(root, true);
            places.forEach(p -> looked.add(shown(base, p)));
        }
        if (places.stream().noneMatch(p -> holdsAny(root, p, refused))) {
            throw new IllegalArgumentException("no workbook file (" + Section.values()[0].fileName() + " ... "
                    + Section.values()[Section.values().length - 1].fileName() + ") in " + looked.get(0) + ", " + looked.get(1)
                    + " or one folder below");
        }
        Map<Section, String> absent = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            List<String> at = places.stream().filter(p -> holds(root, p, s, refused)).toList();
            if (at.isEmpty()) {
                absent.put(s, "missing " + s.fileName() + ": looked in " + String.join(", ", looked));
            } else if (at.size() > 1) {
                List<String> where = at.stream().map(p -> shown(base, p)).toList();
                absent.put(s, "found " + s.fileName() + " in " + (where.size() == 2 ? "both " : "") + String.join(" and ", where)
                        + "; hand in one");
            } else {
                String path = path(at.get(0), s);
                String why = refused.containsKey(path) ? refused.get(path)
                        : Submission.copy(root.resolve(path), Roster.shown(path), into.resolve(s.fileName()));
                if (why != null) {
                    absent.put(s, why);
                }
            }
        }
        return new Taken(absent, notes);
    }

    /**
     * The places looked, relative to the submission: {@code .} and {@code exercises}, or with
     * {@code below}, each folder one below and its {@code exercises}; only folders, never links.
     */
    private static List<String> places(Path root, boolean below) throws IOException {
        List<String> candidates = new ArrayList<>();
        if (!below) {
            candidates.addAll(List.of(".", "exercises"));
        } else {
            try (Stream<Path> children = Files.list(root)) {
                for (Path child : children.sorted().toList()) {
                    String name = child.getFileName().toString();
                    if (folderBelow(name) && !name.equals("exercises")) {
                        candidates.add(name);
                        candidates.add(name + "/exercises");
                    }
                }
            }
        }
        return candidates.stream().filter(p -> Files.isDirectory(root.resolve(p), LinkOption.NOFOLLOW_LINKS)).toList();
    }

    private static boolean folderBelow(String name) {
        return !name.startsWith(".") && !name.equals(MACOS_JUNK);
    }

    private static boolean holdsAny(Path root, String place, Map<String, String> refused) {
        return Arrays.stream(Section.values()).anyMatch(s -> holds(root, place, s, refused));
    }

    private static boolean holds(Path root, String place, Section s, Map<String, String> refused) {
        String path = path(place, s);
        return refused.containsKey(path) || Files.exists(root.resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    private static String path(String place, Section s) {
        return place.equals(".") ? s.fileName() : place + "/" + s.fileName();
    }

    private static String shown(String base, String place) {
        return base + "/" + (place.equals(".") ? "" : Roster.shown(place) + "/");
    }
}
