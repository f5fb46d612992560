package d2l.kernels;

import java.util.Arrays;
import java.util.Objects;

/**
 * Single-precision matrix multiply, {@code C = alpha * op(A) * op(B) + beta * C}, on row-major
 * float arrays with offsets and leading dimensions, as BLAS {@code sgemm}. The register-level
 * kernels are in {@link GemmMicroKernel}.
 *
 * <h2>Blocking</h2>
 * C is cut into one part per thread (bands of rows, or of columns if C is wider than tall), and
 * each part is computed on its own thread by the GotoBLAS/BLIS loops:
 * <pre>
 *   for each column block jc of the part (NC = 4096 columns)
 *     for each k block pc (KC = 512 values of the inner index)
 *       pack op(B)[pc.., jc..] into this thread's B panel
 *       for each row block ic of the part (MC = 128 rows)
 *         pack op(A)[ic.., pc..] into this thread's A block
 *         for each slice of NB = 256 columns of the B panel
 *           for each A sliver (MR rows), for each B sliver of the slice (NR columns):
 *             micro-kernel: the MR x NR tile of C, summed over the k block in registers
 * </pre>
 * With AVX-512, NR = 32 (two vectors of 16 floats) and MR = 8; with AVX2, NR = 16 and MR = 6.
 * Thin parts (6 or 12 rows, say) use MR = 6, which pads less. Products of fewer than
 * {@code PARALLEL_WORK} multiply-adds run on the calling thread only: a second part packs its own
 * copy of the panels, and handing it over costs a few microseconds (it was 50 to 100 us when the
 * pool was an executor; the threshold was set then and not re-measured since). Each part packs its
 * own panels (a second copy of B for a second thread), which is cheaper than a hand-off per k block
 * to share one panel.
 *
 * <h2>Memory layout of the packed panels</h2>
 * <pre>
 *   A block (MC x KC):  slivers of MR rows, one after another; a sliver is kc columns of MR floats,
 *                         aBlock[s * MR * kc + p * MR + r] = op(A)[ic + s * MR + r, pc + p]
 *   B panel (KC x NC):  slivers of NR columns, one after another; a sliver is kc rows of NR floats,
 *                         bPanel[s * NR * kc + p * NR + j] = op(B)[pc + p, jc + s * NR + j]
 * </pre>
 * so the micro-kernel reads both with unit stride. Rows past m and columns past n are zero: the
 * micro-kernel always computes full tiles, and edge tiles go through a scratch tile before they
 * are added into C. The tiles of a slice are computed along rows of C: the A sliver (MR x KC
 * floats, 16 KiB) stays in L1 (48 KiB here) across a row of tiles, the slice of B (KC x NB,
 * 512 KiB) and the A block (MC x KC, 256 KiB) in L2 (1 MiB), the B panel (up to 8 MiB) in L3; and
 * the rows of C that a row of tiles reads and writes are contiguous, which the hardware
 * prefetchers follow (down a column of tiles, each tile's rows of C are far apart and miss).
 *
 * <h2>Skinny products</h2>
 * When B is not transposed and a part has at most 128 rows, B is read in place (its rows are
 * already contiguous): packing it would cost about as much as the product. (Raised from 48: on this
 * project's machine, 1 thread, a 64 x 576 x 576 product went from 120 to 161-180 GFLOP/s and a
 * 128 x 288 x 1152 one from 172 to 189-200; at 256 rows packing and reading in place tie.) A product {@code A * B^T}
 * with a thin side and a long k (a convolution's weight gradient) is done as dot products of rows
 * of A with rows of B, both contiguous along k, without packing.
 *
 * <h2>B packed on demand</h2>
 * A {@link PackedB} writes the slivers of op(B) itself, from wherever its values are (a
 * convolution packs its column matrix straight from the input image), so op(B) need not exist as
 * a matrix. It is always packed, and the product is otherwise the same, bit for bit.
 *
 * <h2>Determinism</h2>
 * Every element of C is written by exactly one thread, as the same fused multiply-adds in the
 * same order whatever the number of threads: the k blocks and the choice between tiles and dot
 * products depend only on m, n and k; the tile height and whether B is packed may differ between
 * parts but do not change the arithmetic. Results are bit-identical for 1 thread or N.
 */
public final class Gemm {

    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;

