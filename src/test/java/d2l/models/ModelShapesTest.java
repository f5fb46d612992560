package d2l.models;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;

import d2l.nn.Sequential;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shapes the book prints for its models (002_57cc1b6958d3ea8c.txt, sections 7.6, 8.2 and 8.6),
 * through {@code layerSummary}, which prints {@code layer.__class__.__name__, 'output shape:\t', X.shape}
 * exactly as the book's {@code layer_summary} does.
 */
class ModelShapesTest {

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void leNetLayerSummary() {
        // 7.6 LeNet: model.layer_summary((1, 1, 28, 28))
        assertThat(LeNet.classic(10).layerSummary(1, 1, 28, 28)).isEqualTo(lines(
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
                "Linear output shape:\t torch.Size([1, 10])"));
    }

    @Test
    void modernLeNetHasTheSameShapes() {
        // 7.6 self-exercise: ReLU and max pooling change the layer names, not the shapes
        String summary = LeNet.modern(10).layerSummary(1, 1, 28, 28);

        assertThat(summary).startsWith(lines(
                "Conv2d output shape:\t torch.Size([1, 6, 28, 28])",
                "ReLU output shape:\t torch.Size([1, 6, 28, 28])",
                "MaxPool2d output shape:\t torch.Size([1, 6, 14, 14])"));
        assertThat(summary).endsWith("Linear output shape:\t torch.Size([1, 10])\n");
    }

    @Test
    void resNet18LayerSummary() {
        // 8.6: ResNet18().layer_summary((1, 1, 96, 96))
        assertThat(ResNet.resnet18(10).layerSummary(1, 1, 96, 96)).isEqualTo(lines(
                "Sequential output shape:\t torch.Size([1, 64, 24, 24])",
                "Sequential output shape:\t torch.Size([1, 64, 24, 24])",
                "Sequential output shape:\t torch.Size([1, 128, 12, 12])",
                "Sequential output shape:\t torch.Size([1, 256, 6, 6])",
                "Sequential output shape:\t torch.Size([1, 512, 3, 3])",
                "Sequential output shape:\t torch.Size([1, 10])"));
    }

    @Test
    void vgg11LayerSummary() {
        // 8.2: VGG(arch=((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))).layer_summary((1, 1, 224, 224))
        assertThat(VGG.vgg(VGG.vgg11(), 10).layerSummary(1, 1, 224, 224)).isEqualTo(lines(
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
                "Linear output shape:\t torch.Size([1, 10])"));
    }

    @Test
    void residualKeepsTheShape() {
        // 8.6: blk = Residual(3); blk(torch.randn(4, 3, 6, 6)).shape
        assertThat(new Residual(3).forward(randn(4, 3, 6, 6)).shape()).hasToString("torch.Size([4, 3, 6, 6])");
    }

    @Test
    void residualWith1x1ConvHalvesTheResolution() {
        // 8.6: blk = Residual(6, use_1x1conv=True, strides=2)
        assertThat(new Residual(6, true, 2).forward(randn(4, 3, 6, 6)).shape()).hasToString("torch.Size([4, 6, 3, 3])");
    }

    @Test
    void resNeXtBlockBookShape() {
        // 8.6: blk = ResNeXtBlock(32, 16, 1); blk(torch.randn(4, 32, 96, 96)).shape
        assertThat(new ResNeXtBlock(32, 16, 1).forward(randn(4, 32, 96, 96)).shape())
                .hasToString("torch.Size([4, 32, 96, 96])");
    }

    @Test
    void resNeXtBlockUsesBotChannelsOverGroupsGroups() {
        ResNeXtBlock block = new ResNeXtBlock(32, 16, 1);

        assertThat(block.forward(randn(2, 32, 8, 8)).shape()).hasToString("torch.Size([2, 32, 8, 8])");
        // 32 bottleneck channels in 32 / 16 = 2 groups: each output channel sees 16 input channels
        assertThat(block.namedParameters().get("conv2.weight").shape()).hasToString("torch.Size([32, 16, 3, 3])");
    }

    @Test
    void resNeXtBlockWith1x1ConvAndStride2() {
        Tensor y = new ResNeXtBlock(16, 4, 0.5, true, 2).forward(randn(2, 8, 8, 8));

        assertThat(y.shape()).hasToString("torch.Size([2, 16, 4, 4])");
    }

    @Test
    void resNet18TrainsEveryParameter() {
        Sequential net = ResNet.resnet18(10);
        Tensor X = randn(2, 1, 96, 96);

        Tensor logits = net.forward(X);
        F.crossEntropy(logits, tensor(new int[] {3, 8})).backward();

        assertThat(logits.shape()).hasToString("torch.Size([2, 10])");
        Map<String, Tensor> named = net.namedParameters();
        assertThat(named).hasSize(76);
        named.forEach((name, p) -> {
            assertThat(p.grad()).as("gradient of %s", name).isNotNull();
            assertThat(p.grad().shape()).as("gradient of %s", name).isEqualTo(p.shape());
            for (float g : p.grad().values()) {
                assertThat(Float.isFinite(g)).as("gradient of %s is finite", name).isTrue();
            }
        });
        // weights feed the loss through every stage, so their gradients are not all zero
        for (String name : new String[] {"0.0.weight", "b2.0.conv1.weight", "b5.1.conv2.weight", "last.2.weight"}) {
            assertThat(named.get(name).grad().abs().max().item()).as("largest |gradient| of %s", name).isPositive();
        }
    }
}
