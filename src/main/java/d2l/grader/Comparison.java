package d2l.grader;

import d2l.tensor.Size;
import d2l.tensor.Tensor;
import d2l.workbook.TensorMismatch;
import java.util.Arrays;
import java.util.Map;

/**
 * Compares what a case's call gave with what it should give, in the grader (the child never sees
 * a hidden case's expected values), and words the difference for the student: both values the
 * book's way and the first wrong element, or both shapes ({@link TensorMismatch}).
 */
final class Comparison {

    private Comparison() {}

    /** The mistake, or null when {@code got} and {@code printed} are what {@code expected} asks for. */
    static String mismatch(Expected expected, double tolerance, Value got, String printed) {
        if (expected.value() != null) {
            String wrong = value(expected.value(), tolerance, got);
            if (wrong != null) {
                return wrong;
            }
        }
        if (expected.text() != null) {
            if (got.kind() != Value.Kind.TEXT) {
                return "expected text, got " + got.shown();
            }
            if (!Expected.normalized(got.text()).equals(Expected.normalized(expected.text()))) {
                return "wrong text" + firstDifference(expected.text(), got.text()) + "\nexpected\n" + block(expected.text())
                        + "\ngot\n" + block(got.text());
            }
        }
        if (expected.printed() != null && !Expected.normalized(printed).equals(Expected.normalized(expected.printed()))) {
            return "printed the wrong lines" + firstDifference(expected.printed(), printed) + "\nexpected\n"
                    + block(expected.printed()) + "\ngot\n"
                    + block(printed.isBlank() ? "(nothing)" : printed);
        }
        return null;
    }

    private static String value(Object expected, double tolerance, Value got) {
        if (expected instanceof Size size) {
            return switch (got.kind()) {
                case TENSOR, SIZE -> TensorMismatch.shapes(size, Size.of(got.shape()));
                default -> "expected " + size + ", got " + got.shown();
            };
        }
        if (expected instanceof Tensor e) {
            if (got.kind() != Value.Kind.TENSOR) {
                return "expected a tensor, got " + got.shown();
            }
            // the shapes first: a tensor of more than Value.MAX_VALUES elements comes without its values
            String shapes = TensorMismatch.shapes(e.shape(), Size.of(got.shape()));
            return shapes != null ? shapes : TensorMismatch.of(e, got.tensor(), tolerance);
        }
        if (expected instanceof Number n) {
            if (got.kind() != Value.Kind.NUMBER) {
                return "expected the number " + n + ", got " + got.shown();
            }
            double g = Double.parseDouble(got.text());
            double e = n.doubleValue();
            boolean ok = expected instanceof Long ? g == e : TensorMismatch.close(e, g, tolerance);
            return ok ? null : "expected " + n + ", got " + got.text();
        }
        if (expected instanceof Boolean b) {
            return got.kind() == Value.Kind.BOOLEAN && got.text().equals(b.toString()) ? null : "expected " + b + ", got " + got.shown();
        }
        return got.kind() == Value.Kind.TEXT && got.text().equals(expected) ? null : "expected \"" + expected + "\", got " + got.shown();
    }

    /** The inputs of a visible case the book's way: literals evaluated and printed, other expressions as written. */
    static String inputs(Map<String, Expression> inputs) {
        StringBuilder s = new StringBuilder();
        inputs.forEach((name, e) -> {
            String shown = e.text();
            if (e.isLiteral()) {
                Object v = e.evaluate(null, Map.of());
                shown = v instanceof Tensor t ? t.toString() : v instanceof int[] a ? Arrays.toString(a)
                        : v instanceof int[][] a ? Arrays.deepToString(a) : String.valueOf(v);
            }
            s.append(name).append(" = ").append(indent(shown, name.length() + 3)).append('\n');
        });
        return s.toString();
    }

    /** Lines of text, each indented by two spaces. */
    /**
     * {@code : line 3 differs} and that line of each, compared as {@link Expected#normalized} compares
     * them (blanks collapsed), so the student sees where the texts part before reading both whole;
     * empty when each is one line.
     */
    static String firstDifference(String expected, String got) {
        String[] e = Expected.normalized(expected).split("\n", -1);
        String[] g = Expected.normalized(got).split("\n", -1);
        if (e.length <= 2 && g.length <= 2) {
            return ""; // one line each (and the final newline): both are shown right below
        }
        for (int i = 0; i < Math.max(e.length, g.length); i++) {
            String el = i < e.length ? e[i] : "(no line)";
            String gl = i < g.length ? g[i] : "(no line)";
            if (!el.equals(gl)) {
                return ": line " + (i + 1) + " differs\n  expected: " + (el.isEmpty() ? "(no line)" : el) + "\n  got:      "
                        + (gl.isEmpty() ? "(no line)" : gl);
            }
        }
        return "";
    }

    private static String block(String text) {
        return text.strip().lines().map(l -> "  " + l.strip()).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Continuation lines of a multi-line value lined up {@code columns} to the right. */
    static String indent(String s, int columns) {
        return s.replace("\n", "\n" + " ".repeat(columns));
    }
}