    /** Depth of a k block (k is split into equal blocks of at most KC). */
    static final int KC = 512;
    /** Rows of an A block. */
    static final int MC = 128;
    /** Columns of a B panel. */
    static final int NC = 4096;
    /** Columns of the slice of the B panel that one sweep over the A block's slivers uses (a multiple of NR). */
    static final int NB = 256;
    /** Columns of a packed B sliver: a {@link PackedB} writes slivers this wide. */
    static final int SLIVER_WIDTH = NR;
    /** Below this many multiply-adds (m * n * k), everything runs on the calling thread. */
    static final long PARALLEL_WORK = 1L << 24;
    /** With B not transposed and at most this many rows in a part, B is read in place. */
    static final int DIRECT_B_MAX_ROWS = 128;
    /** A * B^T by dot products when m or n is at most this and k is at least 32 times it. */
    static final int DOT_MAX_SIZE = 16;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemm() {}

    /**
     * C[m x n] = alpha * op(A) * op(B) + beta * C, all row-major.
     * op(A) is A (m x k, leading dimension lda) or, if transA, A^T where A is stored k x m.
     * op(B) is B (k x n, ldb) or, if transB, B^T where B is stored n x k.
     * beta == 0 means C is overwritten (its old contents, even NaN, are ignored).
     * C must not overlap A or B.
     *
     * @throws IllegalArgumentException if a size, offset or leading dimension is negative, a
     *     leading dimension is smaller than its matrix's row length, or an array is too small
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOffset, int lda,
                             float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        checkSizes(m, n, k);
        checkMatrix("a", a, aOffset, "lda", lda, transA ? k : m, transA ? m : k);
        checkMatrix("b", b, bOffset, "ldb", ldb, transB ? n : k, transB ? k : n);
        checkMatrix("c", c, cOffset, "ldc", ldc, m, n);
        run(new Product(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, null));
    }

    /**
     * A matrix op(B) that is not stored but packed on demand, straight from where its values live
     * (a convolution's input image, for its column matrix): no copy of op(B) is written and read
     * back before the packing. Must be safe to call from several threads at once.
     */
    @FunctionalInterface
    interface PackedB {
        /**
         * Writes op(B)[pc .. pc+kc, col .. col+cols] (cols &lt;= {@link #SLIVER_WIDTH}) as one packed
         * sliver: {@code dst[dstOff + q * SLIVER_WIDTH + j] = op(B)[pc + q, col + j]}, and 0 for
         * {@code cols <= j < SLIVER_WIDTH}.
         */
        void packSliver(int pc, int kc, int col, int cols, float[] dst, int dstOff);
    }

    /**
     * {@link #sgemm} with op(B) (k x n) given by a {@link PackedB}: the same blocking and the same
     * arithmetic as for a stored op(B) with these values, so the same bits.
     */
    static void sgemm(boolean transA, int m, int n, int k, float alpha, float[] a, int aOffset, int lda, PackedB b,
                      float beta, float[] c, int cOffset, int ldc) {
        checkSizes(m, n, k);
        Objects.requireNonNull(b, "b");
        checkMatrix("a", a, aOffset, "lda", lda, transA ? k : m, transA ? m : k);
        checkMatrix("c", c, cOffset, "ldc", ldc, m, n);
        run(new Product(transA, false, m, n, k, alpha, a, aOffset, lda, null, 0, 0, beta, c, cOffset, ldc, b));
    }

