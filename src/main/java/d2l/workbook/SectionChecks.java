package d2l.workbook;

import static d2l.tensor.Torch.cat;
import static d2l.tensor.Torch.eye;
import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.normal;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.rand;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.stack;
import static d2l.tensor.Torch.tensor;
import static d2l.tensor.Torch.zeros;

import d2l.autograd.GradMode;
import d2l.nn.AvgPool2d;
import d2l.nn.Conv2d;
import d2l.nn.Linear;
import d2l.nn.MaxPool2d;
import d2l.nn.Module;
import d2l.nn.Sequential;
import d2l.nn.Sigmoid;
import d2l.nn.functional.F;
import d2l.tensor.DType;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checks of every section. Sources: [000] is {@code ../shared/book/000_3764b64cbf4f4687.txt}
 * (chapter 7 with the book's cells), [001] {@code ../shared/book/001_8174f7e01dfee399.txt} (7.1 and
 * 7.2 with printed outputs), [002] {@code ../shared/book/002_57cc1b6958d3ea8c.txt} (a student's
 * notebook, 7.1 to 8.6, with printed outputs). Where [002] prints stray brackets, the expected
 * value is what the book's code computes.
 */
final class SectionChecks {

    private SectionChecks() {}

    static List<Check> of(Section section) {
        return switch (section) {
            case S7_1 -> s7_1();
            case S7_2 -> s7_2();
            case S7_3 -> s7_3();
            case S7_4 -> s7_4();
            case S7_5 -> s7_5();
            case S7_6 -> s7_6();
            case S8_2 -> s8_2();
            case S8_6 -> s8_6();
        };
    }

    private static Check check(Section s, String name, String source, Checks.Body body) {
        return new Check(s, name, source, body);
    }

    private static Tensor asTensor(Object o) {
        return Expect.isTensor("the result", o);
    }

    // ------------------------------------------------------------------------------------ 7.1

    private static List<Check> s7_1() {
        Section s = Section.S7_1;
        return List.of(
                check(s, "fullyConnectedWeights(1000, 1000) is 10^12", "[001] Constraining the MLP", (c, x) ->
                        Expect.equal("fullyConnectedWeights(1000, 1000)", c.call("fullyConnectedWeights", 1000, 1000),
                                1_000_000_000_000L)),
                check(s, "denseWeights(10^6, 1000) is 10^9", "[000] 7.1 KEY INSIGHT", (c, x) ->
                        Expect.equal("denseWeights(1000000, 1000)", c.call("denseWeights", 1_000_000L, 1000L), 1_000_000_000L)),
                check(s, "translationInvariantWeights(1000, 1000) is 1999^2, about 4 x 10^6", "[001] Locality", (c, x) -> {
                    Expect.equal("translationInvariantWeights(1000, 1000)", c.call("translationInvariantWeights", 1000, 1000),
                            3_996_001L);
                    Expect.equal("translationInvariantWeights(3, 5)", c.call("translationInvariantWeights", 3, 5), 45L);
                }),
                check(s, "localWeights(delta) is (2 delta + 1)^2", "[001] Locality", (c, x) -> {
                    for (int delta = 0; delta <= 10; delta++) {
                        Expect.equal("localWeights(" + delta + ")", c.call("localWeights", delta),
                                (long) (2 * delta + 1) * (2 * delta + 1));
                    }
                }),
                check(s, "convolutionWeights counts the weights of a Conv2d", "[001] Channels", (c, x) -> {
                    int[][] cases = {{1, 3, 64}, {2, 1, 6}, {0, 4, 5}, {3, 16, 16}};
                    for (int[] k : cases) {
                        long expected = new Conv2d(k[1], k[2], 2 * k[0] + 1).weight().numel();
                        Expect.equal("convolutionWeights(" + k[0] + ", " + k[1] + ", " + k[2] + ") (the weight of new Conv2d("
                                + k[1] + ", " + k[2] + ", " + (2 * k[0] + 1) + "))",
                                c.call("convolutionWeights", k[0], k[1], k[2]), expected);
                    }
                }),
                check(s, "fullyConnectedWeights(h, w, cIn, cOut) counts every channel", "[002] Channels", (c, x) -> {
                    Expect.equal("fullyConnectedWeights(1000, 1000, 3, 3)", c.call("fullyConnectedWeights", 1000, 1000, 3, 3),
                            9_000_000_000_000L);
                    Expect.equal("fullyConnectedWeights(2, 3, 4, 5)", c.call("fullyConnectedWeights", 2, 3, 4, 5), 24L * 30);
                    Expect.equal("fullyConnectedWeights(1024, 1024, 3, 1)", c.call("fullyConnectedWeights", 1024, 1024, 3, 1),
                            3L * 1024 * 1024 * 1024 * 1024);
                }),
                check(s, "shift moves a tensor and fills with zeros", "", (c, x) -> {
                    Tensor X = tensor("[[1.0, 2.0], [3.0, 4.0]]");
                    Expect.tensor("shift([[1, 2], [3, 4]], 1, 0)", c.call("shift", X, 1, 0), "[[0.0, 0.0], [1.0, 2.0]]");
                    Expect.tensor("shift([[1, 2], [3, 4]], 0, -1)", c.call("shift", X, 0, -1), "[[2.0, 0.0], [4.0, 0.0]]");
                    Expect.tensor("shift([[1, 2], [3, 4]], -1, 1)", c.call("shift", X, -1, 1), "[[0.0, 3.0], [0.0, 0.0]]");
                    Expect.tensor("shift([[1, 2], [3, 4]], 0, 0)", c.call("shift", X, 0, 0), "[[1.0, 2.0], [3.0, 4.0]]");
                    Expect.tensor("shift([[1, 2], [3, 4]], 5, 0)", c.call("shift", X, 5, 0), "[[0.0, 0.0], [0.0, 0.0]]");
                    Expect.tensor("X after shift(X, 1, 0) (shift must not change X)", X, "[[1.0, 2.0], [3.0, 4.0]]");
                }),
                check(s, "crossCorrelation gives the book's 3 x 3 example", "[001] In [3]", (c, x) ->
                        Expect.tensor("crossCorrelation(X, K)", c.call("crossCorrelation",
                                tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]"), tensor("[[0.0, 1.0], [2.0, 3.0]]")),
                                "[[19.0, 25.0], [37.0, 43.0]]")),
                check(s, "shiftCommutes: a pattern in the middle moves with the input", "[001] Translation Invariance", (c, x) -> {
                    Tensor dot = zeros(6, 6).set(2, 2, 1);
                    Tensor K = tensor("[[1.0, 2.0], [3.0, 4.0]]");
                    Expect.equal("shiftCommutes(dot, K, 1, 2)", c.call("shiftCommutes", dot, K, 1, 2), true);
                    manualSeed(0);
                    Tensor blob = zeros(9, 9);
                    blob.set(d2l.tensor.Torch.slice(3, 6), d2l.tensor.Torch.slice(3, 6), rand(3, 3));
                    Expect.equal("shiftCommutes(blob, K, -1, 2)", c.call("shiftCommutes", blob, rand(3, 2), -1, 2), true);
                }),
                check(s, "shiftCommutes: false when the pattern leaves the picture", "", (c, x) ->
                        Expect.equal("shiftCommutes(ones(4, 4), ones(2, 2), 0, 1)",
                                c.call("shiftCommutes", ones(4, 4), ones(2, 2), 0, 1), false)));
    }

