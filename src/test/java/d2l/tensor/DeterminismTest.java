package d2l.tensor;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static org.assertj.core.api.Assertions.assertThat;

import d2l.kernels.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same seeded computation gives bit-identical results on 1, 2 or 3 threads: kernels cut their
 * work into chunks that depend only on the problem size, so rounding never depends on the machine.
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

    /** Runs {@code computation} once per thread count and asserts the arrays are bit for bit the same. */
    private static void sameOnEveryThreadCount(Supplier<List<float[]>> computation) {
        List<float[]> reference = null;
        for (int threads : THREAD_COUNTS) {
            Parallel.setThreads(threads);
            List<float[]> result = computation.get();
            if (reference == null) {
                reference = result;
                continue;
            }
            assertThat(result).hasSameSizeAs(reference);
            for (int i = 0; i < result.size(); i++) {
                float[] expected = reference.get(i);
                float[] actual = result.get(i);
                // Arrays.equals on float[] compares bit patterns (it tells -0 from 0)
                assertThat(Arrays.equals(actual, expected))
                        .as("result %d on %d threads differs from 1 thread, first at element %d",
                                i, threads, Arrays.mismatch(actual, expected))
                        .isTrue();
            }
        }
    }

    @Test
    void seededRandnIsTheSame() {
        sameOnEveryThreadCount(() -> {
            manualSeed(42);
            return List.of(randn(300, 500).toArray(), Torch.rand(1000).toArray());
        });
    }

    @Test
    void bigMatmulIsTheSame() {
        manualSeed(1);
        Tensor a = randn(300, 500);
        Tensor b = randn(500, 200);
        sameOnEveryThreadCount(() -> List.of(
                a.matmul(b).toArray(),
                a.get(":100").t().matmul(a.get(":100, :200")).toArray(),   // a transposed operand
                a.get(":30").reshape(3, 10, 500).matmul(b).toArray()));    // a batch against one matrix
    }

    @Test
    void sumOverAMillionElementsIsTheSame() {
        manualSeed(2);
        Tensor x = randn(1000, 1000);
        sameOnEveryThreadCount(() -> List.of(
                x.sum().toArray(),
                x.mean().toArray(),
                x.sum(0).toArray(),
                x.sum(1).toArray(),
                x.reshape(1_000_000).sum().toArray()));
    }

    @Test
    void bigElementwiseOpsAreTheSame() {
        manualSeed(3);
        Tensor x = randn(500, 1000);   // many times the kernels' grain, so the work is split
        Tensor row = randn(1000);
        Tensor column = randn(500, 1);
        sameOnEveryThreadCount(() -> List.of(
                x.mul(row).add(1).toArray(),
                x.sigmoid().toArray(),
                x.t().exp().toArray(),
                x.maximum(column).toArray()));
    }

    @Test
    void forwardAndBackwardOfASmallChainAreTheSame() {
        sameOnEveryThreadCount(() -> {
            manualSeed(4);
            Tensor x = randn(64, 100);
            Tensor w1 = randn(100, 50).mul(0.1).requiresGrad_();
            Tensor b1 = Torch.zeros(50).requiresGrad_();
            Tensor w2 = randn(50, 10).mul(0.1).requiresGrad_();
            Tensor h = x.matmul(w1).add(b1).relu();
            Tensor loss = h.matmul(w2).sigmoid().sub(0.5).pow(2).mean();
            loss.backward();
            List<float[]> out = new ArrayList<>();
            out.add(loss.toArray());
            out.add(w1.grad().toArray());
            out.add(b1.grad().toArray());
            out.add(w2.grad().toArray());
            return out;
        });
    }
}