    private static void checkSizes(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm sizes must not be negative: m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    /** A checked call: nothing to do for an empty C, only scaling for k = 0 or alpha = 0, else the product. */
    private static void run(Product p) {
        if (p.m == 0 || p.n == 0) {
            return;
        }
        if (p.k == 0 || p.alpha == 0f) {
            scale(p.m, p.n, p.beta, p.c, p.cOffset, p.ldc);
            return;
        }
        multiply(p);
    }

    /** The arguments of one call; {@code packedB} is null, or op(B) instead of b. */
    private record Product(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                           float beta, float[] c, int cOffset, int ldc, PackedB packedB) {}

    /** Per-thread scratch buffers, grown on demand and reused between calls. */
    private static final class Workspace {
        float[] aBlock = new float[0];
        float[] bPanel = new float[0];
        float[] bEdge = new float[0];
        final float[] tile = new float[MR * NR];
        final float[] lanes = new float[16 * GemmMicroKernel.LANES];

        static float[] atLeast(float[] buffer, int size) {
            return buffer.length >= size ? buffer : new float[size];
        }
    }

    // ---- the product ----------------------------------------------------------------------------

    /** Splits C into one part per thread (see the class comment) and computes the parts. */
    private static void multiply(Product p) {
        // Dot products pay a fixed cost per element of C (adding up the vector lanes); packing pays
        // for transposing B, about k / min(m, n) per element, plus the padding of thin tiles.
        boolean dots = !p.transA && p.transB && p.packedB == null && takesDotProducts(p.m, p.n, p.k);
        int threads = (long) p.m * p.n * p.k >= PARALLEL_WORK ? Parallel.threads() : 1;
        boolean splitRows = p.m >= p.n;
        int unit = splitRows ? MR : NR;
        int extent = splitRows ? p.m : p.n;
        int parts = Math.min(threads, ceilDiv(extent, unit));
        if (parts <= 1) {
            multiplyPart(p, dots, 0, p.m, 0, p.n);
            return;
        }
        int step = roundUp(ceilDiv(extent, parts), unit);
        Parallel.forRange(ceilDiv(extent, step), 1, (first, last) -> {
            for (int part = first; part < last; part++) {
                int start = part * step;
                int size = Math.min(step, extent - start);
                if (splitRows) {
                    multiplyPart(p, dots, start, size, 0, p.n);
                } else {
                    multiplyPart(p, dots, 0, p.m, start, size);
                }
            }
        });
    }

    /** Whether {@code A * B^T} (m x k times k x n) is computed as dot products, without packing. */
    static boolean takesDotProducts(int m, int n, int k) {
        int thin = Math.min(m, n);
        return thin <= DOT_MAX_SIZE && k >= 32 * thin;
    }

    /** The product for C[row0 .. row0+rows, col0 .. col0+cols], on the calling thread. */
    private static void multiplyPart(Product p, boolean dots, int row0, int rows, int col0, int cols) {
        if (dots) {
            multiplyDots(p, row0, rows, col0, cols);
            return;
        }
        int k = p.k;
        // Even splits, so that no block is a thin leftover: e.g. k = 300 gives two k blocks of 150.
        int kBlocks = ceilDiv(k, KC);
        int kcStep = ceilDiv(k, kBlocks);
        int mr = tileRows(rows);
        int mcStep = roundUp(ceilDiv(rows, ceilDiv(rows, MC)), mr);
        int ncStep = roundUp(ceilDiv(cols, ceilDiv(cols, NC)), NR);
        boolean packB = p.packedB != null || p.transB || rows > DIRECT_B_MAX_ROWS;
        Workspace w = WORKSPACE.get();
        float[] bPanel = null;
        if (packB) {
            bPanel = w.bPanel = Workspace.atLeast(w.bPanel, kcStep * ncStep);
        }
        for (int jc = col0; jc < col0 + cols; jc += ncStep) {
            int nc = Math.min(ncStep, col0 + cols - jc);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                // The first k block applies beta; the later ones add to what it left.
                float beta = pc == 0 ? p.beta : 1f;
                if (packB) {
                    packBPanel(p, pc, kc, jc, nc, bPanel);
                }
                for (int ic = row0; ic < row0 + rows; ic += mcStep) {
                    int mc = Math.min(mcStep, row0 + rows - ic);
                    float[] aBlock = w.aBlock = Workspace.atLeast(w.aBlock, roundUp(mc, mr) * kc);
                    packABlock(p, mr, ic, mc, pc, kc, aBlock);
                    multiplyBlock(p, w, mr, aBlock, bPanel, ic, mc, jc, nc, pc, kc, beta);
                }
            }
        }
    }

    /**
     * Rows per tile for a part with this many rows: MR, or 6 if that pads a thin part much less
     * (6 or 12 rows, say, on a machine where MR is 8).
     */
    private static int tileRows(int rows) {
        return MR > 6 && roundUp(rows, 6) < 0.9 * roundUp(rows, MR) ? 6 : MR;
    }

