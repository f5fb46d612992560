package d2l.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The profiler charges each recorded op its forward gap and each backward node its run, on its own thread only. */
class ProfilerTest {

    private static Tensor convReluLoss(Tensor x, Tensor w) {
        return F.relu(F.conv2d(x, w, null, new int[] {1, 1}, new int[] {1, 1}, 1)).sum();
    }

    @Test
    void chargesForwardAndBackwardOfEachOpWithItsShapes() {
        Torch.manualSeed(0);
        Tensor x = Torch.randn(2, 3, 5, 5);
        Tensor w = Torch.randn(4, 3, 3, 3).requiresGrad_();
        Map<Profiler.Key, Profiler.Entry> charged;
        try (Profiler profiler = Profiler.open()) {
            convReluLoss(x, w).backward();
            Profiler.mark("step");
            charged = profiler.take();
        }
        String conv = "[2, 3, 5, 5] x [4, 3, 3, 3] -> [2, 4, 5, 5]";
        assertThat(charged).containsKeys(
                new Profiler.Key(Profiler.Direction.FORWARD, "Convolution", conv),
                new Profiler.Key(Profiler.Direction.BACKWARD, "Convolution", conv),
                new Profiler.Key(Profiler.Direction.FORWARD, "Relu", "[2, 4, 5, 5] -> [2, 4, 5, 5]"),
                new Profiler.Key(Profiler.Direction.BACKWARD, "Relu", "[2, 4, 5, 5] -> [2, 4, 5, 5]"),
                new Profiler.Key(Profiler.Direction.OTHER, "step", ""));
        assertThat(charged.values()).allSatisfy(e -> {
            assertThat(e.calls()).isEqualTo(1);
            assertThat(e.nanos()).isNotNegative();
        });
    }

    @Test
    void takeStartsAnewAndClosingStops() {
        Tensor w = Torch.randn(4, 3, 3, 3).requiresGrad_();
        Tensor x = Torch.randn(1, 3, 4, 4);
        Profiler profiler = Profiler.open();
        convReluLoss(x, w);
        assertThat(profiler.take()).isNotEmpty();
        assertThat(profiler.take()).isEmpty();
        profiler.close();
        convReluLoss(x, w).backward();
        assertThat(profiler.take()).isEmpty();
    }

    @Test
    void timesOnlyTheThreadThatOpenedIt() throws Exception {
        Tensor w = Torch.randn(4, 3, 3, 3).requiresGrad_();
        Tensor x = Torch.randn(1, 3, 4, 4);
        try (Profiler profiler = Profiler.open()) {
            CompletableFuture.runAsync(() -> convReluLoss(x, w).backward()).get();
            assertThat(profiler.take()).isEmpty();
        }
    }

    @Test
    void oneProfilerAtATime() {
        try (Profiler ignored = Profiler.open()) {
            assertThatThrownBy(Profiler::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a profiler is open already");
        }
    }

    @Test
    void opNameDropsTheBackwardSuffix() {
        assertThat(Profiler.op("ConvolutionBackward0")).isEqualTo("Convolution");
        assertThat(Profiler.op("MeanBackward")).isEqualTo("Mean");
        assertThat(Profiler.op("Custom")).isEqualTo("Custom");
    }
}