    // ------------------------------------------------------------------------------------ 7.2

    private static final String EDGE_IMAGE = "[[1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]," + " [1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]".repeat(5)
            .replace("] [", "], [") + "]";
    private static final String EDGES = "[" + String.join(", ",
            java.util.Collections.nCopies(6, "[0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0]")) + "]";

    private static Tensor edgeImage() {
        Tensor X = ones(6, 8);
        X.set(":, 2:6", 0);
        return X;
    }

    private static List<Check> s7_2() {
        Section s = Section.S7_2;
        Tensor X3 = tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]");
        Tensor K2 = tensor("[[0.0, 1.0], [2.0, 3.0]]");
        return List.of(
                check(s, "corr2d(X, K) on the book's 3 x 3 example", "[001] In [3]", (c, x) ->
                        Expect.tensor("corr2d(X, K)", c.call("corr2d", X3, K2), "[[19.0, 25.0], [37.0, 43.0]]")),
                check(s, "corr2d agrees with the runtime's convolution", "", (c, x) -> {
                    manualSeed(1);
                    Tensor X = randn(5, 7);
                    Tensor K = randn(2, 3);
                    Tensor expected = F.conv2d(X.reshape(1, 1, 5, 7), K.reshape(1, 1, 2, 3), null).reshape(4, 5);
                    Expect.tensor("corr2d(randn(5, 7), randn(2, 3))", c.call("corr2d", X, K), expected, 1e-4);
                }),
                check(s, "gradients flow from corr2d's output to the kernel", "[001] Learning a Kernel", (c, x) -> {
                    Tensor K = tensor("[[1.0, -1.0]]").requiresGrad_();
                    Tensor Y = asTensor(c.call("corr2d", X3, K));
                    Y.sum().backward();
                    Expect.isTrue("corr2d(X, K).sum().backward() left K.grad() empty: build Y from K with tensor operations"
                            + " (X.get(...).mul(K).sum()) so that autograd records them", K.grad() != null);
                    Expect.tensor("K.grad() after corr2d(X, K).sum().backward()", K.grad(), "[[21.0, 27.0]]");
                }),
                check(s, "Conv2D has a rand weight and a zero bias, as parameters", "[001] In [4]", (c, x) -> {
                    Module conv = module(c.construct("Conv2D", (Object) new int[] {1, 2}));
                    Tensor weight = Expect.shape("new Conv2D(1, 2): the weight", method(conv, "weight"), 1, 2);
                    Tensor bias = Expect.shape("new Conv2D(1, 2): the bias", method(conv, "bias"), 1);
                    Expect.isTrue("the weight starts as rand(kernelSize): values in [0, 1), got " + weight.detach(),
                            weight.ge(0).sum().item() == 2 && weight.lt(1).sum().item() == 2);
                    Expect.tensor("the bias starts as zeros(1)", bias, "[0.0]");
                    Map<String, Tensor> params = conv.namedParameters();
                    Expect.equal("conv.namedParameters().keySet() (register both with registerParameter)", params.keySet(),
                            java.util.Set.of("weight", "bias"));
                    Expect.isTrue("the weight and the bias require grad", weight.requiresGrad() && bias.requiresGrad());
                }),
                check(s, "Conv2D.forward is corr2d(x, weight) + bias", "[001] Convolutional Layers", (c, x) -> {
                    Module conv = module(c.construct("Conv2D", (Object) new int[] {1, 2}));
                    GradMode.noGrad(() -> {
                        method(conv, "weight").copy_(tensor("[[1.0, -1.0]]"));
                        method(conv, "bias").fill_(0.5);
                    });
                    Expect.tensor("forward(edge image) with weight [[1, -1]] and bias 0.5", conv.forward(edgeImage()),
                            tensor(EDGES).add(0.5), 1e-5);
                }),
                check(s, "edgeImage() is the book's 6 x 8 picture", "[001] In [5]", (c, x) ->
                        Expect.tensor("edgeImage()", c.call("edgeImage"), EDGE_IMAGE)),
                check(s, "edgeKernel() is [[1, -1]]", "[001] In [6]", (c, x) ->
                        Expect.tensor("edgeKernel()", c.call("edgeKernel"), "[[1.0, -1.0]]")),
                check(s, "corr2d finds the vertical edges", "[001] In [7]", (c, x) ->
                        Expect.tensor("corr2d(edgeImage(), edgeKernel())", c.call("corr2d", edgeImage(), tensor("[[1.0, -1.0]]")),
                                EDGES)),
                check(s, "corr2d finds nothing in the transposed picture", "[001] In [8]", (c, x) ->
                        Expect.tensor("corr2d(edgeImage().t(), edgeKernel())",
                                c.call("corr2d", edgeImage().t(), tensor("[[1.0, -1.0]]")), zeros(8, 5), 0)),
                check(s, "learnKernel repeats the run of [001]: losses 5.894 ... 0.094, kernel [[1.0230, -0.9602]]",
                        "[001] In [9]-[10]", (c, x) -> learnedKernel(c, x, "[[0.56348, 0.02126]]",
                                new String[] {"5.894", "1.783", "0.624", "0.238", "0.094"}, "1.0230", "-0.9602")),
                check(s, "learnKernel repeats the run of [002]: losses 10.034 ... 0.009, kernel [[0.9797, -0.9875]]",
                        "[002] 7.2", (c, x) -> learnedKernel(c, x, "[[-0.46144, 0.38885]]",
                                new String[] {"10.034", "1.696", "0.289", "0.051", "0.009"}, "0.9797", "-0.9875")),
                check(s, "learnKernel from a random kernel ends near [[1, -1]]", "[001] Learning a Kernel", (c, x) -> {
                    for (long seed = 0; seed < 3; seed++) {
                        manualSeed(seed);
                        Object fit = c.call("learnKernel", edgeImage(), tensor(EDGES), null);
                        List<Double> losses = losses(fit);
                        Tensor kernel = Expect.shape("the learned kernel", component(fit, "kernel"), 1, 2);
                        Expect.isTrue("after 10 epochs from a random kernel (seed " + seed + ") the kernel should be within 0.15 of"
                                + " [[1, -1]], got " + kernel.detach(), kernel.detach().sub(tensor("[[1.0, -1.0]]")).abs().max().item() < 0.15);
                        for (int i = 1; i < losses.size(); i++) {
                            Expect.isTrue("the loss should fall every epoch, got " + losses, losses.get(i) < losses.get(i - 1));
                        }
                    }
                }),
                check(s, "the diagonal self-exercise", "[002] Self-exercise", (c, x) -> {
                    Tensor D = Expect.tensor("diagonalImage()", c.call("diagonalImage"), eye(5), 0);
                    Tensor K = tensor("[[1.0, -1.0]]");
                    String both = "[[1.0, 0.0, 0.0, 0.0], [-1.0, 1.0, 0.0, 0.0], [0.0, -1.0, 1.0, 0.0], [0.0, 0.0, -1.0, 1.0],"
                            + " [0.0, 0.0, 0.0, -1.0]]";
                    Expect.tensor("corr2d(diagonalImage(), K)", c.call("corr2d", D, K), both);
                    Expect.tensor("corr2d(diagonalImage().t(), K)", c.call("corr2d", D.t(), K), both);
                    Expect.tensor("corr2d(diagonalImage(), K.t())", c.call("corr2d", D, K.t()),
                            "[[1.0, -1.0, 0.0, 0.0, 0.0], [0.0, 1.0, -1.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0, 0.0],"
                                    + " [0.0, 0.0, 0.0, 1.0, -1.0]]");
                }));
    }

    /** learnKernel from {@code initial} must print the book's lines and end at the book's kernel. */
    private static void learnedKernel(LoadedSection c, Checks.Context x, String initial, String[] printedLosses,
                                      String k0, String k1) {
        Object fit = c.call("learnKernel", edgeImage(), tensor(EDGES), tensor(initial));
        List<Double> losses = losses(fit);
        Expect.equal("the number of losses (one per epoch)", losses.size(), 10);
        StringBuilder book = new StringBuilder();
        StringBuilder ours = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            book.append(String.format(Locale.ROOT, "epoch %d, loss %s%n", 2 * i + 2, printedLosses[i]));
            ours.append(String.format(Locale.ROOT, "epoch %d, loss %.3f%n", 2 * i + 2, losses.get(2 * i + 1)));
        }
        Expect.equal("the losses of epochs 2, 4, ..., 10 (starting from " + initial + ")", ours.toString(), book.toString());
        Expect.equal("what learnKernel printed", x.printed().replace("\r\n", "\n"), book.toString().replace("\r\n", "\n"));
        Tensor kernel = Expect.shape("the learned kernel", component(fit, "kernel"), 1, 2);
        float[] k = kernel.detach().toArray();
        Expect.equal("the learned kernel, to 4 decimals", String.format(Locale.ROOT, "[[%.4f, %.4f]]", k[0], k[1]),
                "[[" + k0 + ", " + k1 + "]]");
    }

    @SuppressWarnings("unchecked")
    private static List<Double> losses(Object fit) {
        Object losses = component(fit, "losses");
        if (!(losses instanceof List<?> list)) {
            throw new AssertionError("KernelFit.losses() should be a List<Double>, got " + losses);
        }
        return (List<Double>) list;
    }

    /** The value of a record component or no-argument method of {@code o}. */
    private static Object component(Object o, String name) {
        if (o == null) {
            throw new AssertionError("expected a result with " + name + "(), got null");
        }
        return invoke(o, name);
    }

    private static Tensor method(Object o, String name) {
        return Expect.isTensor(o.getClass().getSimpleName() + "." + name + "()", invoke(o, name));
    }

    private static Object invoke(Object o, String name) {
        try {
            Method m = o.getClass().getMethod(name);
            m.setAccessible(true);
            return m.invoke(o);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(o.getClass().getSimpleName() + " has no public method " + name + "()");
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static Module module(Object o) {
        if (!(o instanceof Module m)) {
            throw new AssertionError("expected a Module, got " + (o == null ? "null" : o.getClass().getName()));
        }
        return m;
    }

    private static Sequential sequential(Object o) {
        if (!(o instanceof Sequential m)) {
            throw new AssertionError("expected a Sequential, got " + (o == null ? "null" : o.getClass().getName()));
        }
        return m;
    }

    // ------------------------------------------------------------------------------------ 7.3

    private static List<Check> s7_3() {
        Section s = Section.S7_3;
        return List.of(
                check(s, "outputSize gives the section's four sizes", "[000] 7.3 Output Size Formula; [002] 7.3", (c, x) -> {
                    int[][] cases = {{8, 3, 2, 1, 8}, {8, 5, 4, 1, 8}, {8, 3, 2, 2, 4}, {8, 3, 0, 3, 2}, {8, 5, 2, 4, 2}};
                    for (int[] k : cases) {
                        Expect.equal("outputSize(" + k[0] + ", " + k[1] + ", " + k[2] + ", " + k[3] + ")",
                                c.call("outputSize", k[0], k[1], k[2], k[3]), k[4]);
                    }
                }),
                check(s, "outputSize agrees with the runtime's convolution", "[000] 7.3 Output Size Formula", (c, x) -> {
                    for (int n = 4; n <= 9; n++) {
                        for (int k = 1; k <= 4; k++) {
                            for (int pad = 0; pad <= 2 && pad <= k / 2; pad++) {
                                for (int stride = 1; stride <= 3; stride++) {
                                    if (k > n + 2 * pad) {
                                        continue;
                                    }
                                    int actual = F.conv2d(zeros(1, 1, n, n), zeros(1, 1, k, k), null,
                                            new int[] {stride, stride}, new int[] {pad, pad}, 1).size(2);
                                    Expect.equal("outputSize(" + n + ", " + k + ", " + 2 * pad + ", " + stride + ") (n, k, total padding,"
                                            + " stride)", c.call("outputSize", n, k, 2 * pad, stride), actual);
                                }
                            }
                        }
                    }
                }),
                check(s, "compConv2d runs a layer on a 2-D tensor and returns a 2-D tensor", "[000] 7.3 comp_conv2d", (c, x) -> {
                    manualSeed(0);
                    Conv2d conv = new Conv2d(1, 1, 3).padding(1);
                    Tensor X = rand(8, 8);
                    Tensor expected = GradMode.noGrad(() -> conv.forward(X.reshape(1, 1, 8, 8)).reshape(8, 8));
                    Expect.tensor("compConv2d(new Conv2d(1, 1, 3).padding(1), rand(8, 8))", c.call("compConv2d", conv, X),
                            expected, 1e-6);
                    Expect.shape("compConv2d(new Conv2d(1, 1, 3).stride(2), rand(8, 8))",
                            c.call("compConv2d", new Conv2d(1, 1, 3).stride(2), X), 3, 3);
                }),
                check(s, "fourConvolutions give [8, 8], [8, 8], [4, 4] and [2, 2] on an 8 x 8 input", "[002] 7.3", (c, x) -> {
                    List<?> layers = list(c.call("fourConvolutions"), 4);
                    int[][] shapes = {{8, 8}, {8, 8}, {4, 4}, {2, 2}};
                    manualSeed(0);
                    Tensor X = rand(8, 8);
                    for (int i = 0; i < 4; i++) {
                        Module layer = module(layers.get(i));
                        Tensor Y = GradMode.noGrad(() -> layer.forward(X.reshape(1, 1, 8, 8)));
                        Expect.shape("layer " + (i + 1) + " on an 8 x 8 input (without the batch and channel dimensions)",
                                Y.reshape(Y.size(2), Y.size(3)), shapes[i]);
                    }
                }),
                check(s, "fourConvolutions have the book's kernels, padding and strides", "[000] 7.3 Padding; Stride", (c, x) -> {
                    List<?> layers = list(c.call("fourConvolutions"), 4);
                    Conv2d[] book = {
                            new Conv2d(1, 1, 3).padding(1),
                            new Conv2d(1, 1, new int[] {5, 3}).padding(2, 1),
                            new Conv2d(1, 1, 3).padding(1).stride(2),
                            new Conv2d(1, 1, new int[] {3, 5}).padding(0, 1).stride(3, 4)};
                    String[] described = {"3 x 3, padding 1", "5 x 3, padding (2, 1)", "3 x 3, padding 1, stride 2",
                            "3 x 5, padding (0, 1), stride (3, 4)"};
                    for (int i = 0; i < 4; i++) {
                        Module layer = module(layers.get(i));
                        for (int[] hw : new int[][] {{9, 11}, {13, 7}}) {
                            Tensor X = zeros(1, 1, hw[0], hw[1]);
                            Tensor got = GradMode.noGrad(() -> layer.forward(X));
                            Conv2d reference = book[i];
                            Tensor expected = GradMode.noGrad(() -> reference.forward(X));
                            Expect.equal("layer " + (i + 1) + " (" + described[i] + ") on a " + hw[0] + " x " + hw[1]
                                    + " input: the output shape", got.shape(), expected.shape());
                        }
                        if (layer instanceof Conv2d conv) {
                            Expect.shape("layer " + (i + 1) + "'s weight (" + described[i] + ")", conv.weight(),
                                    book[i].weight().shape().toArray());
                        }
                    }
                }));
    }

    private static List<?> list(Object o, int size) {
        if (!(o instanceof List<?> l)) {
            throw new AssertionError("expected a List, got " + (o == null ? "null" : o.getClass().getSimpleName()));
        }
        Expect.equal("the number of layers", l.size(), size);
        return l;
    }

    // ------------------------------------------------------------------------------------ 7.4

    private static final String X_TWO_CHANNELS = "[[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],"
            + " [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]";
    private static final String K_TWO_CHANNELS = "[[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]]";

    private static List<Check> s7_4() {
        Section s = Section.S7_4;
        return List.of(
                check(s, "corr2dMultiIn on the book's two-channel example", "[000] 7.4; [002] 7.4", (c, x) ->
                        Expect.tensor("corr2dMultiIn(X, K)", c.call("corr2dMultiIn", tensor(X_TWO_CHANNELS), tensor(K_TWO_CHANNELS)),
                                "[[56.0, 72.0], [104.0, 120.0]]")),
                check(s, "corr2dMultiInOut with K, K + 1 and K + 2", "[000] 7.4; [002] 7.4", (c, x) -> {
                    Tensor K = tensor(K_TWO_CHANNELS);
                    Tensor K3 = stack(K, K.add(1), K.add(2));
                    Expect.tensor("corr2dMultiInOut(X, stack(K, K + 1, K + 2))",
                            c.call("corr2dMultiInOut", tensor(X_TWO_CHANNELS), K3),
                            "[[[56.0, 72.0], [104.0, 120.0]], [[76.0, 100.0], [148.0, 172.0]], [[96.0, 128.0], [192.0, 224.0]]]");
                }),
                check(s, "corr2dMultiInOut agrees with the runtime's convolution", "", (c, x) -> {
                    manualSeed(2);
                    Tensor X = randn(3, 5, 6);
                    Tensor K = randn(4, 3, 2, 3);
                    Tensor expected = F.conv2d(X.unsqueeze(0), K, null).squeeze(0);
                    Expect.tensor("corr2dMultiInOut(randn(3, 5, 6), randn(4, 3, 2, 3))", c.call("corr2dMultiInOut", X, K),
                            expected, 1e-4);
                }),
                check(s, "corr2dMultiInOut1x1 agrees with corr2dMultiInOut (to 1e-6 in total)", "[000] 7.4 1x1 Convolutional Layer",
                        (c, x) -> {
                            manualSeed(0);
                            Tensor X = normal(0, 1, 3, 3, 3);
                            Tensor K = normal(0, 1, 2, 3, 1, 1);
                            Tensor Y1 = Expect.shape("corr2dMultiInOut1x1(X, K)", c.call("corr2dMultiInOut1x1", X, K), 2, 3, 3);
                            Tensor Y2 = Expect.shape("corr2dMultiInOut(X, K)", c.call("corr2dMultiInOut", X, K), 2, 3, 3);
                            double difference = Y1.detach().sub(Y2.detach()).abs().sum().item();
                            Expect.isTrue("float(abs(Y1 - Y2).sum()) < 1e-6, got " + difference, difference < 1e-6);
                        }),
                check(s, "corr2dMultiInOut1x1 agrees with a 1 x 1 Conv2d", "", (c, x) -> {
                    manualSeed(3);
                    Tensor X = randn(4, 6, 7);
                    Tensor K = randn(5, 4, 1, 1);
                    Expect.tensor("corr2dMultiInOut1x1(randn(4, 6, 7), randn(5, 4, 1, 1))", c.call("corr2dMultiInOut1x1", X, K),
                            F.conv2d(X.unsqueeze(0), K, null).squeeze(0), 1e-4);
                }));
    }

    // ------------------------------------------------------------------------------------ 7.5

    private static List<Check> s7_5() {
        Section s = Section.S7_5;
        Tensor X3 = tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]");
        return List.of(
                check(s, "pool2d(X, (2, 2)) takes the maximum", "[000] 7.5; [002] 7.5", (c, x) ->
                        Expect.tensor("pool2d(X, new int[] {2, 2}, \"max\")", c.call("pool2d", X3, new int[] {2, 2}, "max"),
                                "[[4.0, 5.0], [7.0, 8.0]]")),
                check(s, "pool2d(X, (2, 2), 'avg') takes the mean", "[000] 7.5; [002] 7.5", (c, x) ->
                        Expect.tensor("pool2d(X, new int[] {2, 2}, \"avg\")", c.call("pool2d", X3, new int[] {2, 2}, "avg"),
                                "[[2.0, 3.0], [5.0, 6.0]]")),
                check(s, "pool2d with padding and stride gives the book's MaxPool2d outputs", "[000] 7.5 Padding and Stride; [002] 7.5",
                        (c, x) -> {
                            Tensor X = d2l.tensor.Torch.arange(16, DType.FLOAT32).reshape(4, 4);
                            Expect.tensor("pool2d(X, {3, 3}, padding {0, 0}, stride {3, 3}, \"max\") (nn.MaxPool2d(3))",
                                    c.call("pool2d", X, new int[] {3, 3}, new int[] {0, 0}, new int[] {3, 3}, "max"), "[[10.0]]");
                            Expect.tensor("pool2d(X, {3, 3}, padding {1, 1}, stride {2, 2}, \"max\")",
                                    c.call("pool2d", X, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, "max"),
                                    "[[5.0, 7.0], [13.0, 15.0]]");
                            Expect.tensor("pool2d(X, {2, 3}, padding {0, 1}, stride {2, 3}, \"max\")",
                                    c.call("pool2d", X, new int[] {2, 3}, new int[] {0, 1}, new int[] {2, 3}, "max"),
                                    "[[5.0, 7.0], [13.0, 15.0]]");
                        }),
                check(s, "pool2d with padding and stride agrees with MaxPool2d and AvgPool2d", "", (c, x) -> {
                    manualSeed(4);
                    Tensor X = randn(7, 9).sub(2);
                    int[][] configs = {{2, 2, 0, 0, 2, 2}, {3, 3, 1, 1, 2, 2}, {3, 2, 1, 0, 1, 2}, {2, 3, 1, 1, 3, 1}};
                    for (int[] k : configs) {
                        int[] pool = {k[0], k[1]};
                        int[] pad = {k[2], k[3]};
                        int[] stride = {k[4], k[5]};
                        String desc = "pool " + k[0] + "x" + k[1] + ", padding (" + k[2] + ", " + k[3] + "), stride (" + k[4] + ", "
                                + k[5] + ")";
                        Tensor max = new MaxPool2d(pool).padding(pad).stride(stride).forward(X.reshape(1, 1, 7, 9));
                        Tensor avg = new AvgPool2d(pool).padding(pad).stride(stride).forward(X.reshape(1, 1, 7, 9));
                        Expect.tensor("pool2d(randn(7, 9) - 2, " + desc + ", \"max\") against MaxPool2d",
                                c.call("pool2d", X, pool, pad, stride, "max"), max.reshape(max.size(2), max.size(3)), 1e-5);
                        Expect.tensor("pool2d(randn(7, 9) - 2, " + desc + ", \"avg\") against AvgPool2d",
                                c.call("pool2d", X, pool, pad, stride, "avg"), avg.reshape(avg.size(2), avg.size(3)), 1e-5);
                    }
                }),
                check(s, "pool2dChannels pools each channel on its own", "[000] 7.5 Multiple Channels; [002] 7.5", (c, x) -> {
                    Tensor X = d2l.tensor.Torch.arange(16, DType.FLOAT32).reshape(1, 1, 4, 4);
                    X = cat(List.of(X, X.add(1)), 1);
                    Expect.tensor("pool2dChannels(cat(X, X + 1), {3, 3}, padding {1, 1}, stride {2, 2}, \"max\")",
                            c.call("pool2dChannels", X, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, "max"),
                            "[[[[5.0, 7.0], [13.0, 15.0]], [[6.0, 8.0], [14.0, 16.0]]]]");
                }),
                check(s, "pool2dChannels agrees with MaxPool2d on a batch", "", (c, x) -> {
                    manualSeed(5);
                    Tensor X = randn(2, 3, 6, 5);
                    Tensor expected = new MaxPool2d(3).padding(1).stride(2).forward(X);
                    Expect.tensor("pool2dChannels(randn(2, 3, 6, 5), {3, 3}, padding {1, 1}, stride {2, 2}, \"max\")",
                            c.call("pool2dChannels", X, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, "max"), expected, 1e-5);
                }));
    }

    // ------------------------------------------------------------------------------------ 7.6

    private static final List<String> LENET_SUMMARY = List.of(
            "Conv2d output shape:\t torch.Size([1, 6, 28, 28])",
            "Sigmoid output shape:\t torch.Size([1, 6, 28, 28])",
            "AvgPool2d output shape:\t torch.Size([1, 6, 14, 14])",
            "Conv2d output shape:\t torch.Size([1, 16, 10, 10])",
            "Sigmoid output shape:\t torch.Size([1, 16, 10, 10])",
            "AvgPool2d output shape:\t torch.Size([1, 16, 5, 5])",
            "Flatten output shape:\t torch.Size([1, 400])",
            "Linear output shape:\t torch.Size([1, 120])",
            "Sigmoid output shape:\t torch.Size([1, 120])",
            "Linear output shape:\t torch.Size([1, 84])",
            "Sigmoid output shape:\t torch.Size([1, 84])",
            "Linear output shape:\t torch.Size([1, 10])");

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static List<String> modern(List<String> lines) {
        return lines.stream().map(l -> l.replace("Sigmoid", "ReLU").replace("AvgPool2d", "MaxPool2d")).toList();
    }

    private static List<Check> s7_6() {
        Section s = Section.S7_6;
        return List.of(
                check(s, "new LeNet() has the book's layers and shapes", "[002] 7.6 layer_summary", (c, x) -> {
                    Sequential net = sequential(c.construct("LeNet"));
                    Expect.equal("new LeNet().layerSummary(1, 1, 28, 28) (the runtime's summary)",
                            net.layerSummary(1, 1, 28, 28), lines(LENET_SUMMARY));
                }),
                check(s, "layerSummary prints and returns the book's lines", "[000] 7.6 Inspecting the Model; [002] 7.6", (c, x) -> {
                    Sequential net = d2l.models.LeNet.classic(10);
                    Object text = c.call("layerSummary", net, new int[] {1, 1, 28, 28});
                    Expect.equal("what layerSummary(the book's LeNet, 1, 1, 28, 28) returned", text, lines(LENET_SUMMARY));
                    Expect.equal("what it printed", x.printed().replace("\r\n", "\n"), lines(LENET_SUMMARY));
                }),
                check(s, "LeNet has 61,706 parameters and 10 (or numClasses) outputs", "", (c, x) -> {
                    Sequential net = sequential(c.construct("LeNet"));
                    Tensor out = GradMode.noGrad(() -> net.forward(randn(4, 1, 28, 28)));
                    Expect.shape("new LeNet() on a batch of 4 images", out, 4, 10);
                    long count = net.parameters().stream().mapToLong(Tensor::numel).sum();
                    Expect.equal("the number of parameters of new LeNet()", count, 61_706L);
                    Sequential five = sequential(c.construct("LeNet", 5));
                    Expect.shape("new LeNet(5) on a batch of 4 images", GradMode.noGrad(() -> five.forward(randn(4, 1, 28, 28))), 4, 5);
                }),
                check(s, "applyInit and initCnn give Xavier-uniform weights", "[000] 7.6 init_cnn", (c, x) -> {
                    manualSeed(0);
                    Sequential net = d2l.models.LeNet.classic(10);
                    Object returned = c.call("applyInit", net, randn(2, 1, 28, 28));
                    Expect.isTrue("applyInit returns the network it was given", returned == net);
                    int checked = 0;
                    for (Module m : net.children()) {
                        Tensor w = m instanceof Linear l ? l.weight() : m instanceof Conv2d conv ? conv.weight() : null;
                        if (w == null) {
                            continue;
                        }
                        int[] fans = d2l.nn.init.Init.fans(w, m.name());
                        double bound = Math.sqrt(6.0 / (fans[0] + fans[1]));
                        double largest = w.detach().abs().max().item();
                        Expect.isTrue(m.name() + " " + w.shape() + ": Xavier-uniform weights lie in [-" + bound + ", " + bound
                                + "], the largest here is " + largest, largest <= bound * (1 + 1e-6));
                        if (w.numel() > 10_000) {
                            Expect.isTrue(m.name() + " " + w.shape() + ": with " + w.numel() + " Xavier-uniform weights the largest"
                                    + " should be close to " + bound + ", got " + largest + " (was initCnn applied?)",
                                    largest > 0.95 * bound);
                        }
                        checked++;
                    }
                    Expect.equal("Linear and Conv2d layers initialised", checked, 5);
                    c.call("initCnn", new Sigmoid());
                }),
                check(s, "new LeNet2() has ReLU and max pooling, with the same shapes", "[002] 7.6 Self Exercise", (c, x) -> {
                    Sequential net = sequential(c.construct("LeNet2"));
                    Expect.equal("new LeNet2().layerSummary(1, 1, 28, 28) (the runtime's summary)", net.layerSummary(1, 1, 28, 28),
                            lines(modern(LENET_SUMMARY)));
                }));
    }

    // ------------------------------------------------------------------------------------ 8.2

    private static List<Check> s8_2() {
        Section s = Section.S8_2;
        return List.of(
                check(s, "vggBlock: 3 x 3 convolutions with padding 1 and ReLU, then 2 x 2 max pooling", "[002] 8.2 vgg_block",
                        (c, x) -> {
                            Sequential one = sequential(c.call("vggBlock", 1, 64));
                            Expect.equal("the layers of vggBlock(1, 64)", names(one), List.of("LazyConv2d", "ReLU", "MaxPool2d"));
                            Sequential two = sequential(c.call("vggBlock", 2, 128));
                            Expect.equal("the layers of vggBlock(2, 128)", names(two),
                                    List.of("LazyConv2d", "ReLU", "LazyConv2d", "ReLU", "MaxPool2d"));
                            Tensor out = GradMode.noGrad(() -> two.forward(randn(1, 64, 56, 56)));
                            Expect.shape("vggBlock(2, 128) on (1, 64, 56, 56)", out, 1, 128, 28, 28);
                            Expect.shape("the first convolution's weight", ((Conv2d) two.get(0)).weight(), 128, 64, 3, 3);
                            Tensor odd = GradMode.noGrad(() -> one.forward(randn(2, 3, 9, 7)));
                            Expect.shape("vggBlock(1, 64) on (2, 3, 9, 7)", odd, 2, 64, 4, 3);
                        }),
                check(s, "VGG-11 has the book's shapes at 224 x 224", "[002] 8.2 layer_summary", (c, x) -> {
                    Sequential net = sequential(c.construct("VGG", (Object) new int[][] {{1, 64}, {1, 128}, {2, 256}, {2, 512}, {2, 512}}));
                    Expect.equal("new VGG({{1, 64}, {1, 128}, {2, 256}, {2, 512}, {2, 512}}).layerSummary(1, 1, 224, 224)",
                            net.layerSummary(1, 1, 224, 224), lines(List.of(
                                    "Sequential output shape:\t torch.Size([1, 64, 112, 112])",
                                    "Sequential output shape:\t torch.Size([1, 128, 56, 56])",
                                    "Sequential output shape:\t torch.Size([1, 256, 28, 28])",
                                    "Sequential output shape:\t torch.Size([1, 512, 14, 14])",
                                    "Sequential output shape:\t torch.Size([1, 512, 7, 7])",
                                    "Flatten output shape:\t torch.Size([1, 25088])",
                                    "Linear output shape:\t torch.Size([1, 4096])",
                                    "ReLU output shape:\t torch.Size([1, 4096])",
                                    "Dropout output shape:\t torch.Size([1, 4096])",
                                    "Linear output shape:\t torch.Size([1, 4096])",
                                    "ReLU output shape:\t torch.Size([1, 4096])",
                                    "Dropout output shape:\t torch.Size([1, 4096])",
                                    "Linear output shape:\t torch.Size([1, 10])")));
                }),
                check(s, "VGG(arch, numClasses): one block per pair of arch, numClasses outputs", "[002] 8.2 class VGG", (c, x) -> {
                    Sequential net = sequential(c.construct("VGG", new int[][] {{1, 8}, {2, 16}}, 7));
                    Expect.equal("the number of layers of new VGG({{1, 8}, {2, 16}}, 7)", net.size(), 2 + 8);
                    Tensor out = GradMode.noGrad(() -> net.eval().forward(randn(2, 1, 32, 32)));
                    Expect.shape("new VGG({{1, 8}, {2, 16}}, 7) on (2, 1, 32, 32)", out, 2, 7);
                    Expect.shape("the first dense layer's weight (16 channels of 8 x 8 flattened)", ((Linear) net.get(3)).weight(),
                            4096, 16 * 8 * 8);
                }));
    }

    private static List<String> names(Sequential net) {
        List<String> names = new ArrayList<>();
        for (Module m : net.children()) {
            names.add(m.name());
        }
        return names;
    }

    // ------------------------------------------------------------------------------------ 8.6

    private static List<Check> s8_6() {
        Section s = Section.S8_6;
        return List.of(
                check(s, "Residual(3) keeps the shape (4, 3, 6, 6)", "[002] 8.6", (c, x) -> {
                    Module blk = module(c.construct("Residual", 3));
                    Expect.shape("new Residual(3) on randn(4, 3, 6, 6)", blk.forward(randn(4, 3, 6, 6)), 4, 3, 6, 6);
                }),
                check(s, "Residual(6, true, 2) gives (4, 6, 3, 3)", "[002] 8.6", (c, x) -> {
                    Module blk = module(c.construct("Residual", 6, true, 2));
                    Expect.shape("new Residual(6, true, 2) on randn(4, 3, 6, 6)", blk.forward(randn(4, 3, 6, 6)), 4, 6, 3, 3);
                }),
                check(s, "Residual computes relu(bn2(conv2(relu(bn1(conv1(X))))) + X)", "[002] 8.6 class Residual", (c, x) -> {
                    for (boolean project : new boolean[] {false, true}) {
                        manualSeed(6);
                        Module blk = module(project ? c.construct("Residual", 5, true, 2) : c.construct("Residual", 3));
                        Tensor X = randn(2, 3, 6, 6);
                        Tensor got = GradMode.noGrad(() -> blk.forward(X));
                        Map<String, Tensor> p = named(blk, project ? List.of("conv1", "conv2", "conv3", "bn1", "bn2")
                                : List.of("conv1", "conv2", "bn1", "bn2"));
                        int stride = project ? 2 : 1;
                        Tensor expected = GradMode.noGrad(() -> {
                            Tensor Y = bn(conv(X, p, "conv1", stride, 1, 1), p, "bn1").relu();
                            Y = bn(conv(Y, p, "conv2", 1, 1, 1), p, "bn2");
                            Tensor shortcut = project ? conv(X, p, "conv3", stride, 0, 1) : X;
                            return Y.add(shortcut).relu();
                        });
                        Expect.tensor((project ? "new Residual(5, true, 2)" : "new Residual(3)")
                                + " on randn(2, 3, 6, 6), against the formula with its own parameters", got, expected, 1e-4);
                        Expect.isTrue("without use1x1conv there is no conv3", project || !blk.namedChildren().containsKey("conv3")
                                || blk.namedChildren().get("conv3") == null);
                    }
                }),
                check(s, "ResNet18 has the book's shapes at 96 x 96", "[002] 8.6 ResNet18().layer_summary", (c, x) -> {
                    Sequential net = sequential(c.construct("ResNet18"));
                    Expect.equal("new ResNet18().layerSummary(1, 1, 96, 96)", net.layerSummary(1, 1, 96, 96), lines(List.of(
                            "Sequential output shape:\t torch.Size([1, 64, 24, 24])",
                            "Sequential output shape:\t torch.Size([1, 64, 24, 24])",
                            "Sequential output shape:\t torch.Size([1, 128, 12, 12])",
                            "Sequential output shape:\t torch.Size([1, 256, 6, 6])",
                            "Sequential output shape:\t torch.Size([1, 512, 3, 3])",
                            "Sequential output shape:\t torch.Size([1, 10])")));
                    Expect.equal("the names of ResNet18's modules", new ArrayList<>(net.namedChildren().keySet()),
                            List.of("0", "b2", "b3", "b4", "b5", "last"));
                    long residuals = net.namedChildren().values().stream().skip(1).limit(4)
                            .mapToLong(stage -> stage.children().size()).sum();
                    Expect.equal("residual blocks in the four stages", residuals, 8L);
                }),
                check(s, "b1 and block: the stem and the stages", "[002] 8.6 b1, block", (c, x) -> {
                    Sequential stem = sequential(c.call("b1"));
                    Expect.shape("b1() on (1, 1, 96, 96)", GradMode.noGrad(() -> stem.forward(randn(1, 1, 96, 96))), 1, 64, 24, 24);
                    Sequential first = sequential(c.call("block", 2, 64, true));
                    Expect.shape("block(2, 64, true) on (1, 64, 24, 24)",
                            GradMode.noGrad(() -> first.forward(randn(1, 64, 24, 24))), 1, 64, 24, 24);
                    Sequential later = sequential(c.call("block", 2, 128, false));
                    Expect.shape("block(2, 128, false) on (1, 64, 24, 24)",
                            GradMode.noGrad(() -> later.forward(randn(1, 64, 24, 24))), 1, 128, 12, 12);
                    Expect.equal("blocks in block(3, 32, false)", sequential(c.call("block", 3, 32, false)).size(), 3);
                }),
                check(s, "ResNeXtBlock(32, 16, 1) keeps the shape (4, 32, 96, 96)", "[002] 8.6", (c, x) -> {
                    Module blk = module(c.construct("ResNeXtBlock", 32, 16, 1.0));
                    Expect.shape("new ResNeXtBlock(32, 16, 1) on randn(4, 32, 96, 96)",
                            GradMode.noGrad(() -> blk.forward(randn(4, 32, 96, 96))), 4, 32, 96, 96);
                    Tensor grouped = blk.namedParameters().get("conv2.weight");
                    Expect.isTrue("ResNeXtBlock has no parameter conv2.weight (register the layers as conv1 ... conv4, bn1 ... bn4)",
                            grouped != null);
                    Expect.shape("conv2's weight: 32 bottleneck channels in 32 / 16 = 2 groups of 16", grouped, 32, 16, 3, 3);
                }),
                check(s, "ResNeXtBlock computes the book's formula, with groups and the bottleneck", "[002] 8.6 class ResNeXtBlock",
                        (c, x) -> {
                            manualSeed(7);
                            Module blk = module(c.construct("ResNeXtBlock", 64, 16, 0.5, true, 2));
                            Tensor X = randn(2, 32, 8, 8);
                            Tensor got = GradMode.noGrad(() -> blk.forward(X));
                            Expect.shape("new ResNeXtBlock(64, 16, 0.5, true, 2) on randn(2, 32, 8, 8)", got, 2, 64, 4, 4);
                            Map<String, Tensor> p = named(blk, List.of("conv1", "conv2", "conv3", "conv4", "bn1", "bn2", "bn3", "bn4"));
                            Expect.shape("conv1's weight: down to round(64 * 0.5) = 32 channels", p.get("conv1.weight"), 32, 32, 1, 1);
                            Expect.shape("conv2's weight: 32 channels in 32 / 16 = 2 groups", p.get("conv2.weight"), 32, 16, 3, 3);
                            Tensor expected = GradMode.noGrad(() -> {
                                Tensor Y = bn(conv(X, p, "conv1", 1, 0, 1), p, "bn1").relu();
                                Y = bn(conv(Y, p, "conv2", 2, 1, 2), p, "bn2").relu();
                                Y = bn(conv(Y, p, "conv3", 1, 0, 1), p, "bn3");
                                return Y.add(bn(conv(X, p, "conv4", 2, 0, 1), p, "bn4")).relu();
                            });
                            Expect.tensor("the output against the formula with its own parameters", got, expected, 1e-4);
                        }));
    }

    /** The parameters of the submodules {@code names} of {@code m}, by dotted name; fails naming what is missing. */
    private static Map<String, Tensor> named(Module m, List<String> names) {
        Map<String, Tensor> p = m.namedParameters();
        for (String n : names) {
            if (!p.containsKey(n + ".weight")) {
                throw new AssertionError(m.name() + " has no parameter " + n + ".weight: register its layers with registerModule"
                        + " under the book's names " + names + " (it has " + p.keySet() + ")");
            }
        }
        return p;
    }

    private static Tensor conv(Tensor x, Map<String, Tensor> p, String name, int stride, int padding, int groups) {
        return F.conv2d(x, p.get(name + ".weight"), p.get(name + ".bias"), new int[] {stride, stride},
                new int[] {padding, padding}, groups);
    }

    private static Tensor bn(Tensor x, Map<String, Tensor> p, String name) {
        return F.batchNorm(x, null, null, p.get(name + ".weight"), p.get(name + ".bias"), true, 0.1, 1e-5);
    }
}
