package d2l.grader;

import d2l.tensor.Size;
import d2l.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Compares what a case's call gave with what it should give, in the grader (the child never sees
 * a hidden case's expected values), and words the difference for the student: both values the
 * book's way and the first wrong element, or both shapes.
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
                return "wrong text\nexpected\n" + block(expected.text()) + "\ngot\n" + block(got.text());
            }
        }
        if (expected.printed() != null && !Expected.normalized(printed).equals(Expected.normalized(expected.printed()))) {
            return "printed the wrong lines\nexpected\n" + block(expected.printed()) + "\ngot\n"
                    + block(printed.isBlank() ? "(nothing)" : printed);
        }
        return null;
    }

    private static String value(Object expected, double tolerance, Value got) {
        if (expected instanceof Size size) {
            int[] shape = switch (got.kind()) {
                case TENSOR, SIZE -> got.shape();
                default -> null;
            };
            if (shape == null) {
                return "expected " + size + ", got " + got.shown();
            }
            return Arrays.equals(shape, size.toArray()) ? null : "wrong shape\nexpected " + size + "\ngot      " + Size.of(shape);
        }
        if (expected instanceof Tensor e) {
            if (got.kind() != Value.Kind.TENSOR) {
                return "expected a tensor, got " + got.shown();
            }
            if (!Arrays.equals(got.shape(), e.shape().toArray())) {
                return "wrong shape\nexpected " + e.shape() + "\ngot      " + Size.of(got.shape());
            }
            Tensor actual = got.tensor();
            int first = firstWrong(e.toArray(), actual.toArray(), tolerance);
            if (first < 0) {
                return null;
            }
            int[] index = unravel(first, got.shape());
            return "wrong values\nexpected " + indent(e.toString()) + "\ngot      " + indent(actual.toString())
                    + "\nfirst wrong element: " + Arrays.toString(index) + ": expected " + e.toArray()[first] + ", got "
                    + actual.toArray()[first] + (tolerance > 0 ? " (tolerance " + tolerance(tolerance) + ")" : "");
        }
        if (expected instanceof Number n) {
            if (got.kind() != Value.Kind.NUMBER) {
                return "expected the number " + n + ", got " + got.shown();
            }
            double g = Double.parseDouble(got.text());
            double e = n.doubleValue();
            boolean ok = expected instanceof Long ? g == e : Math.abs(g - e) <= tolerance + tolerance * Math.abs(e);
            return ok ? null : "expected " + n + ", got " + got.text();
        }
        if (expected instanceof Boolean b) {
            return got.kind() == Value.Kind.BOOLEAN && got.text().equals(b.toString()) ? null : "expected " + b + ", got " + got.shown();
        }
        return got.kind() == Value.Kind.TEXT && got.text().equals(expected) ? null : "expected \"" + expected + "\", got " + got.shown();
    }

    /** The first index where {@code got} is not within tolerance of {@code expected} (as {@code allclose}), or -1. */
    static int firstWrong(float[] expected, float[] got, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double g = got[i];
            boolean same = Double.isNaN(e) ? Double.isNaN(g) : e == g || Math.abs(g - e) <= tolerance + tolerance * Math.abs(e);
            if (!same) {
                return i;
            }
        }
        return -1;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
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
    private static String block(String text) {
        return text.strip().lines().map(l -> "  " + l.strip()).collect(java.util.stream.Collectors.joining("\n"));
    }

    static String indent(String s) {
        return indent(s, 9);
    }

    private static String indent(String s, int columns) {
        return s.replace("\n", "\n" + " ".repeat(columns));
    }

    /** A tolerance for messages: {@code 1e-05} as {@code 1e-5}. */
    static String tolerance(double t) {
        return String.format(Locale.ROOT, "%.0e", t).replace("e-0", "e-");
    }
}
