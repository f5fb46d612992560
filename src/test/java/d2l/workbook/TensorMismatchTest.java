package d2l.workbook;

import static d2l.tensor.Torch.arange;
import static d2l.tensor.Torch.tensor;
import static d2l.tensor.Torch.zeros;
import static org.assertj.core.api.Assertions.assertThat;

import d2l.tensor.DType;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** What a student reads when a tensor is not the expected one: shapes first, then the wrong elements. */
class TensorMismatchTest {

    @Test
    void differentShapesNameBothSizesAndNoValues() {
        assertThat(TensorMismatch.of(zeros(2, 2), zeros(3, 3), 1e-5)).isEqualTo("expected shape torch.Size([2, 2]), got torch.Size([3, 3])");
        assertThat(TensorMismatch.shapes(Size.of(1, 2), Size.of(1, 2))).isNull();
    }

    @Test
    void smallTensorsAreShownWholeAfterTheFirstWrongElement() {
        assertThat(TensorMismatch.of(tensor("[[19.0, 25.0], [37.0, 43.0]]"), tensor("[[19.0, 25.000001], [37.0, 43.0]]"), 1e-5)).isNull();
        assertThat(TensorMismatch.of(tensor("[[19.0, 25.0], [37.0, 43.0]]"), tensor("[[19.0, 25.0], [36.0, 42.0]]"), 1e-5))
                .isEqualTo("""
                        wrong values in 2 of 4 elements
                        first wrong element: [1, 0]: expected 37.0, got 36.0 (tolerance 1e-5)
                        expected tensor([[19., 25.],
                                         [37., 43.]])
                        got      tensor([[19., 25.],
                                         [36., 42.]])""");
    }

    /** A 4-D batch shows only the 8 x 8 window of the channel holding the first wrong element. */
    @Test
    void bigTensorsShowAWindowAroundTheFirstWrongElement() {
        Tensor expected = arange(2 * 4 * 20 * 20, DType.FLOAT32).reshape(2, 4, 20, 20);
        Tensor got = expected.clone();
        got.get(1, 3, 17, 2).fill_(5000f);
        got.get(1, 3, 18, 9).fill_(5000f);
        String message = TensorMismatch.of(expected, got, 0);
        assertThat(message).startsWith("""
                wrong values in 2 of 3200 elements
                first wrong element: [1, 3, 17, 2]: expected 3142.0, got 5000.0
                expected[1, 3, 12:20, 0:8] tensor([[3040., 3041.,""");
        assertThat(message).contains("\ngot[1, 3, 12:20, 0:8]      tensor([[3040., 3041.,", "[3140., 3141., 5000., 3143.,")
                .doesNotContain("3039.", "3048.", "3150.");
        assertThat(message.lines()).hasSize(2 + 2 * 8);
    }

    @Test
    void aWindowCoversTheWholeOfADimensionThatFits() {
        assertThat(TensorMismatch.Window.around(new int[] {1, 6, 5, 28}, new int[] {0, 3, 2, 27}).label()).isEqualTo("[0, 3, :, 20:28]");
        assertThat(TensorMismatch.Window.around(new int[] {100}, new int[] {1}).label()).isEqualTo("[0:8]");
    }

    /** NaN equals NaN (PyTorch's equal_nan=True); NaN where a number is expected, or the other way round, is wrong. */
    @Test
    void nanIsEqualToNanOnly() {
        assertThat(TensorMismatch.of(tensor("[1.0, nan]"), tensor("[1.0, nan]"), 1e-5)).isNull();
        assertThat(TensorMismatch.of(tensor("[1.0, 2.0]"), tensor("[1.0, nan]"), 1e-5))
                .startsWith("wrong values in 1 of 2 elements\nfirst wrong element: [1]: expected 2.0, got NaN (tolerance 1e-5)");
        assertThat(TensorMismatch.of(tensor("[nan, 2.0]"), tensor("[1.0, 2.0]"), 1e-5)).contains("[0]: expected NaN, got 1.0");
    }

    @Test
    void sizeIndexIsTheRowMajorMultiIndex() {
        assertThat(Size.of(2, 3).index(5)).containsExactly(1, 2);
        assertThat(Size.of(2, 4, 20, 20).index(3142)).containsExactly(1, 3, 17, 2);
    }
}
