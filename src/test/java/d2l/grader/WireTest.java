package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The messages between the grader and its child JVM, and the values they carry. */
class WireTest {

    @Test
    void anyTextSurvivesOneLine() {
        Map<String, String> m = Wire.message("op", "case", "in.X", "tensor([[1.0, 2.0],\n [3.0, 4.0]])", "odd", "a&b=c%d é \u001e");
        String line = Wire.encode(m);
        assertThat(line).doesNotContain("\n");
        assertThat(Wire.decode(line)).isEqualTo(m).containsKey("in.X");
    }

    @Test
    void tensorsTravelWithExactlyTheirValues() {
        Tensor t = Torch.tensor(new float[] {0.1f, -0f, 1e-30f, Float.NaN, 3.4028235e38f, 1f / 3}).reshape(2, 3);
        Value v = Value.from(Value.of(t, true).fields());
        assertThat(v.kind()).isEqualTo(Value.Kind.TENSOR);
        assertThat(v.shape()).containsExactly(2, 3);
        assertThat(v.tensor().toArray()).containsExactly(t.toArray());
        assertThat(Value.from(Value.of(t, false).fields()).values()).isNull();
        assertThat(Value.from(Value.of(t.shape(), true).fields()).shown()).isEqualTo("torch.Size([2, 3])");
        assertThat(Value.from(Value.of(12L, true).fields()).text()).isEqualTo("12");
        assertThat(Value.from(Value.of(java.util.List.of(1), true).fields()).shown()).startsWith("List12: [1]");
    }

    @Test
    void randomizedInputsAreWrittenExactly() {
        Tensor t = Torch.tensor(new float[] {0.1f, -2.5e-7f, 123456.79f, 1f / 3}).reshape(2, 2);
        assertThat(Torch.tensor(RandomizedChecks.literal(t)).toArray()).containsExactly(t.toArray());
    }
}
