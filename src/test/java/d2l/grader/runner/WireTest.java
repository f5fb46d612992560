package d2l.grader.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The messages between the grader and its runner JVM. */
class WireTest {

    @Test
    void anyTextSurvivesOneLine() {
        Map<String, String> m = Wire.message("op", "case", "in.X", "tensor([[1.0, 2.0],\n [3.0, 4.0]])", "odd", "a&b=c%d é \u001e");
        String line = Wire.encode(m);
        assertThat(line).doesNotContain("\n");
        assertThat(Wire.decode(line)).isEqualTo(m).containsKey("in.X");
    }
}
