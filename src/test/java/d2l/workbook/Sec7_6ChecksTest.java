package d2l.workbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What 7.6's checks tell a student whose applyInit skips the sample forward pass. */
class Sec7_6ChecksTest {

    private static final String INIT_CHECK = "applyInit and initCnn give Xavier-uniform weights";
    private static final String FORWARD = "net.forward(sample);";

    @Test
    void initCnnOnALazyLayerBeforeItsFirstForwardSaysSo(@TempDir Path dir) throws IOException {
        Checks.Result result = EditedSolution.check(dir, Section.S7_6, FORWARD, "", INIT_CHECK);
        assertThat(result.status()).isEqualTo(Checks.Status.FAIL);
        assertThat(result.message()).contains("uninitialized parameter", "no weights until its first forward pass",
                "net.forward(X) with a sample batch");
    }

    @Test
    void anInitCnnThatSkipsLazyLayersIsToldToForwardFirst(@TempDir Path dir) throws IOException {
        Checks.Result result = EditedSolution.check(dir, Section.S7_6, solution -> solution.replace(FORWARD, "")
                .replace("module instanceof Linear linear)", "module instanceof Linear linear && linear.isInitialized())")
                .replace("module instanceof Conv2d conv)", "module instanceof Conv2d conv && conv.isInitialized())"),
                INIT_CHECK);
        assertThat(result.status()).isEqualTo(Checks.Status.FAIL);
        assertThat(result.message()).contains("5 of LeNet's 5 lazy layers still have no weights",
                "no weights until the first forward pass", "net.forward(sample)");
    }
}
