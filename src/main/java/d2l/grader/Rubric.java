package d2l.grader;

import d2l.workbook.Section;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The rubric ({@code grader/rubric.csv}): which checks count and what each is worth, in a file an
 * instructor edits in a spreadsheet or a text editor. Columns:
 * {@code section, check, points, visibility, requires, settings}; lines starting with {@code #}
 * are comments. {@code requires} lists other checks of the section, separated by {@code ;};
 * {@code settings} is {@code name=value} pairs separated by blanks.
 */
public final class Rubric {

    /** The columns, in order. */
    /** The setting that chooses a row's visibility in Gradescope's {@code results.json}. */
    static final String GRADESCOPE_VISIBILITY = "gradescope";

    public static final List<String> COLUMNS = List.of("section", "check", "points", "visibility", "requires", "settings");

    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new))
            .setSkipHeaderRecord(true).setCommentMarker('#').setIgnoreEmptyLines(true).setTrim(true)
            .setRecordSeparator("\n").get();

    private final String shownName;
    private final String text;
    private final List<RubricEntry> entries;

    private Rubric(String shownName, String text, List<RubricEntry> entries) {
        this.shownName = shownName;
        this.text = text;
        this.entries = entries;
    }

    /** Reads the rubric file; {@code shownName} names it in messages. */
    public static Rubric read(Path file, String shownName) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no rubric at " + shownName + " (give one with --rubric FILE)");
        }
        return parse(InstructorFile.read(file, shownName), shownName);
    }

    /**
     * Reads a rubric's text.
     *
     * @throws IllegalArgumentException naming the line of the first mistake
     */
    public static Rubric parse(String text, String shownName) {
        List<RubricEntry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (Reader reader = new StringReader(text)) {
            String first = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElse("");
            if (!Arrays.stream(first.split(",")).map(String::strip).toList().equals(COLUMNS)) {
                throw new IllegalArgumentException(shownName + ": the first line must be the header "
                        + String.join(",", COLUMNS) + ", not \"" + first + "\"");
            }
            for (CSVRecord r : FORMAT.parse(reader)) {
                int line = (int) r.getParser().getCurrentLineNumber();
                String where = shownName + ":" + line + ": ";
                if (r.size() != COLUMNS.size()) {
                    throw new IllegalArgumentException(where + "expected " + COLUMNS.size() + " fields (" + String.join(", ", COLUMNS)
                            + "), got " + r.size());
                }
                Section section;
                try {
                    section = Section.of(r.get("section"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + e.getMessage());
                }
                String check = r.get("check");
                if (check.isEmpty()) {
                    throw new IllegalArgumentException(where + "the check has no name");
                }
                if (!seen.add(section.id() + "\n" + check)) {
                    throw new IllegalArgumentException(where + section.id() + " \"" + check + "\" is in the rubric twice");
                }
                double points;
                try {
                    points = Double.parseDouble(r.get("points"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "points is \"" + r.get("points") + "\", not a number");
                }
                if (points < 0 || Double.isNaN(points) || Double.isInfinite(points)) {
                    throw new IllegalArgumentException(where + "points must be 0 or more, got " + r.get("points"));
                }
                Visibility visibility;
                try {
                    visibility = Visibility.of(r.get("visibility"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + e.getMessage());
                }
                List<String> requires = r.get("requires").isEmpty() ? List.of()
                        : Arrays.stream(r.get("requires").split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                entries.add(new RubricEntry(section, check, points, visibility, requires, settings(r.get("settings"), where), line));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(shownName + ": " + e.getMessage(), e);
        }
        for (RubricEntry e : entries) {
            for (String required : e.requires()) {
                if (!seen.contains(e.section().id() + "\n" + required)) {
                    throw new IllegalArgumentException(shownName + ":" + e.line() + ": requires \"" + required
                            + "\", which is not a check of " + e.section().id() + " in the rubric");
                }
            }
        }
        return new Rubric(shownName, text, List.copyOf(entries));
    }

    private static Map<String, String> settings(String written, String where) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : written.split("\\s+")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + "settings are name=value pairs separated by blanks, got \"" + pair + "\"");
            }
            settings.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String gradescope = settings.get(GRADESCOPE_VISIBILITY);
        if (gradescope != null && !Visibility.GRADESCOPE.contains(gradescope)) {
            throw new IllegalArgumentException(where + GRADESCOPE_VISIBILITY + "=" + gradescope + " is not one of Gradescope's visibilities: "
                    + String.join(", ", Visibility.GRADESCOPE));
        }
        return settings;
    }

    /** The rows, in the file's order. */
    public List<RubricEntry> entries() {
        return entries;
    }

    /** How messages name the file. */
    public String shownName() {
        return shownName;
    }

    /** The file's text, for fingerprints. */
    public String text() {
        return text;
    }

    /** The rubric without its hidden rows (for the student handout), as text. */
    public String visibleText() {
        Set<Integer> hidden = new HashSet<>();
        for (RubricEntry e : entries) {
            if (e.visibility() == Visibility.HIDDEN) {
                hidden.add(e.line());
            }
        }
        StringBuilder s = new StringBuilder();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!hidden.contains(i + 1)) {
                s.append(lines.get(i)).append('\n');
            }
        }
        return s.toString();
    }
}
