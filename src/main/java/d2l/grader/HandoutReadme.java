package d2l.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The handout's README: the student's, not the instructor's. It is made from the template
 * {@code docs/handout-README.md}, whose lines {@code <!-- include: README.md "Heading" -->} stand
 * for that section of the project's README (from its heading to the next heading of the same or a
 * higher level), so the cheat sheet or the workbook's walkthrough is written once. The template's
 * leading comment, addressed to whoever edits it, is left out.
 */
final class HandoutReadme {

    /** The template, relative to the project directory. */
    static final String TEMPLATE = "docs/handout-README.md";

    private static final Pattern INCLUDE = Pattern.compile("<!-- include: README\\.md \"([^\"]+)\" -->");

    private HandoutReadme() {}

    /** The handout's README for the project in {@code root}. */
    static String of(Path root) throws IOException {
        String template = Files.readString(root.resolve(TEMPLATE), StandardCharsets.UTF_8);
        List<String> readme = Files.readAllLines(root.resolve("README.md"), StandardCharsets.UTF_8);
        if (template.startsWith("<!--")) {
            template = template.substring(template.indexOf("-->") + 3).stripLeading();
        }
        StringBuilder out = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            Matcher m = INCLUDE.matcher(line.trim());
            out.append(m.matches() ? section(readme, m.group(1)) : line).append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    /** The section of {@code readme} under the heading {@code heading}, heading included. */
    private static String section(List<String> readme, String heading) {
        for (int i = 0; i < readme.size(); i++) {
            int level = level(readme.get(i));
            if (level > 0 && readme.get(i).substring(level).trim().equals(heading)) {
                int end = i + 1;
                boolean inCode = false;
                for (; end < readme.size(); end++) {
                    String line = readme.get(end);
                    inCode ^= line.startsWith("```");
                    int l = inCode ? 0 : level(line);
                    if (l > 0 && l <= level) {
                        break;
                    }
                }
                return String.join("\n", readme.subList(i, end)).stripTrailing();
            }
        }
        throw new IllegalArgumentException(TEMPLATE + " includes the section \"" + heading
                + "\" of README.md, which has no such heading; fix the include line or the heading");
    }

    /** The heading level of a Markdown line ({@code ## x} is 2), 0 when it is not a heading. */
    private static int level(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == '#') {
            n++;
        }
        return n > 0 && n < line.length() && line.charAt(n) == ' ' ? n : 0;
    }
}
