package d2l.tensor;

import java.util.Locale;

/**
 * Allocates the storage of a new tensor, with an error that names what was being built, its shape
 * and its size against the heap, instead of a bare {@link OutOfMemoryError} (or a count that
 * overflows an {@code int}). The usual cause in these chapters is a network that never shrinks its
 * input, so each layer that makes large outputs adds its own hint.
 */
public final class Memory {

    /** The most elements a Java array can hold on common JVMs (a few below Integer.MAX_VALUE). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Memory() {}

    /**
     * A zeroed {@code float[]} for a tensor of {@code shape}.
     *
     * @param what what is being built, e.g. {@code "conv2d output"} or {@code "LazyLinear weight"}
     * @param hint what probably went wrong and how to fix it, or empty
     * @throws TensorException when the array cannot exist or does not fit in the heap
     */
    public static float[] floats(String what, int[] shape, String hint) {
        long n = Shapes.numelExact(shape);
        if (n > MAX_ARRAY) {
            throw new TensorException(describe(what, shape, n) + " is more than a Java array can hold (2^31 - 1 elements)"
                    + (hint.isEmpty() ? "" : "; " + hint));
        }
        long max = Runtime.getRuntime().maxMemory();
        if (max != Long.MAX_VALUE && 4 * n > max) {
            throw tooLarge(what, shape, n, "does not fit in the " + bytes(max) + " heap", hint);
        }
        try {
            return new float[(int) n];
        } catch (OutOfMemoryError e) {
            throw tooLarge(what, shape, n, "does not fit in what is left of the " + bytes(max) + " heap", hint);
        }
    }

    private static TensorException tooLarge(String what, int[] shape, long n, String why, String hint) {
        return new TensorException(describe(what, shape, n) + " " + why + (hint.isEmpty() ? "" : "; " + hint)
                + " (a larger heap: java -Xmx4g, or D2L_JAVA_OPTS=-Xmx4g for ./d2l)");
    }

    /** {@code conv2d output of shape [1, 512, 224, 224] (25,690,112 floats, 98 MiB)}. */
    private static String describe(String what, int[] shape, double n) {
        return String.format(Locale.ROOT, "%s of shape %s (%,.0f floats, %s)", what, Shapes.toString(shape), n, bytes(4 * n));
    }

    /** {@code 98 MiB}, {@code 2,048 MiB}, {@code 392 GiB}. */
    private static String bytes(double b) {
        double mib = b / (1 << 20);
        return mib < 10 * 1024 ? String.format(Locale.ROOT, "%,.0f MiB", Math.max(mib, 1))
                : String.format(Locale.ROOT, "%,.0f GiB", mib / 1024);
    }
}
