package d2l.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2-D convolution on NCHW float arrays, forward and backward, computed exactly as
 * {@code torch.nn.functional.conv2d} (a cross-correlation):
 * <pre>
 *   out[b, o, y, x] = bias[o] + sum over c in o's group, i &lt; kh, j &lt; kw of
 *                     weight[o, c, i, j] * in[b, c, y * strideH - padH + i, x * strideW - padW + j]
 * </pre>
 * with zero outside the input. The weight has shape {@code [outC, inC / groups, kh, kw]}.
 *
 * <p>Method (im2col): the input patches a group's output positions see are copied into the rows of a
 * column buffer, which turns the convolution into one matrix product per group,
 * {@code out[outC/G x positions] = weight[outC/G x K] * columns[K x positions]} with
 * {@code K = inC/G * kh * kw}, done by {@link Gemm}. The backward passes are the transposed
 * products: {@code dColumns = weight^T * dOut}, scattered back onto the input (col2im), and
 * {@code dWeight = dOut * columns^T}. A 1x1 convolution with stride 1 and no padding needs no
 * copy: the input image already is its column matrix. For stride 1, the input gradient uses "wide"
 * columns that turn col2im into long vector loops (see {@code backwardInputWide}). The forward pass
 * and the weight gradient of stride-1 convolutions with very few input channels per group (LeNet's
 * first layer) are computed directly instead, without columns: see {@link DirectConvolution}. The
 * forward pass and the input gradient of 3x3, stride-1, padding-1 convolutions with many channels on
 * large enough planes take Winograd's F(2x2, 3x3), 16 products where im2col has 36 terms per 2x2
 * outputs: see {@link Winograd}. Those with fewer channels (ResNet-18's first stage, 64 on 24x24)
 * are computed directly on zero-padded planes, and so is the weight gradient of those with at most
 * 64 channels on planes from 24x24 to 48x48: see {@link DirectConvolution3x3}. Otherwise the weight
 * gradient packs its columns straight from the input ({@link ColumnPanels}), so it writes no column
 * buffer; with 32 input channels or more it takes them channels-last, and the forward pass of small
 * planes batch-last, orders in which the packing copies runs of values instead of gathering them.
 *
 * <p>Work unit (a tile): either several whole small images, or a block of output rows of one large
 * image, sized so that the column buffer stays around {@code COLUMN_BUFFER_FLOATS} floats. The
 * tiling depends only on the geometry. Tasks run over images, each image's output (and input
 * gradient) written by one task. The weight gradient sums over the batch: each fixed chunk of
 * images accumulates its own partial sum, and the partials are added in chunk order. Every result
 * is therefore bit-identical for any thread count.
 */
public final class Convolution {

    /**
     * Soft size of a column buffer, in floats (2 MiB): large enough to give the matrix product a few
     * hundred columns (a whole 24x24 image of 64 channels, two 12x12 images of 128), small enough to
     * stay in L3. The product packs its panels from it, so it need not fit in L2: 1 MiB cut a 24x24
     * image into 18 + 6 rows and gave 12x12 images one tile each, about 10% slower (1 thread, CPU time).
     */
    private static final int COLUMN_BUFFER_FLOATS = 1 << 19;

    /** Small images are batched into one tile until the product has about this many columns. */
    private static final int TARGET_TILE_COLUMNS = 1024;

    /**
     * Output planes of at most this many positions (ResNet's 6x6 and 3x3 stages) take the shared
     * path: per-image products would be a few columns wide against a weight of megabytes.
     */
    static final int SHARED_MAX_POSITIONS = 64;

    /** A shared tile gathers images until the product has about this many columns... */
    private static final int SHARED_TILE_COLUMNS = 1152;

    /** ...and its column buffer stays under this many floats (16 MiB). */
    private static final int SHARED_COLUMN_FLOATS = 1 << 22;

    /** The batch is cut into at most this many tasks of whole tiles (enough for a few cores). */
    private static final int MAX_BATCH_TASKS = 16;

    /** The weight gradient keeps one partial sum per chunk: at most this many chunks... */
    private static final int MAX_WEIGHT_CHUNKS = 8;

    /** ...and at most this many floats of partial sums in all. */
    private static final int WEIGHT_PARTIALS_FLOATS = 1 << 22;

    /**
     * The column buffer of the calling thread, reused between calls. Layout, row-major
     * {@code [K][n]}: row {@code r = (c * kh + i) * kw + j} (input channel c of the group, kernel
     * offset (i, j)); column {@code t * tilePositions + (y - firstRow) * outW + x} for image t of
     * the tile and output position (y, x). Entry = the input value that weight {@code (c, i, j)}
     * multiplies for that output, or 0 in the padding.
     */
    private static final ThreadLocal<float[]> COLUMNS = ThreadLocal.withInitial(() -> new float[0]);

    /** A second per-thread buffer: output or output gradient of a multi-image tile, {@code [outC/G][n]}. */
    private static final ThreadLocal<float[]> STAGING = ThreadLocal.withInitial(() -> new float[0]);

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /**
     * The calling thread's partial sums of chunks 1, 2, ... of a weight gradient ({@link #sumInChunkOrder}),
     * kept between calls: new ones were about 80 MB of garbage per ResNet-18 step. A body writes
     * (never adds) the first {@code size} floats of its partial, so a longer array from an earlier call
     * serves as it is.
     */
    private static final ThreadLocal<float[][]> PARTIALS = ThreadLocal.withInitial(() -> new float[0][]);

    /** The calling thread's weight gradient in channels-last column order, before {@link ColumnPanels#toWeightLayout}. */
    private static final ThreadLocal<float[]> CHANNELS_LAST = ThreadLocal.withInitial(() -> new float[0]);

    /** The calling thread's rotated weight ({@link #rotateWeight}). */
    private static final ThreadLocal<float[]> ROTATED = ThreadLocal.withInitial(() -> new float[0]);

