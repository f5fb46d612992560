package d2l.grader;

import d2l.workbook.Section;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a case file: one check, as data. The format (documented in {@code grader/README.md}):
 *
 * <pre>
 * check: corr2d on the book's 3 x 3 example
 * section: 7.2
 * source: 001_8174f7e01dfee399.txt, In [3]
 * tolerance: 1e-5
 *
 * case: the book's X and K
 * X = tensor([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]])
 * K = tensor([[0.0, 1.0], [2.0, 3.0]])
 * call: corr2d(X, K)
 * expected: tensor([[19., 25.],
 *         [37., 43.]])
 * </pre>
 *
 * A line that starts with a blank continues the field above it; {@code #} starts a comment line.
 * The header ({@code check}, {@code section}, {@code source}, {@code note}, {@code tolerance},
 * {@code seed}) comes before the first {@code case:}; a case has inputs ({@code NAME = expression}),
 * {@code call}, and {@code expected}, {@code expected text} or {@code printed} (or several), and may
 * set its own {@code tolerance}, {@code seed} and {@code source}.
 */
public final class CaseFile {

    private static final Pattern FIELD = Pattern.compile("([a-z][a-z ]*[a-z]):(.*)");
    private static final Pattern INPUT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=(.*)");
    private static final double DEFAULT_TOLERANCE = 1e-5;

    private final String shownName;
    private final CheckKind kind;
    private final Map<String, String> header = new LinkedHashMap<>();
    private final List<Case> cases = new ArrayList<>();

    private CaseFile(String shownName, CheckKind kind) {
        this.shownName = shownName;
        this.kind = kind;
    }

    /**
     * Reads {@code file} as a check of {@code kind} ({@link CheckKind#GOLDEN} or {@link CheckKind#HIDDEN}).
     *
     * @throws IllegalArgumentException naming the file and line of the first mistake
     */
    public static GraderCheck read(Path file, String shownName, CheckKind kind) throws IOException {
        return parse(InstructorFile.read(file, shownName), shownName, kind);
    }

    /** Reads the text of a case file (named {@code shownName} in messages). */
    public static GraderCheck parse(String text, String shownName, CheckKind kind) {
        CaseFile f = new CaseFile(shownName, kind);
        f.read(text);
        return f.check();
    }

    /** A field and the line it starts on. */
    private record Field(String name, String value, int line) {}

    private void read(String text) {
        List<Field> fields = fields(text);
        Map<String, Field> pending = null;
        for (Field f : fields) {
            if (f.name().equals("case")) {
                if (pending != null) {
                    cases.add(toCase(pending));
                }
                pending = new LinkedHashMap<>();
                pending.put("case", f);
            } else if (pending == null) {
                if (!List.of("check", "section", "source", "note", "tolerance", "seed").contains(f.name())) {
                    throw error(f.line(), "the header has no field '" + f.name() + "' (start the cases with 'case:')");
                }
                header.put(f.name(), f.value());
            } else {
                if (pending.containsKey(f.name())) {
                    throw error(f.line(), "'" + displayName(f.name()) + "' twice in one case");
                }
                pending.put(f.name(), f);
            }
        }
        if (pending != null) {
            cases.add(toCase(pending));
        }
    }

    /** Splits the text into fields, joining continuation lines. Inputs become fields named {@code =X}. */
    private List<Field> fields(String text) {
        List<Field> fields = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        String name = null;
        StringBuilder value = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (name == null) {
                    throw error(i + 1, "an indented line continues the field above it, but there is none");
                }
                value.append('\n').append(line);
                continue;
            }
            if (name != null) {
                fields.add(new Field(name, value.toString().strip(), start));
            }
            Matcher input = INPUT.matcher(line);
            Matcher field = FIELD.matcher(line);
            if (field.matches() && !input.matches()) {
                name = field.group(1);
                value = new StringBuilder(field.group(2));
            } else if (input.matches()) {
                name = "=" + input.group(1);
                value = new StringBuilder(input.group(2));
            } else {
                throw error(i + 1, "expected 'field: value' or 'NAME = expression', got: " + line.strip());
            }
            start = i + 1;
        }
        if (name != null) {
            fields.add(new Field(name, value.toString().strip(), start));
        }
        return fields;
    }

    private Case toCase(Map<String, Field> f) {
        int line = f.get("case").line();
        Map<String, Expression> inputs = new LinkedHashMap<>();
        for (Field field : f.values()) {
            if (field.name().startsWith("=")) {
                inputs.put(field.name().substring(1), expression(field));
            } else if (!List.of("case", "call", "expected", "expected text", "printed", "tolerance", "seed", "source")
                    .contains(field.name())) {
                throw error(field.line(), "a case has no field '" + field.name() + "'");
            }
        }
        if (!f.containsKey("call")) {
            throw error(line, "the case has no 'call:'");
        }
        Object value = null;
        if (f.containsKey("expected")) {
            try {
                value = Expected.parseValue(f.get("expected").value());
            } catch (RuntimeException e) {
                throw error(f.get("expected").line(), e.getMessage());
            }
        }
        String text = f.containsKey("expected text") ? f.get("expected text").value() : null;
        String printed = f.containsKey("printed") ? f.get("printed").value() : null;
        if (value == null && text == null && printed == null) {
            throw error(line, "the case expects nothing: give 'expected:', 'expected text:' or 'printed:'");
        }
        double tolerance = number(f.containsKey("tolerance") ? f.get("tolerance") : null, "tolerance", DEFAULT_TOLERANCE);
        Long seed = null;
        if (f.containsKey("seed") || header.containsKey("seed")) {
            seed = (long) number(f.get("seed"), "seed", 0);
        }
        return new Case(f.get("case").value(), inputs, expression(f.get("call")), seed, new Expected(value, text, printed),
                tolerance, shownName + ":" + line);
    }

    private double number(Field f, String what, double fallback) {
        String written = f != null ? f.value() : header.get(what);
        if (written == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(written);
        } catch (NumberFormatException e) {
            throw error(f != null ? f.line() : 1, what + " is \"" + written + "\", not a number");
        }
    }

    private Expression expression(Field f) {
        try {
            return Expression.parse(f.value());
        } catch (IllegalArgumentException e) {
            throw error(f.line(), e.getMessage());
        }
    }

    private GraderCheck check() {
        for (String required : List.of("check", "section")) {
            if (!header.containsKey(required) || header.get(required).isBlank()) {
                throw error(1, "the header has no '" + required + ":'");
            }
        }
        if (kind == CheckKind.GOLDEN && !header.containsKey("source")) {
            throw error(1, "a golden file must say where its values come from: 'source: <document>, <passage>'");
        }
        if (cases.isEmpty()) {
            throw error(1, "no cases (each starts with 'case:')");
        }
        Section section;
        try {
            section = Section.of(header.get("section"));
        } catch (IllegalArgumentException e) {
            throw error(1, e.getMessage());
        }
        return new GraderCheck(section, header.get("check").strip(), kind, header.getOrDefault("source", ""),
                header.getOrDefault("note", ""), List.copyOf(cases));
    }

    private static String displayName(String field) {
        return field.startsWith("=") ? field.substring(1) + " =" : field + ":";
    }

    private IllegalArgumentException error(int line, String message) {
        return new IllegalArgumentException(shownName + ":" + line + ": " + message);
    }
}
