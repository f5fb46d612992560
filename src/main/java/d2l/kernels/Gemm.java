package d2l.kernels;

import java.util.Arrays;
import java.util.Objects;

/**
 * Single-precision matrix multiply, {@code C = alpha * op(A) * op(B) + beta * C}, on row-major
 * float arrays with offsets and leading dimensions, as BLAS {@code sgemm}.
 *
 * <h2>How it works</h2>
 * Small products (fewer than {@link #SMALL_WORK} multiply-adds) take a plain loop. Larger ones
 * follow the GotoBLAS/BLIS scheme:
 * <pre>
 *   for each column block jc of C (NC columns)
 *     for each k block pc (KC values of the inner index)
 *       pack op(B)[pc.., jc..] into the shared B panel          (tasks over slivers)
 *       for each task = (row block ic of MC rows) x (range of B slivers), in parallel:
 *         pack op(A)[ic.., pc..] into this thread's A block
 *         for each B sliver jr (NR columns) of the range, for each A sliver ir (MR rows):
 *           micro-kernel: C[ir tile, jr tile] += A sliver * B sliver, in registers
 * </pre>
 *
 * <h2>Memory layout of the packed panels</h2>
 * <pre>
 *   A block (MC x KC, one per thread):  slivers of MR rows, one after another;
 *     a sliver is KC columns of MR floats:  aBlock[s * MR * kc + p * MR + r] = op(A)[ic + s*MR + r, pc + p]
 *   B panel (KC x NC, shared):          slivers of NR columns, one after another;
 *     a sliver is KC rows of NR floats:     bPanel[s * NR * kc + p * NR + j] = op(B)[pc + p, jc + s*NR + j]
 * </pre>
 * Rows past m and columns past n are zero, so the micro-kernel always does full tiles; edge tiles
 * go through a small scratch tile before they are added into C. The micro-kernel's B sliver
 * (KC x NR, 32 KiB) stays in L1, the A block (MC x KC, 128 KiB) in L2, the B panel in L3. When B is
 * not transposed and A has few rows, B is read in place (its rows are already contiguous) instead of
 * being packed: packing it would cost about as much as the product.
 *
 * <h2>Determinism</h2>
 * Every element of C is written by exactly one task, and its sum runs over k in the same blocks of
 * KC and the same order whatever the number of threads: the blocking depends only on m, n and k.
 * Results are therefore bit-identical for 1 thread or N.
 */
public final class Gemm {

    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;

