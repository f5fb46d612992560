package d2l.train;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.models.LeNet;
import d2l.nn.Module;
import d2l.nn.functional.F;
import d2l.optim.SGD;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up runs every kernel of a LeNet step, and nothing a run computes depends on it. */
class WarmupTest {

    /** A gradient on every parameter means the backward kernels of conv, pooling, batch norm and linear all ran. */
    @Test
    void aRoundReachesEveryParameterThroughTheBackwardKernels() {
        for (Tensor p : Warmup.round()) {
            assertThat(p.grad()).as("gradient of a %s parameter", p.shape()).isNotNull();
            assertThat(p.grad().abs().sum().item()).as("gradient of a %s parameter", p.shape()).isGreaterThan(0);
        }
    }

    @Test
    void itDrawsNoRandomNumbers() throws InterruptedException {
        Torch.manualSeed(5);
        Tensor expected = Torch.rand(8);
        Torch.manualSeed(5);
        Warmup.start().finish();
        assertThat(Torch.rand(8).equal(expected)).isTrue();
    }

    @Test
    void finishWaitsForTheMinimumRounds() throws InterruptedException {
        assertThat(Warmup.start().finish()).isGreaterThanOrEqualTo(Warmup.MIN_ROUNDS);
    }

    @Test
    void inTheBackgroundItDoesTheMinimumRoundsAndEnds() throws InterruptedException {
        Warmup background = Warmup.inBackground();
        background.thread().join(120_000);
        assertThat(background.thread().isAlive()).as("still warming after two minutes").isFalse();
        assertThat(background.finish()).isEqualTo(Warmup.MIN_ROUNDS);
    }

    /** Training beside a running warm-up (sharing the thread pool) gives bit-identical numbers. */
    @Test
    void aStepTakenWhileWarmingIsBitIdentical() throws InterruptedException {
        List<Tensor> alone = lenetStep();
        Warmup warming = Warmup.start();
        List<Tensor> beside = lenetStep();
        warming.finish();
        for (int i = 0; i < alone.size(); i++) {
            assertThat(beside.get(i).equal(alone.get(i))).as("tensor %d", i).isTrue();
        }
    }

    /** The loss and the updated parameters of one SGD step of the book's LeNet from seed 0. */
    private static List<Tensor> lenetStep() {
        Torch.manualSeed(0);
        Module net = LeNet.classic(10);
        Tensor x = Torch.randn(10, 1, 28, 28);
        Tensor labels = Torch.arange(10);
        Tensor loss = F.crossEntropy(net.forward(x), labels);
        loss.backward();
        new SGD(net.parameters(), 0.1).step();
        List<Tensor> out = new ArrayList<>(net.parameters());
        out.add(loss.detach());
        return out;
    }
}
