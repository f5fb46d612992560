package d2l.models;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.kernels.Parallel;
import d2l.nn.Sequential;
import d2l.nn.functional.F;
import d2l.optim.SGD;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A ResNet-18 training step gives the same bits for any thread count: at 32x32 its stages have
 * 8x8, 4x4, 2x2 and 1x1 planes, so the convolutions' shared path for small planes, the per-tile path
 * (the stem), batch norm, pooling and the elementwise ops all take part.
 */
class ResNetTest {

    /** The parameters after {@code steps} SGD steps of ResNet-18 on 4 images of 1x32x32, with {@code threads} threads. */
    private static Map<String, float[]> afterSteps(int steps, int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            Torch.manualSeed(0);
            Sequential net = ResNet.resnet18(10);
            Tensor x = Torch.randn(4, 1, 32, 32);
            Tensor labels = Torch.tensor(new int[] {0, 3, 7, 9});
            net.forward(x);
            SGD optimizer = new SGD(net.parameters(), 0.1);
            for (int step = 0; step < steps; step++) {
                optimizer.zeroGrad();
                F.crossEntropy(net.forward(x), labels).backward();
                optimizer.step();
            }
            Map<String, float[]> values = new LinkedHashMap<>();
            net.namedParameters().forEach((name, p) -> values.put(name, p.toArray()));
            return values;
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void aTrainingStepIsBitIdenticalForOneAndTwoThreads() {
        Map<String, float[]> one = afterSteps(2, 1);
        Map<String, float[]> two = afterSteps(2, 2);
        Map<String, float[]> initial = afterSteps(0, 1);
        assertThat(one).containsKey("b5.1.conv2.weight");
        assertThat(one.get("b5.1.conv2.weight")).as("the steps train the last stage").isNotEqualTo(initial.get("b5.1.conv2.weight"));
        assertThat(two.keySet()).containsExactlyElementsOf(one.keySet());
        one.forEach((name, values) -> assertThat(two.get(name)).as(name).isEqualTo(values));
    }
}
