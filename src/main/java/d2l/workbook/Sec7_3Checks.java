package d2l.workbook;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.rand;
import static d2l.tensor.Torch.zeros;
import static d2l.workbook.SectionChecks.*;

import d2l.autograd.GradMode;
import d2l.nn.Conv2d;
import d2l.nn.Module;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The checks of section 7.3. Sources as in {@link SectionChecks}. */
final class Sec7_3Checks {

    private Sec7_3Checks() {}

    /** The input sizes the kernel check runs each layer on. */
    private static final int[][] SIZES = {{9, 11}, {13, 7}};

    /**
     * What a wrong {@code outputSize} probably did, when its value is what a known mistake gives: the
     * checks run stride 1 first, so a doubled padding fails there and the stride hints never meet it.
     */
    static String outputSizeHint(int n, int k, int p, int s, Object got) {
        if (!(got instanceof Number number) || number.longValue() == Math.floorDiv(n - k + p + s, s)) {
            return "";
        }
        long v = number.longValue();
        if (s == 1) {
            return p > 0 && v == n - k + 2 * p + 1 ? " (p is already the total padding, both sides together: do not double it)" : "";
        }
        if (v == Math.floorDiv(n - k + p + s, s) + 1 && (n - k + p) % s != 0) {
            return " (the formula rounds down: (n - k + p + s) / s = " + (n - k + p + s) + " / " + s + " = "
                    + (n - k + p + s) / (double) s + " gives " + Math.floorDiv(n - k + p + s, s) + ". Java's int division already rounds down for these"
                    + " values; Math.round or Math.ceil of a double rounds up)";
        }
        if (v == n - k + p + 1) {
            return " (divide by the stride s: the window moves s positions at a time)";
        }
        if (v == (n - k + p + 1) / s) {
            return " (add s before dividing, not 1: floor((n - k + p + s) / s) = floor((n - k + p) / s) + 1)";
        }
        return "";
    }

