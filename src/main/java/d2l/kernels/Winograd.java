package d2l.kernels;

/**
 * 3x3 convolution with stride 1, padding 1 and one group by Winograd's minimal filtering
 * F(2x2, 3x3) (Lavin and Gray, 2016): each 2x2 block of output ("tile") comes from a 4x4 patch of
 * input d (starting one row and one column before the tile, zero outside the input) as
 * <pre>
 *   Y = A^T [ sum over c of (G g[o, c] G^T) .* (B^T d[c] B) ] A
 *   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],  G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1],
 *   A^T = [1 1 1 0; 0 1 -1 -1]
 * </pre>
 * For each of the 16 positions xi of the 4x4 transforms the sum over channels is one matrix product
 * {@code M[xi] (outC x tiles) = U[xi] (outC x inC) * V[xi] (inC x tiles)}, done by {@link Gemm}:
 * 16 * inC * outC multiply-adds per tile instead of 36 * inC * outC for the 2x2 outputs by im2col,
 * 2.25 times fewer. The transforms are exact up to rounding (F(2, 3) is well conditioned).
 *
 * <p>Layouts (row-major float arrays, reused per calling thread): {@code U[xi][o][c]},
 * {@code V[xi][c][t]}, {@code M[xi][o][t]}, where tile {@code t = image * tilesPerImage + ty * tilesW + tx}
 * of a chunk of whole images. The chunk size depends only on the geometry; the transforms write
 * disjoint parts and each product is bit-identical for any thread count ({@link Gemm}), so results
 * are too.
 *
 * <p>The input gradient of such a convolution is the same kind of convolution of the output
 * gradient with the weight rotated by 180 degrees and in/out channels swapped; {@link #backwardInput}
 * applies that rotation in the weight transform.
 */
final class Winograd {

    /**
     * The transforms cost about (inC + outC) per tile, the products inC * outC: Winograd pays only
     * with many channels, and on planes large enough that the transforms' short loops and the
     * passes' fixed costs are not all overhead. Measured (issue 14, forward / input gradient against
     * im2col, batch 32; 1 thread CPU time and 2 threads wall time): 128 channels on 12x12 planes
     * 1.37x / 1.50x and 1.45x / 1.47x, 256 on 12x12 1.80x / 1.93x and 1.37x / 1.47x; but 64 on
     * 24x24 0.91x / 0.97x and 0.94x / 0.93x, 96 on 12x12 1.15x / 1.24x and 0.74x / 0.78x.
     */
    static final int MIN_CHANNELS = 128;

    /** ...and planes of at least this many positions (12 x 12)... */
    static final int MIN_POSITIONS = 144;

    /**
     * ...or, with at least this many channels, planes down to {@link #MIN_POSITIONS_WIDE} positions
     * (6 x 6). 2 threads, wall time, medians of 41 alternating calls, 2026-12-07 on a busy host
     * (Winograd's time over im2col's; below 1 is faster): 256 channels on 6x6, in 17 runs, forward a
     * median 0.86 (0.78-1.17), input gradient 0.84 (0.63-1.08); 512 on 7x7 0.87 / 0.84, 256 on 7x7
     * 0.94 / 0.88, 512 on 6x6 0.83 / 0.73. Not below: 512 on 3x3 1.49 / 1.25, 256 on 5x5 1.11 /
     * 1.16, 128 on 6x6 1.68 / 1.04.
     */
    static final int MIN_CHANNELS_WIDE = 256;

    /** See {@link #MIN_CHANNELS_WIDE}. */
    static final int MIN_POSITIONS_WIDE = 36;

    /** A chunk of images keeps V and M under about this many floats each (8 MiB). */
    private static final int CHUNK_FLOATS = 1 << 19;

    /** ...but holds at least this many tiles, so that the products are wide enough. */
    private static final int MIN_TILES = 256;

    private static final ThreadLocal<float[]> U = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> V = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> M = ThreadLocal.withInitial(() -> new float[0]);

    private Winograd() {}

    /** Whether {@code g} is a 3x3, stride 1, padding 1, dilation 1, single-group convolution worth this method. */
    static boolean applies(ConvGeometry g) {
        int channels = Math.min(g.inChannels(), g.outChannels());
        int positions = g.inHeight() * g.inWidth();
        return g.isSame3x3() && (channels >= MIN_CHANNELS && positions >= MIN_POSITIONS
                || channels >= MIN_CHANNELS_WIDE && positions >= MIN_POSITIONS_WIDE);
    }