    /**
     * C[ic .. ic+mc, jc .. jc+nc] (+)= A block * B[pc .. pc+kc, jc .. jc+nc], tile by tile, with
     * tiles of mr rows, a slice of NB columns at a time and along rows of tiles within it.
     * {@code bPanel} is the packed B panel, or null to read B in place.
     */
    private static void multiplyBlock(Product p, Workspace w, int mr, float[] aBlock, float[] bPanel,
                                      int ic, int mc, int jc, int nc, int pc, int kc, float beta) {
        // Read in place, B's last sliver may be narrower than NR: it is copied, zero-padded, once.
        int lastCols = nc - (nc - 1) / NR * NR;
        if (bPanel == null && lastCols < NR) {
            w.bEdge = Workspace.atLeast(w.bEdge, kc * NR);
            packBSliver(p, pc, kc, jc + nc - lastCols, lastCols, w.bEdge, 0);
        }
        for (int jb = jc; jb < jc + nc; jb += NB) {
            int nb = Math.min(NB, jc + nc - jb);
            for (int r = 0; r < mc; r += mr) {
                int rows = Math.min(mr, mc - r);
                for (int col = jb; col < jb + nb; col += NR) {
                    int cols = Math.min(NR, jc + nc - col);
                    float[] bSliver;
                    int bOff;
                    int bStride;
                    if (bPanel != null) {
                        bSliver = bPanel;
                        bOff = (col - jc) * kc;
                        bStride = NR;
                    } else if (cols == NR) {
                        bSliver = p.b;
                        bOff = p.bOffset + pc * p.ldb + col;
                        bStride = p.ldb;
                    } else {
                        bSliver = w.bEdge;
                        bOff = 0;
                        bStride = NR;
                    }
                    int cIndex = p.cOffset + (ic + r) * p.ldc + col;
                    if (rows == mr && cols == NR) {
                        GemmMicroKernel.multiplyTile(mr, kc, aBlock, r * kc, bSliver, bOff, bStride,
                                p.alpha, beta, p.c, cIndex, p.ldc);
                    } else {
                        float[] tile = w.tile;
                        GemmMicroKernel.multiplyTile(mr, kc, aBlock, r * kc, bSliver, bOff, bStride,
                                1f, 0f, tile, 0, NR);
                        addTile(tile, NR, rows, cols, p.alpha, beta, p.c, cIndex, p.ldc);
                    }
                }
            }
        }
    }

    /**
     * C = A * B^T for C[row0 .. row0+rows, col0 .. col0+cols], as dot products of rows of A with
     * rows of B (both contiguous along k), four by four, without packing. The loop over the
     * smaller of the two matrices is inside, so that it stays in cache while the other streams.
     */
    private static void multiplyDots(Product p, int row0, int rows, int col0, int cols) {
        Workspace w = WORKSPACE.get();
        int step = GemmMicroKernel.DOT_ROWS;
        if (rows <= cols) {
            for (int j = col0; j < col0 + cols; j += step) {
                for (int i = row0; i < row0 + rows; i += step) {
                    dotTile(p, w, i, row0 + rows, j, col0 + cols);
                }
            }
        } else {
            for (int i = row0; i < row0 + rows; i += step) {
                for (int j = col0; j < col0 + cols; j += step) {
                    dotTile(p, w, i, row0 + rows, j, col0 + cols);
                }
            }
        }
    }

    /** The 4 x 4 tile of C at (i, j), clipped to rowEnd and colEnd. */
    private static void dotTile(Product p, Workspace w, int i, int rowEnd, int j, int colEnd) {
        // Past the last row (or column), the tile repeats it; those sums are not stored.
        int a0 = p.aOffset + i * p.lda;
        int a1 = p.aOffset + Math.min(i + 1, rowEnd - 1) * p.lda;
        int a2 = p.aOffset + Math.min(i + 2, rowEnd - 1) * p.lda;
        int a3 = p.aOffset + Math.min(i + 3, rowEnd - 1) * p.lda;
        int b0 = p.bOffset + j * p.ldb;
        int b1 = p.bOffset + Math.min(j + 1, colEnd - 1) * p.ldb;
        int b2 = p.bOffset + Math.min(j + 2, colEnd - 1) * p.ldb;
        int b3 = p.bOffset + Math.min(j + 3, colEnd - 1) * p.ldb;
        float[] sums = w.tile;
        GemmMicroKernel.dotTile(p.k, p.a, a0, a1, a2, a3, p.b, b0, b1, b2, b3, w.lanes, sums);
        int step = GemmMicroKernel.DOT_ROWS;
        addTile(sums, step, Math.min(step, rowEnd - i), Math.min(step, colEnd - j), p.alpha, p.beta,
                p.c, p.cOffset + i * p.ldc + j, p.ldc);
    }

