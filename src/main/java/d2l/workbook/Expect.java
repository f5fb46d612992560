package d2l.workbook;

import d2l.tensor.Size;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.util.Objects;

/** The comparisons the checks make; a mismatch throws an {@link AssertionError} worded by {@link TensorMismatch} for tensors, else showing both values. */
final class Expect {

    private Expect() {}

    /** {@code got} must be a tensor equal (to within 1e-5) to the tensor literal {@code expected}. */
    static Tensor tensor(String what, Object got, String expected) {
        return tensor(what, got, Torch.tensor(expected), 1e-5);
    }

    /** {@code got} must be a tensor of the shape of {@code expected} whose values agree to within {@code tolerance}. */
    static Tensor tensor(String what, Object got, Tensor expected, double tolerance) {
        Tensor t = isTensor(what, got);
        String wrong = TensorMismatch.of(expected, t, tolerance);
        if (wrong != null) {
            throw new AssertionError(what + "\n" + wrong);
        }
        return t;
    }

    static Tensor isTensor(String what, Object got) {
        if (!(got instanceof Tensor t)) {
            throw new AssertionError(what + ": expected a tensor, got " + (got == null ? "null" : got.getClass().getSimpleName()));
        }
        return t;
    }

    /** {@code got} must be a tensor of shape {@code shape}. */
    static Tensor shape(String what, Object got, int... shape) {
        Tensor t = isTensor(what, got);
        size(what, t.shape(), shape);
        return t;
    }

    /** {@code got} must be a size (an observed {@code X.shape}) equal to {@code shape}. */
    static void size(String what, Object got, int... shape) {
        if (!(got instanceof Size size)) {
            throw new AssertionError(what + ": expected a size, got " + (got == null ? "null" : got.getClass().getSimpleName()));
        }
        String wrong = TensorMismatch.shapes(Size.of(shape), size);
        if (wrong != null) {
            throw new AssertionError(what + ": " + wrong);
        }
    }

    static void equal(String what, Object got, Object expected) {
        if (!Objects.equals(normalize(got), normalize(expected))) {
            throw new AssertionError(what + "\nexpected " + indent(String.valueOf(expected)) + "\ngot      "
                    + indent(String.valueOf(got)));
        }
    }

    static void isTrue(String what, boolean condition) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** Numbers compare by value whatever their type (a long 8 equals an int 8). */
    private static Object normalize(Object o) {
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        return o;
    }

    /** Continuation lines of a multi-line value lined up under its first line. */
    static String indent(String s) {
        return s.replace("\n", "\n         ");
    }
}