    /**
     * {@code output = conv2d(input, weight, bias, padding=1)} for a 3x3, stride 1, padding 1, single-group
     * geometry (any channel counts and plane; {@link #applies} tells when it is worth it).
     */
    static void forward(ConvGeometry g, float[] input, float[] weight, float[] bias, float[] output) {
        run(g.batch(), g.inChannels(), g.outChannels(), g.inHeight(), g.inWidth(), input, weight, false, bias, output);
    }

    /** {@code gradInput = conv2d(gradOutput, rot180(weight)^T, padding=1)}: overwritten. */
    static void backwardInput(ConvGeometry g, float[] gradOutput, float[] weight, float[] gradInput) {
        run(g.batch(), g.outChannels(), g.inChannels(), g.inHeight(), g.inWidth(), gradOutput, weight, true, null,
                gradInput);
    }

    /**
     * Convolves {@code in [batch, inC, h, w]} into {@code out [batch, outC, h, w]}. The filter of
     * (o, c) is {@code weight[o, c]} or, if {@code rotated}, {@code weight[c, o]} turned by 180 degrees.
     */
    private static void run(int batch, int inC, int outC, int h, int w, float[] in, float[] weight, boolean rotated,
                            float[] bias, float[] out) {
        int tilesH = (h + 1) / 2;
        int tilesW = (w + 1) / 2;
        int perImage = tilesH * tilesW;
        int uStride = skew(outC * inC);
        float[] u = Convolution.buffer(U, 16 * uStride);
        Parallel.forRange(outC, Math.max(1, outC / 16),
                (first, last) -> transformWeights(weight, rotated, inC, outC, first, last, u, uStride));
        int most = (int) Math.min(batch, Math.max(ceilDiv(MIN_TILES, perImage),
                CHUNK_FLOATS / (16L * Math.max(inC, outC) * perImage)));
        int images = ceilDiv(batch, ceilDiv(batch, most)); // chunks of (nearly) equal size, no thin last one
        for (int n0 = 0; n0 < batch; n0 += images) {
            int count = Math.min(images, batch - n0);
            int tiles = count * perImage;
            int vStride = skew(inC * tiles);
            int mStride = skew(outC * tiles);
            float[] v = Convolution.buffer(V, 16 * vStride);
            float[] m = Convolution.buffer(M, 16 * mStride);
            int firstImage = n0;
            Parallel.forRange(count * inC, 4, (first, last) -> {
                float[] scratch = new float[(2 * tilesH + 2) * 2 * (tilesW + 1)];
                for (int p = first; p < last; p++) {
                    int c = p / count; // channel-major, so that consecutive planes fill consecutive tiles of V
                    int image = p % count;
                    transformInput(in, (firstImage + image) * inC + c, h, w, tilesH, tilesW,
                            v, c, vStride, tiles, image * perImage, scratch);
                }
            });
            Parallel.forRange(16, 1, (first, last) -> {
                for (int xi = first; xi < last; xi++) {
                    Gemm.sgemm(false, false, outC, tiles, inC, 1f, u, xi * uStride, inC,
                            v, xi * vStride, tiles, 0f, m, xi * mStride, tiles);
                }
            });
            Parallel.forRange(count * outC, 4, (first, last) -> {
                float[] scratch = new float[4 * tilesW];
                for (int p = first; p < last; p++) {
                    int o = p / count;
                    int image = p % count;
                    transformOutput(m, o * tiles + image * perImage, mStride, tilesH, tilesW,
                            bias == null ? 0f : bias[o], out, ((firstImage + image) * outC + o) * h * w, h, w, scratch);
                }
            });
        }
    }

