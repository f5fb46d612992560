package d2l.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks of a text report ({@link TextReport}) as a test reads them back: by name, in the report's order. */
final class ReportLines {

    /** One check's line of a text report: its section, mark, points ({@code 1/2}) and feedback. */
    record Line(String section, String mark, String points, String feedback) {

        double score() {
            return Double.parseDouble(points.split("/")[0]);
        }

        double maxScore() {
            return Double.parseDouble(points.split("/")[1]);
        }

        /** The points this check did not give. */
        double lost() {
            return maxScore() - score();
        }
    }

    private static final Pattern SECTION = Pattern.compile("(\\d\\.\\d) .*: \\d+(?:\\.\\d+)?/\\d+(?:\\.\\d+)?");
    private static final Pattern CHECK = Pattern.compile("  (\\S+)\\s+(\\d+(?:\\.\\d+)?/\\d+(?:\\.\\d+)?)  (.+?)   \\((.*)\\)");

    private ReportLines() {}

    /** The checks of the text report {@code file} by name. */
    static Map<String, Line> read(Path file) throws IOException {
        Map<String, Line> lines = new LinkedHashMap<>();
        String section = null;
        String name = null;
        String mark = null;
        String points = null;
        StringBuilder feedback = new StringBuilder();
        for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n")) {
            Matcher m = CHECK.matcher(line);
            boolean indented = line.startsWith("                 ") || (line.isEmpty() && name != null && feedback.length() > 0);
            if (m.matches() || !indented) {
                if (name != null) {
                    lines.put(name, new Line(section, mark, points, feedback.toString().strip()));
                    name = null;
                }
                Matcher s = SECTION.matcher(line);
                if (s.matches()) {
                    section = s.group(1);
                }
                if (m.matches()) {
                    mark = m.group(1);
                    points = m.group(2);
                    name = m.group(3);
                    feedback.setLength(0);
                }
            } else {
                feedback.append(line.length() > 17 ? line.substring(17) : "").append('\n');
            }
        }
        return lines;
    }
}
