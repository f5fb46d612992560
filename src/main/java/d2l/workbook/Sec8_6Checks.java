package d2l.workbook;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static d2l.workbook.SectionChecks.*;

import d2l.autograd.GradMode;
import d2l.nn.Module;
import d2l.nn.Sequential;
import d2l.nn.functional.F;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The checks of section 8.6. Sources as in {@link SectionChecks}. */
final class Sec8_6Checks {

    private Sec8_6Checks() {}

    static List<Check> all() {
        Section s = Section.S8_6;
        return List.of(
                check(s, "Residual(3) keeps the shape (4, 3, 6, 6)", "[002] 8.6", p -> {
                    Tensor X = randn(4, 3, 6, 6);
                    Expect.shape("new Residual(3) on randn(4, 3, 6, 6)", p.observe("new Residual(3) on randn(4, 3, 6, 6)",
                            c -> forward(c.construct("Residual", 3), X)), 4, 3, 6, 6);
                }),
                check(s, "Residual(6, true, 2) gives (4, 6, 3, 3)", "[002] 8.6", p -> {
                    Tensor X = randn(4, 3, 6, 6);
                    Expect.shape("new Residual(6, true, 2) on randn(4, 3, 6, 6)",
                            p.observe("new Residual(6, true, 2) on randn(4, 3, 6, 6)",
                                    c -> forward(c.construct("Residual", 6, true, 2), X)), 4, 6, 3, 3);
                }),
                check(s, "Residual computes relu(bn2(conv2(relu(bn1(conv1(X))))) + X)", "[002] 8.6 class Residual", p -> {
                    for (boolean project : new boolean[] {false, true}) {
                        String name = project ? "new Residual(5, true, 2)" : "new Residual(3)";
                        manualSeed(6);
                        Tensor X = randn(2, 3, 6, 6);
                        Map<?, ?> seen = mapOf(name, p.observe(name + " on randn(2, 3, 6, 6)", c -> {
                            Module blk = module(project ? c.construct("Residual", 5, true, 2) : c.construct("Residual", 3));
                            Tensor out = forward(blk, X);
                            ModuleView view = ModuleView.of(blk, true);
                            return ordered("output", out, "block", view, "unused", unusedChildren(blk, X));
                        }));
                        Tensor got = Expect.isTensor(name + " on randn(2, 3, 6, 6)", seen.get("output"));
                        ModuleView blk = view(name, seen.get("block"));
                        if (seen.get("unused") instanceof String unused && !unused.isEmpty()) {
                            throw new AssertionError(name + ": " + unused + (unused.contains(",") ? " are" : " is")
                                    + " registered but forward never calls " + (unused.contains(",") ? "them" : "it")
                                    + " (no parameter of it gets a gradient from forward and backward on randn(2, 3, 6, 6))");
                        }
                        Map<String, Tensor> w = named(blk, project ? List.of("conv1", "conv2", "conv3", "bn1", "bn2")
                                : List.of("conv1", "conv2", "bn1", "bn2"));
                        int stride = project ? 2 : 1;
                        Tensor expected = residual(X, w, project, stride, 1, true, Ending.RELU_OF_SUM);
                        String mistake = mistake(X, w, project, stride, got, expected);
                        if (mistake != null) {
                            throw new AssertionError(name + " on randn(2, 3, 6, 6), against the formula with its own parameters: "
                                    + mistake);
                        }
                        Expect.tensor(name + " on randn(2, 3, 6, 6), against the formula with its own parameters", got, expected,
                                1e-4);
                        Expect.isTrue("without use1x1conv there is no conv3", project || blk.child("conv3") == null);
                    }
                }),
                check(s, "ResNet18 has the book's shapes at 96 x 96", "[002] 8.6 ResNet18().layer_summary", p -> {
                    Map<?, ?> seen = mapOf("new ResNet18()", p.observe("new ResNet18().layerSummary(1, 1, 96, 96)", c -> {
                        Sequential net = sequential(c.construct("ResNet18"));
                        String summary = net.layerSummary(1, 1, 96, 96);
                        return ordered("summary", summary, "net", net);
                    }));
                    Expect.equal("new ResNet18().layerSummary(1, 1, 96, 96)", seen.get("summary"), lines(List.of(
                            "Sequential output shape:\t torch.Size([1, 64, 24, 24])",
                            "Sequential output shape:\t torch.Size([1, 64, 24, 24])",
                            "Sequential output shape:\t torch.Size([1, 128, 12, 12])",
                            "Sequential output shape:\t torch.Size([1, 256, 6, 6])",
                            "Sequential output shape:\t torch.Size([1, 512, 3, 3])",
                            "Sequential output shape:\t torch.Size([1, 10])")));
                    ModuleView net = view("new ResNet18()", seen.get("net"));
                    Expect.equal("the names of ResNet18's modules", new ArrayList<>(net.children().keySet()),
                            List.of("0", "b2", "b3", "b4", "b5", "last"));
                    long residuals = net.children().values().stream().skip(1).limit(4)
                            .mapToLong(stage -> stage.children().size()).sum();
                    Expect.equal("residual blocks in the four stages", residuals, 8L);
                }),
                check(s, "b1 and block: the stem and the stages", "[002] 8.6 b1, block", p -> {
                    Tensor image = randn(1, 1, 96, 96);
                    Tensor features = randn(1, 64, 24, 24);
                    Expect.shape("b1() on (1, 1, 96, 96)", p.observe("b1() on (1, 1, 96, 96)",
                            c -> forward(sequential(c.call("b1")), image)), 1, 64, 24, 24);
                    Expect.shape("block(2, 64, true) on (1, 64, 24, 24)", p.observe("block(2, 64, true) on (1, 64, 24, 24)",
                            c -> forward(sequential(c.call("block", 2, 64, true)), features)), 1, 64, 24, 24);
                    Expect.shape("block(2, 128, false) on (1, 64, 24, 24)", p.observe("block(2, 128, false) on (1, 64, 24, 24)",
                            c -> forward(sequential(c.call("block", 2, 128, false)), features)), 1, 128, 12, 12);
                    Expect.equal("blocks in block(3, 32, false)", view("block(3, 32, false)", p.observe("block(3, 32, false)",
                            c -> sequential(c.call("block", 3, 32, false)))).children().size(), 3);
                }),
                check(s, "ResNeXtBlock(32, 16, 1) keeps the shape (4, 32, 96, 96)", "[002] 8.6", p -> {
                    Tensor X = randn(4, 32, 96, 96);
                    Map<?, ?> seen = mapOf("new ResNeXtBlock(32, 16, 1)",
                            p.observe("new ResNeXtBlock(32, 16, 1) on randn(4, 32, 96, 96)", c -> {
                                Module blk = module(c.construct("ResNeXtBlock", 32, 16, 1.0));
                                Tensor out = forward(blk, X);
                                return ordered("output shape", out == null ? null : out.shape(), "block", blk);
                            }));
                    shape("new ResNeXtBlock(32, 16, 1) on randn(4, 32, 96, 96)", seen.get("output shape"), 4, 32, 96, 96);
                    Size grouped = view("new ResNeXtBlock(32, 16, 1)", seen.get("block")).namedShapes().get("conv2.weight");
                    Expect.isTrue("ResNeXtBlock has no parameter conv2.weight (register the layers as conv1 ... conv4, bn1 ... bn4)",
                            grouped != null);
                    shape("conv2's weight: 32 bottleneck channels in 32 / 16 = 2 groups of 16", grouped, 32, 16, 3, 3);
                }),
                check(s, "ResNeXtBlock computes the book's formula, with groups and the bottleneck", "[002] 8.6 class ResNeXtBlock",
                        p -> {
                            manualSeed(7);
                            Tensor X = randn(2, 32, 8, 8);
                            Map<?, ?> seen = mapOf("new ResNeXtBlock(64, 16, 0.5, true, 2)",
                                    p.observe("new ResNeXtBlock(64, 16, 0.5, true, 2) on randn(2, 32, 8, 8)", c -> {
                                        Module blk = module(c.construct("ResNeXtBlock", 64, 16, 0.5, true, 2));
                                        Tensor out = forward(blk, X);
                                        return ordered("output", out, "block", ModuleView.of(blk, true));
                                    }));
                            Tensor got = Expect.shape("new ResNeXtBlock(64, 16, 0.5, true, 2) on randn(2, 32, 8, 8)",
                                    seen.get("output"), 2, 64, 4, 4);
                            ModuleView blk = view("new ResNeXtBlock(64, 16, 0.5, true, 2)", seen.get("block"));
                            Map<String, Tensor> w = named(blk, List.of("conv1", "conv2", "conv3", "conv4", "bn1", "bn2", "bn3", "bn4"));
                            Expect.shape("conv1's weight: down to round(64 * 0.5) = 32 channels", w.get("conv1.weight"), 32, 32, 1, 1);
                            Expect.shape("conv2's weight: 32 channels in 32 / 16 = 2 groups", w.get("conv2.weight"), 32, 16, 3, 3);
                            Tensor expected = GradMode.noGrad(() -> {
                                Tensor Y = bn(conv(X, w, "conv1", 1, 0, 1), w, "bn1").relu();
                                Y = bn(conv(Y, w, "conv2", 2, 1, 2), w, "bn2").relu();
                                Y = bn(conv(Y, w, "conv3", 1, 0, 1), w, "bn3");
                                return Y.add(bn(conv(X, w, "conv4", 2, 0, 1), w, "bn4")).relu();
                            });
                            Expect.tensor("the output against the formula with its own parameters", got, expected, 1e-4);
                        }));
    }

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    /** Inside observe: the student's object as a Sequential, else a failure naming what it is. */
    private static Sequential sequential(Object o) {
        if (!(o instanceof Sequential m)) {
            throw new AssertionError("expected a Sequential, got " + (o == null ? "null" : o.getClass().getName()));
        }
        return m;
    }

