package d2l.autograd;

import d2l.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Test support, in the spirit of micrograd and tinygrad: checks the gradient that {@code backward}
 * computes for a function of tensors against central finite differences.
 *
 * <p>The function's output is reduced to a scalar with a fixed random weighting,
 * {@code L = sum(f(x) * r)}, so that every output element matters. The analytic side is
 * {@code f(x).backward(r)}, which is dL/dx without routing through another op's gradient. The numeric
 * side perturbs one input element at a time, {@code (L(x + eps) - L(x - eps)) / (2 eps)}, evaluating
 * {@code L} in double (with recording off) and dividing by the step actually taken in float32.
 *
 * <pre>{@code
 * GradCheck.check(x -> x.sigmoid(), randn(3, 4));
 * GradCheck.check((a, b) -> a.mul(b), randn(2, 3), randn(3));   // broadcast
 * }</pre>
 *
 * A mismatch fails with the op, the input shapes, the worst element, and both values.
 */
public final class GradCheck {

    /** Half the step of the central difference. */
    public static final double EPS = 1e-3;
    /** An element passes when {@code |analytic - numeric| <= ATOL + RTOL * |numeric|}. */
    public static final double RTOL = 1e-2;
    public static final double ATOL = 1e-3;

    private static final long WEIGHT_SEED = 20240611L;

    private GradCheck() {}

    /** Checks {@code f} of one tensor; the op is named after the grad_fn of its output. */
    public static void check(Function<Tensor, Tensor> f, Tensor x) {
        check(null, f, x);
    }

    /** Checks {@code f} of one tensor, naming it {@code op} in a failure. */
    public static void check(String op, Function<Tensor, Tensor> f, Tensor x) {
        checkAll(op, xs -> f.apply(xs.get(0)), x);
    }

    /** Checks {@code f} of two tensors (both get gradients). */
    public static void check(BiFunction<Tensor, Tensor, Tensor> f, Tensor a, Tensor b) {
        check(null, f, a, b);
    }

    /** Checks {@code f} of two tensors, naming it {@code op} in a failure. */
    public static void check(String op, BiFunction<Tensor, Tensor, Tensor> f, Tensor a, Tensor b) {
        checkAll(op, xs -> f.apply(xs.get(0), xs.get(1)), a, b);
    }

    /** Checks {@code f} of any number of tensors (for cat and stack). */
    public static void checkAll(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        checkAll(null, f, inputs);
    }

    /**
     * The general form: every input is copied into a fresh float32 leaf that requires grad, so the
     * caller's tensors are never touched and the function may build anything on top of them.
     */
    public static void checkAll(String op, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        int count = inputs.length;
        float[][] values = new float[count][];
        int[][] shapes = new int[count][];
        List<Tensor> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values[i] = inputs[i].toArray();
            shapes[i] = inputs[i].shape().toArray();
            leaves.add(Tensor.wrap(values[i].clone(), shapes[i]).requiresGrad_());
        }

        Tensor y = f.apply(leaves);
        String name = op != null ? op : y.gradFn() != null ? y.gradFn().name() : "the function";
        String where = name + " of inputs " + describeShapes(shapes);
        if (!y.requiresGrad()) {
            throw new AssertionError("gradient check of " + where + ": the output does not require grad, so "
                    + "nothing was recorded (output " + y.shape() + ")");
        }
        int[] outShape = y.shape().toArray();
        float[] weights = randomWeights(y.numel());
        y.backward(Tensor.wrap(weights.clone(), outShape));

        for (int i = 0; i < count; i++) {
            Tensor grad = leaves.get(i).grad();
            if (grad != null && !Arrays.equals(grad.shape().toArray(), shapes[i])) {
                throw new AssertionError("gradient check of " + where + ": the gradient of input " + i + " has shape "
                        + grad.shape() + " but the input has shape " + Arrays.toString(shapes[i]));
            }
            float[] analytic = grad == null ? new float[values[i].length] : grad.toArray();
            Worst worst = null;
            for (int e = 0; e < values[i].length; e++) {
                double numeric = numericDerivative(f, values, shapes, i, e, weights, outShape);
                double error = Math.abs(analytic[e] - numeric);
                double allowed = ATOL + RTOL * Math.abs(numeric);
                if (!(error <= allowed) && (worst == null || error / allowed > worst.excess)) {
                    worst = new Worst(e, analytic[e], numeric, error / allowed);
                }
            }
            if (worst != null) {
                throw new AssertionError(String.format(
                        "gradient check of %s failed for input %d%s: worst element %s: analytic %.6g vs numeric %.6g "
                                + "(allowed |difference| %.1g + %.0g * |numeric|)%ninput %d: %s%nanalytic gradient: %s",
                        where, i, grad == null ? " (backward gave it no gradient)" : "",
                        Arrays.toString(unravel(worst.element, shapes[i])), worst.analytic, worst.numeric, ATOL, RTOL,
                        i, Tensor.wrap(values[i].clone(), shapes[i]), grad));
            }
        }
    }

    /** dL/dx at one element by central differences; L is summed in double. */
    private static double numericDerivative(Function<List<Tensor>, Tensor> f, float[][] values, int[][] shapes,
                                            int input, int element, float[] weights, int[] outShape) {
        float original = values[input][element];
        float plus = (float) (original + EPS);
        float minus = (float) (original - EPS);
        double up = weightedSum(f, values, shapes, input, element, plus, weights, outShape);
        double down = weightedSum(f, values, shapes, input, element, minus, weights, outShape);
        return (up - down) / ((double) plus - (double) minus);
    }

    private static double weightedSum(Function<List<Tensor>, Tensor> f, float[][] values, int[][] shapes,
                                      int input, int element, float value, float[] weights, int[] outShape) {
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            float[] v = values[i].clone();
            if (i == input) {
                v[element] = value;
            }
            xs.add(Tensor.wrap(v, shapes[i]));
        }
        Tensor y = GradMode.noGrad(() -> f.apply(xs));
        if (!Arrays.equals(y.shape().toArray(), outShape)) {
            throw new AssertionError("the function gave shape " + y.shape() + " for a perturbed input but "
                    + Arrays.toString(outShape) + " at first");
        }
        float[] out = y.toArray();
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            sum += (double) out[k] * weights[k];
        }
        return sum;
    }

    /** The weighting r: fixed, so a failure reproduces, and away from 0, so no output element is ignored. */
    private static float[] randomWeights(int n) {
        Random random = new Random(WEIGHT_SEED);
        float[] r = new float[n];
        for (int k = 0; k < n; k++) {
            float magnitude = 0.5f + random.nextFloat();
            r[k] = random.nextBoolean() ? magnitude : -magnitude;
        }
        return r;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    private static String describeShapes(int[][] shapes) {
        List<String> parts = new ArrayList<>();
        for (int[] s : shapes) {
            parts.add(Arrays.toString(s));
        }
        return String.join(" and ", parts);
    }

    private record Worst(int element, float analytic, double numeric, double excess) {}
}
