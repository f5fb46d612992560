package d2l.grader;

import d2l.data.DataDirectory;
import d2l.data.Download;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The autograder zip {@code d2l gradescope} builds, laid out as Gradescope's autograder
 * specification asks (its two scripts at the root of the archive):
 * <ul>
 *   <li>{@code setup.sh}, run once as root when Gradescope builds the image (Ubuntu 22.04): installs a
 *       JDK and bubblewrap with apt and, unless the zip carries them, downloads Fashion-MNIST into
 *       {@code /autograder/source/fashion-mnist}, so nothing is fetched while grading;</li>
 *   <li>{@code run_autograder}, run for every submission: {@code d2l gradescope --run}, which finds
 *       the workbook in {@code /autograder/submission}, grades it and writes
 *       {@code /autograder/results/results.json};</li>
 *   <li>{@code d2l.jar}, the runtime and grader in one jar, and {@code grader/}: the rubric with its
 *       hidden rows, the golden and hidden case files and the stand-ins. Never the reference
 *       solutions.</li>
 * </ul>
 * Java's zip writer cannot mark a file executable, so {@code setup.sh} (which Gradescope runs with
 * bash) makes {@code run_autograder} executable. The zip is written to a temporary file beside
 * {@code out} and moved into place when complete.
 */
public final class GradescopeAutograder {

    /** Where {@code setup.sh} puts Fashion-MNIST, relative to {@code /autograder/source}. */
    public static final String DATA = "fashion-mnist";

    /** What was written. */
    public record Summary(Path zip, int files, boolean carriesData) {}

    private GradescopeAutograder() {}

    /**
     * Writes the autograder for the grader folder {@code graderDir} (whose rubric is {@code rubric})
     * to {@code out}, with the runtime jar {@code jar} and, when {@code data} is not null, the
     * Fashion-MNIST files found there.
     */
    public static Summary write(Path graderDir, Rubric rubric, Path jar, Path data, Path out) throws IOException {
        List<Path> dataFiles = new ArrayList<>();
        if (data != null) {
            DataDirectory d = DataDirectory.resolve(data);
            if (!d.missingFiles().isEmpty()) {
                throw new IllegalArgumentException("--data " + data + " lacks " + String.join(", ", d.missingFiles()));
            }
            for (String name : DataDirectory.FILE_NAMES) {
                dataFiles.add(d.require(name));
            }
        }
        Path target = out.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        int files = 0;
        try {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temp))) {
                files += text(zip, "setup.sh", setupScript(data != null));
                files += text(zip, "run_autograder", RUN_SCRIPT);
                files += file(zip, "d2l.jar", jar);
                files += text(zip, "grader/rubric.csv", rubric.text());
                for (String folder : List.of("golden", "hidden", "standins")) {
                    files += folder(zip, graderDir.resolve(folder), "grader/" + folder + "/");
                }
                Path readme = graderDir.resolve("README.md");
                if (Files.isRegularFile(readme)) {
                    files += file(zip, "grader/README.md", readme);
                }
                for (Path f : dataFiles) {
                    files += file(zip, DATA + "/" + f.getFileName(), f);
                }
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return new Summary(target, files, data != null);
    }

    /** The script Gradescope runs for each submission. */
    static final String RUN_SCRIPT = """
            #!/usr/bin/env bash
            # Gradescope runs this for every submission. It grades /autograder/submission with the rubric
            # and cases in /autograder/source/grader and writes /autograder/results/results.json.
            # D2L_AUTOGRADER_ROOT replaces /autograder (the project's tests run it in a temporary folder).
            root="${D2L_AUTOGRADER_ROOT:-/autograder}"
            exec java ${D2L_JAVA_OPTS:-} -jar "$root/source/d2l.jar" gradescope --run --root "$root"
            """;

    /** The script Gradescope runs once when it builds the image. */
    static String setupScript(boolean carriesData) {
        StringBuilder s = new StringBuilder("""
                #!/usr/bin/env bash
                # Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu 22.04).
                # It installs what grading needs, so that nothing is fetched from the network while grading:
                # a JDK (the grader compiles each submission with javac) and bubblewrap (the sandbox).
                set -euo pipefail
                export DEBIAN_FRONTEND=noninteractive
                apt-get update
                apt-get install -y --no-install-recommends openjdk-17-jdk-headless bubblewrap curl ca-certificates
                source=/autograder/source
                """);
        if (!carriesData) {
            s.append("# Fashion-MNIST, for the training checks, from its official location.\n");
            s.append("mkdir -p \"$source/").append(DATA).append("\"\n");
            s.append("for f in ").append(String.join(" ", DataDirectory.FILE_NAMES)).append("; do\n");
            s.append("  curl -fsSL --retry 3 -o \"$source/").append(DATA).append("/$f\" \"").append(Download.OFFICIAL_MIRROR).append("$f\"\n");
            s.append("done\n");
        }
        s.append("""
                chmod +x "$source/run_autograder"
                if [ -e /autograder/run_autograder ]; then chmod +x /autograder/run_autograder; fi
                # Fails the image build at once if this JDK cannot run the grader.
                java -jar "$source/d2l.jar" --version
                """);
        return s.toString();
    }

    private static int text(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(entry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        return 1;
    }

    private static int file(ZipOutputStream zip, String name, Path file) throws IOException {
        zip.putNextEntry(entry(name));
        Files.copy(file, zip);
        zip.closeEntry();
        return 1;
    }

    private static int folder(ZipOutputStream zip, Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        for (Path f : files) {
            file(zip, prefix + dir.relativize(f).toString().replace('\\', '/'), f);
        }
        return files.size();
    }

    /** An entry with a fixed time, so the same inputs give the same zip. */
    private static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setLastModifiedTime(FileTime.fromMillis(315532800000L));
        return e;
    }
}