    static List<Check> all() {
        Section s = Section.S7_3;
        return List.of(
                check(s, "outputSize gives the section's four sizes", "[000] 7.3 Output Size Formula; [002] 7.3", p -> {
                    int[][] cases = {{8, 3, 2, 1, 8}, {8, 5, 4, 1, 8}, {8, 3, 2, 2, 4}, {8, 3, 0, 3, 2}, {8, 5, 2, 4, 2}};
                    for (int[] k : cases) {
                        String what = "outputSize(" + k[0] + ", " + k[1] + ", " + k[2] + ", " + k[3] + ")";
                        Object got = p.observe(what, c -> c.call("outputSize", k[0], k[1], k[2], k[3]));
                        Expect.equal(what + outputSizeHint(k[0], k[1], k[2], k[3], got), got, k[4]);
                    }
                }),
                check(s, "outputSize agrees with the runtime's convolution", "[000] 7.3 Output Size Formula", p -> {
                    for (int n = 4; n <= 9; n++) {
                        for (int k = 1; k <= 4; k++) {
                            for (int pad = 0; pad <= 2 && pad <= k / 2; pad++) {
                                for (int stride = 1; stride <= 3; stride++) {
                                    if (k > n + 2 * pad) {
                                        continue;
                                    }
                                    int actual = F.conv2d(zeros(1, 1, n, n), zeros(1, 1, k, k), null,
                                            new int[] {stride, stride}, new int[] {pad, pad}, 1).size(2);
                                    int[] args = {n, k, 2 * pad, stride};
                                    String what = "outputSize(" + n + ", " + k + ", " + 2 * pad + ", " + stride + ")";
                                    Object got = p.observe(what, c -> c.call("outputSize", args[0], args[1], args[2], args[3]));
                                    Expect.equal(what + " (n, k, total padding, stride)"
                                            + outputSizeHint(n, k, 2 * pad, stride, got), got, actual);
                                }
                            }
                        }
                    }
                }),
                check(s, "compConv2d runs a layer on a 2-D tensor and returns a 2-D tensor", "[000] 7.3 comp_conv2d", p -> {
                    manualSeed(0);
                    Conv2d conv = new Conv2d(1, 1, 3).padding(1);
                    Tensor X = rand(8, 8);
                    Tensor expected = GradMode.noGrad(() -> conv.forward(X.reshape(1, 1, 8, 8)).reshape(8, 8));
                    Expect.tensor("compConv2d(new Conv2d(1, 1, 3).padding(1), rand(8, 8))",
                            p.observe("compConv2d(new Conv2d(1, 1, 3).padding(1), rand(8, 8))", c -> c.call("compConv2d", conv, X)),
                            expected, 1e-6);
                    Conv2d strided = new Conv2d(1, 1, 3).stride(2);
                    Expect.shape("compConv2d(new Conv2d(1, 1, 3).stride(2), rand(8, 8))",
                            p.observe("compConv2d(new Conv2d(1, 1, 3).stride(2), rand(8, 8))",
                                    c -> c.call("compConv2d", strided, X)), 3, 3);
                }),
                check(s, "fourConvolutions give [8, 8], [8, 8], [4, 4] and [2, 2] on an 8 x 8 input", "[002] 7.3", p -> {
                    int[][] shapes = {{8, 8}, {8, 8}, {4, 4}, {2, 2}};
                    manualSeed(0);
                    Tensor X = rand(8, 8);
                    Map<?, ?> o = mapOf("fourConvolutions()", p.observe("fourConvolutions() on an 8 x 8 input", c -> {
                        Object layers = c.call("fourConvolutions");
                        if (!(layers instanceof List<?> l) || l.size() != 4) {
                            return ordered("layers", layers, "outputs", null);
                        }
                        List<Object> outputs = new ArrayList<>();
                        for (Object layer : l) {
                            outputs.add(layer instanceof Module ? forward(layer, X.reshape(1, 1, 8, 8)) : null);
                        }
                        return ordered("layers", l, "outputs", outputs);
                    }));
                    List<?> layers = list(o.get("layers"), 4);
                    List<?> outputs = listOf("the outputs", o.get("outputs"));
                    for (int i = 0; i < 4; i++) {
                        view("layer " + (i + 1), layers.get(i));
                        Tensor Y = Expect.isTensor("layer " + (i + 1) + " on an 8 x 8 input", outputs.get(i));
                        Expect.shape("layer " + (i + 1) + " on an 8 x 8 input (without the batch and channel dimensions)",
                                Y.reshape(Y.size(2), Y.size(3)), shapes[i]);
                    }
                }),
                check(s, "fourConvolutions have the book's kernels, padding and strides", "[000] 7.3 Padding; Stride", p -> {
                    Conv2d[] book = {
                            new Conv2d(1, 1, 3).padding(1),
                            new Conv2d(1, 1, new int[] {5, 3}).padding(2, 1),
                            new Conv2d(1, 1, 3).padding(1).stride(2),
                            new Conv2d(1, 1, new int[] {3, 5}).padding(0, 1).stride(3, 4)};
                    String[] described = {"3 x 3, padding 1", "5 x 3, padding (2, 1)", "3 x 3, padding 1, stride 2",
                            "3 x 5, padding (0, 1), stride (3, 4)"};
                    Map<?, ?> o = mapOf("fourConvolutions()", p.observe("fourConvolutions() on 9 x 11 and 13 x 7 inputs", c -> {
                        Object layers = c.call("fourConvolutions");
                        if (!(layers instanceof List<?> l) || l.size() != 4) {
                            return ordered("layers", layers, "runs", null);
                        }
                        List<Object> runs = new ArrayList<>();
                        for (Object layer : l) {
                            if (!(layer instanceof Module m)) {
                                runs.add(null);
                                continue;
                            }
                            List<Object> shapes = new ArrayList<>();
                            for (int[] hw : SIZES) {
                                shapes.add(forward(m, zeros(1, 1, hw[0], hw[1])).shape());
                            }
                            runs.add(ordered("output shapes", shapes, "is a Conv2d", m instanceof Conv2d,
                                    "weight", m instanceof Conv2d conv ? conv.weight() : null));
                        }
                        return ordered("layers", l, "runs", runs);
                    }));
                    List<?> layers = list(o.get("layers"), 4);
                    List<?> runs = listOf("the runs", o.get("runs"));
                    for (int i = 0; i < 4; i++) {
                        view("layer " + (i + 1), layers.get(i));
                        Map<?, ?> run = mapOf("layer " + (i + 1), runs.get(i));
                        List<?> got = listOf("the output shapes", run.get("output shapes"));
                        for (int j = 0; j < SIZES.length; j++) {
                            int[] hw = SIZES[j];
                            Tensor X = zeros(1, 1, hw[0], hw[1]);
                            Conv2d reference = book[i];
                            Tensor expected = GradMode.noGrad(() -> reference.forward(X));
                            Expect.size("layer " + (i + 1) + " (" + described[i] + ") on a " + hw[0] + " x " + hw[1]
                                    + " input: the output shape", got.get(j), expected.shape().toArray());
                        }
                        if (Boolean.TRUE.equals(run.get("is a Conv2d"))) {
                            Expect.shape("layer " + (i + 1) + "'s weight (" + described[i] + ")", run.get("weight"),
                                    book[i].weight().shape().toArray());
                        }
                    }
                }));
    }

    /** The observed list of layers, of {@code size} layers, else a failure. */
    private static List<?> list(Object observed, int size) {
        if (!(observed instanceof List<?> l)) {
            throw new AssertionError("expected a List, got " + typeOf(observed));
        }
        Expect.equal("the number of layers", l.size(), size);
        return l;
    }
}