    /** An observed shape must be {@code shape}. */
    private static void shape(String what, Object got, int... shape) {
        if (!(got instanceof Size)) {
            throw new AssertionError(what + ": expected a tensor, got " + typeOf(got));
        }
        Expect.size(what, got, shape);
    }

    /**
     * The parameter values of the submodules {@code names} of an observed block, by dotted name; fails naming what is
     * missing.
     */
    private static Map<String, Tensor> named(ModuleView m, List<String> names) {
        Map<String, Tensor> p = m.namedValues();
        for (String n : names) {
            ModuleView child = m.child(n);
            if (!p.containsKey(n + ".weight") && child != null && child.type().startsWith("Lazy")) {
                throw new AssertionError(n + " is registered but forward never calls it (it is still a " + child.type()
                        + ", which gets its sizes from its first input)");
            }
            if (!p.containsKey(n + ".weight")) {
                throw new AssertionError(m.type() + " has no parameter " + n + ".weight: register its layers with registerModule"
                        + " under the book's names " + names + " (it has " + p.keySet() + ")");
            }
        }
        return p;
    }

    /**
     * Inside observe: the children of {@code block} whose parameters get no gradient from a forward
     * and backward on {@code x}, or that are lazy layers still without sizes (registered, but forward
     * never calls them), as {@code "bn2"} or {@code "conv3, bn2"}; empty when every child takes part.
     */
    private static String unusedChildren(Module block, Tensor x) {
        block.zeroGrad();
        block.forward(x).sum().backward();
        List<String> unused = new ArrayList<>();
        block.namedChildren().forEach((name, child) -> {
            List<Tensor> parameters = child == null ? List.of() : child.parameters();
            if (child != null && (child.name().startsWith("Lazy") || !parameters.isEmpty()
                    && parameters.stream().allMatch(t -> t.grad() == null))) {
                unused.add(name);
            }
        });
        return String.join(", ", unused);
    }

