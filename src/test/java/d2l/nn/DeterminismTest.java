package d2l.nn;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;

import d2l.kernels.Parallel;
import d2l.models.LeNet;
import d2l.models.ResNeXtBlock;
import d2l.models.Residual;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Networks give bit-identical outputs and parameter gradients on 1, 2 or 3 threads: every kernel
 * cuts its work by problem size only, so a seeded training step reproduces on any machine.
 */
class DeterminismTest {

    private static final int[] THREAD_COUNTS = {1, 2, 3};

    private int originalThreads;

    @BeforeEach
    void rememberThreads() {
        originalThreads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(originalThreads);
    }

    /** A named result: the output or one parameter's gradient. */
    private record Result(String name, float[] values) {}

    /** Runs {@code step} once per thread count and asserts every result is bit for bit the one of 1 thread. */
    private static void sameOnEveryThreadCount(Supplier<List<Result>> step) {
        List<Result> reference = null;
        for (int threads : THREAD_COUNTS) {
            Parallel.setThreads(threads);
            List<Result> results = step.get();
            if (reference == null) {
                reference = results;
                continue;
            }
            assertThat(results).hasSameSizeAs(reference);
            for (int i = 0; i < results.size(); i++) {
                float[] expected = reference.get(i).values();
                float[] actual = results.get(i).values();
                // Arrays.equals on float[] compares bit patterns (it tells -0 from 0)
                assertThat(Arrays.equals(actual, expected))
                        .as("%s on %d threads differs from 1 thread, first at element %d",
                                results.get(i).name(), threads, Arrays.mismatch(actual, expected))
                        .isTrue();
            }
        }
    }

    /** Forward, a cross-entropy loss or a weighted sum, backward; returns the output and every gradient. */
    private static List<Result> forwardBackward(Module net, Tensor x, Tensor labels) {
        Tensor y = net.forward(x);
        Tensor loss = labels != null ? F.crossEntropy(y, labels) : y.mul(randn(y.shape().toArray())).sum();
        loss.backward();
        List<Result> results = new ArrayList<>();
        results.add(new Result("output", y.toArray()));
        results.add(new Result("loss", loss.toArray()));
        for (Map.Entry<String, Tensor> p : net.namedParameters().entrySet()) {
            assertThat(p.getValue().grad()).as("gradient of %s", p.getKey()).isNotNull();
            results.add(new Result(p.getKey() + ".grad", p.getValue().grad().toArray()));
        }
        for (Map.Entry<String, Tensor> b : net.namedBuffers().entrySet()) {
            results.add(new Result(b.getKey(), b.getValue().toArray()));
        }
        return results;
    }

    @Test
    void leNetStepIsTheSameOnEveryThreadCount() {
        sameOnEveryThreadCount(() -> {
            manualSeed(0);
            Sequential net = LeNet.classic(10);
            Tensor x = randn(16, 1, 28, 28);
            int[] labels = new int[16];
            for (int i = 0; i < 16; i++) {
                labels[i] = (i * 7) % 10;
            }
            return forwardBackward(net, x, tensor(labels));
        });
    }

    @Test
    void modernLeNetStepIsTheSameOnEveryThreadCount() {
        sameOnEveryThreadCount(() -> {
            manualSeed(1);
            Sequential net = LeNet.modern(10);
            return forwardBackward(net, randn(16, 1, 28, 28), tensor(new int[] {
                    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5}));
        });
    }

    @Test
    void residualBlockIsTheSameOnEveryThreadCount() {
        sameOnEveryThreadCount(() -> {
            manualSeed(2);
            Residual block = new Residual(8, true, 2);
            return forwardBackward(block, randn(4, 4, 12, 12), null);
        });
    }

    @Test
    void resNeXtBlockIsTheSameOnEveryThreadCount() {
        sameOnEveryThreadCount(() -> {
            manualSeed(3);
            ResNeXtBlock block = new ResNeXtBlock(16, 4, 1, true, 1);
            return forwardBackward(block, randn(4, 8, 10, 10), null);
        });
    }
}
