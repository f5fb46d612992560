package d2l.workbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes with Java's int arithmetic in 7.1 and 7.3, and the hints their checks give. */
class IntegerMistakesTest {

    @Test
    void anIntProductThatOverflowsIsNamed(@TempDir Path dir) throws IOException {
        Checks.Result result = EditedSolution.check(dir, Section.S7_1, "long pixels = (long) h * w;", "int pixels = h * w;",
                "fullyConnectedWeights(1000, 1000) is 10^12");
        assertThat(result.status()).isEqualTo(Checks.Status.FAIL);
        assertThat(result.message()).contains("-727379968 is 1000000000000 cut to 32 bits", "(long) h * w");
    }

    @Test
    void anOutputSizeThatRoundsUpIsTold(@TempDir Path dir) throws IOException {
        Checks.Result result = EditedSolution.check(dir, Section.S7_3, "return Math.floorDiv(n - k + p + s, s);",
                "return (int) Math.round((n - k + p + s) / (double) s);", "outputSize gives the section's four sizes");
        assertThat(result.status()).isEqualTo(Checks.Status.FAIL);
        assertThat(result.message()).contains("outputSize(8, 3, 2, 2)", "9 / 2 = 4.5 gives 4", "rounds up");
    }

    @Test
    void outputSizeHintsNameTheLikelyMistake() {
        assertThat(Sec7_3Checks.outputSizeHint(8, 3, 2, 2, 4)).isEmpty();
        assertThat(Sec7_3Checks.outputSizeHint(8, 3, 2, 1, 10)).contains("total padding", "do not double it");
        assertThat(Sec7_3Checks.outputSizeHint(8, 3, 0, 3, 3)).contains("rounds down");
        assertThat(Sec7_3Checks.outputSizeHint(8, 3, 2, 2, 8)).contains("divide by the stride");
        assertThat(Sec7_3Checks.outputSizeHint(8, 5, 2, 4, 1)).contains("add s before dividing");
        assertThat(Sec7_3Checks.outputSizeHint(8, 3, 2, 1, 7)).isEmpty();
    }
}
