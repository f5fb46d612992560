package d2l.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A tile's column matrix (im2col), packed for {@link Gemm} straight from a zero-padded copy of the
 * input instead of from a column buffer. The column matrix of group {@code group}, output rows
 * {@code [firstRow, lastRow)} of images {@code [firstImage, firstImage + images)}, is the {@code [K][n]}
 * matrix of {@link Convolution}'s column buffer:
 * <pre>
 *   columns[r][p] = in[firstImage + t, group * inC/G + c, y * strideH - padH + i, x * strideW - padW + j]
 *   r = (c * kh + i) * kw + j,   p = t * tilePositions + (y - firstRow) * outW + x
 * </pre>
 * and 0 in the padding. In the padded copy ({@code [images][inC/G][Hp][Wp]}, Hp = inH + 2 padH,
 * Wp = inW + 2 padW) that entry sits at {@code rowOffset[r] + positionOffset[p]}, with
 * {@code rowOffset[r] = (c * Hp + i) * Wp + j} and
 * {@code positionOffset[p] = t * inC/G * Hp * Wp + (y * strideH - firstRow * strideH) * Wp + x * strideW}
 * (relative to the copy's first row, input row {@code firstRow * strideH - padH}), so packing is one
 * load per value, without bounds checks. The packed slivers hold the same values a packing of the
 * column buffer would, so a product gives the same bits either way; what is saved is writing the
 * buffer ({@code K x n} floats, 9 times the input for a 3x3 kernel) and reading it back.
 *
 * <p>The copy lives in a per-thread buffer of the thread that built it; the product reads it, from
 * any of its threads, only until it returns.
 */
final class ColumnPanels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);

    private final float[] padded;
    private final int[] rowOffset;
    private final int[] positionOffset;

    private ColumnPanels(ConvGeometry g, float[] input, int firstImage, int images, int group, int firstRow,
                         int lastRow) {
        int kh = g.kernelHeight();
        int kw = g.kernelWidth();
        int inH = g.inHeight();
        int inW = g.inWidth();
        int outW = g.outWidth();
        int channels = g.inChannelsPerGroup();
        int paddedW = inW + 2 * g.padWidth();
        // Input rows [top, top + paddedH) of the padded plane (in input numbering, top may be -padH).
        int top = firstRow * g.strideHeight() - g.padHeight();
        int paddedH = (lastRow - 1 - firstRow) * g.strideHeight() + kh;
        int plane = paddedH * paddedW;
        int imageSize = channels * plane;
        padded = Convolution.buffer(PADDED, images * imageSize);
        Arrays.fill(padded, 0, images * imageSize, 0f);
        for (int t = 0; t < images; t++) {
            for (int c = 0; c < channels; c++) {
                int from = ((firstImage + t) * g.inChannels() + group * channels + c) * inH * inW;
                int to = t * imageSize + c * plane + g.padWidth();
                for (int h = Math.max(0, top); h < Math.min(inH, top + paddedH); h++) {
                    System.arraycopy(input, from + h * inW, padded, to + (h - top) * paddedW, inW);
                }
            }
        }
        rowOffset = new int[channels * kh * kw];
        for (int r = 0; r < rowOffset.length; r++) {
            rowOffset[r] = (r / (kh * kw) * paddedH + r / kw % kh) * paddedW + r % kw;
        }
        int rows = lastRow - firstRow;
        positionOffset = new int[images * rows * outW];
        for (int t = 0, p = 0; t < images; t++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < outW; x++) {
                    positionOffset[p++] = t * imageSize + y * g.strideHeight() * paddedW + x * g.strideWidth();
                }
            }
        }
    }

    /**
     * op(B) = columns ({@code K x n}), as in the forward product {@code weight * columns}: row q of a
     * sliver is column row {@code pc + q}, its column j position {@code col + j}.
     */
    static Gemm.PackedB columns(ConvGeometry g, float[] input, int firstImage, int images, int group,
                                int firstRow, int lastRow) {
        return new ColumnPanels(g, input, firstImage, images, group, firstRow, lastRow)::packColumns;
    }

    /**
     * op(B) = columns^T ({@code n x K}), as in the weight gradient {@code dOut * columns^T}: row q of
     * a sliver is position {@code pc + q}, its column j column row {@code col + j}.
     */
    static Gemm.PackedB transposed(ConvGeometry g, float[] input, int firstImage, int images, int group,
                                   int firstRow, int lastRow) {
        return new ColumnPanels(g, input, firstImage, images, group, firstRow, lastRow)::packTransposed;
    }

    private void packColumns(int pc, int kc, int col, int cols, float[] dst, int dstOff) {
        pack(rowOffset, pc, kc, positionOffset, col, cols, dst, dstOff);
    }

    private void packTransposed(int pc, int kc, int col, int cols, float[] dst, int dstOff) {
        pack(positionOffset, pc, kc, rowOffset, col, cols, dst, dstOff);
    }

    /**
     * {@code dst[dstOff + q * SLIVER_WIDTH + j] = padded[sliverRows[pc + q] + sliverColumns[col + j]]},
     * 0 for {@code j >= cols}: whole slivers a gather (one load instruction for LANES values) at a time.
     */
    private void pack(int[] sliverRows, int pc, int kc, int[] sliverColumns, int col, int cols, float[] dst,
                      int dstOff) {
        int width = Gemm.SLIVER_WIDTH;
        for (int q = 0; q < kc; q++) {
            int base = sliverRows[pc + q];
            int d = dstOff + q * width;
            int j = 0;
            if (cols == width && width % LANES == 0) {
                for (; j < width; j += LANES) {
                    FloatVector.fromArray(SPECIES, padded, base, sliverColumns, col + j).intoArray(dst, d + j);
                }
            }
            for (; j < cols; j++) {
                dst[d + j] = padded[base + sliverColumns[col + j]];
            }
            if (cols < width) {
                Arrays.fill(dst, d + cols, d + width, 0f);
            }
        }
    }
}
