package d2l.workbook;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static d2l.workbook.SectionChecks.*;

import d2l.nn.Sequential;
import d2l.nn.Sigmoid;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks of section 7.6. Sources as in {@link SectionChecks}. */
final class Sec7_6Checks {

    private Sec7_6Checks() {}

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

    /** The layers whose weights initCnn initialises, as a {@link ModuleView} names them. */
    private static final Set<String> INITIALISED = Set.of("Conv2d", "LazyConv2d", "Linear", "LazyLinear");

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static List<String> modern(List<String> lines) {
        return lines.stream().map(l -> l.replace("Sigmoid", "ReLU").replace("AvgPool2d", "MaxPool2d")).toList();
    }

    /** Inside observe: the student's object as a Sequential, else a failure naming what it is. */
    private static Sequential sequential(Object o) {
        if (!(o instanceof Sequential m)) {
            throw new AssertionError("expected a Sequential, got " + (o == null ? "null" : o.getClass().getName()));
        }
        return m;
    }

    static List<Check> all() {
        Section s = Section.S7_6;
        return List.of(
                check(s, "new LeNet() has the book's layers and shapes", "[002] 7.6 layer_summary", p ->
                        Expect.equal("new LeNet().layerSummary(1, 1, 28, 28) (the runtime's summary)",
                                p.observe("new LeNet().layerSummary(1, 1, 28, 28)",
                                        c -> sequential(c.construct("LeNet")).layerSummary(1, 1, 28, 28)),
                                lines(LENET_SUMMARY))),
                check(s, "layerSummary prints and returns the book's lines", "[000] 7.6 Inspecting the Model; [002] 7.6", p -> {
                    Sequential net = d2l.models.LeNet.classic(10);
                    Object text = p.observe("layerSummary(the book's LeNet, 1, 1, 28, 28)",
                            c -> c.call("layerSummary", net, new int[] {1, 1, 28, 28}));
                    Expect.equal("what layerSummary(the book's LeNet, 1, 1, 28, 28) returned", text, lines(LENET_SUMMARY));
                    Expect.equal("what it printed", p.printed().replace("\r\n", "\n"), lines(LENET_SUMMARY));
                }),
                check(s, "LeNet has 61,706 parameters and 10 (or numClasses) outputs", "", p -> {
                    Tensor X = randn(4, 1, 28, 28);
                    Map<?, ?> ten = mapOf("new LeNet()", p.observe("new LeNet() on a batch of 4 images", c -> {
                        Sequential net = sequential(c.construct("LeNet"));
                        Tensor out = forward(net, X);
                        return ordered("output", out, "net", net);
                    }));
                    Expect.shape("new LeNet() on a batch of 4 images", ten.get("output"), 4, 10);
                    Expect.equal("the number of parameters of new LeNet()", view("new LeNet()", ten.get("net")).parameterCount(),
                            61_706L);
                    Expect.shape("new LeNet(5) on a batch of 4 images", p.observe("new LeNet(5) on a batch of 4 images",
                            c -> forward(sequential(c.construct("LeNet", 5)), X)), 4, 5);
                }),
                check(s, "applyInit and initCnn give Xavier-uniform weights", "[000] 7.6 init_cnn", p -> {
                    manualSeed(0);
                    Sequential net = d2l.models.LeNet.classic(10);
                    Tensor sample = randn(2, 1, 28, 28);
                    Map<?, ?> seen = mapOf("applyInit(LeNet, randn(2, 1, 28, 28))",
                            p.observe("applyInit(LeNet, randn(2, 1, 28, 28))", c -> {
                                Object returned = c.call("applyInit", net, sample);
                                return ordered("same", returned == net, "net", ModuleView.of(net, true));
                            }));
                    Expect.isTrue("applyInit returns the network it was given", Boolean.TRUE.equals(seen.get("same")));
                    int checked = 0;
                    int lazy = 0;
                    for (ModuleView m : view("the network after applyInit", seen.get("net")).children().values()) {
                        Tensor w = INITIALISED.contains(m.type()) ? m.values().get("weight") : null;
                        if (w == null) {
                            lazy += m.type().startsWith("Lazy") ? 1 : 0;
                            continue;
                        }
                        int[] fans = d2l.nn.init.Init.fans(w, m.type());
                        double bound = Math.sqrt(6.0 / (fans[0] + fans[1]));
                        double largest = w.abs().max().item();
                        Expect.isTrue(m.type() + " " + w.shape() + ": Xavier-uniform weights lie in [-" + bound + ", " + bound
                                + "], the largest here is " + largest, largest <= bound * (1 + 1e-6));
                        if (w.numel() > 10_000) {
                            Expect.isTrue(m.type() + " " + w.shape() + ": with " + w.numel() + " Xavier-uniform weights the largest"
                                    + " should be close to " + bound + ", got " + largest + " (was initCnn applied?)",
                                    largest > 0.95 * bound);
                        }
                        checked++;
                    }
                    Expect.isTrue(lazy + " of LeNet's 5 lazy layers still have no weights after applyInit: lazy layers"
                            + " (LazyConv2d, LazyLinear) have no weights until the first forward pass, so call"
                            + " net.forward(sample) (with recording off) before net.apply(m -> initCnn(m))", lazy == 0);
                    Expect.equal("Linear and Conv2d layers initialised", checked, 5);
                    p.observe("initCnn(new Sigmoid())", c -> {
                        c.call("initCnn", new Sigmoid());
                        return null;
                    });
                }),
                check(s, "new LeNet2() has ReLU and max pooling, with the same shapes", "[002] 7.6 Self Exercise", p ->
                        Expect.equal("new LeNet2().layerSummary(1, 1, 28, 28) (the runtime's summary)",
                                p.observe("new LeNet2().layerSummary(1, 1, 28, 28)",
                                        c -> sequential(c.construct("LeNet2")).layerSummary(1, 1, 28, 28)),
                                lines(modern(LENET_SUMMARY)))));
    }

}
