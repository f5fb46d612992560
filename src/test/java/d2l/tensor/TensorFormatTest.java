package d2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins {@link TensorFormat} to what PyTorch prints. The multi-line strings are outputs from the book;
 * the others follow {@code torch/_tensor_str.py} step by step (the derivation is in each comment).
 */
class TensorFormatTest {

    private static String floats(float[] values, int... shape) {
        return TensorFormat.format(values, shape, DType.FLOAT32);
    }

    private static float[] arange(int start, int end) {
        float[] values = new float[end - start];
        for (int i = 0; i < values.length; i++) {
            values[i] = start + i;
        }
        return values;
    }

    private static float[] repeatRows(int rows, float... row) {
        float[] values = new float[rows * row.length];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, values, r * row.length, row.length);
        }
        return values;
    }

    @Nested
    class OutputsFromTheBook {

        @Test
        void crossCorrelationResult() {
            assertThat(floats(new float[] {19, 25, 37, 43}, 2, 2)).isEqualTo("""
                    tensor([[19., 25.],
                            [37., 43.]])""");
        }

        @Test
        void edgeDetectionPadsZerosToTheWidthOfMinusOne() {
            assertThat(floats(repeatRows(6, 0, 1, 0, 0, 0, -1, 0), 6, 7)).isEqualTo("""
                    tensor([[ 0.,  1.,  0.,  0.,  0., -1.,  0.],
                            [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
                            [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
                            [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
                            [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
                            [ 0.,  1.,  0.,  0.,  0., -1.,  0.]])""");
        }

        @Test
        void transposedImageFindsNoEdges() {
            assertThat(floats(new float[8 * 5], 8, 5)).isEqualTo("""
                    tensor([[0., 0., 0., 0., 0.],
                            [0., 0., 0., 0., 0.],
                            [0., 0., 0., 0., 0.],
                            [0., 0., 0., 0., 0.],
                            [0., 0., 0., 0., 0.],
                            [0., 0., 0., 0., 0.],
                            [0., 0., 0., 0., 0.],
                            [0., 0., 0., 0., 0.]])""");
        }

        @Test
        void learnedKernelWithFourDecimals() {
            assertThat(floats(new float[] {1.0230f, -0.9602f}, 1, 2)).isEqualTo("tensor([[ 1.0230, -0.9602]])");
        }

        @Test
        void blackAndWhiteImage() {
            assertThat(floats(repeatRows(6, 1, 1, 0, 0, 0, 0, 1, 1), 6, 8)).isEqualTo("""
                    tensor([[1., 1., 0., 0., 0., 0., 1., 1.],
                            [1., 1., 0., 0., 0., 0., 1., 1.],
                            [1., 1., 0., 0., 0., 0., 1., 1.],
                            [1., 1., 0., 0., 0., 0., 1., 1.],
                            [1., 1., 0., 0., 0., 0., 1., 1.],
                            [1., 1., 0., 0., 0., 0., 1., 1.]])""");
        }

        @Test
        void fourDimensionalArange() {
            assertThat(floats(arange(0, 16), 1, 1, 4, 4)).isEqualTo("""
                    tensor([[[[ 0.,  1.,  2.,  3.],
                              [ 4.,  5.,  6.,  7.],
                              [ 8.,  9., 10., 11.],
                              [12., 13., 14., 15.]]]])""");
        }

        @Test
        void twoChannelsAreSeparatedByABlankLine() {
            float[] values = new float[32];
            System.arraycopy(arange(0, 16), 0, values, 0, 16);
            System.arraycopy(arange(1, 17), 0, values, 16, 16);
            assertThat(floats(values, 1, 2, 4, 4)).isEqualTo("""
                    tensor([[[[ 0.,  1.,  2.,  3.],
                              [ 4.,  5.,  6.,  7.],
                              [ 8.,  9., 10., 11.],
                              [12., 13., 14., 15.]],

                             [[ 1.,  2.,  3.,  4.],
                              [ 5.,  6.,  7.,  8.],
                              [ 9., 10., 11., 12.],
                              [13., 14., 15., 16.]]]])""");
        }

        @Test
        void stackedMultiOutputChannels() {
            float[] values = {56, 72, 104, 120, 76, 100, 148, 172, 96, 128, 192, 224};
            assertThat(floats(values, 3, 2, 2)).isEqualTo("""
                    tensor([[[ 56.,  72.],
                             [104., 120.]],

                            [[ 76., 100.],
                             [148., 172.]],

                            [[ 96., 128.],
                             [192., 224.]]])""");
        }
    }

    /** Which notation the formatter picks and how it rounds, shown on short 1-D tensors. */
    static Stream<Arguments> notations() {
        return Stream.of(
                // Nonzero magnitudes below 1e-4: scientific, width 10 from "1.0000e-05".
                Arguments.of(new float[] {1e-5f, 1f}, "tensor([1.0000e-05, 1.0000e+00])"),
                Arguments.of(new float[] {-1e-5f, 1f}, "tensor([-1.0000e-05,  1.0000e+00])"),
                // Whole numbers above 1e8, or spanning more than a factor 1000, are scientific too.
                Arguments.of(new float[] {1e10f}, "tensor([1.0000e+10])"),
                Arguments.of(new float[] {1.5e8f}, "tensor([1.5000e+08])"),
                Arguments.of(new float[] {1, 2000}, "tensor([1.0000e+00, 2.0000e+03])"),
                // A ratio of exactly 1000 is not "> 1000": int mode, width len("1000") + 1.
                Arguments.of(new float[] {1, 1000}, "tensor([   1., 1000.])"),
                Arguments.of(new float[] {0.5f, 12.25f}, "tensor([ 0.5000, 12.2500])"),
                // The double value of 0.1f is 0.10000000149..., printed with 4 decimals.
                Arguments.of(new float[] {0.1f}, "tensor([0.1000])"),
                // Python rounds the exact binary value half to even: 0.03125 -> 0.0312 (Java's %.4f gives
                // 0.0313), 0.09375 -> 0.0938, and 0.00125f is 0.0012499999... -> 0.0012.
                Arguments.of(new float[] {0.00125f, 0.03125f, 0.09375f}, "tensor([0.0012, 0.0312, 0.0938])"),
                // Negative zero keeps its sign; zeros never widen the column, so "-0." sticks out.
                Arguments.of(new float[] {-0f, 1f}, "tensor([-0., 1.])"),
                Arguments.of(new float[] {-0f, 0.5f}, "tensor([-0.0000, 0.5000])"),
                // nan and inf do not count for the width and get no "." in int mode.
                Arguments.of(new float[] {1, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY},
                        "tensor([1., nan, inf, -inf])"),
                Arguments.of(new float[] {1.5f, Float.NaN, Float.POSITIVE_INFINITY}, "tensor([1.5000,    nan,    inf])"),
                Arguments.of(new float[] {Float.NaN, Float.NaN}, "tensor([nan, nan])"));
    }

    @ParameterizedTest
    @MethodSource("notations")
    void picksPyTorchsNotation(float[] values, String expected) {
        assertThat(floats(values, values.length)).isEqualTo(expected);
    }

    @Test
    void zeroDimensionalTensors() {
        assertThat(floats(new float[] {3})).isEqualTo("tensor(3.)");
        assertThat(floats(new float[] {5.894f})).isEqualTo("tensor(5.8940)");
        assertThat(floats(new float[] {-0f})).isEqualTo("tensor(-0.)");
        assertThat(floats(new float[] {Float.NaN})).isEqualTo("tensor(nan)");
        assertThat(TensorFormat.format(new float[] {3}, new int[0], DType.INT64)).isEqualTo("tensor(3)");
        assertThat(TensorFormat.format(new float[] {1}, new int[0], DType.BOOL)).isEqualTo("tensor(True)");
    }

    @Test
    void int64PrintsWithoutADot() {
        assertThat(TensorFormat.format(new float[] {0, 3, 1}, new int[] {3}, DType.INT64)).isEqualTo("tensor([0, 3, 1])");
        assertThat(TensorFormat.format(new float[] {0, 1, 10}, new int[] {3}, DType.INT64)).isEqualTo("tensor([ 0,  1, 10])");
        assertThat(TensorFormat.format(new float[] {-1, 2}, new int[] {2}, DType.INT64)).isEqualTo("tensor([-1,  2])");
    }

    @Test
    void boolPrintsTrueAndFalseAlignedToFalse() {
        assertThat(TensorFormat.format(new float[] {1, 0, 1}, new int[] {3}, DType.BOOL))
                .isEqualTo("tensor([ True, False,  True])");
        assertThat(TensorFormat.format(new float[] {0, 0, 0, 1}, new int[] {2, 2}, DType.BOOL)).isEqualTo("""
                tensor([[False, False],
                        [False,  True]])""");
    }

    @Test
    void emptyTensorsSpellOutShapeAndDtype() {
        assertThat(floats(new float[0], 0)).isEqualTo("tensor([])");
        assertThat(floats(new float[0], 0, 3)).isEqualTo("tensor([], size=(0, 3))");
        assertThat(TensorFormat.format(new float[0], new int[] {0}, DType.INT64)).isEqualTo("tensor([], dtype=torch.int64)");
        assertThat(TensorFormat.format(new float[0], new int[] {2, 0, 3}, DType.BOOL))
                .isEqualTo("tensor([], size=(2, 0, 3), dtype=torch.bool)");
        assertThat(TensorFormat.format(new float[0], new int[] {0}, DType.FLOAT32, "requires_grad=True"))
                .isEqualTo("tensor([], requires_grad=True)");
    }

    @Test
    void longRowsWrapAtEightyCharacters() {
        // Width 6 plus ", " is 8 characters; (80 - 7) / 8 = 9 elements per line.
        float[] values = new float[30];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i + 1) / 10f;
        }
        assertThat(floats(values, 30)).isEqualTo("""
                tensor([0.1000, 0.2000, 0.3000, 0.4000, 0.5000, 0.6000, 0.7000, 0.8000, 0.9000,
                        1.0000, 1.1000, 1.2000, 1.3000, 1.4000, 1.5000, 1.6000, 1.7000, 1.8000,
                        1.9000, 2.0000, 2.1000, 2.2000, 2.3000, 2.4000, 2.5000, 2.6000, 2.7000,
                        2.8000, 2.9000, 3.0000])""");
    }

    @Nested
    class Summarisation {

        @Test
        void int64ShowsThreeAtEachEnd() {
            assertThat(TensorFormat.format(arange(0, 2000), new int[] {2000}, DType.INT64))
                    .isEqualTo("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])");
        }

        @Test
        void floatsWithinAFactorThousandStayInIntMode() {
            assertThat(floats(arange(1000, 3000), 2000))
                    .isEqualTo("tensor([1000., 1001., 1002.,  ..., 2997., 2998., 2999.])");
        }

        @Test
        void floatArangeSpansMoreThanAFactorThousand() {
            // Shown: 0, 1, 2, 1997, 1998, 1999; 1999 / 1 > 1000 gives scientific notation, width 10,
            // so (80 - 7) / 12 = 6 elements per line and the last one wraps, as in PyTorch.
            assertThat(floats(arange(0, 2000), 2000)).isEqualTo("""
                    tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,
                            1.9990e+03])""");
        }

        @Test
        void hiddenElementsDoNotWidenTheColumns() {
            float[] values = new float[2000];
            values[1000] = 123456789f;
            assertThat(floats(values, 2000)).isEqualTo("tensor([0., 0., 0.,  ..., 0., 0., 0.])");
        }

        @Test
        void matrixOfOnes() {
            float[] values = new float[100 * 100];
            java.util.Arrays.fill(values, 1f);
            assertThat(floats(values, 100, 100)).isEqualTo("""
                    tensor([[1., 1., 1.,  ..., 1., 1., 1.],
                            [1., 1., 1.,  ..., 1., 1., 1.],
                            [1., 1., 1.,  ..., 1., 1., 1.],
                            ...,
                            [1., 1., 1.,  ..., 1., 1., 1.],
                            [1., 1., 1.,  ..., 1., 1., 1.],
                            [1., 1., 1.,  ..., 1., 1., 1.]])""");
        }

        @Test
        void int64Matrix() {
            assertThat(TensorFormat.format(arange(0, 10000), new int[] {100, 100}, DType.INT64)).isEqualTo("""
                    tensor([[   0,    1,    2,  ...,   97,   98,   99],
                            [ 100,  101,  102,  ...,  197,  198,  199],
                            [ 200,  201,  202,  ...,  297,  298,  299],
                            ...,
                            [9700, 9701, 9702,  ..., 9797, 9798, 9799],
                            [9800, 9801, 9802,  ..., 9897, 9898, 9899],
                            [9900, 9901, 9902,  ..., 9997, 9998, 9999]])""");
        }

        @Test
        void floatMatrixInScientificNotationWrapsEachRow() {
            assertThat(floats(arange(0, 10000), 100, 100)).isEqualTo("""
                    tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 9.7000e+01, 9.8000e+01,
                             9.9000e+01],
                            [1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.9700e+02, 1.9800e+02,
                             1.9900e+02],
                            [2.0000e+02, 2.0100e+02, 2.0200e+02,  ..., 2.9700e+02, 2.9800e+02,
                             2.9900e+02],
                            ...,
                            [9.7000e+03, 9.7010e+03, 9.7020e+03,  ..., 9.7970e+03, 9.7980e+03,
                             9.7990e+03],
                            [9.8000e+03, 9.8010e+03, 9.8020e+03,  ..., 9.8970e+03, 9.8980e+03,
                             9.8990e+03],
                            [9.9000e+03, 9.9010e+03, 9.9020e+03,  ..., 9.9970e+03, 9.9980e+03,
                             9.9990e+03]])""");
        }

        @Test
        void onlyDimensionsLongerThanSixAreCut() {
            // 2 x 3 x 200 = 1200 elements: the first two dimensions are shown whole.
            float[] values = new float[1200];
            java.util.Arrays.fill(values, 2f);
            assertThat(floats(values, 2, 3, 200)).isEqualTo("""
                    tensor([[[2., 2., 2.,  ..., 2., 2., 2.],
                             [2., 2., 2.,  ..., 2., 2., 2.],
                             [2., 2., 2.,  ..., 2., 2., 2.]],

                            [[2., 2., 2.,  ..., 2., 2., 2.],
                             [2., 2., 2.,  ..., 2., 2., 2.],
                             [2., 2., 2.,  ..., 2., 2., 2.]]])""");
        }
    }

    @Nested
    class Suffixes {

        @Test
        void requiresGrad() {
            assertThat(TensorFormat.format(new float[] {1, 2}, new int[] {2}, DType.FLOAT32, "requires_grad=True"))
                    .isEqualTo("tensor([1., 2.], requires_grad=True)");
        }

        @Test
        void gradFnOnAScalar() {
            assertThat(TensorFormat.format(new float[] {5.894f}, new int[0], DType.FLOAT32, "grad_fn=<SumBackward0>"))
                    .isEqualTo("tensor(5.8940, grad_fn=<SumBackward0>)");
        }

        @Test
        void gradFnFollowsTheLastLine() {
            assertThat(TensorFormat.format(new float[] {1, 2, 3, 4}, new int[] {2, 2}, DType.FLOAT32,
                    "grad_fn=<AddBackward0>")).isEqualTo("""
                    tensor([[1., 2.],
                            [3., 4.]], grad_fn=<AddBackward0>)""");
        }

        @Test
        void suffixThatWouldPassEightyCharactersGoesOnItsOwnLine() {
            // The row is 79 characters; PyTorch counts it as 81, and 81 + 18 + 2 > 80.
            float[] values = new float[9];
            for (int i = 0; i < values.length; i++) {
                values[i] = (i + 1) / 10f;
            }
            assertThat(TensorFormat.format(values, new int[] {9}, DType.FLOAT32, "requires_grad=True")).isEqualTo("""
                    tensor([0.1000, 0.2000, 0.3000, 0.4000, 0.5000, 0.6000, 0.7000, 0.8000, 0.9000],
                           requires_grad=True)""");
        }
    }

    @Test
    void shapes() {
        assertThat(TensorFormat.shapeString(new int[] {1, 6, 28, 28})).isEqualTo("[1, 6, 28, 28]");
        assertThat(TensorFormat.torchSize(new int[] {1, 6, 28, 28})).isEqualTo("torch.Size([1, 6, 28, 28])");
        assertThat(TensorFormat.torchSize(new int[] {10})).isEqualTo("torch.Size([10])");
        assertThat(TensorFormat.torchSize(new int[0])).isEqualTo("torch.Size([])");
    }

    @Test
    void rejectsValuesThatDoNotMatchTheShape() {
        assertThatThrownBy(() -> floats(new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2, 3]");
    }
}
