package d2l.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise loops on flat float arrays: one function of one or two operands applied to every
 * element. Operands are described by an offset and per-dimension strides into their storage (a
 * stride of 0 repeats a value, which is how broadcasting reads a smaller operand); the output is
 * always a fresh contiguous row-major array. Large inputs are split across {@link Parallel}'s
 * threads by rows; every element is computed by exactly one thread, so results do not depend on
 * the thread count.
 */
public final class Pointwise {

    /** Functions of one value. */
    public enum Unary { NEG, EXP, LOG, ABS, SQRT, SIGMOID, RELU, TANH, SIGN, RECIPROCAL, SQUARE }

    /**
     * Functions of two values; comparisons give 1 for true and 0 for false. The {@code *_GRAD} functions
     * are the activations' backward steps fused into one pass, given the upstream gradient g and the
     * activation's output y: sigmoid {@code g y (1 - y)}, tanh {@code g (1 - y^2)}, relu {@code y > 0 ? g : 0}.
     */
    public enum Binary { ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, EQ, NE, LT, LE, GT, GE, SIGMOID_GRAD, TANH_GRAD, RELU_GRAD }

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private static final int GRAIN = 1 << 15;

    private Pointwise() {}

    /**
     * {@code target[t + i] += alpha * other[o + i]} for {@code i < n}, in place: an optimizer's update
     * {@code p.add_(grad, alpha=-lr)} in one pass, without the two temporaries of
     * {@code p.sub_(grad.mul(lr))}. The product is rounded before the sum (Java does not fuse them), so
     * the bits are those of the two-step form.
     */
    public static void addScaledInPlace(float[] target, int targetOffset, float[] other, int otherOffset, int n, float alpha) {
        Parallel.forRange(n, GRAIN, (start, end) -> {
            for (int i = start; i < end; i++) {
                target[targetOffset + i] += alpha * other[otherOffset + i];
            }
        });
    }

    /** {@code target[t + i] *= factor} for {@code i < n}, in place (a momentum buffer's decay). */
    public static void scaleInPlace(float[] target, int targetOffset, int n, float factor) {
        Parallel.forRange(n, GRAIN, (start, end) -> {
            for (int i = start; i < end; i++) {
                target[targetOffset + i] *= factor;
            }
        });
    }

    /** {@code out[i] = f(x[i])} for contiguous {@code x}. */
    public static void unary(Unary f, float[] x, int xOffset, float[] out, int n) {
        Parallel.forRange(n, GRAIN, (start, end) -> unaryRange(f, x, xOffset, out, start, end));
    }

    private static void unaryRange(Unary f, float[] x, int o, float[] out, int start, int end) {
        switch (f) {
            case NEG -> { for (int i = start; i < end; i++) out[i] = -x[o + i]; }
            case EXP -> expRange(x, o, out, start, end);
            case LOG -> { for (int i = start; i < end; i++) out[i] = (float) Math.log(x[o + i]); }
            case ABS -> { for (int i = start; i < end; i++) out[i] = Math.abs(x[o + i]); }
            case SQRT -> { for (int i = start; i < end; i++) out[i] = (float) Math.sqrt(x[o + i]); }
            case SIGMOID -> sigmoidRange(x, o, out, start, end);
            case RELU -> { for (int i = start; i < end; i++) out[i] = Math.max(x[o + i], 0f); }
            case TANH -> { for (int i = start; i < end; i++) out[i] = (float) Math.tanh(x[o + i]); }
            case SIGN -> { for (int i = start; i < end; i++) out[i] = Math.signum(x[o + i]); }
            case RECIPROCAL -> { for (int i = start; i < end; i++) out[i] = 1f / x[o + i]; }
            case SQUARE -> { for (int i = start; i < end; i++) out[i] = x[o + i] * x[o + i]; }
            default -> throw new AssertionError(f);
        }
    }

    /** exp over a range, a vector of lanes at a time, the tail one by one, the same bits either way ({@link Exp}). */
    private static void expRange(float[] x, int o, float[] out, int start, int end) {
        int i = start;
        for (int bound = start + SPECIES.loopBound(end - start); i < bound; i += SPECIES.length()) {
            Exp.exp(FloatVector.fromArray(SPECIES, x, o + i)).intoArray(out, i);
        }
        for (; i < end; i++) {
            out[i] = Exp.exp(x[o + i]);
        }
    }

