package d2l.workbook;

import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.util.Arrays;
import java.util.Objects;

/** The comparisons the checks make; a mismatch throws an {@link AssertionError} showing both values. */
final class Expect {

    private Expect() {}

    /** {@code got} must be a tensor equal (to within 1e-5) to the tensor literal {@code expected}. */
    static Tensor tensor(String what, Object got, String expected) {
        return tensor(what, got, Torch.tensor(expected), 1e-5);
    }

    /** {@code got} must be a tensor of the shape of {@code expected} whose values agree to within {@code tolerance}. */
    static Tensor tensor(String what, Object got, Tensor expected, double tolerance) {
        Tensor t = isTensor(what, got);
        if (!t.shape().equals(expected.shape()) || !t.detach().allclose(expected.detach(), tolerance, tolerance)) {
            throw new AssertionError(what + "\nexpected " + indent(expected.detach().toString()) + "\ngot      "
                    + indent(t.detach().toString()));
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
        if (!Arrays.equals(t.shape().toArray(), shape)) {
            throw new AssertionError(what + "\nexpected shape torch.Size(" + Arrays.toString(shape) + ")\ngot      " + t.shape());
        }
        return t;
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
