package d2l.workbook;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.zeros;
import static d2l.workbook.SectionChecks.*;

import d2l.autograd.GradMode;
import d2l.nn.AvgPool2d;
import d2l.nn.Conv2d;
import d2l.nn.Flatten;
import d2l.nn.Linear;
import d2l.nn.MaxPool2d;
import d2l.nn.Module;
import d2l.nn.ReLU;
import d2l.nn.Sequential;
import d2l.nn.Sigmoid;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    /** Checks what the student's {@code layerSummary(net, shape)} returns against {@code expected}, and returns that. */
    private static String summarises(Probe p, String description, Sequential net, int[] shape, String expected) {
        String call = "layerSummary(" + description + ", " + java.util.Arrays.toString(shape).replaceAll("[\\[\\]]", "") + ")";
        Expect.equal("what " + call + " returned", p.observe(call, c -> c.call("layerSummary", net, shape)), expected);
        return expected;
    }

    /** A net, and how it was made: {@code Sequential(Conv2d(2, 8, 3), ReLU(), MaxPool2d(2), ...)}. */
    private record RandomNet(Sequential net, String description) {}

    /** A small convolutional net for inputs of {@code shape}: a convolution, an activation, a pooling layer, then dense layers. */
    private static RandomNet randomNet(Random random, int[] shape) {
        int channels = 1 + random.nextInt(8);
        int kernel = 1 + random.nextInt(3);
        int features = channels * ((shape[2] - kernel + 1) / 2) * ((shape[3] - kernel + 1) / 2);
        int hidden = 2 + random.nextInt(30);
        boolean relu = random.nextBoolean();
        boolean max = random.nextBoolean();
        int outputs = 1 + random.nextInt(10);
        Sequential net = new Sequential(new Conv2d(shape[1], channels, kernel), relu ? new ReLU() : new Sigmoid(),
                max ? new MaxPool2d(2) : new AvgPool2d(2), new Flatten(), new Linear(features, hidden), new ReLU(),
                new Linear(hidden, outputs));
        return new RandomNet(net, String.format("Sequential(Conv2d(%d, %d, %d), %s(), %s(2), Flatten(), Linear(%d, %d), ReLU(),"
                + " Linear(%d, %d))", shape[1], channels, kernel, relu ? "ReLU" : "Sigmoid", max ? "MaxPool2d" : "AvgPool2d", features,
                hidden, hidden, outputs));
    }

    /** The book's summary of {@code net} on inputs of {@code shape}: each layer's class and output shape, one line each. */
    private static String summary(Sequential net, int[] shape) {
        StringBuilder text = new StringBuilder();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor x = zeros(shape);
            for (Module layer : net.children()) {
                x = layer.forward(x);
                text.append(layer.name()).append(" output shape:\t ").append(x.shape()).append('\n');
            }
        }
        return text.toString();
    }

    static List<Check> all() {
        Section s = Section.S7_6;
        return List.of(
                check(s, "new LeNet() has the book's layers and shapes", "[002] 7.6 layer_summary", p ->
                        Expect.equal("new LeNet().layerSummary(1, 1, 28, 28) (the runtime's summary)",
                                p.observe("new LeNet().layerSummary(1, 1, 28, 28)",
                                        c -> sequential(c.construct("LeNet")).layerSummary(1, 1, 28, 28)),
                                lines(LENET_SUMMARY))),
                check(s, "layerSummary prints and returns each layer's output shape, for the book's LeNet and random nets",
                        "[000] 7.6 Inspecting the Model; [002] 7.6", p -> {
                    StringBuilder printed = new StringBuilder();
                    Sequential lenet = d2l.models.LeNet.classic(10);
                    printed.append(summarises(p, "the book's LeNet", lenet, new int[] {1, 1, 28, 28}, lines(LENET_SUMMARY)));
                    Random random = new Random(76);
                    for (int i = 0; i < 3; i++) {
                        int[] shape = {1 + random.nextInt(3), 1 + random.nextInt(3), 6 + random.nextInt(12), 6 + random.nextInt(12)};
                        RandomNet r = randomNet(random, shape);
                        printed.append(summarises(p, r.description(), r.net(), shape, summary(r.net(), shape)));
                    }
                    Expect.equal("what it printed", p.printed().replace("\r\n", "\n"), printed.toString());
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
