package d2l.workbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in 7.2 that its checks must catch whatever order they run in. */
class Sec7_2ChecksTest {

    private static final String WEIGHT_CHECK = "Conv2D has a rand weight and a zero bias, as parameters";

    private static Checks.Result check(Path dir, String from, String to, String name) throws IOException {
        return EditedSolution.check(dir, Section.S7_2, from, to, name);
    }

    @Test
    void aWeightDrawnWithRandnFails(@TempDir Path dir) throws IOException {
        Checks.Result result = check(dir, "rand(kernelSize)", "randn(kernelSize)", WEIGHT_CHECK);
        assertThat(result.status()).isEqualTo(Checks.Status.FAIL);
        assertThat(result.message()).contains("values in [0, 1)", "randn draws from a normal distribution");
    }

    @Test
    void aConstantWeightFails(@TempDir Path dir) throws IOException {
        Checks.Result result = check(dir, "rand(kernelSize)", "ones(kernelSize).mul(0.5)", WEIGHT_CHECK);
        assertThat(result.status()).isEqualTo(Checks.Status.FAIL);
        assertThat(result.message()).contains("the same value everywhere");
    }

    @Test
    void aCorr2dThatSetsNumbersSaysTheGraphIsBroken(@TempDir Path dir) throws IOException {
        Checks.Result result = check(dir, "mul(K).sum());", "mul(K).sum().item());",
                "gradients flow from corr2d's output to the kernel");
        assertThat(result.status()).isEqualTo(Checks.Status.FAIL);
        assertThat(result.message()).contains("no history", "set(i, j, number)", "not its .item()");
    }
}
