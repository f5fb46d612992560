package d2l.kernels;

import java.util.Random;

/**
 * A throwaway measurement (a main, not a test) of {@link Gemm#sgemm} on the products of ResNet-18's
 * later stages (batch 32, 96x96 input: 6x6 and 3x3 planes, the shared path of {@link Convolution}),
 * exactly as the convolution calls them: the forward product {@code weight * columns} and the
 * weight gradient {@code dOut * columns^T} with B packed from the input by {@link ColumnPanels}, the
 * input gradient {@code weight^T * dOut} with transA. Each row is timed with 1 thread (CPU time of
 * the calling thread, 11 samples of about 30 ms) and 2 threads (wall time of 41 single calls, whose
 * best is one that had both cores to itself on a shared machine): GFLOP/s of the median and the best.
 * {@code bench/gemm_shapes.py} times torch.mm on the same shapes. Run with
 * <pre>
 *   ./mvnw -q -o test-compile
 *   java --add-modules=jdk.incubator.vector -cp target/classes:target/test-classes \
 *       d2l.kernels.GemmShapesSpeed [name-filter]
 * </pre>
 */
public final class GemmShapesSpeed {

    /** How op(B) is given: stored, or packed from an input image (forward columns, or their transpose). */
    private enum B { STORED, COLUMNS, TRANSPOSED }

    /**
     * One call: op(A) is m x k (transA: stored k x m), op(B) k x n (transB: stored n x k). For a packed
     * B, {@code g} is the convolution whose columns (K x n with K = inC * kh * kw) it packs.
     */
    private record Shape(String name, boolean transA, boolean transB, int m, int n, int k, B b, ConvGeometry g) {}

    private static final ConvGeometry STAGE3 = ConvGeometry.convolution(32, 256, 256, 6, 6, 3, 3, 1, 1, 1, 1, 1);
    private static final ConvGeometry STAGE4 = ConvGeometry.convolution(32, 512, 512, 3, 3, 3, 3, 1, 1, 1, 1, 1);
    private static final ConvGeometry DOWN4 = ConvGeometry.convolution(32, 256, 512, 6, 6, 1, 1, 2, 2, 0, 0, 1);

    private static final Shape[] SHAPES = {
        new Shape("stage3 fwd  W*cols    ", false, false, 256, 1152, 2304, B.COLUMNS, STAGE3),
        new Shape("stage3 fwd  stored B  ", false, false, 256, 1152, 2304, B.STORED, null),
        new Shape("stage3 dIn  W^T*dOut  ", true, false, 2304, 1152, 256, B.STORED, null),
        new Shape("stage3 dW   dOut*cols^T", false, true, 256, 2304, 1152, B.TRANSPOSED, STAGE3),
        new Shape("stage3 dW   stored B^T", false, true, 256, 2304, 1152, B.STORED, null),
        new Shape("stage4 fwd  W*cols    ", false, false, 512, 288, 4608, B.COLUMNS, STAGE4),
        new Shape("stage4 fwd  stored B  ", false, false, 512, 288, 4608, B.STORED, null),
        new Shape("stage4 dIn  W^T*dOut  ", true, false, 4608, 288, 512, B.STORED, null),
        new Shape("stage4 dW   dOut*cols^T", false, true, 512, 4608, 288, B.TRANSPOSED, STAGE4),
        new Shape("stage4 dW   stored B^T", false, true, 512, 4608, 288, B.STORED, null),
        new Shape("down4 1x1s2 fwd       ", false, false, 512, 288, 256, B.COLUMNS, DOWN4),
        new Shape("down4 1x1s2 dIn       ", true, false, 256, 288, 512, B.STORED, null),
        new Shape("down4 1x1s2 dW        ", false, true, 512, 256, 288, B.TRANSPOSED, DOWN4),
        new Shape("square 2048           ", false, false, 2048, 2048, 2048, B.STORED, null),
    };

    private GemmShapesSpeed() {}

    public static void main(String[] args) {
        String filter = args.length > 0 ? args[0] : "";
        for (Shape s : SHAPES) {
            if (!s.name.contains(filter)) {
                continue;
            }
            double flops = 2.0 * s.m * s.n * s.k;
            StringBuilder line = new StringBuilder(String.format("%s %s%s m=%4d n=%4d k=%4d", s.name,
                    s.transA ? "T" : "N", s.transB ? "T" : "N", s.m, s.n, s.k));
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                double[] seconds = timeSeconds(s, threads == 1 ? GemmSpeed.Clock.THREAD_CPU : GemmSpeed.Clock.WALL);
                line.append(String.format("  %dT %6.1f GFLOP/s (best %6.1f)", threads, flops / seconds[0] / 1e9,
                        flops / seconds[1] / 1e9));
            }

            System.out.println(line);
        }
        System.exit(0);
    }

    /** The median and the best time of one call by {@code clock}. */
    private static double[] timeSeconds(Shape s, GemmSpeed.Clock clock) {
        Random random = new Random(42);
        float[] a = GemmSpeed.randomArray(random, s.m * s.k);
        float[] c = new float[s.m * s.n];
        int lda = s.transA ? s.m : s.k;
        Runnable call;
        if (s.b == B.STORED) {
            float[] b = GemmSpeed.randomArray(random, s.k * s.n);
            int ldb = s.transB ? s.k : s.n;
            call = () -> Gemm.sgemm(s.transA, s.transB, s.m, s.n, s.k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, s.n);
        } else {
            float[] input = GemmSpeed.randomArray(random, s.g.inputSize());
            int batch = s.g.batch();
            int rows = s.g.outHeight();
            Gemm.PackedB packed = s.b == B.COLUMNS
                    ? ColumnPanels.columns(s.g, input, 0, batch, 0, 0, rows)
                    : ColumnPanels.transposed(s.g, input, 0, batch, 0, 0, rows);
            call = () -> Gemm.sgemm(s.transA, s.m, s.n, s.k, 1f, a, 0, lda, packed, 0f, c, 0, s.n);
        }
        // Wall time: 41 samples of one call each, whose best is a call that had both cores to itself.
        return clock == GemmSpeed.Clock.WALL ? GemmSpeed.timeSeconds(call, 0.6, 41, 0, clock)
                : GemmSpeed.timeSeconds(call, 0.6, 11, 0.03, clock);
    }
}
