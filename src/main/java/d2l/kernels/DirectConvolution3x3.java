package d2l.kernels;

import static d2l.kernels.Convolution.buffer;
import static d2l.kernels.Convolution.ceilDiv;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3x3 convolution with stride 1, padding 1 and one group computed directly on zero-padded planes
 * (an implicit matrix product, no column buffer): the forward pass and the input gradient of
 * ResNet-18's first stage (64 -> 64 channels on 24x24 planes), where im2col's copy of every input
 * value nine times, and col2im's scatter back, cost about as much as the products.
 * <pre>
 *   out[b, o, y, x] = bias[o] + sum over c, then i, j &lt; 3 of f[o, c, i, j] * P[b, c, y + i, x + j]
 * </pre>
 * where {@code P} is the input zero-padded by one on each side and {@code f[o, c] = weight[o, c]}
 * (forward) or, for the input gradient (a 3x3 padding-1 convolution of the output gradient),
 * {@code weight[c, o]} turned by 180 degrees. The weight gradient, a sum over images, is computed
 * on the same padded planes with output channels in the lanes: see {@link #backwardWeight}.
 *
 * <p>Layouts. Padded planes {@code [batch][C][H + 2][Wp]}, {@code Wp = W + 2}, row-major, followed
 * by slack. A plane's outputs are computed "wide", at every {@code p = y * Wp + x} with
 * {@code x < Wp}: then tap (i, j) of output p reads {@code P[c, p + i * Wp + j]}, so a vector of
 * {@link #LANES} consecutive outputs is one unaligned load per tap, whatever rows it spans. The two
 * wide columns {@code x = W, W + 1} (and the lanes past the plane) read neighbouring values and are
 * dropped when the wide sums are copied out. Filters packed as {@code [O / BLOCK][C][9][BLOCK]}
 * (0 past the output channels): the {@code BLOCK} weights one input vector meets are neighbours.
 *
 * <p>Register block: {@link #BLOCK} output channels times {@link #VECTORS} vectors of outputs,
 * 24 accumulators, summed over c then the 9 taps; each input vector loaded serves {@code BLOCK}
 * channels, each weight broadcast {@code VECTORS} vectors. A task is one image and one block of
 * output channels, so every output is summed in one fixed order by one task: bit-identical for any
 * thread count.
 */
final class DirectConvolution3x3 {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Floats per vector (16 with AVX-512). */
    private static final int LANES = SPECIES.length();

    /** Output channels per register block. */
    static final int BLOCK = 8;

    /** Vectors of wide outputs per register block (24x24 planes: 39 vectors, 13 blocks). */
    static final int VECTORS = 3;

    /** Tasks: at least this many (images times parts of the output channels) where the batch allows. */
    private static final int MIN_TASKS = 16;

    /** The weight gradient keeps one partial sum per chunk of images: at most this many chunks. */
    private static final int MAX_WEIGHT_CHUNKS = 8;

    /** A task's padded input image (layout: see the class comment). */
    private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);

    /** A task's wide sums, {@code [BLOCK][vectors * LANES]}, before they are copied out. */
    private static final ThreadLocal<float[]> WIDE = ThreadLocal.withInitial(() -> new float[0]);

    private DirectConvolution3x3() {}

    /**
     * {@link Convolution} takes this path (after {@link Winograd}) for channel counts in
     * {@code [MIN_CHANNELS, MAX_CHANNELS]} on planes of at least {@link #MIN_POSITIONS}, with 16-float
     * vectors (24 accumulators need AVX-512's 32 registers). Measured (AMD EPYC, batch 32, CPU time of
     * one thread, fastest of 15, forward / input gradient, against im2col): 64 on 24x24 7.29 / 7.29 ms
     * against 9.00 / 9.39, 32 on 24x24 2.01 / 2.01 against 2.87 / 3.00, 64 on 48x48 25.5 / 25.4
     * against 32.6 / 34.8, 64 -> 128 on 24x24 13.7 / 13.8 against 15.0 / 16.8, 128 -> 64 on 12x12
     * 4.46 / 4.40 against 5.52 / 5.82, 64 on 12x12 2.23 / 2.22 against 2.80 / 2.88; but 128 on 8x8
     * 4.30 / 4.27 against 4.01 / 4.46, 256 on 6x6 8.57 / 8.77 against 7.59 / 8.60, 512 on 3x3 four
     * times slower (most lanes of a small plane's vectors are padding).
     */
    static final int MIN_CHANNELS = 32;

    /** ...at most this many input and output channels (above, Winograd is faster where it applies)... */
    static final int MAX_CHANNELS = 128;

    /** ...and planes of at least this many positions (12 x 12). */
    static final int MIN_POSITIONS = 144;

    /** Whether {@link Convolution} takes this path for {@code g}: see {@link #MIN_CHANNELS}. */
    static boolean applies(ConvGeometry g) {
        return g.isSame3x3() && LANES >= 16 && g.inHeight() * g.inWidth() >= MIN_POSITIONS
                && Math.min(g.inChannels(), g.outChannels()) >= MIN_CHANNELS
                && Math.max(g.inChannels(), g.outChannels()) <= MAX_CHANNELS;
    }

    /** {@code output = conv2d(input, weight, bias, padding=1)} for a geometry that {@link ConvGeometry#isSame3x3}. */
    static void forward(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] output) {
        run(g.batch(), g.inChannels(), g.outChannels(), g.inHeight(), g.inWidth(), input, weight, false, bias, output);
    }

    /**
     * {@code gradInput = conv2d(gradOutput, rot180(weight)^T, padding=1)} (overwritten) for a geometry
     * that {@link ConvGeometry#isSame3x3}.
     */
    static void backwardInput(ConvGeometry g, float[] gradOutput, float[] weight, float[] gradInput) {
        run(g.batch(), g.outChannels(), g.inChannels(), g.inHeight(), g.inWidth(), gradOutput, weight, true, null,
                gradInput);
    }

    /**
     * Convolves {@code in [batch, inC, h, w]} into {@code out [batch, outC, h, w]}; the filter of
     * (o, c) is {@code weight[o, c]} or, if {@code rotated}, {@code weight[c, o]} turned by 180 degrees.
     */
    private static void run(int batch, int inC, int outC, int h, int w, float[] in, float[] weight, boolean rotated,
                            float[] bias, float[] out) {
        int wp = w + 2;
        int plane = (h + 2) * wp;
        int blocks = ceilDiv(outC, BLOCK);
        int vectors = ceilDiv(ceilDiv(h * wp, LANES), VECTORS) * VECTORS;
        // The last block's loads reach vectors * LANES + 2 * wp + 2 floats into the last plane.
        int paddedSize = (inC - 1) * plane + Math.max(plane, vectors * LANES + 2 * wp + 2);
        float[] packed = pack(weight, rotated, inC, outC, blocks);
        int[] taps = new int[9];
        for (int t = 0; t < 9; t++) {
            taps[t] = t / 3 * wp + t % 3;
        }
        int parts = Math.min(blocks, ceilDiv(MIN_TASKS, Math.max(1, batch)));
        int blocksPerPart = ceilDiv(blocks, parts);
        Parallel.forRange(batch * parts, 1, (first, last) -> {
            float[] padded = buffer(PADDED, paddedSize);
            float[] wide = buffer(WIDE, BLOCK * vectors * LANES + LANES);
            for (int task = first; task < last; task++) {
                int b = task / parts;
                int firstBlock = task % parts * blocksPerPart;
                pad(in, b, inC, h, w, padded, paddedSize);
                for (int block = firstBlock; block < Math.min(blocks, firstBlock + blocksPerPart); block++) {
                    sums(padded, plane, inC, packed, block * inC * 9 * BLOCK, taps, vectors, wide);
                    int o0 = block * BLOCK;
                    for (int k = 0; k < Math.min(BLOCK, outC - o0); k++) {
                        copyOut(wide, k * vectors * LANES, wp, bias == null ? 0f : bias[o0 + k], out,
                                (b * outC + o0 + k) * h * w, h, w);
                    }
                }
            }
        });
    }

    /**
     * {@code out[to + y * w + x] = wide[from + y * wp + x] + bias}: a plane's wide sums without the
     * two padding columns. A row's last vector may run into the next row, which is written after it.
     */
    private static void copyOut(float[] wide, int from, int wp, float bias, float[] out, int to, int h, int w) {
        int end = to + h * w;
        for (int y = 0; y < h; y++) {
            int s = from + y * wp;
            int d = to + y * w;
            int x = 0;
            for (; x < w && d + x + LANES <= end; x += LANES) {
                FloatVector.fromArray(SPECIES, wide, s + x).add(bias).intoArray(out, d + x);
            }
            for (; x < w; x++) {
                out[d + x] = wide[s + x] + bias;
            }
        }
    }

    /** The filters as {@code [blocks][inC][9][BLOCK]} (layout: see the class comment). */
    private static float[] pack(float[] weight, boolean rotated, int inC, int outC, int blocks) {
        float[] packed = new float[blocks * inC * 9 * BLOCK];
        for (int o = 0; o < outC; o++) {
            for (int c = 0; c < inC; c++) {
                int from = rotated ? (c * outC + o) * 9 : (o * inC + c) * 9;
                int to = ((o / BLOCK * inC + c) * 9) * BLOCK + o % BLOCK;
                for (int t = 0; t < 9; t++) {
                    packed[to + t * BLOCK] = weight[rotated ? from + 8 - t : from + t];
                }
            }
        }
        return packed;
    }

    /** Copies image b of {@code in} into zero-bordered padded planes (layout: see the class comment), 0 after them. */
    private static void pad(float[] in, int b, int inC, int h, int w, float[] padded, int size) {
        int wp = w + 2;
        int plane = (h + 2) * wp;
        for (int c = 0; c < inC; c++) {
            int to = c * plane;
            Arrays.fill(padded, to, to + wp + 1, 0f);
            int from = (b * inC + c) * h * w;
            for (int y = 0; y < h; y++) {
                int row = to + (y + 1) * wp + 1;
                int src = from + y * w;
                int x = 0;
                for (; x <= w - LANES; x += LANES) {
                    FloatVector.fromArray(SPECIES, in, src + x).intoArray(padded, row + x);
                }
                for (; x < w; x++) {
                    padded[row + x] = in[src + x];
                }
                padded[row + w] = 0f;
                padded[row + w + 1] = 0f;
            }
            Arrays.fill(padded, to + (h + 1) * wp + 1, to + plane, 0f);
        }
        Arrays.fill(padded, inC * plane, size, 0f);
    }

    /**
     * {@code wide[k][p] = sum over c, t of packed[w0 + (c * 9 + t) * BLOCK + k] * padded[c * plane + p + taps[t]]}
     * for the {@code BLOCK} channels of a block and every wide output p of the plane, {@code VECTORS}
     * vectors at a time.
     */
    private static void sums(float[] padded, int plane, int inC, float[] packed, int w0, int[] taps,
                             int vectors, float[] wide) {
        int stride = vectors * LANES;
        for (int v = 0; v < vectors; v += VECTORS) {
            int base = v * LANES;
            FloatVector a0 = FloatVector.zero(SPECIES);
            FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
            FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, c4 = a0, c5 = a0, c6 = a0, c7 = a0;
            int wi = w0;
            for (int c = 0; c < inC; c++, base += plane) {
                for (int t = 0; t < 9; t++, wi += BLOCK) {
                    int at = base + taps[t];
                    FloatVector pa = FloatVector.fromArray(SPECIES, padded, at);
                    FloatVector pb = FloatVector.fromArray(SPECIES, padded, at + LANES);
                    FloatVector pc = FloatVector.fromArray(SPECIES, padded, at + 2 * LANES);
                    FloatVector f = FloatVector.broadcast(SPECIES, packed[wi]);
                    a0 = pa.fma(f, a0);
                    b0 = pb.fma(f, b0);
                    c0 = pc.fma(f, c0);
                    f = FloatVector.broadcast(SPECIES, packed[wi + 1]);
                    a1 = pa.fma(f, a1);
                    b1 = pb.fma(f, b1);
                    c1 = pc.fma(f, c1);
                    f = FloatVector.broadcast(SPECIES, packed[wi + 2]);
                    a2 = pa.fma(f, a2);
                    b2 = pb.fma(f, b2);
                    c2 = pc.fma(f, c2);
                    f = FloatVector.broadcast(SPECIES, packed[wi + 3]);
                    a3 = pa.fma(f, a3);
                    b3 = pb.fma(f, b3);
                    c3 = pc.fma(f, c3);
                    f = FloatVector.broadcast(SPECIES, packed[wi + 4]);
                    a4 = pa.fma(f, a4);
                    b4 = pb.fma(f, b4);
                    c4 = pc.fma(f, c4);
                    f = FloatVector.broadcast(SPECIES, packed[wi + 5]);
                    a5 = pa.fma(f, a5);
                    b5 = pb.fma(f, b5);
                    c5 = pc.fma(f, c5);
                    f = FloatVector.broadcast(SPECIES, packed[wi + 6]);
                    a6 = pa.fma(f, a6);
                    b6 = pb.fma(f, b6);
                    c6 = pc.fma(f, c6);
                    f = FloatVector.broadcast(SPECIES, packed[wi + 7]);
                    a7 = pa.fma(f, a7);
                    b7 = pb.fma(f, b7);
                    c7 = pc.fma(f, c7);
                }
            }
            int at = v * LANES;
            a0.intoArray(wide, at);
            b0.intoArray(wide, at + LANES);
            c0.intoArray(wide, at + 2 * LANES);
            at += stride;
            a1.intoArray(wide, at);
            b1.intoArray(wide, at + LANES);
            c1.intoArray(wide, at + 2 * LANES);
            at += stride;
            a2.intoArray(wide, at);
            b2.intoArray(wide, at + LANES);
            c2.intoArray(wide, at + 2 * LANES);
            at += stride;
            a3.intoArray(wide, at);
            b3.intoArray(wide, at + LANES);
            c3.intoArray(wide, at + 2 * LANES);
            at += stride;
            a4.intoArray(wide, at);
            b4.intoArray(wide, at + LANES);
            c4.intoArray(wide, at + 2 * LANES);
            at += stride;
            a5.intoArray(wide, at);
            b5.intoArray(wide, at + LANES);
            c5.intoArray(wide, at + 2 * LANES);
            at += stride;
            a6.intoArray(wide, at);
            b6.intoArray(wide, at + LANES);
            c6.intoArray(wide, at + 2 * LANES);
            at += stride;
            a7.intoArray(wide, at);
            b7.intoArray(wide, at + LANES);
            c7.intoArray(wide, at + 2 * LANES);
        }
    }

    /**
     * The weight gradient takes this path for at most this many input and output channels (and at
     * least {@link #MIN_CHANNELS})... Measured as for {@link #MIN_CHANNELS}, against im2col: 64 on
     * 24x24 8.40 against 10.53 ms, 32 on 24x24 2.11 against 3.53, 64 on 48x48 30.3 against 41.0;
     * but only 1.03x and 1.09x for 64 -> 128 and 128 on 24x24, even for 64 on 12x12 (2.60 against
     * 2.58), slower for 128 on 12x12 (10.8 against 8.5): its transposition and per-channel passes
     * weigh more with more channels on smaller planes. On large planes (batch 8, 96x96) 32 channels
     * took 11.3 against 14.3 ms, but 64 took 45.1 against 43.3.
     */
    static final int MAX_WEIGHT_CHANNELS = 64;

    /** ...on planes of at least this many positions (24 x 24)... */
    static final int MIN_WEIGHT_POSITIONS = 576;

    /** ...and at most this many (48 x 48, the largest measured faster with 64 channels). */
    static final int MAX_WEIGHT_POSITIONS = 2304;

    /** Whether {@link Convolution#backwardWeight} takes this path for {@code g}: see {@link #MAX_WEIGHT_CHANNELS}. */
    static boolean appliesToWeight(ConvGeometry g) {
        int positions = g.inHeight() * g.inWidth();
        return g.isSame3x3() && LANES >= 16
                && positions >= MIN_WEIGHT_POSITIONS && positions <= MAX_WEIGHT_POSITIONS
                && Math.min(g.inChannels(), g.outChannels()) >= MIN_CHANNELS
                && Math.max(g.inChannels(), g.outChannels()) <= MAX_WEIGHT_CHANNELS;
    }

    /** Output channels per weight-gradient block: two vectors. */
    private static final int WEIGHT_BLOCK = 32;

    /**
     * {@code gradWeight[o, c, i, j] = sum over b, y, x of dOut[b, o, y, x] * P[b, c, y + i, x + j]}
     * (overwritten) for a geometry that {@link ConvGeometry#isSame3x3}. Vectorised over output
     * channels: the output gradient is transposed per image to {@code [H * W][O']} (O' = outC rounded
     * up to {@link #WEIGHT_BLOCK}), each input value broadcast from the padded planes. The batch is
     * cut into fixed chunks of images, each summed image by image into its own partial
     * {@code [C][9][O']}, the partials added in chunk order: bit-identical for any thread count.
     */
    static void backwardWeight(ConvGeometry g, float[] input, float[] gradOutput, float[] gradWeight) {
        int batch = g.batch();
        int weightSize = g.weightSize();
        if (batch == 0) {
            Arrays.fill(gradWeight, 0, weightSize, 0f);
            return;
        }
        int inC = g.inChannels();
        int outC = g.outChannels();
        int h = g.inHeight();
        int w = g.inWidth();
        int wp = w + 2;
        int plane = (h + 2) * wp;
        int op = ceilDiv(outC, WEIGHT_BLOCK) * WEIGHT_BLOCK;
        int paddedSize = inC * plane;
        int imagesPerChunk = ceilDiv(batch, Math.min(MAX_WEIGHT_CHUNKS, batch));
        int chunks = ceilDiv(batch, imagesPerChunk);
        Convolution.sumInChunkOrder(chunks, gradWeight, weightSize, (chunk, sum) -> {
            float[] padded = buffer(PADDED, paddedSize);
            float[] transposed = buffer(WIDE, h * w * op + inC * 9 * op);
            int partial = h * w * op;
            float[] scratch = new float[9 * WEIGHT_BLOCK];
            Arrays.fill(transposed, 0, h * w * op + inC * 9 * op, 0f);
            for (int b = chunk * imagesPerChunk; b < Math.min(batch, (chunk + 1) * imagesPerChunk); b++) {
                pad(input, b, inC, h, w, padded, paddedSize);
                // position-major: each row of the transposed image is written whole, the output
                // gradient read in one stream per channel (channel-major writes took the whole
                // weight gradient from 0.75 to 0.85 of im2col's time, 64 on 24x24)
                int from = b * outC * h * w;
                for (int p = 0; p < h * w; p++) {
                    for (int o = 0, at = from + p; o < outC; o++, at += h * w) {
                        transposed[p * op + o] = gradOutput[at];
                    }
                }
                for (int o = 0; o < op; o += WEIGHT_BLOCK) {
                    for (int c = 0; c < inC; c++) {
                        outerSums(padded, c * plane, h, w, transposed, o, scratch, op);
                        for (int t = 0; t < 9; t++) {
                            int to = partial + (c * 9 + t) * op + o;
                            for (int k = 0; k < WEIGHT_BLOCK; k++) {
                                transposed[to + k] += scratch[t * WEIGHT_BLOCK + k];
                            }
                        }
                    }
                }
            }
            for (int o = 0; o < outC; o++) {
                for (int r = 0; r < inC * 9; r++) {
                    sum[o * inC * 9 + r] = transposed[partial + r * op + o];
                }
            }
        });
    }

    /**
     * {@code scratch[t * WEIGHT_BLOCK + k] = sum over y, x of
     * dOutT[(y * w + x) * op + o0 + k] * padded[p0 + (y + i) * Wp + x + j]}
     * for tap t = (i, j) and the {@code WEIGHT_BLOCK} channels k of a block (18 accumulators), dOutT
     * at the start of {@code transposed}.
     */
    private static void outerSums(float[] padded, int p0, int h, int w, float[] transposed, int o0, float[] scratch,
                                  int op) {
        int wp = w + 2;
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0, b8 = a0;
        int q = p0;
        int x = 0;
        for (int d = o0, end = o0 + h * w * op; d < end; d += op) {
            {
                FloatVector da = FloatVector.fromArray(SPECIES, transposed, d);
                FloatVector db = FloatVector.fromArray(SPECIES, transposed, d + LANES);
                FloatVector f = FloatVector.broadcast(SPECIES, padded[q]);
                a0 = da.fma(f, a0);
                b0 = db.fma(f, b0);
                f = FloatVector.broadcast(SPECIES, padded[q + 1]);
                a1 = da.fma(f, a1);
                b1 = db.fma(f, b1);
                f = FloatVector.broadcast(SPECIES, padded[q + 2]);
                a2 = da.fma(f, a2);
                b2 = db.fma(f, b2);
                f = FloatVector.broadcast(SPECIES, padded[q + wp]);
                a3 = da.fma(f, a3);
                b3 = db.fma(f, b3);
                f = FloatVector.broadcast(SPECIES, padded[q + wp + 1]);
                a4 = da.fma(f, a4);
                b4 = db.fma(f, b4);
                f = FloatVector.broadcast(SPECIES, padded[q + wp + 2]);
                a5 = da.fma(f, a5);
                b5 = db.fma(f, b5);
                f = FloatVector.broadcast(SPECIES, padded[q + 2 * wp]);
                a6 = da.fma(f, a6);
                b6 = db.fma(f, b6);
                f = FloatVector.broadcast(SPECIES, padded[q + 2 * wp + 1]);
                a7 = da.fma(f, a7);
                b7 = db.fma(f, b7);
                f = FloatVector.broadcast(SPECIES, padded[q + 2 * wp + 2]);
                a8 = da.fma(f, a8);
                b8 = db.fma(f, b8);
            }
            q++;
            if (++x == w) {
                x = 0;
                q += 2;
            }
        }
        a0.intoArray(scratch, 0 * LANES);
        b0.intoArray(scratch, 1 * LANES);
        a1.intoArray(scratch, 2 * LANES);
        b1.intoArray(scratch, 3 * LANES);
        a2.intoArray(scratch, 4 * LANES);
        b2.intoArray(scratch, 5 * LANES);
        a3.intoArray(scratch, 6 * LANES);
        b3.intoArray(scratch, 7 * LANES);
        a4.intoArray(scratch, 8 * LANES);
        b4.intoArray(scratch, 9 * LANES);
        a5.intoArray(scratch, 10 * LANES);
        b5.intoArray(scratch, 11 * LANES);
        a6.intoArray(scratch, 12 * LANES);
        b6.intoArray(scratch, 13 * LANES);
        a7.intoArray(scratch, 14 * LANES);
        b7.intoArray(scratch, 15 * LANES);
        a8.intoArray(scratch, 16 * LANES);
        b8.intoArray(scratch, 17 * LANES);
    }
}
