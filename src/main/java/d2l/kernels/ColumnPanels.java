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
 * <p><b>Channels last</b> ({@link #transposedChannelsLast}), for a weight gradient: the padded copy is
 * {@code [images][Hp][Wp][inC]} and the column rows are taken in the order {@code r' = (i * kw + j) * inC + c},
 * so {@code rowOffset[r'] = (i * Wp + j) * inC + c} and {@code positionOffset[p] = ((t * Hp + y * strideH) * Wp
 * + x * strideW) * inC}. A sliver of {@code columns^T} then reads, for each position, {@code SLIVER_WIDTH}
 * consecutive channels at one kernel offset: one contiguous run, copied as vectors, where the NCHW
 * order (runs of kw values) needs a gather. The product is then {@code gradWeight} with its columns in
 * that order; {@link #toWeightLayout} puts them back in PyTorch's {@code [outC][inC][kh][kw]}.
 *
 * <p><b>Batch last</b> ({@link #columnsBatchLast}), for the forward product of small planes: the copy is
 * {@code [inC][Hp][Wp][images]} and the positions are taken in the order {@code p = (y * outW + x) * images + t},
 * so {@code rowOffset[r] = ((c * Hp + i) * Wp + j) * images} and {@code positionOffset[p] = (y * strideH * Wp
 * + x * strideW) * images + t}. The positions of one output pixel across the images, and with stride 1
 * those of a whole output row, are then consecutive in the copy, and so are a sliver's columns. The
 * product's columns come out in that order too; the caller puts them in NCHW order.
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

    private ColumnPanels(float[] padded, int[] rowOffset, int[] positionOffset) {
        this.padded = padded;
        this.rowOffset = rowOffset;
        this.positionOffset = positionOffset;
    }

    /** The channels-last copy of images {@code [firstImage, firstImage + images)}, rows {@code [firstRow, lastRow)} (one group). */
    private static ColumnPanels channelsLast(ConvGeometry g, float[] input, int firstImage, int images, int firstRow,
                                             int lastRow) {
        int channels = g.inChannels();
        int plane = g.inHeight() * g.inWidth();
        int paddedW = g.inWidth() + 2 * g.padWidth();
        int top = firstRow * g.strideHeight() - g.padHeight();
        int paddedH = (lastRow - 1 - firstRow) * g.strideHeight() + g.kernelHeight();
        int size = images * paddedH * paddedW * channels;
        float[] padded = Convolution.buffer(PADDED, size);
        Arrays.fill(padded, 0, size, 0f);
        // written in order, read across the channel planes (a store to a new cache line costs more than a load)
        for (int t = 0; t < images; t++) {
            for (int h = Math.max(0, top); h < Math.min(g.inHeight(), top + paddedH); h++) {
                int to = ((t * paddedH + h - top) * paddedW + g.padWidth()) * channels;
                int from = (firstImage + t) * channels * plane + h * g.inWidth();
                for (int w = 0; w < g.inWidth(); w++) {
                    for (int c = 0, src = from + w; c < channels; c++, src += plane) {
                        padded[to++] = input[src];
                    }
                }
            }
        }
        int kw = g.kernelWidth();
        int[] rowOffset = new int[channels * g.kernelHeight() * kw];
        for (int r = 0; r < rowOffset.length; r++) {
            int tap = r / channels;
            rowOffset[r] = (tap / kw * paddedW + tap % kw) * channels + r % channels;
        }
        int rows = lastRow - firstRow;
        int[] positionOffset = new int[images * rows * g.outWidth()];
        for (int t = 0, p = 0; t < images; t++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < g.outWidth(); x++) {
                    positionOffset[p++] = ((t * paddedH + y * g.strideHeight()) * paddedW + x * g.strideWidth()) * channels;
                }
            }
        }
        return new ColumnPanels(padded, rowOffset, positionOffset);
    }

    /**
     * The batch-last copy of images {@code [firstImage, firstImage + images)}, whole planes (one group):
     * {@code [inC][Hp][Wp][images]}, with the positions in the order {@code p = (y * outW + x) * images + t}.
     */
    private static ColumnPanels batchLast(ConvGeometry g, float[] input, int firstImage, int images) {
        int channels = g.inChannels();
        int plane = g.inHeight() * g.inWidth();
        int paddedW = g.inWidth() + 2 * g.padWidth();
        int paddedH = g.inHeight() + 2 * g.padHeight();
        int size = channels * paddedH * paddedW * images;
        float[] padded = Convolution.buffer(PADDED, size);
        Arrays.fill(padded, 0, size, 0f);
        // written in order, read across the images
        for (int c = 0; c < channels; c++) {
            for (int h = 0; h < g.inHeight(); h++) {
                int to = ((c * paddedH + h + g.padHeight()) * paddedW + g.padWidth()) * images;
                int from = (firstImage * channels + c) * plane + h * g.inWidth();
                for (int w = 0; w < g.inWidth(); w++) {
                    for (int t = 0, src = from + w; t < images; t++, src += channels * plane) {
                        padded[to++] = input[src];
                    }
                }
            }
        }
        int kh = g.kernelHeight();
        int kw = g.kernelWidth();
        int[] rowOffset = new int[channels * kh * kw];
        for (int r = 0; r < rowOffset.length; r++) {
            rowOffset[r] = ((r / (kh * kw) * paddedH + r / kw % kh) * paddedW + r % kw) * images;
        }
        int[] positionOffset = new int[g.outHeight() * g.outWidth() * images];
        for (int y = 0, p = 0; y < g.outHeight(); y++) {
            for (int x = 0; x < g.outWidth(); x++) {
                for (int t = 0; t < images; t++) {
                    positionOffset[p++] = (y * g.strideHeight() * paddedW + x * g.strideWidth()) * images + t;
                }
            }
        }
        return new ColumnPanels(padded, rowOffset, positionOffset);
    }

    /**
     * op(B) = columns ({@code K x n}) of whole images with the positions batch-last,
     * {@code p = (y * outW + x) * images + t} (see the class comment), as in a forward product whose
     * output columns are then in that order. One group only.
     */
    static Gemm.PackedB columnsBatchLast(ConvGeometry g, float[] input, int firstImage, int images) {
        return batchLast(g, input, firstImage, images)::packColumns;
    }

    /**
     * Whether {@link #transposedChannelsLast} serves {@code g}'s weight gradient: one group, a kernel
     * larger than 1x1, input channels a multiple of the sliver width (so that no sliver straddles two
     * kernel offsets), more output channels than Gemm's dot-product limit (so that the product packs
     * B), and at least twice as many output positions in the batch as output channels: the gathers
     * saved are {@code positions x K} values, the final reordering {@code outC x K}. Measured
     * (medians of 21 interleaved calls, against the gathers; 2 threads, then 1): ResNet-18's 128 channels
     * on 12x12 1.11-1.24x and 1.17-1.23x, 256 on 6x6 1.15-1.23x and 1.07-1.14x, 64 to 128 with stride 2
     * on 24x24 1.12x and 1.07x; but 512 on 3x3 (288 positions) 0.94-1.04x and 0.91x, so left out.
     */
    static boolean channelsLastApplies(ConvGeometry g) {
        return g.groups() == 1 && !g.isPointwise() && g.inChannels() % Gemm.SLIVER_WIDTH == 0
                && g.outChannels() > Gemm.DOT_MAX_SIZE && Convolution.positionsOutnumberChannels(g);
    }

    /**
     * op(B) = columns'^T ({@code n x K}) with the column rows in channels-last order (see the class
     * comment), as in the weight gradient {@code dOut * columns'^T}, whose columns are then in that order.
     */
    static Gemm.PackedB transposedChannelsLast(ConvGeometry g, float[] input, int firstImage, int images, int firstRow,
                                               int lastRow) {
        return channelsLast(g, input, firstImage, images, firstRow, lastRow)::packTransposed;
    }

    /**
     * {@code gradWeight[o][c][i][j] = channelsLast[o][(i * kw + j) * inC + c]}: a weight gradient
     * computed with {@link #transposedChannelsLast}, in PyTorch's layout.
     */
    static void toWeightLayout(ConvGeometry g, float[] channelsLast, float[] gradWeight) {
        int channels = g.inChannels();
        int taps = g.kernelHeight() * g.kernelWidth();
        int k = channels * taps;
        Parallel.forRange(g.outChannels(), Convolution.rowGrain(k), (first, last) -> {
            for (int o = first; o < last; o++) {
                int row = o * k;
                for (int tap = 0; tap < taps; tap++) {
                    for (int c = 0, from = row + tap * channels, to = row + tap; c < channels; c++, to += taps) {
                        gradWeight[to] = channelsLast[from + c];
                    }
                }
            }
        });
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
     * 0 for {@code j >= cols}: whole slivers a gather (one load instruction for LANES values) at a time,
     * or a plain vector copy where the sliver's columns are consecutive in the copy (both offset tables
     * increase strictly, so that is when the last is {@code SLIVER_WIDTH - 1} past the first).
     */
    private void pack(int[] sliverRows, int pc, int kc, int[] sliverColumns, int col, int cols, float[] dst,
                      int dstOff) {
        int width = Gemm.SLIVER_WIDTH;
        if (cols == width && width % LANES == 0 && sliverColumns[col + width - 1] - sliverColumns[col] == width - 1) {
            int first = sliverColumns[col];
            for (int q = 0; q < kc; q++) {
                int from = sliverRows[pc + q] + first;
                int d = dstOff + q * width;
                for (int j = 0; j < width; j += LANES) {
                    FloatVector.fromArray(SPECIES, padded, from + j).intoArray(dst, d + j);
                }
            }
            return;
        }
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
