package d2l.tensor;

import d2l.kernels.Gemm;


/**
 * The matrix product with PyTorch's {@code matmul} rules: 1-D operands are treated as a row (left)
 * or column (right) vector and the added dimension removed again; operands with more than two
 * dimensions are stacks of matrices whose leading (batch) dimensions broadcast.
 */
final class LinearAlgebra {

    private LinearAlgebra() {}

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new TensorException("both arguments to matmul need to be at least 1D, but they are " + a.dim()
                    + "D and " + b.dim() + "D");
        }
        Tensor left = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor right = b.dim() == 1 ? b.unsqueeze(-1) : b;
        Tensor product = batched(left, right, a, b);
        if (a.dim() == 1) {
            product = product.squeeze(-2);
        }
        if (b.dim() == 1) {
            product = product.squeeze(-1);
        }
        return product;
    }

    /** {@code a @ b} for operands of at least 2 dimensions. dL/da = g @ b^T and dL/db = a^T @ g. */
    private static Tensor batched(Tensor a, Tensor b, Tensor originalA, Tensor originalB) {
        int m = a.size(-2);
        int k = a.size(-1);
        int n = b.size(-1);
        if (b.size(-2) != k) {
            String left = originalA.dim() <= 2 ? shape2d(a) : Shapes.toString(originalA.shape);
            String right = originalB.dim() <= 2 ? shape2d(b) : Shapes.toString(originalB.shape);
            throw new TensorException("matmul: mat1 and mat2 shapes cannot be multiplied (" + left + " and " + right
                    + "); the columns of the first (" + k + ") must equal the rows of the second (" + b.size(-2) + ")");
        }
        int[] batchA = java.util.Arrays.copyOf(a.shape, a.dim() - 2);
        int[] batchB = java.util.Arrays.copyOf(b.shape, b.dim() - 2);
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        float[] out = Memory.floats("matmul output", outShape, "");
        Matrices left = Matrices.of(a, batch);
        Matrices right = Matrices.of(b, batch);
        int count = Shapes.numel(batch);
        for (int i = 0; i < count; i++) {
            Gemm.sgemm(left.transposed, right.transposed, m, n, k, 1f,
                    left.storage, left.offset(i), left.leading, right.storage, right.offset(i), right.leading,
                    0f, out, i * m * n, n);
        }
        Tensor y = new Tensor(out, 0, outShape, Shapes.contiguousStrides(outShape), DType.promote(a.dtype, b.dtype));
        return y.record("MmBackward0", g -> new Tensor[] {
                a.requiresGrad() ? Arithmetic.sumTo(g.matmul(b.detach().transpose(-1, -2)), a.shape) : null,
                b.requiresGrad() ? Arithmetic.sumTo(a.detach().transpose(-1, -2).matmul(g), b.shape) : null}, a, b)
                .saveForBackward(a, b);
    }

    private static String shape2d(Tensor x) {
        return x.size(-2) + "x" + x.size(-1);
    }

    /**
     * A stack of matrices as the multiply kernel wants them: one storage, an offset per matrix, a
     * leading dimension, and whether each matrix is stored transposed (column-major), which lets
     * {@code a.t().matmul(b)} run without a copy.
     */
    private record Matrices(float[] storage, int[] offsets, int leading, boolean transposed) {

        int offset(int i) {
            return offsets[i];
        }

        static Matrices of(Tensor x, int[] batch) {
            int rank = x.dim();
            int rows = x.shape[rank - 2];
            int cols = x.shape[rank - 1];
            int rowStride = x.strides[rank - 2];
            int colStride = x.strides[rank - 1];
            Tensor source = x;
            boolean transposed;
            int leading;
            if (colStride == 1 && rowStride >= Math.max(cols, 1)) {
                transposed = false;
                leading = rowStride;
            } else if (rowStride == 1 && colStride >= Math.max(rows, 1)) {
                transposed = true;
                leading = colStride;
            } else {
                source = x.detach().contiguous();
                transposed = false;
                leading = Math.max(cols, 1);
            }
            if (rows == 1 && !transposed) {
                leading = Math.max(leading, cols);
            }
            int[] strides = Shapes.broadcastStrides(java.util.Arrays.copyOf(source.shape, rank - 2),
                    java.util.Arrays.copyOf(source.strides, rank - 2), batch);
            int count = Shapes.numel(batch);
            int[] offsets = new int[count];
            int[] index = new int[batch.length];
            for (int i = 0; i < count; i++) {
                int off = source.offset;
                for (int d = 0; d < batch.length; d++) {
                    off += index[d] * strides[d];
                }
                offsets[i] = off;
                for (int d = batch.length - 1; d >= 0; d--) {
                    if (++index[d] < batch[d]) {
                        break;
                    }
                    index[d] = 0;
                }
            }
            return new Matrices(source.storage, offsets, leading, transposed);
        }
    }
}
