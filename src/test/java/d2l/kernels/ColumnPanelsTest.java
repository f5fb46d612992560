package d2l.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Checks that {@link ColumnPanels} packs exactly the column matrix of its class comment (written
 * out here from the definition), bit for bit, with 0 in the padding and past the last column:
 * padded and unpadded, strided, grouped, several images, and a block of output rows; and the
 * batch-last and channels-last packings, which hold the same values in another order.
 */
class ColumnPanelsTest {

    private static final int WIDTH = Gemm.SLIVER_WIDTH;

    /** columns[r][p] of the tile, by its definition. */
    private static float[][] columns(ConvGeometry g, float[] input, int firstImage, int images, int group,
                                     int firstRow, int lastRow) {
        int kh = g.kernelHeight();
        int kw = g.kernelWidth();
        int outW = g.outWidth();
        int tilePositions = (lastRow - firstRow) * outW;
        float[][] columns = new float[g.inChannelsPerGroup() * kh * kw][images * tilePositions];
        for (int r = 0; r < columns.length; r++) {
            int c = group * g.inChannelsPerGroup() + r / (kh * kw);
            int i = r / kw % kh;
            int j = r % kw;
            for (int p = 0; p < columns[r].length; p++) {
                int t = p / tilePositions;
                int y = firstRow + p % tilePositions / outW;
                int x = p % outW;
                int row = y * g.strideHeight() - g.padHeight() + i;
                int col = x * g.strideWidth() - g.padWidth() + j;
                boolean inside = row >= 0 && row < g.inHeight() && col >= 0 && col < g.inWidth();
                columns[r][p] = inside
                        ? input[(((firstImage + t) * g.inChannels() + c) * g.inHeight() + row) * g.inWidth() + col]
                        : 0f;
            }
        }
        return columns;
    }

