package d2l.workbook;

import d2l.tensor.DType;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a tensor differs from the expected one, worded for the student who has to fix it. The
 * workbook's checks and the grader both use it, so a mistake reads the same in JShell and in the
 * report.
 *
 * <p>Shapes come first: when they differ, the message names both sizes and nothing else (values of
 * the wrong shape do not line up, so showing them only hides the mistake). With equal shapes it
 * says how many elements are wrong, the first one by its index with both values and the tolerance,
 * then both tensors: in full when small, else the rows and columns around the first wrong element
 * (a 4-D batch prints hundreds of lines, and the wrong number would be lost in them), labelled with
 * the slice they are, e.g. {@code expected[0, 3, :, :]}. NaN equals NaN (PyTorch's
 * {@code equal_nan=True}); NaN against a number is wrong.
 */
public final class TensorMismatch {

    /** Tensors up to this many elements ... */
    static final int SMALL_ELEMENTS = 64;
    /** ... that print in at most this many lines are shown whole. */
    static final int SMALL_LINES = 12;
    /** Rows (and columns) a window shows around the first wrong element. */
    static final int WINDOW = 8;

    private TensorMismatch() {}

    /**
     * The difference, or null when {@code got} has the shape of {@code expected} and every element is
     * within {@code tolerance + tolerance * |expected|} of it (as {@code allclose} with that rtol and atol).
     */
    public static String of(Tensor expected, Tensor got, double tolerance) {
        Tensor e = expected.detach();
        Tensor g = got.detach();
        String shapes = shapes(e.shape(), g.shape());
        if (shapes != null) {
            return shapes;
        }
        float[] ev = e.toArray();
        float[] gv = g.toArray();
        int first = -1;
        int wrong = 0;
        for (int i = 0; i < ev.length; i++) {
            if (!close(ev[i], gv[i], tolerance)) {
                wrong++;
                first = first < 0 ? i : first;
            }
        }
        if (wrong == 0) {
            return null;
        }
        int[] index = e.shape().index(first);
        String message = "wrong values in " + wrong + " of " + ev.length + " elements\nfirst wrong element: " + Arrays.toString(index)
                + ": expected " + element(ev[first], e.dtype()) + ", got " + element(gv[first], g.dtype())
                + (tolerance > 0 ? " (tolerance " + tolerance(tolerance) + ")" : "");
        if (ev.length <= SMALL_ELEMENTS) {
            String es = e.toString();
            String gs = g.toString();
            if (es.lines().count() <= SMALL_LINES && gs.lines().count() <= SMALL_LINES) {
                return message + "\n" + labelled("expected", es, "got", gs);
            }
        }
        Window w = Window.around(e.shape().toArray(), index);
        return message + "\n" + labelled("expected" + w.label(), w.of(e).toString(), "got" + w.label(), w.of(g).toString());
    }

    /** {@code expected shape torch.Size([2, 2]), got torch.Size([3, 3])}, or null when the shapes are equal. */
    public static String shapes(Size expected, Size got) {
        return expected.equals(got) ? null : "expected shape " + expected + ", got " + got;
    }

    /** Whether {@code got} is within {@code tolerance + tolerance * |expected|} of {@code expected}; NaN is close to NaN only. */
    public static boolean close(double expected, double got, double tolerance) {
        if (Double.isNaN(expected) || Double.isNaN(got)) {
            return Double.isNaN(expected) && Double.isNaN(got);
        }
        return expected == got || Math.abs(got - expected) <= tolerance + tolerance * Math.abs(expected);
    }

    /** A tolerance for messages: {@code 1e-05} as {@code 1e-5}. */
    private static String tolerance(double t) {
        return String.format(Locale.ROOT, "%.0e", t).replace("e-0", "e-");
    }

    /**
     * The part of a tensor of {@code shape} to show around {@code index}: the last two dimensions
     * (the last one of a 1-D tensor) cut to {@link #WINDOW} around the index, the others fixed at it.
     * {@code from} and {@code to} bound each dimension's range (a fixed one is {@code index, index + 1}).
     */
    record Window(int[] shape, int[] from, int[] to, int fixed) {

        static Window around(int[] shape, int[] index) {
            int fixed = Math.max(0, shape.length - 2);
            int[] from = new int[shape.length];
            int[] to = new int[shape.length];
            for (int d = 0; d < shape.length; d++) {
                from[d] = d < fixed ? index[d] : Math.max(0, Math.min(index[d] - WINDOW / 2, shape[d] - WINDOW));
                to[d] = d < fixed ? index[d] + 1 : Math.min(shape[d], from[d] + WINDOW);
            }
            return new Window(shape, from, to, fixed);
        }

        /** The slice in PyTorch's notation: {@code [0, 3, :, :]}, {@code [0, 3, 4:12, :]}. */
        String label() {
            List<String> parts = new ArrayList<>();
            for (int d = 0; d < shape.length; d++) {
                parts.add(d < fixed ? Integer.toString(from[d]) : from[d] == 0 && to[d] == shape[d] ? ":" : from[d] + ":" + to[d]);
            }
            return "[" + String.join(", ", parts) + "]";
        }

        /** The slice of {@code t}. */
        Tensor of(Tensor t) {
            Tensor s = t;
            for (int d = shape.length - 1; d >= 0; d--) {
                s = d < fixed ? s.select(d, from[d]) : s.slice(d, from[d], to[d], 1);
            }
            return s;
        }
    }

    /** One element as the runtime prints it: {@code 37.0}, {@code 3} or {@code True}. */
    private static String element(float v, DType dtype) {
        return switch (dtype) {
            case INT64 -> Long.toString((long) v);
            case BOOL -> v != 0 ? "True" : "False";
            default -> Float.toString(v);
        };
    }

    /** Two values under their labels, the second label padded to the first's width and continuation lines lined up. */
    private static String labelled(String label1, String value1, String label2, String value2) {
        int width = Math.max(label1.length(), label2.length()) + 1;
        return line(label1, value1, width) + "\n" + line(label2, value2, width);
    }

    private static String line(String label, String value, int width) {
        return label + " ".repeat(width - label.length()) + value.replace("\n", "\n" + " ".repeat(width));
    }
}
