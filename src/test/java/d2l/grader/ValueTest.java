package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import org.junit.jupiter.api.Test;

/** The values a check compares, and the randomized inputs written into its calls. */
class ValueTest {

    @Test
    void tensorsKeepExactlyTheirValues() {
        Tensor t = Torch.tensor(new float[] {0.1f, -0f, 1e-30f, Float.NaN, 3.4028235e38f, 1f / 3}).reshape(2, 3);
        Value v = Value.of(t, true);
        assertThat(v.kind()).isEqualTo(Value.Kind.TENSOR);
        assertThat(v.shape()).containsExactly(2, 3);
        assertThat(v.tensor().toArray()).containsExactly(t.toArray());
        assertThat(Value.of(t, false).values()).isNull();
        assertThat(Value.of(t.shape(), true).shown()).isEqualTo("torch.Size([2, 3])");
        assertThat(Value.of(12L, true).text()).isEqualTo("12");
    }

    @Test
    void randomizedInputsAreWrittenExactly() {
        Tensor t = Torch.tensor(new float[] {0.1f, -2.5e-7f, 123456.79f, 1f / 3}).reshape(2, 2);
        assertThat(Torch.tensor(RandomizedChecks.literal(t)).toArray()).containsExactly(t.toArray());
    }
}