    /** {@code U[xi][o][c] = (G g G^T)[xi]} for output channels {@code first <= o < last}. */
    private static void transformWeights(float[] weight, boolean rotated, int inC, int outC, int first, int last,
                                         float[] u, int stride) {
        for (int o = first; o < last; o++) {
            for (int c = 0; c < inC; c++) {
                float g00, g01, g02, g10, g11, g12, g20, g21, g22;
                if (rotated) {
                    int k = (c * outC + o) * 9;
                    g00 = weight[k + 8]; g01 = weight[k + 7]; g02 = weight[k + 6];
                    g10 = weight[k + 5]; g11 = weight[k + 4]; g12 = weight[k + 3];
                    g20 = weight[k + 2]; g21 = weight[k + 1]; g22 = weight[k];
                } else {
                    int k = (o * inC + c) * 9;
                    g00 = weight[k]; g01 = weight[k + 1]; g02 = weight[k + 2];
                    g10 = weight[k + 3]; g11 = weight[k + 4]; g12 = weight[k + 5];
                    g20 = weight[k + 6]; g21 = weight[k + 7]; g22 = weight[k + 8];
                }
                int at = o * inC + c;
                // G g: rows g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2; then each row times G^T
                row(u, at, stride, 0, g00, g01, g02);
                row(u, at, stride, 1, 0.5f * (g00 + g10 + g20), 0.5f * (g01 + g11 + g21), 0.5f * (g02 + g12 + g22));
                row(u, at, stride, 2, 0.5f * (g00 - g10 + g20), 0.5f * (g01 - g11 + g21), 0.5f * (g02 - g12 + g22));
                row(u, at, stride, 3, g20, g21, g22);
            }
        }
    }

    /** Row r of {@code (G g) G^T} from row r {@code (a, b, e)} of {@code G g}. */
    private static void row(float[] u, int at, int stride, int r, float a, float b, float e) {
        u[(4 * r) * stride + at] = a;
        u[(4 * r + 1) * stride + at] = 0.5f * (a + b + e);
        u[(4 * r + 2) * stride + at] = 0.5f * (a - b + e);
        u[(4 * r + 3) * stride + at] = e;
    }

    /**
     * {@code V[xi][c][t0 + ty * tilesW + tx] = (B^T d B)[xi]} for every tile of input plane
     * {@code plane} (an index into {@code in} in planes of h x w). {@code scratch} first holds the
     * zero-padded plane, rows y = -1 .. 2 tilesH, each split into its even padded columns (input
     * x = 2k - 1) and odd ones (x = 2k), {@code tilesW + 1} of each, so that every loop after has
     * unit stride.
     */
    private static void transformInput(float[] in, int plane, int h, int w, int tilesH, int tilesW, float[] v, int c,
                                       int xiStride, int tiles, int t0, float[] scratch) {
        int hw = tilesW + 1;
        int n = 2 * hw;
        int planeOffset = plane * h * w;
        int rows = 2 * tilesH + 2;
        java.util.Arrays.fill(scratch, 0, n, 0f);
        java.util.Arrays.fill(scratch, (h + 1) * n, rows * n, 0f);
        int odds = (w + 1) / 2;
        int evens = w / 2;
        for (int y = 0; y < h; y++) {
            int even = (y + 1) * n;
            int odd = even + hw;
            int row = planeOffset + y * w;
            for (int k = 0; k < odds; k++) {
                scratch[odd + k] = in[row + 2 * k];
            }
            java.util.Arrays.fill(scratch, odd + odds, odd + hw, 0f);
            scratch[even] = 0f;
            for (int k = 1; k <= evens; k++) {
                scratch[even + k] = in[row + 2 * k - 1];
            }
            java.util.Arrays.fill(scratch, even + evens + 1, odd, 0f);
        }
        int rowBase = c * tiles + t0;
        for (int ty = 0; ty < tilesH; ty++) {
            int d = 2 * ty * n; // rows d0 .. d3 of the tile row; B^T d = (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
            int t = rowBase + ty * tilesW;
            tileRow(scratch, d, d + 2 * n, -1f, hw, tilesW, v, t, xiStride);
            tileRow(scratch, d + n, d + 2 * n, 1f, hw, tilesW, v, t + 4 * xiStride, xiStride);
            tileRow(scratch, d + 2 * n, d + n, -1f, hw, tilesW, v, t + 8 * xiStride, xiStride);
            tileRow(scratch, d + n, d + 3 * n, -1f, hw, tilesW, v, t + 12 * xiStride, xiStride);
        }
    }