    /** The logistic function over a range, vectorised like {@link #expRange}, the same bits as {@link #sigmoid}. */
    private static void sigmoidRange(float[] x, int o, float[] out, int start, int end) {
        int i = start;
        for (int bound = start + SPECIES.loopBound(end - start); i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, o + i);
            FloatVector e = Exp.exp(v.abs().neg());
            FloatVector d = e.add(1f);
            FloatVector positive = FloatVector.broadcast(SPECIES, 1f).div(d);
            positive.blend(e.div(d), v.compare(VectorOperators.LT, 0f)).intoArray(out, i);
        }
        for (; i < end; i++) {
            out[i] = sigmoid(x[o + i]);
        }
    }

    /**
     * The logistic function {@code 1 / (1 + e^-x)}, written {@code e^x / (1 + e^x)} for negative x so
     * that it neither overflows nor loses the tiny results (sigmoid(-100) is 3.7835e-44, as in PyTorch).
     */
    public static float sigmoid(float x) {
        float e = Exp.exp(-Math.abs(x));
        float d = 1f + e;
        return x < 0f ? e / d : 1f / d;
    }

    /**
     * {@code out[index] = f(a[index], b[index])} over {@code shape}, where operand {@code a} is read
     * at {@code aOffset + sum(index[d] * aStrides[d])} and likewise {@code b}.
     */
    public static void binary(Binary f, float[] a, int aOffset, int[] aStrides,
                              float[] b, int bOffset, int[] bStrides, float[] out, int[] shape) {
        int n = out.length;
        if (n == 0) {
            return;
        }
        // Dimensions both operands step through as one run merge, so that [32, 512, 3, 3] same-shape
        // operands make one long row (cut between threads) instead of 49,152 rows of 3.
        int merged = shape.length;
        while (merged > 1 && aStrides[merged - 2] == aStrides[merged - 1] * shape[merged - 1]
                && bStrides[merged - 2] == bStrides[merged - 1] * shape[merged - 1]) {
            merged--;
        }
        if (merged == 1) {
            int sa = aStrides[shape.length - 1];
            int sb = bStrides[shape.length - 1];
            Parallel.forRange(n, GRAIN, (start, end) ->
                    row(f, a, aOffset + start * sa, sa, b, bOffset + start * sb, sb, out, start, end - start));
            return;
        }
        binaryRows(f, a, aOffset, aStrides, b, bOffset, bStrides, out, shape);
    }

    /** {@link #binary} row by row of the innermost dimension. */
    private static void binaryRows(Binary f, float[] a, int aOffset, int[] aStrides,
                                   float[] b, int bOffset, int[] bStrides, float[] out, int[] shape) {
        int rank = shape.length;
        int inner = rank == 0 ? 1 : shape[rank - 1];
        int rows = out.length / inner;
        int sa = rank == 0 ? 0 : aStrides[rank - 1];
        int sb = rank == 0 ? 0 : bStrides[rank - 1];
        Parallel.forRange(rows, Math.max(1, GRAIN / inner), (r0, r1) -> {
            int[] index = new int[Math.max(rank - 1, 0)];
            int rest = r0;
            int ia = aOffset;
            int ib = bOffset;
            for (int d = rank - 2; d >= 0; d--) {
                index[d] = rest % shape[d];
                rest /= shape[d];
                ia += index[d] * aStrides[d];
                ib += index[d] * bStrides[d];
            }
            for (int r = r0; r < r1; r++) {
                row(f, a, ia, sa, b, ib, sb, out, r * inner, inner);
                for (int d = rank - 2; d >= 0; d--) {
                    index[d]++;
                    ia += aStrides[d];
                    ib += bStrides[d];
                    if (index[d] < shape[d]) {
                        break;
                    }
                    ia -= index[d] * aStrides[d];
                    ib -= index[d] * bStrides[d];
                    index[d] = 0;
                }
            }
        });
    }

    /**
     * {@code out = y > 0 ? g : 0} a vector at a time: the scalar select branches on the sign of every
     * activation, which a predictor gets wrong half the time.
     */
    private static void reluGradRow(float[] g, int ig, float[] y, int iy, float[] out, int o, int n) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, y, iy + i);
            zero.blend(FloatVector.fromArray(SPECIES, g, ig + i), v.compare(VectorOperators.GT, 0f)).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = y[iy + i] > 0f ? g[ig + i] : 0f;
        }
    }

    /** One innermost row; the unit-stride and repeated-value cases get loops the JIT vectorises. */
    private static void row(Binary f, float[] a, int ia, int sa, float[] b, int ib, int sb, float[] out, int o, int n) {
        if (sa == 1 && sb == 1) {
            switch (f) {
                case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[ia + i] + b[ib + i]; return; }
                case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[ia + i] - b[ib + i]; return; }
                case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[ia + i] * b[ib + i]; return; }
                case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[ia + i] / b[ib + i]; return; }
                case SIGMOID_GRAD -> { for (int i = 0; i < n; i++) out[o + i] = a[ia + i] * b[ib + i] * (1f - b[ib + i]); return; }
                case TANH_GRAD -> { for (int i = 0; i < n; i++) out[o + i] = a[ia + i] * (1f - b[ib + i] * b[ib + i]); return; }
                case RELU_GRAD -> { reluGradRow(a, ia, b, ib, out, o, n); return; }
                default -> { }
            }
        } else if (sa == 1 && sb == 0) {
            float v = b[ib];
            switch (f) {
                case ADD -> { for (int i = 0; i < n; i++) out[o + i] = a[ia + i] + v; return; }
                case SUB -> { for (int i = 0; i < n; i++) out[o + i] = a[ia + i] - v; return; }
                case MUL -> { for (int i = 0; i < n; i++) out[o + i] = a[ia + i] * v; return; }
                case DIV -> { for (int i = 0; i < n; i++) out[o + i] = a[ia + i] / v; return; }
                default -> { }
            }
        }
        for (int i = 0; i < n; i++) {
            out[o + i] = apply(f, a[ia + i * sa], b[ib + i * sb]);
        }
    }

    /** The scalar function itself, following PyTorch for NaN in maximum/minimum. */
    public static float apply(Binary f, float x, float y) {
        return switch (f) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> pow(x, y);
            case MAXIMUM -> Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.max(x, y);
            case MINIMUM -> Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.min(x, y);
            case EQ -> x == y ? 1f : 0f;
            case NE -> x != y ? 1f : 0f;
            case LT -> x < y ? 1f : 0f;
            case LE -> x <= y ? 1f : 0f;
            case GT -> x > y ? 1f : 0f;
            case GE -> x >= y ? 1f : 0f;
            case SIGMOID_GRAD -> x * y * (1f - y);
            case TANH_GRAD -> x * (1f - y * y);
            case RELU_GRAD -> y > 0f ? x : 0f;
        };
    }

    private static float pow(float x, float y) {
        if (y == 2f) {
            return x * x;
        }
        if (y == 1f) {
            return x;
        }
        return (float) Math.pow(x, y);
    }
}
