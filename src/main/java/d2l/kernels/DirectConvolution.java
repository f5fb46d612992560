package d2l.kernels;

import static d2l.kernels.Convolution.buffer;
import static d2l.kernels.Convolution.ceilDiv;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution for stride 1, one input channel and up to six output channels per group
 * (LeNet's first layer, 1 -> 6): the forward pass and the weight gradient of {@link Convolution}
 * without a column buffer. With one
 * input channel, im2col copies every input value {@code kh * kw} times (25 for a 5x5 kernel) and the
 * matrix product that follows has only {@code kh * kw} terms per output, so the copy costs about as
 * much as the arithmetic. Here each input channel is copied once, zero-padded, and the sums run over
 * it directly:
 * <pre>
 *   out[b, o, y, x]      = bias[o] + sum over c, i, j of weight[o, c, i, j] * P[b, c, y + i, x + j]
 *   dWeight[o, c, i, j]  = sum over b, y, x of dOut[b, o, y, x] * P[b, c, y + i, x + j]
 * </pre>
 * where {@code P} is the input of o's group zero-padded by {@code padH, padW} on each side.
 *
 * <p>Layout of the padded planes (one image's input channels of one group, in a per-thread buffer):
 * {@code [inC/G][Hp][Wp]} row-major, {@code Hp = inH + 2 padH}, {@code Wp = inW + 2 padW}, followed by
 * one vector of slack, so that {@code P[c, y + i, x + j]} for a whole vector of outputs
 * {@code x .. x + L - 1} is one unaligned load at {@code (c * Hp + y + i) * Wp + x + j}. Lanes past
 * the end of an output row read whatever follows in the buffer; the forward pass does not store them
 * and the weight gradient sets them to zero, so they never reach a result.
 *
 * <p>Register blocking: a group's output channels (at most {@link #BLOCK}) share each input vector
 * loaded; see {@link #forwardGroup} and {@link #weightGroup}. Sums run over (c, i, j) in that order
 * for an output, and over the plane's vectors in lanes, then the lanes in order, for a weight, so
 * every result depends only on the geometry (not on whether the code is compiled yet). Forward tasks take
 * whole images. The weight gradient cuts the batch into fixed chunks of images, sums each chunk
 * image by image into its own partial, and adds the partials in chunk order: bit-identical for any
 * thread count.
 */
final class DirectConvolution {

    /**
     * Convolutions with at most this many input channels per group take the direct path... Measured
     * (AMD EPYC, AVX-512, CPU time of one thread, batch 128, 28x28, 5x5 pad 2, against im2col): 1 -> 6
     * channels about 2x faster in both passes; 3 -> 16 forward 2.1 vs 3.1 ms but weight gradient 5.5
     * vs 4.3 ms. im2col's cost per product term falls as K = inC/G * kh * kw grows; this one's does not.
     */
    static final int MAX_IN_CHANNELS_PER_GROUP = 1;

    /**
     * ...and at most this many output channels per group (one block of {@link #BLOCK}): 1 -> 16 was
     * even with im2col, 1 -> 32 and 1 -> 64 (3x3 pad 1, 56x56 and 96x96) slower, as im2col's matrix
     * product gets more efficient with more rows while the direct path reloads its input per block.
     */
    static final int MAX_OUT_CHANNELS_PER_GROUP = 6;

    /**
     * Output channels computed together (at most): each input vector loaded is used for this many
     * channels (LeNet's first layer has 6; 6 channels times 2 vectors keep 12 sums in registers).
     */
    private static final int BLOCK = MAX_OUT_CHANNELS_PER_GROUP;

    /** The batch is cut into at most this many forward tasks of whole images. */
    private static final int MAX_BATCH_TASKS = 16;

    /** The weight gradient keeps one partial sum per chunk of images: at most this many chunks. */
    private static final int MAX_WEIGHT_CHUNKS = 8;

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** The calling thread's padded planes (layout: see the class comment). */
    private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);

    /** The calling thread's staged output gradient rows (layout: see {@link #weightGroup}). */
    private static final ThreadLocal<float[]> STAGED = ThreadLocal.withInitial(() -> new float[0]);

    /** A per-thread buffer for the lanes of the weight gradient's 2 x BLOCK accumulators. */
    private static final ThreadLocal<float[]> LANE_SUMS = ThreadLocal.withInitial(() -> new float[0]);

    private DirectConvolution() {}

    /** Whether {@code g} takes the direct path: stride 1, few channels per group, not 1x1 unpadded. */
    static boolean applies(ConvGeometry g) {
        return g.strideHeight() == 1 && g.strideWidth() == 1 && !g.isPointwise()
                && g.inChannelsPerGroup() <= MAX_IN_CHANNELS_PER_GROUP
                && g.outChannelsPerGroup() <= MAX_OUT_CHANNELS_PER_GROUP;
    }

    /**
     * {@code output = conv2d(input, weight, bias)} for a geometry that {@link #applies}; shapes as in
     * {@link Convolution#forward}.
     */
    static void forward(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] output) {
        int batch = g.batch();
        float[] packed = packWeights(g, weight);
        int[] shifts = shifts(g);
        Parallel.forRange(batch, Math.max(1, ceilDiv(batch, MAX_BATCH_TASKS)), (first, last) -> {
            float[] scratch = new float[2 * BLOCK * SPECIES.length()];
            for (int b = first; b < last; b++) {
                for (int group = 0; group < g.groups(); group++) {
                    forwardGroup(g, pad(g, input, b, group), packed, shifts, bias, output, scratch, b, group);
                }
            }
        });
    }

    /**
     * The weight as {@code [G][K][BLOCK]} (K = inC/G * kh * kw, the (c, i, j) of a weight), 0 past
     * the group's channels: the weights that one input value meets are neighbours.
     */
    private static float[] packWeights(ConvGeometry g, float[] weight) {
        int outPerGroup = g.outChannelsPerGroup();
        int window = g.inChannelsPerGroup() * g.kernelHeight() * g.kernelWidth();
        float[] packed = new float[g.groups() * window * BLOCK];
        for (int o = 0; o < g.outChannels(); o++) {
            for (int r = 0; r < window; r++) {
                packed[((o / outPerGroup) * window + r) * BLOCK + o % outPerGroup] = weight[o * window + r];
            }
        }
        return packed;
    }

    /**
     * The output channels of {@code group} for image b (the packed weights past them are 0). The
     * output plane is cut into vectors, {@code ceil(outW / L)} per row; for two vectors at a time (the
     * last one paired with itself if their number is odd), the sums over (c, i, j) stay in 12 registers.
     * They are then stored with the bias through {@code scratch}
     * (a row may end inside a vector, and masked stores are slow on JDK 17).
     */
    private static void forwardGroup(ConvGeometry g, float[] padded, float[] packed, int[] shifts, float[] bias,
                                     float[] output, float[] scratch, int b, int group) {
        int lanes = SPECIES.length();
        int outW = g.outWidth();
        int positions = g.outHeight() * outW;
        int paddedW = g.inWidth() + 2 * g.padWidth();
        int window = shifts.length;
        int count = g.outChannelsPerGroup();
        int o = group * count;
        int w0 = group * window * BLOCK;
        int out0 = (b * g.outChannels() + o) * positions;
        int perRow = ceilDiv(outW, lanes);
        int vectors = g.outHeight() * perRow;
        for (int v = 0; v < vectors; v += 2) {
            int ya = v / perRow;
            int xa = v % perRow * lanes;
            int yb = Math.min(v + 1, vectors - 1) / perRow;
            int xb = Math.min(v + 1, vectors - 1) % perRow * lanes;
            int baseA = ya * paddedW + xa;
            int baseB = yb * paddedW + xb;
            forwardPair(padded, packed, shifts, w0, baseA, baseB, scratch);
            for (int k = 0; k < count; k++) {
                float bk = bias == null ? 0f : bias[o + k];
                int plane = out0 + k * positions;
                store(scratch, k * lanes, bk, output, plane + ya * outW + xa, outW - xa);
                store(scratch, (BLOCK + k) * lanes, bk, output, plane + yb * outW + xb, outW - xb);
            }
        }
    }

    /**
     * The sums over (c, i, j) of two output vectors, starting at {@code baseA} and {@code baseB} in
     * the padded planes, for the block's channels, stored in {@code scratch} as
     * {@code [vector a, b][channel][lane]}. A method of its own so that the JIT compiles it as soon as
     * it has been called a few hundred times (in the warm-up), instead of compiling {@link #forwardGroup}'s
     * loop on the stack first and the whole method again later.
     */
    private static void forwardPair(float[] padded, float[] packed, int[] shifts, int w0, int baseA, int baseB,
                                    float[] scratch) {
        int lanes = SPECIES.length();
        int window = shifts.length;
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0;
        for (int r = 0, wi = w0; r < window; r++, wi += BLOCK) {
            FloatVector pa = FloatVector.fromArray(SPECIES, padded, baseA + shifts[r]);
            FloatVector pb = FloatVector.fromArray(SPECIES, padded, baseB + shifts[r]);
            FloatVector w = FloatVector.broadcast(SPECIES, packed[wi]);
            a0 = pa.fma(w, a0);
            b0 = pb.fma(w, b0);
            w = FloatVector.broadcast(SPECIES, packed[wi + 1]);
            a1 = pa.fma(w, a1);
            b1 = pb.fma(w, b1);
            w = FloatVector.broadcast(SPECIES, packed[wi + 2]);
            a2 = pa.fma(w, a2);
            b2 = pb.fma(w, b2);
            w = FloatVector.broadcast(SPECIES, packed[wi + 3]);
            a3 = pa.fma(w, a3);
            b3 = pb.fma(w, b3);
            w = FloatVector.broadcast(SPECIES, packed[wi + 4]);
            a4 = pa.fma(w, a4);
            b4 = pb.fma(w, b4);
            w = FloatVector.broadcast(SPECIES, packed[wi + 5]);
            a5 = pa.fma(w, a5);
            b5 = pb.fma(w, b5);
        }
        a0.intoArray(scratch, 0);
        a1.intoArray(scratch, lanes);
        a2.intoArray(scratch, 2 * lanes);
        a3.intoArray(scratch, 3 * lanes);
        a4.intoArray(scratch, 4 * lanes);
        a5.intoArray(scratch, 5 * lanes);
        b0.intoArray(scratch, 6 * lanes);
        b1.intoArray(scratch, 7 * lanes);
        b2.intoArray(scratch, 8 * lanes);
        b3.intoArray(scratch, 9 * lanes);
        b4.intoArray(scratch, 10 * lanes);
        b5.intoArray(scratch, 11 * lanes);
    }

    /** {@code output[at ..] = scratch[from ..] + bias} for one vector, or its first {@code room} lanes if fewer. */
    private static void store(float[] scratch, int from, float bias, float[] output, int at, int room) {
        if (room >= SPECIES.length()) {
            FloatVector.fromArray(SPECIES, scratch, from).add(bias).intoArray(output, at);
        } else {
            for (int l = 0; l < room; l++) {
                output[at + l] = scratch[from + l] + bias;
            }
        }
    }

    /**
     * {@code gradWeight = sum over images of dOut * P} for a geometry that {@link #applies}
     * (overwritten); shapes as in {@link Convolution#backwardWeight}.
     */
    static void backwardWeight(ConvGeometry g, float[] input, float[] gradOutput, float[] gradWeight) {
        int weightSize = g.weightSize();
        int batch = g.batch();
        if (batch == 0) {
            Arrays.fill(gradWeight, 0, weightSize, 0f);
            return;
        }
        int imagesPerChunk = ceilDiv(batch, Math.min(MAX_WEIGHT_CHUNKS, batch));
        int chunks = ceilDiv(batch, imagesPerChunk);
        int[] shifts = shifts(g);
        Convolution.sumInChunkOrder(chunks, gradWeight, weightSize, (chunk, sum) -> {
            Arrays.fill(sum, 0, weightSize, 0f);
            int end = Math.min(batch, (chunk + 1) * imagesPerChunk);
            for (int b = chunk * imagesPerChunk; b < end; b++) {
                for (int group = 0; group < g.groups(); group++) {
                    weightGroup(g, pad(g, input, b, group), shifts, gradOutput, sum, b, group);
                }
            }
        });
    }

    /**
     * Adds image b's share of the weight gradient of {@code group}'s output channels into
     * {@code sum}: dot products of the output gradient planes with the padded input shifted by weight
     * (c, i, j)'s offset, two weights at a time for all the group's channels (12 sums in registers;
     * each output gradient vector loaded serves two weights, each input vector all the channels). The
     * output gradient rows are first copied into a per-thread buffer {@code [BLOCK][outH][rowStride]}
     * ({@code rowStride = outW} rounded up to whole vectors), zero after each row and for channels
     * past the group's. The input lanes past a row's end are zeroed too, so that neither side brings
     * in values of other positions (0 times an infinite input would be NaN): the full vectors of all
     * rows are summed first, then the rows' last partial vectors.
     */
    private static void weightGroup(ConvGeometry g, float[] padded, int[] shifts, float[] gradOutput, float[] sum,
                                    int b, int group) {
        int lanes = SPECIES.length();
        int outH = g.outHeight();
        int outW = g.outWidth();
        int positions = outH * outW;
        int paddedW = g.inWidth() + 2 * g.padWidth();
        int window = shifts.length;
        int count = g.outChannelsPerGroup();
        int o = group * count;
        int full = outW - outW % lanes;
        int rowStride = full < outW ? full + lanes : full;
        int plane = outH * rowStride;
        float[] staged = buffer(STAGED, BLOCK * plane);
        Arrays.fill(staged, 0, BLOCK * plane, 0f);
        for (int k = 0; k < count; k++) {
            for (int y = 0; y < outH; y++) {
                System.arraycopy(gradOutput, (b * g.outChannels() + o + k) * positions + y * outW,
                        staged, k * plane + y * rowStride, outW);
            }
        }
        StagedRows rows = new StagedRows(outH, outW, paddedW, full, full / lanes, rowStride, plane,
                SPECIES.indexInRange(full, outW).not());
        float[] laneSums = buffer(LANE_SUMS, 2 * BLOCK * lanes);
        for (int r = 0; r < window; r += 2) {
            int shiftA = shifts[r];
            int shiftB = shifts[Math.min(r + 1, window - 1)];
            weightPair(padded, shiftA, shiftB, staged, rows, laneSums);
            for (int k = 0; k < count; k++) {
                sum[(o + k) * window + r] += laneSum(laneSums, k * lanes, lanes);
                if (r + 1 < window) {
                    sum[(o + k) * window + r + 1] += laneSum(laneSums, (BLOCK + k) * lanes, lanes);
                }
            }
        }
    }

    /**
     * The geometry of {@link #weightGroup}'s staged rows: {@code outH} rows of {@code outW} values,
     * {@code rowStride} apart, channel planes {@code plane} apart; {@code full} values of a row fill
     * {@code perRow} whole vectors, and {@code pastRow} masks the lanes of the last vector past its end.
     */
    private record StagedRows(int outH, int outW, int paddedW, int full, int perRow, int rowStride, int plane,
                              VectorMask<Float> pastRow) {}

    /**
     * For the window offsets {@code shiftA} and {@code shiftB}, the lanes of the dot products of the
     * block's staged output gradient planes with the padded input shifted by each, stored in
     * {@code laneSums} as {@code [offset a, b][channel][lane]}. A method of its own so that the JIT
     * compiles it as soon as it has been called a few hundred times (in the warm-up), instead of
     * compiling {@link #weightGroup}'s loop on the stack first (600 ms of C2's time in a cold LeNet run)
     * and the whole method again later.
     */
    private static void weightPair(float[] padded, int shiftA, int shiftB, float[] staged, StagedRows rows,
                                   float[] laneSums) {
        int lanes = SPECIES.length();
        int outH = rows.outH();
        int outW = rows.outW();
        int paddedW = rows.paddedW();
        int full = rows.full();
        int perRow = rows.perRow();
        int rowStride = rows.rowStride();
        int plane = rows.plane();
        VectorMask<Float> pastRow = rows.pastRow();
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0;
        for (int v = 0, y = 0, x = 0; v < outH * perRow; v++, x += lanes) {
            if (x == full) {
                x = 0;
                y++;
            }
            int p0 = y * paddedW + x;
            int d = y * rowStride + x;
            FloatVector pa = FloatVector.fromArray(SPECIES, padded, p0 + shiftA);
            FloatVector pb = FloatVector.fromArray(SPECIES, padded, p0 + shiftB);
            FloatVector dy = FloatVector.fromArray(SPECIES, staged, d);
            a0 = dy.fma(pa, a0);
            b0 = dy.fma(pb, b0);
            dy = FloatVector.fromArray(SPECIES, staged, d + plane);
            a1 = dy.fma(pa, a1);
            b1 = dy.fma(pb, b1);
            dy = FloatVector.fromArray(SPECIES, staged, d + 2 * plane);
            a2 = dy.fma(pa, a2);
            b2 = dy.fma(pb, b2);
            dy = FloatVector.fromArray(SPECIES, staged, d + 3 * plane);
            a3 = dy.fma(pa, a3);
            b3 = dy.fma(pb, b3);
            dy = FloatVector.fromArray(SPECIES, staged, d + 4 * plane);
            a4 = dy.fma(pa, a4);
            b4 = dy.fma(pb, b4);
            dy = FloatVector.fromArray(SPECIES, staged, d + 5 * plane);
            a5 = dy.fma(pa, a5);
            b5 = dy.fma(pb, b5);
        }
        // Each row's last, partial vector. (The same FMAs as above: one loop for both, with the
        // blend's mask chosen per pass, made the JIT box the mask, 6 ms instead of 0.8 for LeNet.)
        for (int y = 0; full < outW && y < outH; y++) {
            int p0 = y * paddedW + full;
            int d = y * rowStride + full;
            FloatVector pa = FloatVector.fromArray(SPECIES, padded, p0 + shiftA).blend(0f, pastRow);
            FloatVector pb = FloatVector.fromArray(SPECIES, padded, p0 + shiftB).blend(0f, pastRow);
            FloatVector dy = FloatVector.fromArray(SPECIES, staged, d);
            a0 = dy.fma(pa, a0);
            b0 = dy.fma(pb, b0);
            dy = FloatVector.fromArray(SPECIES, staged, d + plane);
            a1 = dy.fma(pa, a1);
            b1 = dy.fma(pb, b1);
            dy = FloatVector.fromArray(SPECIES, staged, d + 2 * plane);
            a2 = dy.fma(pa, a2);
            b2 = dy.fma(pb, b2);
            dy = FloatVector.fromArray(SPECIES, staged, d + 3 * plane);
            a3 = dy.fma(pa, a3);
            b3 = dy.fma(pb, b3);
            dy = FloatVector.fromArray(SPECIES, staged, d + 4 * plane);
            a4 = dy.fma(pa, a4);
            b4 = dy.fma(pb, b4);
            dy = FloatVector.fromArray(SPECIES, staged, d + 5 * plane);
            a5 = dy.fma(pa, a5);
            b5 = dy.fma(pb, b5);
        }
        // The lanes are added in a fixed order, not by reduceLanes, whose order differs between
        // interpreted and compiled code (a resumed LeNet run ended 1 ulp away on JDK 25).
        a0.intoArray(laneSums, 0);
        a1.intoArray(laneSums, lanes);
        a2.intoArray(laneSums, 2 * lanes);
        a3.intoArray(laneSums, 3 * lanes);
        a4.intoArray(laneSums, 4 * lanes);
        a5.intoArray(laneSums, 5 * lanes);
        b0.intoArray(laneSums, 6 * lanes);
        b1.intoArray(laneSums, 7 * lanes);
        b2.intoArray(laneSums, 8 * lanes);
        b3.intoArray(laneSums, 9 * lanes);
        b4.intoArray(laneSums, 10 * lanes);
        b5.intoArray(laneSums, 11 * lanes);
    }

    /** {@code values[from] + values[from + 1] + ... + values[from + count - 1]}, added in that order. */
    private static float laneSum(float[] values, int from, int count) {
        float s = values[from];
        for (int l = 1; l < count; l++) {
            s += values[from + l];
        }
        return s;
    }

    /**
     * Copies image b's input channels of {@code group} into this thread's padded planes (zero
     * border; layout: see the class comment) and returns the buffer.
     */
    private static float[] pad(ConvGeometry g, float[] input, int b, int group) {
        int inH = g.inHeight();
        int inW = g.inWidth();
        int paddedW = inW + 2 * g.padWidth();
        int paddedPlane = (inH + 2 * g.padHeight()) * paddedW;
        int inPerGroup = g.inChannelsPerGroup();
        int size = inPerGroup * paddedPlane + SPECIES.length();
        float[] padded = buffer(PADDED, size);
        Arrays.fill(padded, 0, size, 0f);
        for (int c = 0; c < inPerGroup; c++) {
            int from = (b * g.inChannels() + group * inPerGroup + c) * inH * inW;
            int to = c * paddedPlane + g.padHeight() * paddedW + g.padWidth();
            for (int h = 0; h < inH; h++) {
                System.arraycopy(input, from + h * inW, padded, to + h * paddedW, inW);
            }
        }
        return padded;
    }

    /** For each weight (c, i, j) in order, the offset {@code (c * Hp + i) * Wp + j} of its input in padded planes. */
    private static int[] shifts(ConvGeometry g) {
        int paddedW = g.inWidth() + 2 * g.padWidth();
        int paddedH = g.inHeight() + 2 * g.padHeight();
        int[] shifts = new int[g.inChannelsPerGroup() * g.kernelHeight() * g.kernelWidth()];
        int r = 0;
        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
            for (int i = 0; i < g.kernelHeight(); i++) {
                for (int j = 0; j < g.kernelWidth(); j++) {
                    shifts[r++] = (c * paddedH + i) * paddedW + j;
                }
            }
        }
        return shifts;
    }
}
