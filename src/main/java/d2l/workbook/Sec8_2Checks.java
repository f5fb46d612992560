package d2l.workbook;

import static d2l.tensor.Torch.randn;
import static d2l.workbook.SectionChecks.*;

import d2l.nn.Sequential;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The checks of section 8.2. Sources as in {@link SectionChecks}. */
final class Sec8_2Checks {

    private Sec8_2Checks() {}

    static List<Check> all() {
        Section s = Section.S8_2;
        return List.of(
                check(s, "vggBlock: 3 x 3 convolutions with padding 1 and ReLU, then 2 x 2 max pooling", "[002] 8.2 vgg_block",
                        p -> {
                            Tensor X = randn(1, 64, 56, 56);
                            Tensor odd = randn(2, 3, 9, 7);
                            ModuleView one = view("vggBlock(1, 64)", p.observe("vggBlock(1, 64)",
                                    c -> sequential(c.call("vggBlock", 1, 64))));
                            Expect.equal("the layers of vggBlock(1, 64)", one.childTypes(), List.of("LazyConv2d", "ReLU", "MaxPool2d"));
                            ModuleView two = view("vggBlock(2, 128)", p.observe("vggBlock(2, 128)",
                                    c -> sequential(c.call("vggBlock", 2, 128))));
                            Expect.equal("the layers of vggBlock(2, 128)", two.childTypes(),
                                    List.of("LazyConv2d", "ReLU", "LazyConv2d", "ReLU", "MaxPool2d"));
                            Map<?, ?> ran = mapOf("vggBlock(2, 128) on (1, 64, 56, 56)",
                                    p.observe("vggBlock(2, 128) on (1, 64, 56, 56)", c -> {
                                        Sequential blk = sequential(c.call("vggBlock", 2, 128));
                                        Tensor out = forward(blk, X);
                                        return ordered("output", out, "block", blk);
                                    }));
                            Expect.shape("vggBlock(2, 128) on (1, 64, 56, 56)", ran.get("output"), 1, 128, 28, 28);
                            ModuleView first = child(view("vggBlock(2, 128)", ran.get("block")), 0, "vggBlock(2, 128)");
                            weightShape("the first convolution's weight", first, 128, 64, 3, 3);
                            Expect.shape("vggBlock(1, 64) on (2, 3, 9, 7)", p.observe("vggBlock(1, 64) on (2, 3, 9, 7)",
                                    c -> forward(sequential(c.call("vggBlock", 1, 64)), odd)), 2, 64, 4, 3);
                        }),
                check(s, "VGG-11 has the book's shapes at 224 x 224", "[002] 8.2 layer_summary", p ->
                        Expect.equal("new VGG({{1, 64}, {1, 128}, {2, 256}, {2, 512}, {2, 512}}).layerSummary(1, 1, 224, 224)",
                                p.observe("new VGG({{1, 64}, {1, 128}, {2, 256}, {2, 512}, {2, 512}}).layerSummary(1, 1, 224, 224)",
                                        c -> sequential(c.construct("VGG", (Object) new int[][] {{1, 64}, {1, 128}, {2, 256},
                                                {2, 512}, {2, 512}})).layerSummary(1, 1, 224, 224)),
                                lines(List.of(
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
                                        "Linear output shape:\t torch.Size([1, 10])")))),
                check(s, "VGG(arch, numClasses): one block per pair of arch, numClasses outputs", "[002] 8.2 class VGG", p -> {
                    Tensor X = randn(2, 1, 32, 32);
                    ModuleView net = view("new VGG({{1, 8}, {2, 16}}, 7)", p.observe("new VGG({{1, 8}, {2, 16}}, 7)",
                            c -> sequential(c.construct("VGG", new int[][] {{1, 8}, {2, 16}}, 7))));
                    Expect.equal("the number of layers of new VGG({{1, 8}, {2, 16}}, 7)", net.children().size(), 2 + 8);
                    Map<?, ?> ran = mapOf("new VGG({{1, 8}, {2, 16}}, 7) on (2, 1, 32, 32)",
                            p.observe("new VGG({{1, 8}, {2, 16}}, 7) on (2, 1, 32, 32)", c -> {
                                Sequential vgg = sequential(c.construct("VGG", new int[][] {{1, 8}, {2, 16}}, 7));
                                Tensor out = forward(vgg.eval(), X);
                                return ordered("output", out, "net", vgg);
                            }));
                    Expect.shape("new VGG({{1, 8}, {2, 16}}, 7) on (2, 1, 32, 32)", ran.get("output"), 2, 7);
                    ModuleView dense = child(view("new VGG({{1, 8}, {2, 16}}, 7)", ran.get("net")), 3,
                            "new VGG({{1, 8}, {2, 16}}, 7)");
                    weightShape("the first dense layer's weight (16 channels of 8 x 8 flattened)", dense,
                            4096, 16 * 8 * 8);
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

    /** The layer at position {@code index} of an observed Sequential, like {@code net.get(index)}; fails when there is none. */
    private static ModuleView child(ModuleView net, int index, String what) {
        List<ModuleView> layers = new ArrayList<>(net.children().values());
        if (index >= layers.size()) {
            throw new AssertionError(what + ": expected a layer at index " + index + ", it has " + layers.size() + " layers "
                    + net.childTypes());
        }
        return layers.get(index);
    }

    /** The weight of an observed layer must have the shape {@code shape}. */
    private static void weightShape(String what, ModuleView layer, int... shape) {
        Size got = layer.shapes().get("weight");
        if (got == null) {
            throw new AssertionError(what + ": the layer is a " + layer.type() + " without a weight (its parameters: "
                    + layer.shapes().keySet() + ")");
        }
        Expect.size(what, got, shape);
    }

}
