package d2l.workbook;

import d2l.nn.Module;
import d2l.tensor.DType;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoding observations travel in between the student's process and the grader's: plain data
 * only (no Java serialization, no class names that get loaded), so reading a reply can never run
 * the student's code, and every count is checked against the bytes left, so a forged reply gives
 * a clear {@link IllegalArgumentException}, never an endless loop or an out-of-memory error.
 *
 * <p>What crosses, and what it becomes on the other side: {@code null}; booleans; integral numbers
 * as {@code Long}; {@code float} and {@code double} as {@code Double}; text; a {@link Tensor} (type,
 * shape and every value bit for bit) as a tensor; a {@link Size}; {@code int[]}; a {@link Collection}
 * as a {@code List}; a {@link Map} with text keys as an ordered {@code Map}; a {@link Module} or
 * {@link ModuleView} as a {@link ModuleView} (shapes only for a module, so a large network stays
 * small); anything else as an {@link Other} with its class name and text.
 */
public final class Observed {

    /** Any other object: its class's simple name and its {@code toString()} (cut to 2,000 characters). */
    public record Other(String type, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static final int MAX_DEPTH = 32;
    private static final int MAX_TEXT = 2_000;

    private static final byte NULL = 0, TRUE = 1, FALSE = 2, LONG = 3, DOUBLE = 4, TEXT = 5, TENSOR = 6, SIZE = 7, LIST = 8,
            MAP = 9, INTS = 10, OTHER = 11, MODULE = 12;

    private Observed() {}

    /** The bytes of {@code value}. */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, value, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The value {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not an encoding (cut short, a bad count, bytes left over)
     */
    public static Object decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            Object value = read(in, 0);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the value");
            }
            return value;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("the observation is cut short");
        }
    }

    private static void write(DataOutputStream out, Object v, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("an observation nested more than " + MAX_DEPTH + " deep");
        }
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.writeByte(LONG);
            out.writeLong(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            out.writeByte(DOUBLE);
            out.writeDouble(((Number) v).doubleValue());
        } else if (v instanceof CharSequence s) {
            out.writeByte(TEXT);
            text(out, s.toString());
        } else if (v instanceof Tensor t) {
            out.writeByte(TENSOR);
            Tensor d = t.detach();
            text(out, d.dtype().name());
            ints(out, d.shape().toArray());
            float[] values = d.toArray();
            out.writeInt(values.length);
            for (float f : values) {
                out.writeInt(Float.floatToRawIntBits(f));
            }
        } else if (v instanceof Size s) {
            out.writeByte(SIZE);
            ints(out, s.toArray());
        } else if (v instanceof int[] a) {
            out.writeByte(INTS);
            ints(out, a);
        } else if (v instanceof Collection<?> c) {
            List<?> items = new ArrayList<>(c);
            out.writeByte(LIST);
            out.writeInt(items.size());
            for (Object item : items) {
                write(out, item, depth + 1);
            }
        } else if (v instanceof Map<?, ?> m) {
            Map<?, ?> copy = new LinkedHashMap<>(m);
            out.writeByte(MAP);
            out.writeInt(copy.size());
            for (Map.Entry<?, ?> e : copy.entrySet()) {
                text(out, String.valueOf(e.getKey()));
                write(out, e.getValue(), depth + 1);
            }
        } else if (v instanceof Module m) {
            write(out, ModuleView.of(m, false), depth);
        } else if (v instanceof ModuleView m) {
            out.writeByte(MODULE);
            text(out, m.type());
            text(out, m.repr());
            out.writeInt(m.children().size());
            for (Map.Entry<String, ModuleView> e : m.children().entrySet()) {
                text(out, e.getKey());
                write(out, e.getValue(), depth + 1);
            }
            out.writeInt(m.shapes().size());
            for (Map.Entry<String, Size> e : m.shapes().entrySet()) {
                text(out, e.getKey());
                ints(out, e.getValue().toArray());
                Tensor values = m.values().get(e.getKey());
                write(out, values, depth + 1);
            }
        } else {
            out.writeByte(OTHER);
            text(out, v.getClass().getSimpleName());
            String s = String.valueOf(v);
            text(out, s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "..." : s);
        }
    }

    private static Object read(ByteBuffer in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("an observation nested more than " + MAX_DEPTH + " deep");
        }
        byte tag = in.get();
        switch (tag) {
            case NULL:
                return null;
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case LONG:
                return in.getLong();
            case DOUBLE:
                return in.getDouble();
            case TEXT:
                return text(in);
            case TENSOR: {
                DType dtype = dtype(text(in));
                int[] shape = sizes(in);
                int n = count(in, 4);
                long numel = 1;
                for (int d : shape) {
                    numel *= d;
                }
                if (numel != n) {
                    throw new IllegalArgumentException("a tensor of shape " + Size.of(shape) + " with " + n + " values");
                }
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = Float.intBitsToFloat(in.getInt());
                }
                return Tensor.wrap(values, dtype, shape);
            }
            case SIZE:
                return Size.of(sizes(in));
            case INTS:
                return ints(in);
            case LIST: {
                int n = count(in, 1);
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read(in, depth + 1));
                }
                return Collections.unmodifiableList(items);
            }
            case MAP: {
                int n = count(in, 5);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(text(in), read(in, depth + 1));
                }
                return Collections.unmodifiableMap(map);
            }
            case OTHER:
                return new Other(text(in), text(in));
            case MODULE: {
                String type = text(in);
                String repr = text(in);
                int n = count(in, 5);
                Map<String, ModuleView> children = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String name = text(in);
                    if (!(read(in, depth + 1) instanceof ModuleView child)) {
                        throw new IllegalArgumentException("a module's child " + name + " is not a module");
                    }
                    children.put(name, child);
                }
                int p = count(in, 9);
                Map<String, Size> shapes = new LinkedHashMap<>();
                Map<String, Tensor> values = new LinkedHashMap<>();
                for (int i = 0; i < p; i++) {
                    String name = text(in);
                    Size shape = Size.of(sizes(in));
                    Object v = read(in, depth + 1);
                    shapes.put(name, shape);
                    if (v instanceof Tensor t) {
                        if (!t.shape().equals(shape)) {
                            throw new IllegalArgumentException("parameter " + name + " of shape " + shape + " has values of shape "
                                    + t.shape());
                        }
                        values.put(name, t);
                    } else if (v != null) {
                        throw new IllegalArgumentException("parameter " + name + "'s values are not a tensor");
                    }
                }
                return new ModuleView(type, repr, Collections.unmodifiableMap(children), Collections.unmodifiableMap(shapes),
                        Collections.unmodifiableMap(values));
            }
            default:
                throw new IllegalArgumentException("unknown observation tag " + tag);
        }
    }

    private static DType dtype(String name) {
        try {
            return DType.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown tensor type " + name);
        }
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String text(ByteBuffer in) {
        int n = count(in, 1);
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void ints(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int i : a) {
            out.writeInt(i);
        }
    }

    private static int[] ints(ByteBuffer in) {
        int n = count(in, 4);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.getInt();
        }
        return a;
    }

    /** The dimensions of a shape: like {@link #ints}, none negative. */
    private static int[] sizes(ByteBuffer in) {
        int[] a = ints(in);
        for (int d : a) {
            if (d < 0) {
                throw new IllegalArgumentException("a negative size " + d);
            }
        }
        return a;
    }

    /** A count of items of at least {@code bytesEach} bytes each, checked against what is left. */
    private static int count(ByteBuffer in, int bytesEach) {
        int n = in.getInt();
        if (n < 0 || (long) n * bytesEach > in.remaining()) {
            throw new IllegalArgumentException("a count of " + n + " with " + in.remaining() + " bytes left");
        }
        return n;
    }
}
