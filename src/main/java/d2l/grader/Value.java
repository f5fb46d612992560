package d2l.grader;

import d2l.tensor.DType;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a student's code returned, as the child JVM sends it to the grader: a tensor (its shape,
 * type and values), a {@code torch.Size}, a number, a boolean, a string, null, or any other object
 * by its class and {@code toString()}. Tensors travel with every float written exactly, so the
 * grader compares and prints the very values the code computed.
 *
 * @param kind   what it is
 * @param dtype  a tensor's type name, else null
 * @param shape  a tensor's or size's dimensions, else null
 * @param values a tensor's values in row-major order; null for other kinds, or when only the shape was asked for
 * @param text   a number, boolean or string as text, an object's class and text
 */
public record Value(Kind kind, String dtype, int[] shape, float[] values, String text) {

    /** The kinds of values. */
    public enum Kind { TENSOR, SIZE, NUMBER, BOOLEAN, TEXT, NULL, OBJECT }

    /** Tensors larger than this travel without their values (no golden needs more). */
    static final int MAX_VALUES = 1 << 20;

    /** The value of {@code o}; a tensor's values only when {@code withValues}. */
    public static Value of(Object o, boolean withValues) {
        if (o == null) {
            return new Value(Kind.NULL, null, null, null, "null");
        }
        if (o instanceof Tensor t) {
            Tensor d = t.detach();
            boolean send = withValues && d.numel() <= MAX_VALUES;
            return new Value(Kind.TENSOR, d.dtype().name(), d.shape().toArray(), send ? d.toArray() : null, null);
        }
        if (o instanceof Size s) {
            return new Value(Kind.SIZE, null, s.toArray(), null, null);
        }
        if (o instanceof Number) {
            return new Value(Kind.NUMBER, null, null, null, String.valueOf(o));
        }
        if (o instanceof Boolean b) {
            return new Value(Kind.BOOLEAN, null, null, null, b.toString());
        }
        if (o instanceof CharSequence s) {
            return new Value(Kind.TEXT, null, null, null, s.toString());
        }
        return new Value(Kind.OBJECT, null, null, null, o.getClass().getSimpleName() + ": " + o);
    }

    /** The tensor, rebuilt (only for a tensor sent with its values). */
    public Tensor tensor() {
        return Tensor.wrap(values, DType.valueOf(dtype), shape);
    }

    /** How a report shows it: a tensor or size the way PyTorch prints it, else its text. */
    public String shown() {
        return switch (kind) {
            case TENSOR -> values == null ? "a tensor of shape " + Size.of(shape) : tensor().toString();
            case SIZE -> Size.of(shape).toString();
            case TEXT -> "\"" + text + "\"";
            default -> text;
        };
    }

    /** The fields for the wire. */
    Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kind", kind.name());
        if (dtype != null) {
            f.put("dtype", dtype);
        }
        if (shape != null) {
            f.put("shape", join(Arrays.stream(shape).mapToObj(Integer::toString).toArray(String[]::new)));
        }
        if (values != null) {
            String[] v = new String[values.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = Float.toString(values[i]);
            }
            f.put("values", join(v));
        }
        if (text != null) {
            f.put("text", text);
        }
        return f;
    }

    /** The value {@link #fields()} describe. */
    static Value from(Map<String, String> f) {
        Kind kind = Kind.valueOf(f.get("kind"));
        int[] shape = f.containsKey("shape") ? split(f.get("shape")).stream().mapToInt(Integer::parseInt).toArray() : null;
        float[] values = null;
        if (f.containsKey("values")) {
            var parts = split(f.get("values"));
            values = new float[parts.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Float.parseFloat(parts.get(i));
            }
        }
        return new Value(kind, f.get("dtype"), shape, values, f.get("text"));
    }

    private static String join(String[] parts) {
        return String.join(" ", parts);
    }

    private static java.util.List<String> split(String s) {
        return s.isBlank() ? java.util.List.of() : Arrays.asList(s.trim().split(" "));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && kind == v.kind && java.util.Objects.equals(dtype, v.dtype) && Arrays.equals(shape, v.shape)
                && Arrays.equals(values, v.values) && java.util.Objects.equals(text, v.text);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, dtype, Arrays.hashCode(shape), Arrays.hashCode(values), text);
    }

    @Override
    public String toString() {
        return shown();
    }
}
