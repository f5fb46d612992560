package d2l.workbook;

import static d2l.tensor.Torch.eye;
import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static d2l.tensor.Torch.zeros;
import static d2l.workbook.SectionChecks.*;

import d2l.autograd.GradMode;
import d2l.nn.Module;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The checks of section 7.2. Sources as in {@link SectionChecks}. */
final class Sec7_2Checks {

    private Sec7_2Checks() {}

    private static final String EDGE_IMAGE = "[[1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]," + " [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]".repeat(5)
            .replace("] [", "], [") + "]";
    private static final String EDGES = "[" + String.join(", ",
            java.util.Collections.nCopies(6, "[0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0]")) + "]";

    private static Tensor edgeImage() {
        Tensor X = ones(6, 8);
        X.set(":, 2:6", 0);
        return X;
    }

    static List<Check> all() {
        Section s = Section.S7_2;
        return List.of(
                check(s, "corr2d(X, K) on the book's 3 x 3 example", "[001] In [3]", p -> {
                    Tensor X = x3();
                    Tensor K = tensor("[[0.0, 1.0], [2.0, 3.0]]");
                    Expect.tensor("corr2d(X, K)", p.observe("corr2d(X, K)", c -> c.call("corr2d", X, K)),
                            "[[19.0, 25.0], [37.0, 43.0]]");
                }),
                check(s, "corr2d agrees with the runtime's convolution", "", p -> {
                    manualSeed(1);
                    Tensor X = randn(5, 7);
                    Tensor K = randn(2, 3);
                    Tensor expected = F.conv2d(X.reshape(1, 1, 5, 7), K.reshape(1, 1, 2, 3), null).reshape(4, 5);
                    Expect.tensor("corr2d(randn(5, 7), randn(2, 3))",
                            p.observe("corr2d(randn(5, 7), randn(2, 3))", c -> c.call("corr2d", X, K)), expected, 1e-4);
                }),
                check(s, "gradients flow from corr2d's output to the kernel", "[001] Learning a Kernel", p -> {
                    Tensor X = x3();
                    Map<?, ?> o = mapOf("corr2d(X, K) with K requiring grad", p.observe("corr2d(X, K).sum().backward()", c -> {
                        Tensor K = tensor("[[1.0, -1.0]]").requiresGrad_();
                        Object y = c.call("corr2d", X, K);
                        if (!(y instanceof Tensor Y)) {
                            return ordered("Y", y, "K.grad", null);
                        }
                        if (Y.requiresGrad()) {
                            Y.sum().backward();
                        }
                        return ordered("Y", Y, "K.grad", K.grad(), "why Y has no history", Y.untrackedReason());
                    }));
                    asTensor(o.get("Y"));
                    Object grad = o.get("K.grad");
                    Object why = o.get("why Y has no history");
                    Expect.isTrue("corr2d(X, K).sum().backward() left K.grad() empty: " + (why != null ? why + "."
                            : "build Y from K with tensor operations (X.get(...).mul(K).sum()) so that autograd records them"),
                            grad != null);
                    Expect.tensor("K.grad() after corr2d(X, K).sum().backward()", grad, "[[21.0, 27.0]]");
                }),
                check(s, "Conv2D has a rand weight and a zero bias, as parameters", "[001] In [4]", p -> {
                    Map<?, ?> o = mapOf("new Conv2D(1, 2)", p.observe("new Conv2D(1, 2)", c -> {
                        Module conv = module(c.construct("Conv2D", (Object) new int[] {1, 2}));
                        Object weight = component(conv, "weight");
                        Object bias = component(conv, "bias");
                        Object bigWeight = component(module(c.construct("Conv2D", (Object) new int[] {6, 7})), "weight");
                        return ordered("weight", weight, "bias", bias, "6 x 7 weight", bigWeight,
                                "parameter names", new ArrayList<>(conv.namedParameters().keySet()),
                                "weight requires grad", weight instanceof Tensor w && w.requiresGrad(),
                                "bias requires grad", bias instanceof Tensor b && b.requiresGrad());
                    }));
                    Tensor weight = Expect.shape("new Conv2D(1, 2): the weight",
                            Expect.isTensor("Conv2D.weight()", o.get("weight")), 1, 2);
                    Tensor bias = Expect.shape("new Conv2D(1, 2): the bias", Expect.isTensor("Conv2D.bias()", o.get("bias")), 1);
                    Tensor big = Expect.shape("new Conv2D(6, 7): the weight",
                            Expect.isTensor("Conv2D.weight()", o.get("6 x 7 weight")), 6, 7);
                    for (Tensor w : List.of(weight, big)) {
                        Expect.isTrue("the weight starts as rand(kernelSize): values in [0, 1), got " + w
                                + (w.lt(0).sum().item() > 0 ? " (negative values: randn draws from a normal distribution,"
                                        + " rand from [0, 1))" : ""),
                                w.ge(0).sum().item() == w.numel() && w.lt(1).sum().item() == w.numel());
                    }
                    Expect.isTrue("the weight starts as rand(kernelSize): random values, got the same value everywhere: " + big,
                            big.max().item() > big.min().item());
                    Expect.tensor("the bias starts as zeros(1)", bias, "[0.0]");
                    Set<Object> names = new HashSet<>(listOf("conv.namedParameters().keySet()", o.get("parameter names")));
                    Expect.equal("conv.namedParameters().keySet() (register both with registerParameter)", names,
                            Set.of("weight", "bias"));
                    Expect.isTrue("the weight and the bias require grad",
                            Boolean.TRUE.equals(o.get("weight requires grad")) && Boolean.TRUE.equals(o.get("bias requires grad")));
                }),
                check(s, "Conv2D.forward is corr2d(x, weight) + bias", "[001] Convolutional Layers", p -> {
                    Tensor X = edgeImage();
                    Tensor expected = tensor(EDGES).add(0.5);
                    Expect.tensor("forward(edge image) with weight [[1, -1]] and bias 0.5",
                            p.observe("new Conv2D(1, 2) with weight [[1, -1]] and bias 0.5, forward(edge image)", c -> {
                                Module conv = module(c.construct("Conv2D", (Object) new int[] {1, 2}));
                                Tensor weight = Expect.isTensor("Conv2D.weight()", component(conv, "weight"));
                                Tensor bias = Expect.isTensor("Conv2D.bias()", component(conv, "bias"));
                                GradMode.noGrad(() -> {
                                    weight.copy_(tensor("[[1.0, -1.0]]"));
                                    bias.fill_(0.5);
                                });
                                return conv.forward(X);
                            }), expected, 1e-5);
                }),
                check(s, "edgeImage() is the book's 6 x 8 picture", "[001] In [5]", p ->
                        Expect.tensor("edgeImage()", p.observe("edgeImage()", c -> c.call("edgeImage")), EDGE_IMAGE)),
                check(s, "edgeKernel() is [[1, -1]]", "[001] In [6]", p ->
                        Expect.tensor("edgeKernel()", p.observe("edgeKernel()", c -> c.call("edgeKernel")), "[[1.0, -1.0]]")),
                check(s, "corr2d finds the vertical edges", "[001] In [7]", p -> {
                    Tensor X = edgeImage();
                    Tensor K = tensor("[[1.0, -1.0]]");
                    Expect.tensor("corr2d(edgeImage(), edgeKernel())",
                            p.observe("corr2d(edgeImage(), edgeKernel())", c -> c.call("corr2d", X, K)), EDGES);
                }),
                check(s, "corr2d finds nothing in the transposed picture", "[001] In [8]", p -> {
                    Tensor X = edgeImage().t();
                    Tensor K = tensor("[[1.0, -1.0]]");
                    Expect.tensor("corr2d(edgeImage().t(), edgeKernel())",
                            p.observe("corr2d(edgeImage().t(), edgeKernel())", c -> c.call("corr2d", X, K)), zeros(8, 5), 0);
                }),
                check(s, "learnKernel repeats the run of [001]: losses 5.894 ... 0.094, kernel [[1.0230, -0.9602]]",
                        "[001] In [9]-[10]", p -> learnedKernel(p, "[[0.56348, 0.02126]]",
                                new String[] {"5.894", "1.783", "0.624", "0.238", "0.094"}, "1.0230", "-0.9602")),
                check(s, "learnKernel repeats the run of [002]: losses 10.034 ... 0.009, kernel [[0.9797, -0.9875]]",
                        "[002] 7.2", p -> learnedKernel(p, "[[-0.46144, 0.38885]]",
                                new String[] {"10.034", "1.696", "0.289", "0.051", "0.009"}, "0.9797", "-0.9875")),
                check(s, "learnKernel from a random kernel ends near [[1, -1]]", "[001] Learning a Kernel", p -> {
                    for (long seed = 0; seed < 3; seed++) {
                        Tensor X = edgeImage();
                        Tensor Y = tensor(EDGES);
                        manualSeed(seed);
                        Map<?, ?> fit = mapOf("learnKernel(X, Y, null)", p.observe("learnKernel(X, Y, null) from seed " + seed,
                                c -> fitOf(c.call("learnKernel", X, Y, null))));
                        List<Double> losses = losses(fit.get("losses"));
                        Tensor kernel = Expect.shape("the learned kernel", fit.get("kernel"), 1, 2);
                        Expect.isTrue("after 10 epochs from a random kernel (seed " + seed + ") the kernel should be within 0.15 of"
                                + " [[1, -1]], got " + kernel, kernel.sub(tensor("[[1.0, -1.0]]")).abs().max().item() < 0.15);
                        for (int i = 1; i < losses.size(); i++) {
                            Expect.isTrue("the loss should fall every epoch, got " + losses, losses.get(i) < losses.get(i - 1));
                        }
                    }
                }),
                check(s, "the diagonal self-exercise", "[002] Self-exercise", p -> {
                    Tensor D = Expect.tensor("diagonalImage()", p.observe("diagonalImage()", c -> c.call("diagonalImage")), eye(5), 0);
                    Tensor Dt = D.t();
                    Tensor K = tensor("[[1.0, -1.0]]");
                    Tensor Kt = K.t();
                    String both = "[[1.0, 0.0, 0.0, 0.0], [-1.0, 1.0, 0.0, 0.0], [0.0, -1.0, 1.0, 0.0], [0.0, 0.0, -1.0, 1.0],"
                            + " [0.0, 0.0, 0.0, -1.0]]";
                    Expect.tensor("corr2d(diagonalImage(), K)",
                            p.observe("corr2d(diagonalImage(), K)", c -> c.call("corr2d", D, K)), both);
                    Expect.tensor("corr2d(diagonalImage().t(), K)",
                            p.observe("corr2d(diagonalImage().t(), K)", c -> c.call("corr2d", Dt, K)), both);
                    Expect.tensor("corr2d(diagonalImage(), K.t())",
                            p.observe("corr2d(diagonalImage(), K.t())", c -> c.call("corr2d", D, Kt)),
                            "[[1.0, -1.0, 0.0, 0.0, 0.0], [0.0, 1.0, -1.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0, 0.0],"
                                    + " [0.0, 0.0, 0.0, 1.0, -1.0]]");
                }));
    }

