package d2l.workbook;

import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;

import d2l.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each common learnKernel mistake is told apart by its epoch losses (7.2, "Learning a Kernel"). */
class LearnKernelDiagnosisTest {

    private static final Tensor X = edgeImage();
    private static final Tensor Y = tensor("[" + "[0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0], ".repeat(5) + "[0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0]]");
    private static final Tensor K0 = tensor("[[0.56348, 0.02126]]");

    private static Tensor edgeImage() {
        Tensor x = ones(6, 8);
        x.set(":, 2:6", 0);
        return x;
    }

    private static String explain(List<Double> losses) {
        return LearnKernelDiagnosis.explain(X, Y, K0, losses);
    }

    @Test
    void theBooksProtocolNeedsNoExplanation() {
        List<Double> book = LearnKernelDiagnosis.protocol(X, Y, K0, 1.0, true);
        assertThat(book.get(1)).isCloseTo(5.894, org.assertj.core.data.Offset.offset(5e-4)); // [001] prints "epoch 2, loss 5.894"
        assertThat(explain(book)).isEmpty();
    }

    @Test
    void theMeanInsteadOfTheSum() {
        List<Double> mean = LearnKernelDiagnosis.protocol(X, Y, K0, 1.0 / 42, true).stream().map(l -> l / 42).toList();
        assertThat(explain(mean)).contains("mean of the squared errors").contains("l.sum()")
                .contains("epoch      yours   the book's protocol");
    }

    @Test
    void gradientsThatAddUpWithoutZeroGrad() {
        assertThat(explain(LearnKernelDiagnosis.protocol(X, Y, K0, 1.0, false))).contains("call zeroGrad()");
    }

    @Test
    void theGradientOfTheMean() {
        assertThat(explain(LearnKernelDiagnosis.protocol(X, Y, K0, 1.0 / 42, true))).contains("42 times too small");
    }

    @Test
    void aLearningRateTenTimesTooSmall() {
        assertThat(explain(LearnKernelDiagnosis.protocol(X, Y, K0, 0.1, true))).contains("a learning rate of 0.003; the book's is 3e-2");
    }

    @Test
    void tooFewEpochs() {
        assertThat(explain(LearnKernelDiagnosis.protocol(X, Y, K0, 1.0, true).subList(0, 9))).contains("exactly 10 epochs");
    }

    @Test
    void aWrongFirstLoss() {
        List<Double> doubled = LearnKernelDiagnosis.protocol(X, Y, K0, 1.0, true).stream().map(l -> 2 * l).toList();
        assertThat(explain(doubled)).contains("already the first loss differs");
    }
}
