package d2l.grader;

import d2l.workbook.Workbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hostile submissions of {@code src/test/resources/d2l/grader/hostile}: each attack is kept as
 * unified diffs against the project's {@code solutions/} or {@code exercises/} files (so a reader
 * sees exactly what the attack adds), and is built into a submission folder when a test needs it.
 */
final class HostileFixtures {

    static final Path DIR = Path.of("src/test/resources/d2l/grader/hostile");

    private static final Pattern HUNK = Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+\\d+(?:,\\d+)? @@.*");

    private HostileFixtures() {}

    /** Writes the submission of {@code attack} into {@code folder} (made if missing) and returns the folder. */
    static Path build(String attack, Path folder) throws IOException {
        Path project = Workbook.projectRoot();
        Files.createDirectories(folder);
        try (Stream<Path> s = Files.list(project.resolve(DIR).resolve(attack))) {
            for (Path diff : s.filter(p -> p.getFileName().toString().endsWith(".java.diff")).sorted().toList()) {
                List<String> lines = Files.readAllLines(diff);
                Path base = project.resolve(lines.get(0).substring("--- ".length()).strip());
                String name = diff.getFileName().toString().replaceFirst("\\.diff$", "");
                Files.writeString(folder.resolve(name), apply(Files.readAllLines(base), lines, diff));
            }
        }
        return folder;
    }

    /** {@code original} with the hunks of a unified diff applied; every context and removed line must match. */
    static String apply(List<String> original, List<String> diff, Path where) {
        List<String> out = new ArrayList<>();
        int next = 0;
        for (int i = 2; i < diff.size(); i++) {
            String line = diff.get(i);
            Matcher hunk = HUNK.matcher(line);
            if (hunk.matches()) {
                int start = Integer.parseInt(hunk.group(1)) - (hunk.group(2) != null && hunk.group(2).equals("0") ? 0 : 1);
                while (next < start) {
                    out.add(original.get(next++));
                }
            } else if (line.startsWith("+")) {
                out.add(line.substring(1));
            } else if (line.startsWith(" ") || line.startsWith("-") || line.isEmpty()) {
                String expected = line.isEmpty() ? "" : line.substring(1);
                if (next >= original.size() || !original.get(next).equals(expected)) {
                    throw new IllegalStateException(where + ":" + (i + 1) + " no longer applies: line " + (next + 1)
                            + " of the base is \"" + (next < original.size() ? original.get(next) : "(end of file)") + "\", not \""
                            + expected + "\"; make the diff again from the changed file");
                }
                if (!line.startsWith("-")) {
                    out.add(original.get(next));
                }
                next++;
            }
        }
        while (next < original.size()) {
            out.add(original.get(next++));
        }
        return String.join("\n", out) + "\n";
    }
}