    /**
     * c = alpha * tile + beta * c (c not read if beta is 0) for the rows x cols corner of a tile
     * with rows of tileWidth floats: the same rounding as the micro-kernel's vector update.
     */
    private static void addTile(float[] tile, int tileWidth, int rows, int cols, float alpha, float beta,
                                float[] c, int cIndex, int ldc) {
        for (int r = 0; r < rows; r++) {
            int t = r * tileWidth;
            int o = cIndex + r * ldc;
            if (beta == 0f) {
                for (int j = 0; j < cols; j++) {
                    c[o + j] = tile[t + j] * alpha;
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    c[o + j] = Math.fma(tile[t + j], alpha, c[o + j] * beta);
                }
            }
        }
    }

    /** Packs op(A)[ic .. ic+mc, pc .. pc+kc] as slivers of mr rows (see the class comment). */
    private static void packABlock(Product p, int mr, int ic, int mc, int pc, int kc, float[] dst) {
        float[] a = p.a;
        int lda = p.lda;
        if (p.transA) {
            packTransposedABlock(p, mr, ic, mc, pc, kc, dst);
            return;
        }
        for (int r0 = 0; r0 < mc; r0 += mr) {
            int rows = Math.min(mr, mc - r0);
            int base = r0 * kc;
            if (rows == 8) {
                // Eight rows at once, so that each step writes a whole column of the sliver.
                int s0 = p.aOffset + (ic + r0) * lda + pc, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
                int s4 = s3 + lda, s5 = s4 + lda, s6 = s5 + lda, s7 = s6 + lda;
                for (int q = 0, d = base; q < kc; q++, d += 8) {
                    dst[d] = a[s0 + q];
                    dst[d + 1] = a[s1 + q];
                    dst[d + 2] = a[s2 + q];
                    dst[d + 3] = a[s3 + q];
                    dst[d + 4] = a[s4 + q];
                    dst[d + 5] = a[s5 + q];
                    dst[d + 6] = a[s6 + q];
                    dst[d + 7] = a[s7 + q];
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = p.aOffset + (ic + r0 + r) * lda + pc;
                    for (int q = 0; q < kc; q++) {
                        dst[base + q * mr + r] = a[src + q];
                    }
                }
            }
            if (rows < mr) {
                for (int q = 0; q < kc; q++) {
                    Arrays.fill(dst, base + q * mr + rows, base + (q + 1) * mr, 0f);
                }
            }
        }
    }

    /**
     * {@link #packABlock} for A stored k x m: the mr values of one column of a sliver are contiguous
     * in A. Four slivers at a time (with mr = 8, two cache lines of each row of A), each written in
     * order. On this project's machine, 1 thread, the 4608 x 288 x 512 input gradient of ResNet-18's
     * last stage took a median 7.2 ms against 10.0 ms with a System.arraycopy per column of a sliver
     * (whose call costs more than its 8 floats), 5% less than with two slivers at a time, and about
     * half as long as with all the slivers of the block at once (their columns, 4 * mr * kc bytes
     * apart, fall in one set of the L1 cache).
     */
    private static void packTransposedABlock(Product p, int mr, int ic, int mc, int pc, int kc, float[] dst) {
        float[] a = p.a;
        int lda = p.lda;
        int full = mc / mr * mr;
        int r0 = 0;
        if (mr == 8) {
            for (; r0 + 32 <= full; r0 += 32) {
                int d = r0 * kc;
                int e = d + 8 * kc;
                int f = e + 8 * kc;
                int g = f + 8 * kc;
                for (int q = 0, src = p.aOffset + pc * lda + ic + r0; q < kc; q++, src += lda, d += 8, e += 8, f += 8, g += 8) {
                    copy8(a, src, dst, d);
                    copy8(a, src + 8, dst, e);
                    copy8(a, src + 16, dst, f);
                    copy8(a, src + 24, dst, g);
                }
            }
        }
        for (; r0 < mc; r0 += mr) {
            int rows = Math.min(mr, mc - r0);
            int d = r0 * kc;
            for (int q = 0, src = p.aOffset + pc * lda + ic + r0; q < kc; q++, src += lda, d += mr) {
                if (rows == 8) {
                    copy8(a, src, dst, d);
                } else {
                    for (int r = 0; r < mr; r++) {
                        dst[d + r] = r < rows ? a[src + r] : 0f;
                    }
                }
            }
        }
    }

    /**
     * dst[to .. to+8] = src[from .. from+8], as eight scalar copies: cheaper than a call of
     * System.arraycopy, and than a 256-bit vector load and store, which was slower still here.
     */
    private static void copy8(float[] src, int from, float[] dst, int to) {
        dst[to] = src[from];
        dst[to + 1] = src[from + 1];
        dst[to + 2] = src[from + 2];
        dst[to + 3] = src[from + 3];
        dst[to + 4] = src[from + 4];
        dst[to + 5] = src[from + 5];
        dst[to + 6] = src[from + 6];
        dst[to + 7] = src[from + 7];
    }