    /** Depth of a k block: a B sliver of KC x NR floats fits in L1. */
    static final int KC = 256;
    /** Rows of an A block: MC x KC floats fit in L2 next to the B slivers. */
    static final int MC = 128;
    /** Columns of a B panel: KC x NC floats (4 MiB) stay in L3. */
    static final int NC = 4096;
    /** Below this many multiply-adds (m * n * k), a plain loop: no packing, no threads. */
    static final long SMALL_WORK = 32 * 1024;
    /** Below this many multiply-adds, the blocked product runs on the calling thread only. */
    static final long PARALLEL_WORK = 1L << 23;
    /** With B not transposed and at most this many rows of A, B is read in place, not packed. */
    static final int DIRECT_B_MAX_ROWS = 32;
    /** A * B^T with at most this many rows or columns: dot products along k, B not packed. */
    static final int DOT_MAX_SIZE = 32;

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
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm sizes must not be negative: m=" + m + ", n=" + n + ", k=" + k);
        }
        checkMatrix("a", a, aOffset, "lda", lda, transA ? k : m, transA ? m : k);
        checkMatrix("b", b, bOffset, "ldb", ldb, transB ? n : k, transB ? k : n);
        checkMatrix("c", c, cOffset, "ldc", ldc, m, n);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOffset, ldc);
            return;
        }
        Product p = new Product(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        if ((long) m * n * k < SMALL_WORK) {
            multiplySmall(p);
        } else {
            multiplyBlocked(p);
        }
    }

    /** The arguments of one call. */
    private record Product(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                           float beta, float[] c, int cOffset, int ldc) {

        /** op(A)[i, p]. */
        float a(int i, int p) {
            return transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
        }
    }

    /** Per-thread scratch buffers, grown on demand and reused between calls. */
    private static final class Workspace {
        float[] aBlock = new float[0];
        float[] bPanel = new float[0];
        float[] bEdge = new float[0];
        float[] row = new float[0];
        float[] bTransposed = new float[0];
        final float[] tile = new float[MR * NR];
        final float[] lanes = new float[16 * GemmMicroKernel.LANES];

        static float[] atLeast(float[] buffer, int size) {
            return buffer.length >= size ? buffer : new float[size];
        }
    }

    // ---- the blocked product ---------------------------------------------------------------------

    /**
     * Splits C into one part per thread (bands of rows, or of columns if C is wide), and runs the
     * blocked product of each part as a task of its own: one round of hand-offs to the thread pool
     * per call, with each part packing its own panels.
     */
    private static void multiplyBlocked(Product p) {
        boolean dots = !p.transA && p.transB && Math.min(p.m, p.n) <= DOT_MAX_SIZE;
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
        int mcStep = roundUp(ceilDiv(rows, ceilDiv(rows, MC)), MR);
        int ncStep = roundUp(ceilDiv(cols, ceilDiv(cols, NC)), NR);
        boolean packB = p.transB || rows > DIRECT_B_MAX_ROWS;
        Workspace w = WORKSPACE.get();
        float[] bPanel = null;
        if (packB) {
            bPanel = w.bPanel = Workspace.atLeast(w.bPanel, kcStep * ncStep);
        }
        for (int jc = col0; jc < col0 + cols; jc += ncStep) {
            int nc = Math.min(ncStep, col0 + cols - jc);
            int slivers = ceilDiv(nc, NR);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                // The first k block applies beta; the later ones add to what it left.
                float beta = pc == 0 ? p.beta : 1f;
                if (packB) {
                    packBPanel(p, pc, kc, jc, nc, bPanel);
                }
                for (int ic = row0; ic < row0 + rows; ic += mcStep) {
                    int mc = Math.min(mcStep, row0 + rows - ic);
                    float[] aBlock = w.aBlock = Workspace.atLeast(w.aBlock, roundUp(mc, MR) * kc);
                    packABlock(p, ic, mc, pc, kc, aBlock);
                    multiplyBlock(p, w, aBlock, bPanel, ic, mc, jc, nc, pc, kc, beta);
                }
            }
        }
    }

    /**
     * C[ic .. ic+mc, jc .. jc+nc] (+)= A block * B[pc .. pc+kc, jc .. jc+nc], tile by tile.
     * {@code bPanel} is the packed B panel, or null to read B in place.
     */
    private static void multiplyBlock(Product p, Workspace w, float[] aBlock, float[] bPanel,
                                      int ic, int mc, int jc, int nc, int pc, int kc, float beta) {
        for (int col = jc, s = 0; col < jc + nc; col += NR, s++) {
            int cols = Math.min(NR, jc + nc - col);
            float[] bSliver;
            int bOff;
            int bStride;
            if (bPanel != null) {
                bSliver = bPanel;
                bOff = s * kc * NR;
                bStride = NR;
            } else if (cols == NR) {
                bSliver = p.b;
                bOff = p.bOffset + pc * p.ldb + col;
                bStride = p.ldb;
            } else {
                bSliver = w.bEdge = Workspace.atLeast(w.bEdge, kc * NR);
                packBSliver(p, pc, kc, col, cols, bSliver, 0);
                bOff = 0;
                bStride = NR;
            }
            for (int r = 0; r < mc; r += MR) {
                int rows = Math.min(MR, mc - r);
                int cIndex = p.cOffset + (ic + r) * p.ldc + col;
                if (rows == MR && cols == NR) {
                    GemmMicroKernel.multiplyTile(kc, aBlock, r * kc, bSliver, bOff, bStride,
                            p.alpha, beta, p.c, cIndex, p.ldc);
                } else {
                    float[] tile = w.tile;
                    GemmMicroKernel.multiplyTile(kc, aBlock, r * kc, bSliver, bOff, bStride, 1f, 0f, tile, 0, NR);
                    addTile(tile, NR, rows, cols, p.alpha, beta, p.c, cIndex, p.ldc);
                }
            }
        }
    }

    /**
     * C = A * B^T for C[row0 .. row0+rows, col0 .. col0+cols] as dot products of rows of A with rows
     * of B (both contiguous along k), four by four. No packing: for a product with few rows or
     * columns, transposing B into panels would cost more than the product itself.
     */
    private static void multiplyDots(Product p, int row0, int rows, int col0, int cols) {
        Workspace w = WORKSPACE.get();
        float[] sums = w.tile;
        int rowEnd = row0 + rows;
        int colEnd = col0 + cols;
        int step = GemmMicroKernel.DOT_ROWS;
        for (int i = row0; i < rowEnd; i += step) {
            // Past the last row (or column), tiles repeat it; those sums are not stored.
            int a0 = p.aOffset + i * p.lda;
            int a1 = p.aOffset + Math.min(i + 1, rowEnd - 1) * p.lda;
            int a2 = p.aOffset + Math.min(i + 2, rowEnd - 1) * p.lda;
            int a3 = p.aOffset + Math.min(i + 3, rowEnd - 1) * p.lda;
            int tileRows = Math.min(step, rowEnd - i);
            for (int j = col0; j < colEnd; j += step) {
                int b0 = p.bOffset + j * p.ldb;
                int b1 = p.bOffset + Math.min(j + 1, colEnd - 1) * p.ldb;
                int b2 = p.bOffset + Math.min(j + 2, colEnd - 1) * p.ldb;
                int b3 = p.bOffset + Math.min(j + 3, colEnd - 1) * p.ldb;
                GemmMicroKernel.dotTile(p.k, p.a, a0, a1, a2, a3, p.b, b0, b1, b2, b3, w.lanes, sums);
                // sums is a 4 x 4 tile with row length 4.
                addTile(sums, step, tileRows, Math.min(step, colEnd - j), p.alpha, p.beta, p.c,
                        p.cOffset + i * p.ldc + j, p.ldc);
            }
        }
    }

    /** An edge tile: c = alpha * tile + beta * c for the rows x cols part that lies inside C. */
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

    /** Packs op(A)[ic .. ic+mc, pc .. pc+kc] as slivers of MR rows (see the class comment). */
    private static void packABlock(Product p, int ic, int mc, int pc, int kc, float[] dst) {
        float[] a = p.a;
        int lda = p.lda;
        for (int r0 = 0; r0 < mc; r0 += MR) {
            int rows = Math.min(MR, mc - r0);
            int base = r0 * kc;
            if (p.transA) {
                // A is stored k x m: the MR values of one column of the sliver are contiguous.
                for (int q = 0; q < kc; q++) {
                    System.arraycopy(a, p.aOffset + (pc + q) * lda + ic + r0, dst, base + q * MR, rows);
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = p.aOffset + (ic + r0 + r) * lda + pc;
                    for (int q = 0; q < kc; q++) {
                        dst[base + q * MR + r] = a[src + q];
                    }
                }
            }
            if (rows < MR) {
                for (int q = 0; q < kc; q++) {
                    Arrays.fill(dst, base + q * MR + rows, base + (q + 1) * MR, 0f);
                }
            }
        }
    }

    /** Packs op(B)[pc .. pc+kc, jc .. jc+nc] as slivers of NR columns (see the class comment). */
    private static void packBPanel(Product p, int pc, int kc, int jc, int nc, float[] dst) {
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
                    System.arraycopy(p.b, p.bOffset + (pc + q) * p.ldb + col, dst, to, cols);
                    if (cols < NR) {
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

    // ---- small products and special cases --------------------------------------------------------

    /**
     * A small product on the calling thread: each row of C is summed over k in order in a row
     * buffer (the inner loop runs along contiguous rows of B, which the JIT vectorizes), then
     * scaled into C. A transposed B is first copied to k x n.
     */
    private static void multiplySmall(Product p) {
        int m = p.m, n = p.n, k = p.k;
        Workspace w = WORKSPACE.get();
        float[] sum = w.row = Workspace.atLeast(w.row, n);
        float[] b = p.b;
        int bOffset = p.bOffset;
        int ldb = p.ldb;
        if (p.transB) {
            float[] bt = w.bTransposed = Workspace.atLeast(w.bTransposed, k * n);
            for (int j = 0; j < n; j++) {
                int src = p.bOffset + j * p.ldb;
                for (int q = 0; q < k; q++) {
                    bt[q * n + j] = b[src + q];
                }
            }
            b = bt;
            bOffset = 0;
            ldb = n;
        }
        float[] c = p.c;
        float alpha = p.alpha, beta = p.beta;
        for (int i = 0; i < m; i++) {
            Arrays.fill(sum, 0, n, 0f);
            for (int q = 0; q < k; q++) {
                float aiq = p.a(i, q);
                int row = bOffset + q * ldb;
                for (int j = 0; j < n; j++) {
                    sum[j] = Math.fma(aiq, b[row + j], sum[j]);
                }
            }
            int o = p.cOffset + i * p.ldc;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) {
                    c[o + j] = sum[j] * alpha;
                }
            } else {
                for (int j = 0; j < n; j++) {
                    c[o + j] = Math.fma(sum[j], alpha, c[o + j] * beta);
                }
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
