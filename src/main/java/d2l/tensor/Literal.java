package d2l.tensor;

import java.util.ArrayList;
import java.util.List;

/** Reads a tensor written in Python list syntax, e.g. {@code [[0.0, 1.0], [2.0, 3.0]]}. */
final class Literal {

    private final String text;
    private int at;
    private boolean sawFloat;
    private boolean sawBool;
    /** The depth at which numbers sit, once the first one is read; every number must sit there. */
    private int numberDepth = -1;
    private final List<Float> values = new ArrayList<>();

    private Literal(String text) {
        this.text = text;
    }

    static Tensor parse(String text) {
        Literal p = new Literal(text);
        List<Integer> shape = new ArrayList<>();
        p.skipSpace();
        p.element(0, shape);
        p.skipSpace();
        if (p.at != text.length()) {
            throw p.error("unexpected text after the end of the tensor");
        }
        if (p.numberDepth >= 0 && p.numberDepth != shape.size()) {
            throw p.error("rows nested to different depths");
        }
        float[] v = new float[p.values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = p.values.get(i);
        }
        DType type = p.sawFloat ? DType.FLOAT32 : p.sawBool ? DType.BOOL : DType.INT64;
        return Tensor.wrap(v, type, shape.stream().mapToInt(Integer::intValue).toArray());
    }

    private void element(int depth, List<Integer> shape) {
        skipSpace();
        if (at < text.length() && text.charAt(at) == '[') {
            at++;
            int count = 0;
            skipSpace();
            if (at < text.length() && text.charAt(at) == ']') {
                at++;
                record(depth, 0, shape);
                return;
            }
            while (true) {
                element(depth + 1, shape);
                count++;
                skipSpace();
                if (at < text.length() && text.charAt(at) == ',') {
                    at++;
                    skipSpace();
                    if (at < text.length() && text.charAt(at) == ']') {
                        at++;
                        break;
                    }
                } else if (at < text.length() && text.charAt(at) == ']') {
                    at++;
                    break;
                } else {
                    throw error("expected ',' or ']'");
                }
            }
            record(depth, count, shape);
        } else {
            if (numberDepth < 0) {
                numberDepth = depth;
            } else if (depth != numberDepth) {
                throw error("a number where a nested list was expected (rows must be nested equally deep)");
            }
            number();
        }
    }

    /**
     * Notes that a list at {@code depth} has {@code count} elements. Inner lists close before outer
     * ones, so the shape fills in from the inside out: unknown lengths are kept as null until seen.
     */
    private void record(int depth, int count, List<Integer> shape) {
        while (shape.size() <= depth) {
            shape.add(null);
        }
        Integer expected = shape.get(depth);
        if (expected == null) {
            shape.set(depth, count);
        } else if (expected != count) {
            throw error("expected sequence of length " + expected + " at dim " + depth + " (got " + count + ")");
        }
    }

    private void number() {
        int start = at;
        while (at < text.length() && ",] \t\n\r".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        String token = text.substring(start, at);
        switch (token) {
            case "True" -> { values.add(1f); sawBool = true; }
            case "False" -> { values.add(0f); sawBool = true; }
            default -> {
                try {
                    values.add(Float.parseFloat(token.replace("inf", "Infinity").replace("nan", "NaN")));
                } catch (NumberFormatException e) {
                    throw error("'" + token + "' is not a number");
                }
                if (token.contains(".") || token.contains("e") || token.contains("E") || token.contains("inf") || token.contains("nan")) {
                    sawFloat = true;
                }
            }
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private TensorException error(String what) {
        return new TensorException("tensor(\"" + text + "\"): " + what + " at position " + at);
    }
}
