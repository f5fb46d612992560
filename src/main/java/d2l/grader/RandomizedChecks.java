package d2l.grader;

import d2l.nn.functional.F;
import d2l.tensor.Generator;
import d2l.tensor.Tensor;
import d2l.workbook.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The randomized checks: the student's function against the runtime's own operator on random
 * inputs of many shapes (corr2d against conv2d, pool2d against max and average pooling, the 1 x 1
 * form against the general convolution), so that code which only returns the book's printed
 * outputs scores nothing. The inputs come from the rubric's seed and the expected outputs are
 * computed here, in the grader; the child JVM gets the inputs only.
 */
final class RandomizedChecks {

    /** Cases per check. */
    private static final int CASES = 10;
    private static final double TOLERANCE = 1e-4;

    private RandomizedChecks() {}

    /** How one case is made from the random sources and its number. */
    @FunctionalInterface
    private interface Maker {
        Case make(Sources random, int number);
    }

    /** A check and how its cases are made. */
    private record Spec(GraderCheck check, Maker maker) {}

    /** Where random sizes and values come from: both seeded, so the cases depend on the seed only. */
    private record Sources(Random sizes, Generator values) {

        int between(int low, int high) {
            return low + sizes.nextInt(high - low + 1);
        }

        /** Values from a normal distribution, shifted by {@code shift} (negative inputs catch zero padding). */
        Tensor tensor(double shift, int... shape) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            float[] v = new float[n];
            values.normal(v, shift, 1);
            return Tensor.wrap(v, shape);
        }
    }

    private static final List<Spec> SPECS = List.of(
            spec(Section.S7_1, "crossCorrelation against conv2d on random inputs", (r, i) -> corr2dCase(r, i, "crossCorrelation")),
            spec(Section.S7_2, "corr2d against conv2d on random inputs", (r, i) -> corr2dCase(r, i, "corr2d")),
            spec(Section.S7_3, "outputSize against the runtime's convolution on random sizes", RandomizedChecks::outputSizeCase),
            spec(Section.S7_4, "corr2dMultiIn against conv2d on random inputs", (r, i) -> {
                int c = r.between(1, 4);
                int h = r.between(1, 7);
                int w = r.between(1, 7);
                Tensor X = r.tensor(0, c, h, w);
                Tensor K = r.tensor(0, c, r.between(1, h), r.between(1, w));
                Tensor expected = F.conv2d(X.unsqueeze(0), K.unsqueeze(0), null).squeeze(0).squeeze(0);
                return make(i, "corr2dMultiIn(X, K)", expected, "X", X, "K", K);
            }),
            spec(Section.S7_4, "corr2dMultiInOut against conv2d on random inputs", (r, i) -> {
                int c = r.between(1, 4);
                int h = r.between(1, 7);
                int w = r.between(1, 7);
                Tensor X = r.tensor(0, c, h, w);
                Tensor K = r.tensor(0, r.between(1, 4), c, r.between(1, h), r.between(1, w));
                return make(i, "corr2dMultiInOut(X, K)", F.conv2d(X.unsqueeze(0), K, null).squeeze(0), "X", X, "K", K);
            }),
            spec(Section.S7_4, "corr2dMultiInOut1x1 against the general convolution on random inputs", (r, i) -> {
                int c = r.between(1, 5);
                Tensor X = r.tensor(0, c, r.between(1, 7), r.between(1, 7));
                Tensor K = r.tensor(0, r.between(1, 5), c, 1, 1);
                return make(i, "corr2dMultiInOut1x1(X, K)", F.conv2d(X.unsqueeze(0), K, null).squeeze(0), "X", X, "K", K);
            }),
            spec(Section.S7_5, "pool2d max against MaxPool2d on random inputs", (r, i) -> poolCase(r, i, "max", false)),
            spec(Section.S7_5, "pool2d avg against AvgPool2d on random inputs", (r, i) -> poolCase(r, i, "avg", false)),
            spec(Section.S7_5, "pool2d max with padding and stride against MaxPool2d on random inputs", (r, i) -> poolCase(r, i, "max", true)),
            spec(Section.S7_5, "pool2d avg with padding and stride against AvgPool2d on random inputs", (r, i) -> poolCase(r, i, "avg", true)),
            spec(Section.S7_5, "pool2dChannels against MaxPool2d and AvgPool2d on random batches", (r, i) -> {
                int[] pool = {r.between(1, 3), r.between(1, 3)};
                int[] padding = {r.between(0, pool[0] / 2), r.between(0, pool[1] / 2)};
                int[] stride = {r.between(1, 3), r.between(1, 3)};
                String mode = i % 2 == 0 ? "max" : "avg";
                Tensor X = r.tensor(-1, r.between(1, 3), r.between(1, 3), r.between(pool[0], 7), r.between(pool[1], 7));
                Tensor expected = mode.equals("max") ? F.maxPool2d(X, pool, stride, padding) : F.avgPool2d(X, pool, stride, padding);
                return make(i, "pool2dChannels(X, pool, padding, stride, \"" + mode + "\")", expected, "X", X, "pool", pool,
                        "padding", padding, "stride", stride);
            }));

    private static Spec spec(Section section, String name, Maker maker) {
        return new Spec(new GraderCheck(section, name, CheckKind.RANDOMIZED, "", "", List.of()), maker);
    }

    /** The randomized checks, without their cases (see {@link #withCases}). */
    static List<GraderCheck> all() {
        return SPECS.stream().map(Spec::check).toList();
    }

    /** {@code check} with its cases for {@code seed}. */
    static GraderCheck withCases(GraderCheck check, long seed) {
        for (Spec spec : SPECS) {
            if (spec.check().equals(check)) {
                Sources random = new Sources(new Random(seed), new Generator(seed));
                List<Case> cases = new ArrayList<>();
                for (int i = 1; i <= CASES; i++) {
                    cases.add(spec.maker().make(random, i));
                }
                return new GraderCheck(check.section(), check.name(), check.kind(), check.source(), check.note(), List.copyOf(cases));
            }
        }
        throw new IllegalArgumentException("no randomized check " + check.title());
    }

    private static Case corr2dCase(Sources r, int i, String function) {
        int h = r.between(1, 8);
        int w = r.between(1, 8);
        Tensor X = r.tensor(0, h, w);
        Tensor K = r.tensor(0, r.between(1, h), r.between(1, w));
        Tensor expected = F.conv2d(X.reshape(1, 1, h, w), K.reshape(1, 1, K.size(0), K.size(1)), null).squeeze(0).squeeze(0);
        return make(i, function + "(X, K)", expected, "X", X, "K", K);
    }

    private static Case outputSizeCase(Sources r, int i) {
        int k = r.between(1, 6);
        int pad = r.between(0, k / 2);
        int n = r.between(Math.max(1, k - 2 * pad), 12);
        int stride = r.between(1, 4);
        long expected = F.conv2d(d2l.tensor.Torch.zeros(1, 1, n, n), d2l.tensor.Torch.zeros(1, 1, k, k), null,
                new int[] {stride, stride}, new int[] {pad, pad}, 1).size(2);
        String call = "outputSize(" + n + ", " + k + ", " + 2 * pad + ", " + stride + ")";
        return new Case("random case " + i, Map.of(), Expression.parse(call), null, new Expected(expected, null, null), 0,
                "randomized case " + i);
    }

    private static Case poolCase(Sources r, int i, String mode, boolean paddingAndStride) {
        int[] pool = {r.between(1, 4), r.between(1, 4)};
        int[] padding = paddingAndStride ? new int[] {r.between(0, pool[0] / 2), r.between(0, pool[1] / 2)} : new int[] {0, 0};
        int[] stride = paddingAndStride ? new int[] {r.between(1, 3), r.between(1, 3)} : new int[] {1, 1};
        Tensor X = r.tensor(-1, r.between(pool[0], 8), r.between(pool[1], 8));
        Tensor X4 = X.reshape(1, 1, X.size(0), X.size(1));
        Tensor expected = (mode.equals("max") ? F.maxPool2d(X4, pool, stride, padding) : F.avgPool2d(X4, pool, stride, padding))
                .squeeze(0).squeeze(0);
        if (!paddingAndStride) {
            return make(i, "pool2d(X, pool, \"" + mode + "\")", expected, "X", X, "pool", pool);
        }
        return make(i, "pool2d(X, pool, padding, stride, \"" + mode + "\")", expected, "X", X, "pool", pool, "padding", padding,
                "stride", stride);
    }

    /** A case calling {@code call} on the named inputs (tensors written out in full, int arrays as lists). */
    private static Case make(int i, String call, Tensor expected, Object... namesAndValues) {
        Map<String, Expression> inputs = new LinkedHashMap<>();
        StringBuilder title = new StringBuilder("random case " + i + ":");
        for (int k = 0; k + 1 < namesAndValues.length; k += 2) {
            Object v = namesAndValues[k + 1];
            String written = v instanceof Tensor t ? "tensor(" + literal(t) + ")" : java.util.Arrays.toString((int[]) v);
            inputs.put((String) namesAndValues[k], Expression.parse(written));
            title.append(k == 0 ? " " : ", ").append(namesAndValues[k]).append(' ')
                    .append(v instanceof Tensor t ? shape(t) : java.util.Arrays.toString((int[]) v));
        }
        return new Case(title.toString(), inputs, Expression.parse(call), null, new Expected(expected, null, null), TOLERANCE,
                "randomized case " + i);
    }

    private static String shape(Tensor t) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < t.dim(); d++) {
            s.append(d == 0 ? "" : " x ").append(t.size(d));
        }
        return s.toString();
    }

    /** The tensor in list syntax with every float written exactly ({@link Float#toString}), so the child gets the same values. */
    static String literal(Tensor t) {
        float[] v = t.toArray();
        int[] shape = t.shape().toArray();
        StringBuilder s = new StringBuilder();
        write(s, v, shape, 0, 0);
        return s.toString();
    }

    private static int write(StringBuilder s, float[] v, int[] shape, int dim, int at) {
        if (dim == shape.length) {
            s.append(Float.toString(v[at]));
            return at + 1;
        }
        s.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            if (i > 0) {
                s.append(", ");
            }
            at = write(s, v, shape, dim + 1, at);
        }
        s.append(']');
        return at;
    }
}