    /** Both packings of the tile, every sliver of two k blocks, against the definition. */
    private static void check(ConvGeometry g, int firstImage, int images, int group, int firstRow, int lastRow) {
        float[] input = new float[g.inputSize()];
        Random random = new Random(g.hashCode());
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() + 0.5f;  // never 0, so a missed value shows
        }
        float[][] columns = columns(g, input, firstImage, images, group, firstRow, lastRow);
        int k = columns.length;
        int n = columns[0].length;
        // op(B) = columns^T: rows are positions, columns are column rows
        checkSlivers(g + " transposed", ColumnPanels.transposed(g, input, firstImage, images, group, firstRow, lastRow),
                n, k, (p, r) -> columns[r][p]);
        checkSlivers(g + " columns", ColumnPanels.columns(g, input, firstImage, images, group, firstRow, lastRow),
                k, n, (r, p) -> columns[r][p]);
    }

    /** op(B)[row][column] of a rows x cols matrix. */
    private interface Matrix {
        float at(int row, int column);
    }

    private static void checkSlivers(String what, Gemm.PackedB packed, int rows, int columns, Matrix expected) {
        int split = rows / 2;
        for (int[] block : new int[][] {{0, split}, {split, rows - split}}) {
            int pc = block[0];
            int kc = block[1];
            for (int col = 0; col < columns; col += WIDTH) {
                int cols = Math.min(WIDTH, columns - col);
                float[] dst = new float[3 + kc * WIDTH];
                java.util.Arrays.fill(dst, Float.NaN);
                packed.packSliver(pc, kc, col, cols, dst, 3);
                for (int q = 0; q < kc; q++) {
                    for (int j = 0; j < WIDTH; j++) {
                        float want = j < cols ? expected.at(pc + q, col + j) : 0f;
                        assertThat(dst[3 + q * WIDTH + j]).as("%s: op(B)[%d][%d]", what, pc + q, col + j).isEqualTo(want);
                    }
                }
            }
        }
    }

    @Test
    void packsTheColumnsOfAPaddedThreeByThree() {
        ConvGeometry g = ConvGeometry.convolution(3, 5, 4, 7, 6, 3, 3, 1, 1, 1, 1, 1);
        check(g, 0, 3, 0, 0, g.outHeight());
        check(g, 1, 1, 0, 2, 5);
    }

    @Test
    void packsStridedGroupedAndUnpaddedColumns() {
        ConvGeometry strided = ConvGeometry.convolution(2, 4, 6, 9, 8, 3, 2, 2, 3, 1, 2, 2);
        check(strided, 0, 2, 1, 0, strided.outHeight());
        check(strided, 1, 1, 0, 1, strided.outHeight());
        ConvGeometry valid = ConvGeometry.convolution(2, 3, 2, 9, 9, 5, 5, 1, 1, 0, 0, 1);
        check(valid, 0, 2, 0, 0, valid.outHeight());
        ConvGeometry wide = ConvGeometry.convolution(1, 2, 2, 11, 13, 7, 7, 2, 2, 3, 3, 1);
        check(wide, 0, 1, 0, 0, wide.outHeight());
    }

    /** The batch-last and channels-last packings of whole images, against the definition reordered. */
    private static void checkReordered(ConvGeometry g, int firstImage, int images) {
        float[] input = new float[g.inputSize()];
        Random random = new Random(g.hashCode());
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() + 0.5f;
        }
        float[][] columns = columns(g, input, firstImage, images, 0, 0, g.outHeight());
        int k = columns.length;
        int n = columns[0].length;
        int positions = g.outHeight() * g.outWidth();
        int channels = g.inChannels();
        int taps = g.kernelHeight() * g.kernelWidth();
        // batch last: column p' = q * images + t is position q of image t
        checkSlivers(g + " batch-last columns", ColumnPanels.columnsBatchLast(g, input, firstImage, images),
                k, n, (r, p) -> columns[r][p % images * positions + p / images]);
        // channels last: column row r' = tap * inC + c is column row c * taps + tap
        checkSlivers(g + " channels-last transposed",
                ColumnPanels.transposedChannelsLast(g, input, firstImage, images, 0, g.outHeight()),
                n, k, (p, r) -> columns[r % channels * taps + r / channels][p]);
    }

    @Test
    void packsTheColumnsBatchLastAndChannelsLast() {
        // 32 channels and rows of 4 x 8 positions: whole slivers are contiguous and copied
        checkReordered(ConvGeometry.convolution(4, 32, 17, 8, 8, 3, 3, 1, 1, 1, 1, 1), 0, 4);
        // fewer images than the batch, a stride, a rectangular kernel: slivers gathered, or copied in part
        checkReordered(ConvGeometry.convolution(5, 32, 20, 7, 9, 3, 5, 2, 1, 1, 2, 1), 2, 3);
        checkReordered(ConvGeometry.convolution(3, 5, 4, 6, 6, 3, 3, 1, 1, 1, 1, 1), 1, 2);
    }

    @Test
    void putsAChannelsLastWeightGradientInPyTorchsLayout() {
        ConvGeometry g = ConvGeometry.convolution(1, 3, 2, 5, 5, 2, 3, 1, 1, 0, 0, 1);
        int taps = 6;
        float[] channelsLast = new float[g.weightSize()];
        for (int o = 0; o < 2; o++) {
            for (int tap = 0; tap < taps; tap++) {
                for (int c = 0; c < 3; c++) {
                    channelsLast[(o * taps + tap) * 3 + c] = 100 * o + 10 * c + tap;
                }
            }
        }
        float[] weight = new float[g.weightSize()];
        ColumnPanels.toWeightLayout(g, channelsLast, weight);
        for (int o = 0; o < 2; o++) {
            for (int c = 0; c < 3; c++) {
                for (int tap = 0; tap < taps; tap++) {
                    assertThat(weight[(o * 3 + c) * taps + tap]).as("weight[%d][%d][%d][%d]", o, c, tap / 3, tap % 3)
                            .isEqualTo(100 * o + 10 * c + tap);
                }
            }
        }
    }
}