    /** How a residual block ends: the book's {@code relu(Y + X)}, or a mistake. */
    private enum Ending { RELU_OF_SUM, RELU_THEN_ADD, NO_RELU, NO_SHORTCUT }

    /** The block's formula with its own parameters {@code w}: the book's, or with the stride, the middle ReLU or the end changed. */
    private static Tensor residual(Tensor X, Map<String, Tensor> w, boolean project, int stride1, int stride2, boolean middleRelu,
                                   Ending ending) {
        return GradMode.noGrad(() -> {
            Tensor Y = bn(conv(X, w, "conv1", stride1, 1, 1), w, "bn1");
            Y = bn(conv(middleRelu ? Y.relu() : Y, w, "conv2", stride2, 1, 1), w, "bn2");
            Tensor shortcut = project ? conv(X, w, "conv3", stride1 * stride2, 0, 1) : X;
            return switch (ending) {
                case RELU_OF_SUM -> Y.add(shortcut).relu();
                case RELU_THEN_ADD -> Y.relu().add(shortcut);
                case NO_RELU -> Y.add(shortcut);
                case NO_SHORTCUT -> Y.relu();
            };
        });
    }

    /**
     * When {@code got} is not {@code expected} but is exactly what a common mistake computes (the
     * stride on conv2, a ReLU left out or misplaced, no shortcut), that mistake in words; else null.
     */
    private static String mistake(Tensor X, Map<String, Tensor> w, boolean project, int stride, Tensor got, Tensor expected) {
        if (got.shape().equals(expected.shape()) && got.allclose(expected, 1e-4, 1e-4)) {
            return null;
        }
        Map<String, Tensor> mistakes = new java.util.LinkedHashMap<>();
        if (stride > 1) {
            mistakes.put("the stride is applied by conv2 instead of conv1", residual(X, w, project, 1, stride, true, Ending.RELU_OF_SUM));
        }
        mistakes.put("there is no ReLU between bn1 and conv2", residual(X, w, project, stride, 1, false, Ending.RELU_OF_SUM));
        mistakes.put("the last ReLU comes before adding the shortcut: relu(Y) + X instead of relu(Y + X)",
                residual(X, w, project, stride, 1, true, Ending.RELU_THEN_ADD));
        mistakes.put("there is no ReLU after adding the shortcut: Y + X instead of relu(Y + X)",
                residual(X, w, project, stride, 1, true, Ending.NO_RELU));
        mistakes.put("the shortcut is not added: relu(Y) instead of relu(Y + X)", residual(X, w, project, stride, 1, true,
                Ending.NO_SHORTCUT));
        for (Map.Entry<String, Tensor> m : mistakes.entrySet()) {
            if (m.getValue().shape().equals(got.shape()) && got.allclose(m.getValue(), 1e-4, 1e-4)) {
                return m.getKey();
            }
        }
        return null;
    }

    private static Tensor conv(Tensor x, Map<String, Tensor> p, String name, int stride, int padding, int groups) {
        return F.conv2d(x, p.get(name + ".weight"), p.get(name + ".bias"), new int[] {stride, stride},
                new int[] {padding, padding}, groups);
    }

    private static Tensor bn(Tensor x, Map<String, Tensor> p, String name) {
        return F.batchNorm(x, null, null, p.get(name + ".weight"), p.get(name + ".bias"), true, 0.1, 1e-5);
    }
}