    /** A per-thread buffer of zero-padded input planes (the wide input gradient). */
    private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);

    private Convolution() {}

    // ---- tiling ---------------------------------------------------------------------------------

    /** How a batch is cut into tiles; depends only on the geometry. */
    private record Tiling(int imagesPerTile, int rowsPerTile, int tilesPerTask) {

        static Tiling of(ConvGeometry g) {
            int outH = g.outHeight();
            int outW = g.outWidth();
            int positions = outH * outW;
            if (g.isPointwise()) {
                // The input is the column matrix: one image per tile, no buffer.
                return new Tiling(1, outH, tilesPerTask(g.batch()));
            }
            int rows = g.inChannelsPerGroup() * g.kernelHeight() * g.kernelWidth();
            long perImage = (long) rows * positions;
            if (perImage > COLUMN_BUFFER_FLOATS) {
                int rowsPerTile = (int) Math.max(1, Math.min(outH, COLUMN_BUFFER_FLOATS / ((long) rows * outW)));
                return new Tiling(1, rowsPerTile, tilesPerTask(g.batch()));
            }
            int images = (int) Math.min(COLUMN_BUFFER_FLOATS / perImage, Math.max(1, TARGET_TILE_COLUMNS / positions));
            images = Math.max(1, Math.min(images, ceilDiv(g.batch(), MAX_BATCH_TASKS)));
            return new Tiling(images, outH, tilesPerTask(ceilDiv(g.batch(), images)));
        }

        private static int tilesPerTask(int tiles) {
            return Math.max(1, ceilDiv(tiles, MAX_BATCH_TASKS));
        }

        /** Number of image tiles (groups of whole images) in the batch. */
        int imageTiles(int batch) {
            return ceilDiv(batch, imagesPerTile);
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** This thread's column buffer, with room for a vector to run past the end (see im2col). */
    private static float[] columnBuffer(int size) {
        return buffer(COLUMNS, size + SPECIES.length());
    }

    /** The float array held by {@code local}, replaced by a larger one if it has fewer than {@code size}. */
    static float[] buffer(ThreadLocal<float[]> local, int size) {
        float[] b = local.get();
        if (b.length < size) {
            b = new float[size];
            local.set(b);
        }
        return b;
    }

    // ---- forward --------------------------------------------------------------------------------

    /**
     * {@code output = conv2d(input, weight, bias)}: input {@code [batch, inC, inH, inW]}, weight
     * {@code [outC, inC/groups, kh, kw]}, bias {@code [outC]} or null, output
     * {@code [batch, outC, outH, outW]} (overwritten).
     */
    public static void forward(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] output) {
        checkLength("input", input, g.inputSize());
        checkLength("weight", weight, g.weightSize());
        checkLength("output", output, g.outputSize());
        if (bias != null) {
            checkLength("bias", bias, g.outChannels());
        }
        if (DirectConvolution.applies(g)) {
            DirectConvolution.forward(g, input, weight, bias, output);
        } else if (Winograd.applies(g)) {
            Winograd.forward(g, input, weight, bias, output);
        } else if (DirectConvolution3x3.applies(g)) {
            DirectConvolution3x3.forward(g, input, weight, bias, output);
        } else {
            forwardIm2col(g, input, weight, bias, output);
        }
    }

    /**
     * {@link #forward} by im2col (or the shared path), whatever the geometry; arguments already
     * checked. The direct and Winograd paths' tests compare with it.
     */
    static void forwardIm2col(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] output) {
        int shared = sharedImagesPerTile(g);
        if (shared > 0) {
            forwardShared(g, shared, input, weight, bias, output);
            return;
        }
        Tiling tiling = Tiling.of(g);
        int imageTiles = tiling.imageTiles(g.batch());
        int rowTiles = ceilDiv(g.outHeight(), tiling.rowsPerTile());
        // Forward tiles write disjoint outputs, so even the row tiles of one image may run in parallel.
        Parallel.forRange(imageTiles * rowTiles, rowTiles > 1 ? 1 : tiling.tilesPerTask(), (first, last) -> {
            for (int t = first; t < last; t++) {
                int firstImage = (t / rowTiles) * tiling.imagesPerTile();
                int images = Math.min(tiling.imagesPerTile(), g.batch() - firstImage);
                int firstRow = (t % rowTiles) * tiling.rowsPerTile();
                int lastRow = Math.min(g.outHeight(), firstRow + tiling.rowsPerTile());
                for (int group = 0; group < g.groups(); group++) {
                    forwardTile(g, input, weight, bias, output, firstImage, images, firstRow, lastRow, group);
                }
            }
        });
    }

    private static void forwardTile(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] output,
                                    int firstImage, int images, int firstRow, int lastRow, int group) {
        int outW = g.outWidth();
        int positions = g.outHeight() * outW;
        int tilePositions = (lastRow - firstRow) * outW;
        int n = images * tilePositions;
        int outPerGroup = g.outChannelsPerGroup();
        int k = g.inChannelsPerGroup() * g.kernelHeight() * g.kernelWidth();
        int weightOffset = group * outPerGroup * k;
        int firstChannel = group * outPerGroup;
        if (images == 1) {
            int outOffset = (firstImage * g.outChannels() + firstChannel) * positions + firstRow * outW;
            if (g.isPointwise()) {
                int inOffset = (firstImage * g.inChannels() + group * g.inChannelsPerGroup()) * positions;
                Gemm.sgemm(false, false, outPerGroup, n, k, 1f, weight, weightOffset, k,
                        input, inOffset, positions, 0f, output, outOffset, positions);
            } else {
                float[] columns = columnBuffer(k * n);
                im2col(g, input, firstImage, 1, group, firstRow, lastRow, columns);
                Gemm.sgemm(false, false, outPerGroup, n, k, 1f, weight, weightOffset, k,
                        columns, 0, n, 0f, output, outOffset, positions);
            }
            if (bias != null) {
                for (int o = 0; o < outPerGroup; o++) {
                    float b = bias[firstChannel + o];
                    int start = outOffset + o * positions;
                    for (int p = start; p < start + tilePositions; p++) {
                        output[p] += b;
                    }
                }
            }
            return;
        }
        // Several whole images: one product over all their columns, then each image's block to its place.
        float[] columns = columnBuffer(k * n);
        float[] staged = buffer(STAGING, outPerGroup * n);
        im2col(g, input, firstImage, images, group, 0, g.outHeight(), columns);
        Gemm.sgemm(false, false, outPerGroup, n, k, 1f, weight, weightOffset, k, columns, 0, n, 0f, staged, 0, n);
        for (int t = 0; t < images; t++) {
            for (int o = 0; o < outPerGroup; o++) {
                float b = bias == null ? 0f : bias[firstChannel + o];
                int from = o * n + t * positions;
                int to = ((firstImage + t) * g.outChannels() + firstChannel + o) * positions;
                for (int p = 0; p < positions; p++) {
                    output[to + p] = staged[from + p] + b;
                }
            }
        }
    }

    // ---- backward -------------------------------------------------------------------------------

    /**
     * The input gradient, {@code gradInput = conv_transpose2d(gradOutput, weight)}: with
     * {@code dColumns = weight_g^T * gradOutput_g} per group, every column entry is added back to the
     * input position it was copied from (col2im). {@code gradInput} is overwritten.
     */
    public static void backwardInput(ConvGeometry g, float[] gradOutput, float[] weight, float[] gradInput) {
        checkLength("gradOutput", gradOutput, g.outputSize());
        checkLength("weight", weight, g.weightSize());
        checkLength("gradInput", gradInput, g.inputSize());
        if (Winograd.applies(g)) {
            Winograd.backwardInput(g, gradOutput, weight, gradInput);
            return;
        }
        if (DirectConvolution3x3.applies(g)) {
            DirectConvolution3x3.backwardInput(g, gradOutput, weight, gradInput);
            return;
        }
        backwardInputIm2col(g, gradOutput, weight, gradInput);
    }

    /** {@link #backwardInput} by col2im (or the shared path), whatever the geometry; arguments already checked. */
    static void backwardInputIm2col(ConvGeometry g, float[] gradOutput, float[] weight, float[] gradInput) {
        int shared = sharedImagesPerTile(g);
        ConvGeometry transposed = inputGradientAsForward(g);
        int transposedShared = transposed == null ? 0 : sharedImagesPerTile(transposed);
        // rotating the weight costs outC x K, the col2im it saves K x positions
        if (shared > 0 && transposedShared > 0 && positionsOutnumberChannels(g)) {
            float[] rotated = buffer(ROTATED, g.weightSize());
            rotateWeight(g, weight, rotated);
            forwardShared(transposed, transposedShared, gradOutput, rotated, null, gradInput);
            return;
        }
        if (shared > 0) {
            backwardInputShared(g, shared, gradOutput, weight, gradInput);
            return;
        }
        Tiling tiling = Tiling.of(g);
        int imageTiles = tiling.imageTiles(g.batch());
        int rowTiles = ceilDiv(g.outHeight(), tiling.rowsPerTile());
        boolean wide = !g.isPointwise() && g.strideHeight() == 1 && g.strideWidth() == 1;
        // Row tiles of one image add into overlapping input rows, so one task takes a whole image.
        Parallel.forRange(imageTiles, tiling.tilesPerTask(), (first, last) -> {
            for (int t = first; t < last; t++) {
                int firstImage = t * tiling.imagesPerTile();
                int images = Math.min(tiling.imagesPerTile(), g.batch() - firstImage);
                if (wide) {
                    backwardInputWide(g, tiling, gradOutput, weight, gradInput, firstImage, images);
                    continue;
                }
                if (!g.isPointwise()) {
                    java.util.Arrays.fill(gradInput, firstImage * g.inputImageSize(),
                            (firstImage + images) * g.inputImageSize(), 0f);
                }
                for (int r = 0; r < rowTiles; r++) {
                    int firstRow = r * tiling.rowsPerTile();
                    int lastRow = Math.min(g.outHeight(), firstRow + tiling.rowsPerTile());
                    for (int group = 0; group < g.groups(); group++) {
                        backwardInputTile(g, gradOutput, weight, gradInput, firstImage, images, firstRow, lastRow, group);
                    }
                }
            }
        });
    }

    /**
     * The input gradient of a stride-1 convolution, with "wide" columns that make col2im a few long
     * loops instead of many short ones. In the zero-padded input plane (width {@code Wp = inW + 2 padW}),
     * output (y, x) and kernel offset (i, j) meet at flat position {@code (y + i) * Wp + x + j}, so if
     * output positions are numbered {@code q = y * Wp + x} (each output row followed by {@code kw - 1}
     * unused numbers), column row (c, i, j) adds onto the padded plane of c shifted by
     * {@code i * Wp + j}, in one run. The unused numbers carry a zero gradient, so what they add is 0.
     * Layout of the wide column buffer {@code [K][images * wideLength]}: row (c, i, j), then image t
     * of the tile, then q. Padded planes are summed in a per-thread buffer and cropped into gradInput
     * (or, without padding, summed in gradInput itself).
     */
    private static void backwardInputWide(ConvGeometry g, Tiling tiling, float[] gradOutput, float[] weight,
                                          float[] gradInput, int firstImage, int images) {
        int kh = g.kernelHeight();
        int kw = g.kernelWidth();
        int outW = g.outWidth();
        int positions = g.outHeight() * outW;
        int paddedW = g.inWidth() + 2 * g.padWidth();
        int paddedH = g.inHeight() + 2 * g.padHeight();
        int paddedPlane = paddedH * paddedW;
        int inPerGroup = g.inChannelsPerGroup();
        int outPerGroup = g.outChannelsPerGroup();
        int k = inPerGroup * kh * kw;
        boolean padded = g.padHeight() > 0 || g.padWidth() > 0;
        float[] sum;
        int sumOffset;
        if (padded) {
            sum = buffer(PADDED, images * g.inChannels() * paddedPlane);
            sumOffset = 0;
        } else {
            sum = gradInput;
            sumOffset = firstImage * g.inputImageSize();
        }
        java.util.Arrays.fill(sum, sumOffset, sumOffset + images * g.inChannels() * paddedPlane, 0f);
        for (int firstRow = 0; firstRow < g.outHeight(); firstRow += tiling.rowsPerTile()) {
            int lastRow = Math.min(g.outHeight(), firstRow + tiling.rowsPerTile());
            int wideLength = (lastRow - firstRow - 1) * paddedW + outW;
            int n = images * wideLength;
            for (int group = 0; group < g.groups(); group++) {
                // The output gradient of the tile in wide numbering, 0 at the unused numbers.
                float[] staged = buffer(STAGING, outPerGroup * n);
                for (int o = 0; o < outPerGroup; o++) {
                    for (int t = 0; t < images; t++) {
                        int from = ((firstImage + t) * g.outChannels() + group * outPerGroup + o) * positions;
                        int to = o * n + t * wideLength;
                        for (int y = firstRow; y < lastRow; y++, to += paddedW) {
                            System.arraycopy(gradOutput, from + y * outW, staged, to, outW);
                            if (y < lastRow - 1) {
                                java.util.Arrays.fill(staged, to + outW, to + paddedW, 0f);
                            }
                        }
                    }
                }
                float[] columns = columnBuffer(k * n);
                Gemm.sgemm(true, false, k, n, outPerGroup, 1f, weight, group * outPerGroup * k, k,
                        staged, 0, n, 0f, columns, 0, n);
                for (int t = 0; t < images; t++) {
                    for (int c = 0; c < inPerGroup; c++) {
                        int plane = sumOffset + (t * g.inChannels() + group * inPerGroup + c) * paddedPlane;
                        for (int i = 0; i < kh; i++) {
                            for (int j = 0; j < kw; j++) {
                                int src = ((c * kh + i) * kw + j) * n + t * wideLength;
                                addInto(columns, src, sum, plane + (firstRow + i) * paddedW + j, wideLength);
                            }
                        }
                    }
                }
            }
        }
        if (padded) {
            int inH = g.inHeight();
            int inW = g.inWidth();
            for (int plane = 0; plane < images * g.inChannels(); plane++) {
                for (int h = 0; h < inH; h++) {
                    System.arraycopy(sum, plane * paddedPlane + (h + g.padHeight()) * paddedW + g.padWidth(),
                            gradInput, (firstImage * g.inChannels() + plane) * inH * inW + h * inW, inW);
                }
            }
        }
    }

    private static void backwardInputTile(ConvGeometry g, float[] gradOutput, float[] weight, float[] gradInput,
                                          int firstImage, int images, int firstRow, int lastRow, int group) {
        int outW = g.outWidth();
        int positions = g.outHeight() * outW;
        int tilePositions = (lastRow - firstRow) * outW;
        int n = images * tilePositions;
        int outPerGroup = g.outChannelsPerGroup();
        int k = g.inChannelsPerGroup() * g.kernelHeight() * g.kernelWidth();
        int weightOffset = group * outPerGroup * k;
        int firstChannel = group * outPerGroup;
        if (g.isPointwise()) {
            // gradInput_g [inC/G x positions] = weight_g^T * gradOutput_g, written in place.
            int outOffset = (firstImage * g.outChannels() + firstChannel) * positions;
            int inOffset = (firstImage * g.inChannels() + group * g.inChannelsPerGroup()) * positions;
            Gemm.sgemm(true, false, k, n, outPerGroup, 1f, weight, weightOffset, k,
                    gradOutput, outOffset, positions, 0f, gradInput, inOffset, positions);
            return;
        }
        float[] columns = columnBuffer(k * n);
        if (images == 1) {
            int outOffset = (firstImage * g.outChannels() + firstChannel) * positions + firstRow * outW;
            Gemm.sgemm(true, false, k, n, outPerGroup, 1f, weight, weightOffset, k,
                    gradOutput, outOffset, positions, 0f, columns, 0, n);
        } else {
            float[] staged = stageGradOutput(g, gradOutput, firstImage, images, firstChannel);
            Gemm.sgemm(true, false, k, n, outPerGroup, 1f, weight, weightOffset, k, staged, 0, n, 0f, columns, 0, n);
        }
        col2im(g, columns, firstImage, images, group, firstRow, lastRow, gradInput);
    }

    /**
     * The weight gradient, {@code gradWeight_g = sum over images of gradOutput_g * columns^T}
     * (overwritten). The batch is cut into fixed chunks of whole tiles; each chunk sums its images in
     * order into its own partial, and the partials are added in chunk order.
     */
    public static void backwardWeight(ConvGeometry g, float[] input, float[] gradOutput, float[] gradWeight) {
        checkLength("input", input, g.inputSize());
        checkLength("gradOutput", gradOutput, g.outputSize());
        checkLength("gradWeight", gradWeight, g.weightSize());
        if (DirectConvolution.applies(g)) {
            DirectConvolution.backwardWeight(g, input, gradOutput, gradWeight);
        } else if (DirectConvolution3x3.appliesToWeight(g)) {
            DirectConvolution3x3.backwardWeight(g, input, gradOutput, gradWeight);
        } else {
            backwardWeightIm2col(g, input, gradOutput, gradWeight);
        }
    }

    /**
     * {@link #backwardWeight} by im2col whatever the geometry (the direct paths' tests compare with it).
     * Where {@link ColumnPanels#channelsLastApplies} (ResNet's and VGG's convolutions of 32 channels or
     * more), the products compute the gradient with its columns in channels-last order, packing
     * {@code columns^T} by contiguous copies instead of gathers, and the result is put in PyTorch's
     * layout at the end: the same multiply-adds in the same order, so the same bits. (On ResNet-18's
     * 12x12 stage, a tile's gathers took about a quarter of its product's time.)
     */
    static void backwardWeightIm2col(ConvGeometry g, float[] input, float[] gradOutput, float[] gradWeight) {
        int weightSize = g.weightSize();
        boolean channelsLast = ColumnPanels.channelsLastApplies(g) && g.batch() > 0;
        float[] target = channelsLast ? buffer(CHANNELS_LAST, weightSize) : gradWeight;
        int shared = sharedImagesPerTile(g);
        if (shared > 0 && g.batch() > 0) {
            backwardWeightShared(g, shared, channelsLast, input, gradOutput, target);
        } else {
            Tiling tiling = Tiling.of(g);
            int imageTiles = tiling.imageTiles(g.batch());
            if (imageTiles == 0) {
                java.util.Arrays.fill(gradWeight, 0, weightSize, 0f);
                return;
            }
            int chunkLimit = Math.max(1, Math.min(MAX_WEIGHT_CHUNKS, WEIGHT_PARTIALS_FLOATS / weightSize));
            int tilesPerChunk = ceilDiv(imageTiles, Math.min(chunkLimit, imageTiles));
            int chunks = ceilDiv(imageTiles, tilesPerChunk);
            sumInChunkOrder(chunks, target, weightSize, (c, partial) -> {
                int firstTile = c * tilesPerChunk;
                int lastTile = Math.min(imageTiles, firstTile + tilesPerChunk);
                weightChunk(g, tiling, channelsLast, input, gradOutput, partial, firstTile, lastTile);
            });
        }
        if (channelsLast) {
            ColumnPanels.toWeightLayout(g, target, gradWeight);
        }
    }

    /** The work on one chunk of a batch: writes (not adds) chunk {@code chunk}'s partial sum into {@code partial}. */
    @FunctionalInterface
    interface ChunkSum {
        void run(int chunk, float[] partial);
    }

    /**
     * {@code sum[0, size) = partial_0 + partial_1 + ...} in chunk order, the chunks' partials computed
     * in parallel by {@code body} (chunk 0's directly in {@code sum}): a sum over the batch that is
     * bit-identical for any thread count, as long as the chunks depend only on the problem.
     */
    static void sumInChunkOrder(int chunks, float[] sum, int size, ChunkSum body) {
        float[][] kept = PARTIALS.get();
        if (kept.length < chunks - 1) {
            kept = java.util.Arrays.copyOf(kept, chunks - 1);
            PARTIALS.set(kept);
        }
        float[][] partials = new float[chunks][];
        partials[0] = sum;
        for (int c = 1; c < chunks; c++) {
            if (kept[c - 1] == null || kept[c - 1].length < size) {
                kept[c - 1] = new float[size];
            }
            partials[c] = kept[c - 1];
        }
        Parallel.forRange(chunks, 1, (first, last) -> {
            for (int c = first; c < last; c++) {
                body.run(c, partials[c]);
            }
        });
        if (chunks > 1) {
            Parallel.forRange(size, 1 << 14, (start, end) -> {
                for (int c = 1; c < chunks; c++) {
                    float[] partial = partials[c];
                    for (int i = start; i < end; i++) {
                        sum[i] += partial[i];
                    }
                }
            });
        }
    }

    /** The weight gradient of image tiles {@code [firstTile, lastTile)}, written into {@code sum}. */
    private static void weightChunk(ConvGeometry g, Tiling tiling, boolean channelsLast, float[] input,
                                    float[] gradOutput, float[] sum, int firstTile, int lastTile) {
        int outW = g.outWidth();
        int positions = g.outHeight() * outW;
        int outPerGroup = g.outChannelsPerGroup();
        int k = g.inChannelsPerGroup() * g.kernelHeight() * g.kernelWidth();
        int rowTiles = ceilDiv(g.outHeight(), tiling.rowsPerTile());
        boolean firstProduct = true;
        for (int t = firstTile; t < lastTile; t++) {
            int firstImage = t * tiling.imagesPerTile();
            int images = Math.min(tiling.imagesPerTile(), g.batch() - firstImage);
            for (int r = 0; r < rowTiles; r++) {
                int firstRow = r * tiling.rowsPerTile();
                int lastRow = Math.min(g.outHeight(), firstRow + tiling.rowsPerTile());
                int n = images * (lastRow - firstRow) * outW;
                float beta = firstProduct ? 0f : 1f;
                for (int group = 0; group < g.groups(); group++) {
                    int firstChannel = group * outPerGroup;
                    int weightOffset = group * outPerGroup * k;
                    if (g.isPointwise()) {
                        int outOffset = (firstImage * g.outChannels() + firstChannel) * positions;
                        int inOffset = (firstImage * g.inChannels() + group * g.inChannelsPerGroup()) * positions;
                        Gemm.sgemm(false, true, outPerGroup, k, n, 1f, gradOutput, outOffset, positions,
                                input, inOffset, positions, beta, sum, weightOffset, k);
                        continue;
                    }
                    float[] a = gradOutput;
                    int aOffset = (firstImage * g.outChannels() + firstChannel) * positions + firstRow * outW;
                    int lda = positions;
                    if (images > 1) {
                        a = stageGradOutput(g, gradOutput, firstImage, images, firstChannel);
                        aOffset = 0;
                        lda = n;
                    }
                    if (channelsLast) {
                        Gemm.sgemm(false, outPerGroup, k, n, 1f, a, aOffset, lda,
                                ColumnPanels.transposedChannelsLast(g, input, firstImage, images, firstRow, lastRow),
                                beta, sum, weightOffset, k);
                    } else if (Gemm.takesDotProducts(outPerGroup, k, n)) {
                        float[] columns = columnBuffer(k * n);
                        im2col(g, input, firstImage, images, group, firstRow, lastRow, columns);
                        Gemm.sgemm(false, true, outPerGroup, k, n, 1f, a, aOffset, lda, columns, 0, n, beta, sum,
                                weightOffset, k);
                    } else {
                        // columns^T packed from the input: the same bits as packing a column buffer
                        Gemm.sgemm(false, outPerGroup, k, n, 1f, a, aOffset, lda,
                                ColumnPanels.transposed(g, input, firstImage, images, group, firstRow, lastRow),
                                beta, sum, weightOffset, k);
                    }
                }
                firstProduct = false;
            }
        }
    }

    /**
     * The bias gradient, {@code gradBias[o] = sum over images and positions of gradOutput[b, o, ., .]}
     * (overwritten), in a fixed order: each plane is summed in two float vectors ({@link RunSums}),
     * whose lanes and leftover floats are then added in order into four
     * double sums for the whole batch. With only the four double sums, ResNet-18's 24x24 and 48x48
     * planes took about 3 to 6 times as long.
     */
    public static void backwardBias(ConvGeometry g, float[] gradOutput, float[] gradBias) {
        checkLength("gradOutput", gradOutput, g.outputSize());
        checkLength("gradBias", gradBias, g.outChannels());
        int positions = g.outHeight() * g.outWidth();
        int channels = g.outChannels();
        int batch = g.batch();
        int lanes = RunSums.LANES;
        Parallel.forRange(channels, Math.max(1, (1 << 15) / Math.max(1, batch * positions)), (first, last) -> {
            float[] partial = new float[lanes];
            for (int o = first; o < last; o++) {
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int b = 0; b < batch; b++) {
                    int i = (b * channels + o) * positions;
                    int end = i + positions;
                    if (positions >= 2 * lanes) {
                        i = RunSums.sum(gradOutput, i, end, partial);
                        for (int l = 0; l < lanes; l += 4) {
                            s0 += partial[l];
                            s1 += partial[l + 1];
                            s2 += partial[l + 2];
                            s3 += partial[l + 3];
                        }
                    }
                    for (; i + 4 <= end; i += 4) {
                        s0 += gradOutput[i];
                        s1 += gradOutput[i + 1];
                        s2 += gradOutput[i + 2];
                        s3 += gradOutput[i + 3];
                    }
                    for (; i < end; i++) {
                        s0 += gradOutput[i];
                    }
                }
                gradBias[o] = (float) ((s0 + s1) + (s2 + s3));
            }
        });
    }

    // ---- the shared path: one tile at a time, every thread on it --------------------------------

    /**
     * Images per tile on the shared path, or 0 if the geometry takes the per-tile path. On the shared
     * path tiles run one after another and every thread works on each: the product is one
     * {@link Gemm} call over the whole tile (which splits it between threads; the forward and weight
     * gradient pack their columns from the input, see {@link ColumnPanels}), and the input gradient's
     * col2im and the outputs' copies run in parallel. Small planes need it: ResNet's 3x3 stage
     * has 9 positions per image, so a per-image product is 9 columns wide and each task would pack
     * the whole 512 x 4608 weight for it. Depends only on the geometry.
     */
    static int sharedImagesPerTile(ConvGeometry g) {
        int positions = g.outHeight() * g.outWidth();
        if (g.groups() != 1 || g.isPointwise() || positions > SHARED_MAX_POSITIONS) {
            return 0;
        }
        int k = g.inChannels() * g.kernelHeight() * g.kernelWidth();
        int images = Math.max(1, Math.min(g.batch(), SHARED_TILE_COLUMNS / positions));
        while (images > 1 && (long) k * images * positions > SHARED_COLUMN_FLOATS) {
            images--;
        }
        return images;
    }

    /**
     * The gather table of small planes, {@code [kh * kw][positions]}: for kernel offset (i, j) and
     * output position q = y * outW + x, the offset in an input plane that weight (c, i, j) meets
     * there, {@code (y * strideH - padH + i) * inW + x * strideW - padW + j}, or -1 in the padding.
     * With planes of 3x3 to 8x8 a row of columns is a few floats per image, too short for the
     * row-run loops of {@link #im2col}; the table turns it into one loop over positions.
     */
    static int[] planeSources(ConvGeometry g) {
        int outH = g.outHeight();
        int outW = g.outWidth();
        int[] sources = new int[g.kernelHeight() * g.kernelWidth() * outH * outW];
        int index = 0;
        for (int i = 0; i < g.kernelHeight(); i++) {
            for (int j = 0; j < g.kernelWidth(); j++) {
                for (int y = 0; y < outH; y++) {
                    int row = y * g.strideHeight() - g.padHeight() + i;
                    for (int x = 0; x < outW; x++) {
                        int col = x * g.strideWidth() - g.padWidth() + j;
                        boolean inside = row >= 0 && row < g.inHeight() && col >= 0 && col < g.inWidth();
                        sources[index++] = inside ? row * g.inWidth() + col : -1;
                    }
                }
            }
        }
        return sources;
    }

    /** Rows of {@code length} floats per task for copying loops: about 64 KiB of floats. */
    static int rowGrain(int length) {
        return Math.max(1, (1 << 14) / Math.max(1, length));
    }

    /** The work on one shared tile: images {@code [firstImage, firstImage + images)}, {@code n} columns. */
    @FunctionalInterface
    private interface SharedTile {
        void run(int firstImage, int images, int n);
    }

    /** Runs {@code body} on each shared tile of the batch, in order. */
    private static void forEachSharedTile(ConvGeometry g, int imagesPerTile, SharedTile body) {
        int positions = g.outHeight() * g.outWidth();
        for (int firstImage = 0; firstImage < g.batch(); firstImage += imagesPerTile) {
            int images = Math.min(imagesPerTile, g.batch() - firstImage);
            body.run(firstImage, images, images * positions);
        }
    }

    private static void forwardShared(ConvGeometry g, int imagesPerTile, float[] input, float[] weight, float[] bias,
                                      float[] output) {
        int positions = g.outHeight() * g.outWidth();
        int k = g.inChannels() * g.kernelHeight() * g.kernelWidth();
        int outC = g.outChannels();
        // Stride 1: batch-last columns, whose slivers are contiguous in the copy (a whole output row of
        // the tile's images), so packing copies instead of gathering. Medians of 21 interleaved calls,
        // 2 threads / 1 thread: ResNet-18's 256 channels on 6x6 1.18-1.24x / 1.08x, 512 on 3x3
        // 1.19-1.20x / 1.07x faster; with stride 2 only 0.95-1.09x, so those keep NCHW columns.
        boolean batchLast = g.strideWidth() == 1;
        forEachSharedTile(g, imagesPerTile, (tileStart, images, n) -> {
            float[] staged = buffer(STAGING, outC * n);
            Gemm.sgemm(false, outC, n, k, 1f, weight, 0, k,
                    batchLast ? ColumnPanels.columnsBatchLast(g, input, tileStart, images)
                            : ColumnPanels.columns(g, input, tileStart, images, 0, 0, g.outHeight()),
                    0f, staged, 0, n);
            // column t * positions + q of the staged output, or q * images + t batch-last
            int imageStride = batchLast ? 1 : positions;
            int positionStride = batchLast ? images : 1;
            Parallel.forRange(outC, rowGrain(n), (first, last) -> {
                for (int o = first; o < last; o++) {
                    float b = bias == null ? 0f : bias[o];
                    for (int t = 0; t < images; t++) {
                        int to = ((tileStart + t) * outC + o) * positions;
                        for (int q = 0, from = o * n + t * imageStride; q < positions; q++, from += positionStride) {
                            output[to + q] = staged[from] + b;
                        }
                    }
                }
            });
        });
    }

    /**
     * Whether the batch has at least twice as many output positions as output channels: then a
     * reordering of the weight or its gradient ({@code outC x K} values) costs less than the
     * gathers or col2im it saves ({@code positions x K}).
     */
    static boolean positionsOutnumberChannels(ConvGeometry g) {
        return (long) g.batch() * g.outHeight() * g.outWidth() >= 2L * g.outChannels();
    }

    /**
     * For a stride-1, single-group convolution, the input gradient as a forward convolution:
     * {@code gradInput = conv2d(gradOutput, rot180(weight) with in and out channels swapped,
     * padding = kernel - 1 - padding)}, whose output has the input's size. Returns its geometry, or
     * null where that does not hold. On small planes this takes the shared forward (batch-last columns,
     * no column buffer) instead of a product into a column buffer and col2im through a gather table:
     * on ResNet-18's 256 channels on 6x6, 1.08-1.12x faster with 2 threads and 1.07x with 1 (medians
     * of 21 interleaved calls). Its 512 channels on 3x3 keep col2im: rotating their 2.4 M-float weight
     * for 288 positions made the call 0.86x as fast (1 thread, on a loaded machine).
     */
    static ConvGeometry inputGradientAsForward(ConvGeometry g) {
        if (g.groups() != 1 || g.strideHeight() != 1 || g.strideWidth() != 1
                || g.padHeight() >= g.kernelHeight() || g.padWidth() >= g.kernelWidth()) {
            return null;
        }
        return ConvGeometry.convolution(g.batch(), g.outChannels(), g.inChannels(), g.outHeight(), g.outWidth(),
                g.kernelHeight(), g.kernelWidth(), 1, 1, g.kernelHeight() - 1 - g.padHeight(),
                g.kernelWidth() - 1 - g.padWidth(), 1);
    }

    /** {@code rotated[c][o][i][j] = weight[o][c][kh - 1 - i][kw - 1 - j]}: the weight of {@link #inputGradientAsForward}. */
    static void rotateWeight(ConvGeometry g, float[] weight, float[] rotated) {
        int inC = g.inChannels();
        int outC = g.outChannels();
        int taps = g.kernelHeight() * g.kernelWidth();
        Parallel.forRange(inC, rowGrain(outC * taps), (first, last) -> {
            for (int c = first; c < last; c++) {
                for (int o = 0; o < outC; o++) {
                    int from = (o * inC + c) * taps + taps - 1;
                    int to = (c * outC + o) * taps;
                    for (int tap = 0; tap < taps; tap++) {
                        rotated[to + tap] = weight[from - tap];
                    }
                }
            }
        });
    }

    private static void backwardInputShared(ConvGeometry g, int imagesPerTile, float[] gradOutput, float[] weight,
                                            float[] gradInput) {
        int k = g.inChannels() * g.kernelHeight() * g.kernelWidth();
        int outC = g.outChannels();
        java.util.Arrays.fill(gradInput, 0, g.inputSize(), 0f);
        int planeRows = g.kernelHeight() * g.kernelWidth();
        int positions = g.outHeight() * g.outWidth();
        int inPlane = g.inHeight() * g.inWidth();
        int[] sources = planeSources(g);
        forEachSharedTile(g, imagesPerTile, (tileStart, images, n) -> {
            float[] staged = stageGradOutput(g, gradOutput, tileStart, images, 0);
            float[] columns = columnBuffer(k * n);
            Gemm.sgemm(true, false, k, n, outC, 1f, weight, 0, k, staged, 0, n, 0f, columns, 0, n);
            Parallel.forRange(g.inChannels(), rowGrain(planeRows * n), (first, last) -> {
                // col2im through the gather table: each input plane is summed by one task, in a fixed order
                for (int t = 0; t < images; t++) {
                    for (int c = first; c < last; c++) {
                        int plane = ((tileStart + t) * g.inChannels() + c) * inPlane;
                        for (int w = 0; w < planeRows; w++) {
                            int from = (c * planeRows + w) * n + t * positions;
                            int table = w * positions;
                            for (int q = 0; q < positions; q++) {
                                int source = sources[table + q];
                                if (source >= 0) {
                                    gradInput[plane + source] += columns[from + q];
                                }
                            }
                        }
                    }
                }
            });
        });
    }

    private static void backwardWeightShared(ConvGeometry g, int imagesPerTile, boolean channelsLast, float[] input,
                                             float[] gradOutput, float[] gradWeight) {
        int k = g.inChannels() * g.kernelHeight() * g.kernelWidth();
        int outC = g.outChannels();
        forEachSharedTile(g, imagesPerTile, (tileStart, images, n) -> {
            float[] staged = stageGradOutput(g, gradOutput, tileStart, images, 0);
            Gemm.sgemm(false, outC, k, n, 1f, staged, 0, n,
                    channelsLast ? ColumnPanels.transposedChannelsLast(g, input, tileStart, images, 0, g.outHeight())
                            : ColumnPanels.transposed(g, input, tileStart, images, 0, 0, g.outHeight()),
                    tileStart == 0 ? 0f : 1f, gradWeight, 0, k);
        });
    }

    // ---- column buffers -------------------------------------------------------------------------

    /**
     * Copies group {@code group}'s input patches for output rows {@code [firstRow, lastRow)} of
     * images {@code [firstImage, firstImage + images)} into {@code columns} (layout: see
     * {@link #COLUMNS}). Positions in the padding get 0.
     */
    private static void im2col(ConvGeometry g, float[] input, int firstImage, int images, int group,
                               int firstRow, int lastRow, float[] columns) {
        int inH = g.inHeight();
        int inW = g.inWidth();
        int outW = g.outWidth();
        int kh = g.kernelHeight();
        int kw = g.kernelWidth();
        int strideH = g.strideHeight();
        int strideW = g.strideWidth();
        int channels = g.inChannelsPerGroup();
        int tilePositions = (lastRow - firstRow) * outW;
        int n = images * tilePositions;
        int lanes = SPECIES.length();
        // Rows are short (often 10 to 30 floats), so they are copied a whole vector at a time, and a
        // vector may run past the end of the row. That is harmless because the buffer is written
        // strictly in order (row r, then image t, then y): whatever runs over is overwritten next.
        for (int r = 0; r < channels * kh * kw; r++) {
            int c = r / (kh * kw);
            int i = r / kw % kh;
            int j = r % kw;
            // Output columns x whose input column x * strideW - padW + j lies inside [0, inW).
            int shift = j - g.padWidth();
            int xStart = Math.min(outW, shift >= 0 ? 0 : ceilDiv(-shift, strideW));
            int xEnd = Math.max(xStart, Math.min(outW, ceilDiv(inW - shift, strideW)));
            // Output rows y whose input row y * strideH - padH + i lies inside [0, inH).
            int yStart = Math.min(lastRow, Math.max(firstRow, ceilDiv(g.padHeight() - i, strideH)));
            int yEnd = Math.max(yStart, Math.min(lastRow, ceilDiv(inH + g.padHeight() - i, strideH)));
            boolean vectors = strideW == 1 && xEnd > xStart;
            for (int t = 0; t < images; t++) {
                int plane = ((firstImage + t) * g.inChannels() + group * channels + c) * inH * inW;
                int rowStart = r * n + t * tilePositions;
                fillZero(columns, rowStart, (yStart - firstRow) * outW);
                int dst = rowStart + (yStart - firstRow) * outW;
                int src = plane + (yStart * strideH - g.padHeight() + i) * inW + shift;
                int lastSrc = src + (yEnd - 1 - yStart) * strideH * inW;
                if (vectors && lastSrc + xStart + roundUp(xEnd - xStart, lanes) <= input.length) {
                    for (int y = yStart; y < yEnd; y++, dst += outW, src += strideH * inW) {
                        for (int x = xStart; x < xEnd; x += lanes) {
                            FloatVector.fromArray(SPECIES, input, src + x).intoArray(columns, dst + x);
                        }
                        for (int x = 0; x < xStart; x++) {
                            columns[dst + x] = 0f;
                        }
                        for (int x = xEnd; x < outW; x++) {
                            columns[dst + x] = 0f;
                        }
                    }
                } else {
                    for (int y = yStart; y < yEnd; y++, dst += outW, src += strideH * inW) {
                        for (int x = 0; x < xStart; x++) {
                            columns[dst + x] = 0f;
                        }
                        for (int x = xStart; x < xEnd; x++) {
                            columns[dst + x] = input[src + x * strideW];
                        }
                        for (int x = xEnd; x < outW; x++) {
                            columns[dst + x] = 0f;
                        }
                    }
                }
                fillZero(columns, dst, (lastRow - yEnd) * outW);
            }
        }
    }

    /** Zeroes {@code a[from, from + length)}, a vector at a time (so possibly a little further; see im2col). */
    private static void fillZero(float[] a, int from, int length) {
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int x = 0; x < length; x += SPECIES.length()) {
            zero.intoArray(a, from + x);
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** The reverse of {@link #im2col}: adds every column entry into the input position it came from. */
    private static void col2im(ConvGeometry g, float[] columns, int firstImage, int images, int group,
                               int firstRow, int lastRow, float[] gradInput) {
        int inH = g.inHeight();
        int inW = g.inWidth();
        int outW = g.outWidth();
        int kh = g.kernelHeight();
        int kw = g.kernelWidth();
        int strideH = g.strideHeight();
        int strideW = g.strideWidth();
        int channels = g.inChannelsPerGroup();
        int tilePositions = (lastRow - firstRow) * outW;
        int n = images * tilePositions;
        for (int t = 0; t < images; t++) {
            for (int c = 0; c < channels; c++) {
                int plane = ((firstImage + t) * g.inChannels() + group * channels + c) * inH * inW;
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int src = ((c * kh + i) * kw + j) * n + t * tilePositions;
                        int shift = j - g.padWidth();
                        int xStart = Math.min(outW, shift >= 0 ? 0 : ceilDiv(-shift, strideW));
                        int xEnd = Math.max(xStart, Math.min(outW, ceilDiv(inW - shift, strideW)));
                        for (int y = firstRow; y < lastRow; y++, src += outW) {
                            int inRow = y * strideH - g.padHeight() + i;
                            if (inRow < 0 || inRow >= inH) {
                                continue;
                            }
                            int dst = plane + inRow * inW + shift;
                            if (strideW == 1) {
                                for (int x = xStart; x < xEnd; x++) {
                                    gradInput[dst + x] += columns[src + x];
                                }
                            } else {
                                for (int x = xStart; x < xEnd; x++) {
                                    gradInput[dst + x * strideW] += columns[src + x];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code dst[d, d + length) += src[s, s + length)}, a vector at a time. */
    private static void addInto(float[] src, int s, float[] dst, int d, int length) {
        int i = 0;
        for (int bound = SPECIES.loopBound(length); i < bound; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, dst, d + i).add(FloatVector.fromArray(SPECIES, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < length; i++) {
            dst[d + i] += src[s + i];
        }
    }

    /** Gathers group channels of several images' output gradients into {@code [outC/G][images * positions]}. */
    private static float[] stageGradOutput(ConvGeometry g, float[] gradOutput, int firstImage, int images,
                                           int firstChannel) {
        int positions = g.outHeight() * g.outWidth();
        int outPerGroup = g.outChannelsPerGroup();
        int n = images * positions;
        float[] staged = buffer(STAGING, outPerGroup * n);
        for (int o = 0; o < outPerGroup; o++) {
            for (int t = 0; t < images; t++) {
                System.arraycopy(gradOutput, ((firstImage + t) * g.outChannels() + firstChannel + o) * positions,
                        staged, o * n + t * positions, positions);
            }
        }
        return staged;
    }

    private static void checkLength(String name, float[] array, int needed) {
        if (array.length < needed) {
            throw new IllegalArgumentException(name + " has " + array.length + " elements, needs " + needed);
        }
    }
}
