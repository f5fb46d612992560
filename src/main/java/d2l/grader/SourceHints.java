package d2l.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java mistakes that a student's file shows on its face, told next to a failing check of its
 * section: they explain a failure that the values alone do not. Today one: strings compared with
 * {@code ==}, which compares references; it may pass in JShell, where equal literals are one object,
 * and fail when the grader passes a string it built itself.
 */
final class SourceHints {

    /** {@code name == "text"} or {@code "text" != name}, outside comments. */
    private static final Pattern STRING_EQUALITY = Pattern.compile(
            "([A-Za-z_][\\w.]*(?:\\(\\))?)\\s*(==|!=)\\s*(\"[^\"\\n]*\")|(\"[^\"\\n]*\")\\s*(==|!=)\\s*([A-Za-z_][\\w.]*(?:\\(\\))?)");

    private SourceHints() {}

    /** The hints for {@code file} (shown as {@code shownName}), one line each; none when it cannot be read. */
    static List<String> of(Path file, String shownName) {
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
        List<String> hints = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String code = withoutComment(lines[i]);
            Matcher m = STRING_EQUALITY.matcher(code);
            while (m.find()) {
                String variable = m.group(1) != null ? m.group(1) : m.group(6);
                String literal = m.group(3) != null ? m.group(3) : m.group(4);
                String operator = m.group(2) != null ? m.group(2) : m.group(5);
                hints.add(String.format("hint: %s:%d compares strings with %s (%s): == compares references, and a string the"
                        + " grader passes is another object with the same letters; write %s%s.equals(%s)", shownName, i + 1,
                        operator, m.group().strip(), operator.equals("!=") ? "!" : "", literal, variable));
            }
        }
        return hints;
    }

    /** The line without a {@code //} comment that starts outside a string literal. */
    private static String withoutComment(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