    /**
     * One row r of {@code (B^T d) B} for a row of tiles, where row r of {@code B^T d} is
     * {@code p + sign * q} for padded rows p and q (split into even and odd halves of {@code hw}),
     * and {@code (B^T d)_r B = (a - e, b + e, e - b, b - f)} from its 4 columns a, b, e, f.
     * Multiplying by sign = +-1 is exact, so this is {@code p + q} or {@code p - q} to the bit.
     */
    private static void tileRow(float[] scratch, int p, int q, float sign, int hw, int tilesW, float[] v, int out0,
                                int xiStride) {
        int out1 = out0 + xiStride;
        int out2 = out1 + xiStride;
        int out3 = out2 + xiStride;
        for (int tx = 0; tx < tilesW; tx++) {
            float a = scratch[p + tx] + sign * scratch[q + tx];
            float b = scratch[p + hw + tx] + sign * scratch[q + hw + tx];
            float e = scratch[p + tx + 1] + sign * scratch[q + tx + 1];
            float f = scratch[p + hw + tx + 1] + sign * scratch[q + hw + tx + 1];
            v[out0 + tx] = a - e;
            v[out1 + tx] = b + e;
            v[out2 + tx] = e - b;
            v[out3 + tx] = b - f;
        }
    }

    /**
     * Output plane at {@code outOffset} (h x w) {@code = A^T m A + bias} for its tiles, whose
     * 16 transform values are {@code m[xi * xiStride + mOffset + ty * tilesW + tx]}. {@code scratch}
     * holds 4 rows of {@code tilesW} floats: the outputs (0, 0), (0, 1), (1, 0), (1, 1) of each tile.
     */
    private static void transformOutput(float[] m, int mOffset, int xiStride, int tilesH, int tilesW, float bias,
                                        float[] out, int outOffset, int h, int w, float[] scratch) {
        int q = tilesW;
        for (int ty = 0; ty < tilesH; ty++) {
            int at = mOffset + ty * tilesW;
            for (int tx = 0; tx < tilesW; tx++) {
                int i = at + tx;
                float s00 = m[i] + m[i + 4 * xiStride] + m[i + 8 * xiStride];
                float s01 = m[i + xiStride] + m[i + 5 * xiStride] + m[i + 9 * xiStride];
                float s02 = m[i + 2 * xiStride] + m[i + 6 * xiStride] + m[i + 10 * xiStride];
                float s03 = m[i + 3 * xiStride] + m[i + 7 * xiStride] + m[i + 11 * xiStride];
                float s10 = m[i + 4 * xiStride] - m[i + 8 * xiStride] - m[i + 12 * xiStride];
                float s11 = m[i + 5 * xiStride] - m[i + 9 * xiStride] - m[i + 13 * xiStride];
                float s12 = m[i + 6 * xiStride] - m[i + 10 * xiStride] - m[i + 14 * xiStride];
                float s13 = m[i + 7 * xiStride] - m[i + 11 * xiStride] - m[i + 15 * xiStride];
                scratch[tx] = s00 + s01 + s02 + bias;
                scratch[q + tx] = s01 - s02 - s03 + bias;
                scratch[2 * q + tx] = s10 + s11 + s12 + bias;
                scratch[3 * q + tx] = s11 - s12 - s13 + bias;
            }
            int y = 2 * ty;
            int top = outOffset + y * w;
            int fullColumns = w / 2;
            for (int tx = 0; tx < fullColumns; tx++) {
                out[top + 2 * tx] = scratch[tx];
                out[top + 2 * tx + 1] = scratch[q + tx];
            }
            if (fullColumns < tilesW) {
                out[top + 2 * fullColumns] = scratch[fullColumns];
            }
            if (y + 1 < h) {
                int bottom = top + w;
                for (int tx = 0; tx < fullColumns; tx++) {
                    out[bottom + 2 * tx] = scratch[2 * q + tx];
                    out[bottom + 2 * tx + 1] = scratch[3 * q + tx];
                }
                if (fullColumns < tilesW) {
                    out[bottom + 2 * fullColumns] = scratch[2 * q + fullColumns];
                }
            }
        }
    }

    /**
     * The distance between the 16 matrices of U, V or M: their size plus 3 cache lines, so that the
     * 16 streams a transform writes or reads do not fall on the same cache sets (sizes are often
     * powers of two: 512 x 512, 512 channels x 128 tiles; that made the weight transform 4x slower).
     */
    private static int skew(int size) {
        return size + 48;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
