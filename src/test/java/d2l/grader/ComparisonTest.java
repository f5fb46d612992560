package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.tensor.Size;
import d2l.tensor.Torch;
import org.junit.jupiter.api.Test;

/** How a case's result is judged and the difference worded. */
class ComparisonTest {

    private static String mismatch(Object expected, Object got) {
        return Comparison.mismatch(new Expected(expected, null, null), 1e-5, Value.of(got, true), "");
    }

    @Test
    void tensorsAgreeWithinTheToleranceAndOtherwiseShowTheFirstWrongElement() {
        assertThat(mismatch(Torch.tensor("[[19.0, 25.0], [37.0, 43.0]]"), Torch.tensor("[[19.0, 25.000001], [37.0, 43.0]]"))).isNull();
        assertThat(mismatch(Torch.tensor("[[19.0, 25.0], [37.0, 43.0]]"), Torch.tensor("[[19.0, 25.0], [36.0, 43.0]]")))
                .isEqualTo("wrong values in 1 of 4 elements\nfirst wrong element: [1, 0]: expected 37.0, got 36.0 (tolerance 1e-5)\n"
                        + "expected tensor([[19., 25.],\n                 [37., 43.]])\n"
                        + "got      tensor([[19., 25.],\n                 [36., 43.]])");
    }

    @Test
    void shapesAreComparedFirst() {
        assertThat(mismatch(Torch.tensor("[[1.0, 2.0]]"), Torch.tensor("[1.0, 2.0]")))
                .isEqualTo("expected shape torch.Size([1, 2]), got torch.Size([2])");
        assertThat(mismatch(Size.of(4, 6, 3, 3), Size.of(4, 6, 3, 3))).isNull();
        assertThat(mismatch(Size.of(4, 6, 3, 3), Torch.zeros(4, 6, 3, 3))).isNull();
        assertThat(mismatch(Size.of(2, 2), Size.of(1, 1))).isEqualTo("expected shape torch.Size([2, 2]), got torch.Size([1, 1])");
        // a tensor too big to travel with its values is still told its shape
        assertThat(Comparison.mismatch(new Expected(Torch.zeros(2, 2), null, null), 1e-5, Value.of(Torch.zeros(1025, 1024), true), ""))
                .isEqualTo("expected shape torch.Size([2, 2]), got torch.Size([1025, 1024])");
        assertThat(mismatch(Torch.ones(1), 3L)).isEqualTo("expected a tensor, got 3");
    }

    @Test
    void numbersBooleansAndText() {
        assertThat(mismatch(1_000_000_000_000L, 1_000_000_000_000L)).isNull();
        assertThat(mismatch(8L, 7)).isEqualTo("expected 8, got 7");
        assertThat(mismatch(true, false)).isEqualTo("expected true, got false");
        assertThat(Comparison.mismatch(new Expected(null, "Conv2d output shape:      torch.Size([1, 6])", null), 0,
                Value.of("Conv2d output shape:\t torch.Size([1, 6])\n", true), "")).isNull();
        assertThat(Comparison.mismatch(new Expected(null, null, "epoch 2, loss 5.894"), 0, Value.of(null, true), "epoch 2, loss 5.895\n"))
                .isEqualTo("printed the wrong lines\nexpected\n  epoch 2, loss 5.894\ngot\n  epoch 2, loss 5.895");
    }

    @Test
    void printedLinesNameTheFirstLineThatDiffers() {
        String expected = "Conv2d output shape: torch.Size([1, 6, 28, 28])\nSigmoid output shape: torch.Size([1, 6, 28, 28])\n";
        String printed = "Conv2d output shape:   torch.Size([1, 6, 28, 28])\nReLU output shape: torch.Size([1, 6, 28, 28])\n";
        assertThat(Comparison.mismatch(new Expected(null, null, expected), 1e-5, Value.of(null, false), printed))
                .startsWith("printed the wrong lines: line 2 differs\n  expected: Sigmoid output shape: torch.Size([1, 6, 28, 28])\n"
                        + "  got:      ReLU output shape: torch.Size([1, 6, 28, 28])\nexpected\n");
        assertThat(Comparison.firstDifference("a\nb", "a\nb\nc")).isEqualTo(": line 3 differs\n  expected: (no line)\n  got:      c");
        assertThat(Comparison.firstDifference("a  b", "a b")).isEmpty();
    }
}