    /** Packs op(B)[pc .. pc+kc, jc .. jc+nc] as slivers of NR columns (see the class comment). */
    private static void packBPanel(Product p, int pc, int kc, int jc, int nc, float[] dst) {
        if (p.packedB != null) {
            for (int col = jc, s = 0; col < jc + nc; col += NR, s++) {
                p.packedB.packSliver(pc, kc, col, Math.min(NR, jc + nc - col), dst, s * kc * NR);
            }
            return;
        }
        if (p.transB) {
            for (int col = jc, s = 0; col < jc + nc; col += NR, s++) {
                packBSliver(p, pc, kc, col, Math.min(NR, jc + nc - col), dst, s * kc * NR);
            }
            return;
        }
        // B is stored k x n: copy a few rows at a time into every sliver, so that B is read in
        // order and each sliver is written in runs (sliver by sliver would jump a row of B each step).
        int rowsPerPass = 8;
        for (int q0 = 0; q0 < kc; q0 += rowsPerPass) {
            int q1 = Math.min(kc, q0 + rowsPerPass);
            for (int col = jc, s = 0; col < jc + nc; col += NR, s++) {
                int cols = Math.min(NR, jc + nc - col);
                for (int q = q0; q < q1; q++) {
                    int to = s * kc * NR + q * NR;
                    if (cols == NR) {
                        GemmMicroKernel.copySliverRow(p.b, p.bOffset + (pc + q) * p.ldb + col, dst, to);
                    } else {
                        System.arraycopy(p.b, p.bOffset + (pc + q) * p.ldb + col, dst, to, cols);
                        Arrays.fill(dst, to + cols, to + NR, 0f);
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc .. pc+kc, col .. col+cols] (cols &lt;= NR) as one sliver of kc rows of NR floats
     * at {@code dst[dstOff..]}, zero past cols.
     */
    private static void packBSliver(Product p, int pc, int kc, int col, int cols, float[] dst, int dstOff) {
        float[] b = p.b;
        int ldb = p.ldb;
        if (p.transB) {
            // B is stored n x k: read each of its rows along k, write one column of the sliver.
            for (int j = 0; j < cols; j++) {
                int src = p.bOffset + (col + j) * ldb + pc;
                for (int q = 0; q < kc; q++) {
                    dst[dstOff + q * NR + j] = b[src + q];
                }
            }
        } else {
            for (int q = 0; q < kc; q++) {
                System.arraycopy(b, p.bOffset + (pc + q) * ldb + col, dst, dstOff + q * NR, cols);
            }
        }
        if (cols < NR) {
            for (int q = 0; q < kc; q++) {
                Arrays.fill(dst, dstOff + q * NR + cols, dstOff + (q + 1) * NR, 0f);
            }
        }
    }

    /** C = beta * C (zero if beta is 0, whatever C held), for k == 0 or alpha == 0. */
    private static void scale(int m, int n, float beta, float[] c, int cOffset, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int o = cOffset + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, o, o + n, 0f);
            } else {
                for (int j = o; j < o + n; j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    // ---- argument checks and helpers -------------------------------------------------------------

    /** Checks that {@code array} holds a rows x cols row-major matrix at offset with leading dimension ld. */
    private static void checkMatrix(String name, float[] array, int offset, String ldName, int ld, int rows, int cols) {
        Objects.requireNonNull(array, name);
        if (offset < 0) {
            throw new IllegalArgumentException(name + "Offset must not be negative, got " + offset);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(ldName + " = " + ld + " is less than the " + cols
                    + " columns of " + name + " (" + rows + " x " + cols + ")");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long needed = offset + (long) (rows - 1) * ld + cols;
        if (needed > array.length) {
            throw new IllegalArgumentException(name + " is too small: a " + rows + " x " + cols + " matrix with "
                    + ldName + " = " + ld + " at offset " + offset + " needs " + needed
                    + " floats, but " + name + ".length = " + array.length);
        }
    }

    /** x / y rounded up, for x &gt;= 0 and y &gt; 0 (without overflow near Integer.MAX_VALUE). */
    private static int ceilDiv(int x, int y) {
        return x == 0 ? 0 : (x - 1) / y + 1;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