    /** learnKernel from {@code initial} must print the book's lines and end at the book's kernel. */
    private static void learnedKernel(Probe p, String initial, String[] printedLosses, String k0, String k1) {
        Tensor X = edgeImage();
        Tensor Y = tensor(EDGES);
        Tensor K0 = tensor(initial);
        Map<?, ?> fit = mapOf("learnKernel(X, Y, " + initial + ")", p.observe("learnKernel(X, Y, " + initial + ")",
                c -> fitOf(c.call("learnKernel", X, Y, K0))));
        List<Double> losses = losses(fit.get("losses"));
        String diagnosis = LearnKernelDiagnosis.explain(X, Y, K0, losses);
        if (!diagnosis.isEmpty()) {
            throw new AssertionError("learnKernel(X, Y, " + initial + ") does not follow the book's protocol\n" + diagnosis);
        }
        StringBuilder book = new StringBuilder();
        StringBuilder ours = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            book.append(String.format(Locale.ROOT, "epoch %d, loss %s%n", 2 * i + 2, printedLosses[i]));
            ours.append(String.format(Locale.ROOT, "epoch %d, loss %.3f%n", 2 * i + 2, losses.get(2 * i + 1)));
        }
        Expect.equal("the losses of epochs 2, 4, ..., 10 (starting from " + initial + ")", ours.toString(), book.toString());
        Expect.equal("what learnKernel printed", p.printed().replace("\r\n", "\n"), book.toString().replace("\r\n", "\n"));
        Tensor kernel = Expect.shape("the learned kernel", fit.get("kernel"), 1, 2);
        float[] k = kernel.toArray();
        Expect.equal("the learned kernel, to 4 decimals", String.format(Locale.ROOT, "[[%.4f, %.4f]]", k[0], k[1]),
                "[[" + k0 + ", " + k1 + "]]");
    }

    /** Runs next to the student's code: the losses and the kernel of the student's KernelFit. */
    private static Object fitOf(Object fit) {
        return ordered("losses", component(fit, "losses"), "kernel", component(fit, "kernel"));
    }

    /** The observed KernelFit.losses() as doubles, else a failure. */
    private static List<Double> losses(Object observed) {
        if (!(observed instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof Number)) {
            throw new AssertionError("KernelFit.losses() should be a List<Double>, got " + observed);
        }
        List<Double> losses = new ArrayList<>();
        for (Object v : list) {
            losses.add(((Number) v).doubleValue());
        }
        return losses;
    }
}
