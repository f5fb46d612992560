package d2l.tensor;

import d2l.kernels.Parallel;
import java.util.Arrays;

/**
 * Sums, means, maxima and minima over all elements or along dimensions, with their gradients.
 * Sums accumulate in double in a fixed order (fixed-size chunks combined left to right), so results
 * do not depend on the number of threads.
 */
final class Reductions {

    private static final int CHUNK = 1 << 14;

    private Reductions() {}

    /** {@code dims == null} reduces everything. */
    static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        Reduced r = reduce(x, dims, keepdim, false);
        DType type = x.dtype == DType.FLOAT32 ? DType.FLOAT32 : DType.INT64;
        Tensor y = new Tensor(r.values, 0, r.shape, Shapes.contiguousStrides(r.shape), type);
        return y.record("SumBackward" + (dims == null ? 0 : 1), g -> new Tensor[] {spread(g, r, x.shape)}, x);
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        Reduced r = reduce(x, dims, keepdim, true);
        Tensor y = new Tensor(r.values, 0, r.shape, Shapes.contiguousStrides(r.shape), DType.FLOAT32);
        return y.record("MeanBackward" + (dims == null ? 0 : 1),
                g -> new Tensor[] {spread(g, r, x.shape).div(Math.max(r.count, 1))}, x);
    }

    /** The incoming gradient copied to every element that was reduced into it. */
    private static Tensor spread(Tensor g, Reduced r, int[] inputShape) {
        return g.reshape(r.keptShape).expand(inputShape).contiguous();
    }

    /** The result of a sum or mean: values, their shape, the same shape with reduced dims kept as 1, and the count. */
    private record Reduced(float[] values, int[] shape, int[] keptShape, int count) {}

    private static Reduced reduce(Tensor x, int[] dims, boolean keepdim, boolean mean) {
        boolean[] reduced = reducedDims(x, dims);
        int[] kept = x.shape.clone();
        int count = 1;
        for (int d = 0; d < x.dim(); d++) {
            if (reduced[d]) {
                count *= x.shape[d];
                kept[d] = 1;
            }
        }
        int[] outShape = outputShape(x.shape, reduced, keepdim);
        float[] out = new float[Shapes.numel(kept)];
        // move the reduced dimensions last, so each output element sums one contiguous run
        float[] v = moveLast(x, reduced).values();
        int n = count;
        double scale = mean ? 1.0 / Math.max(count, 1) : 1.0;
        if (out.length == 1) {
            out[0] = (float) (sumRange(v, 0, n) * scale);
            if (mean && n == 0) {
                out[0] = Float.NaN;
            }
        } else {
            Parallel.forRange(out.length, Math.max(1, CHUNK / Math.max(n, 1)), (start, end) -> {
                for (int o = start; o < end; o++) {
                    double s = 0;
                    for (int i = o * n, e = i + n; i < e; i++) {
                        s += v[i];
                    }
                    out[o] = n == 0 && mean ? Float.NaN : (float) (s * scale);
                }
            });
        }
        return new Reduced(out, outShape, kept, count);
    }

    /** A sum of {@code v[start, start+n)} in fixed chunks, so the rounding is the same for any thread count. */
    private static double sumRange(float[] v, int start, int n) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        double[] partial = new double[chunks];
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double s = 0;
                for (int i = start + c * CHUNK, e = start + Math.min(n, (c + 1) * CHUNK); i < e; i++) {
                    s += v[i];
                }
                partial[c] = s;
            }
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    /** The whole-tensor max or min; its gradient is shared evenly by all elements that reach it. */
    static Tensor extreme(Tensor x, boolean max) {
        if (x.numel() == 0) {
            throw new TensorException((max ? "max" : "min") + "(): Expected reduction dim to be specified for input.numel() == 0. "
                    + "Specify the reduction dim with the 'dim' argument.");
        }
        float[] v = x.values();
        float best = v[0];
        for (float f : v) {
            if (Float.isNaN(f)) {
                best = f;
                break;
            }
            if (max ? f > best : f < best) {
                best = f;
            }
        }
        float result = best;
        Tensor y = new Tensor(new float[] {result}, 0, new int[0], new int[0], x.dtype);
        return y.record(max ? "MaxBackward1" : "MinBackward1", g -> {
            Tensor hits = x.detach().eq(result).to(DType.FLOAT32);
            return new Tensor[] {hits.mul(g.div(hits.sum()))};
        }, x).saveForBackward(x);
    }

    /** Max or min along {@code dim}; the gradient goes to the position that was picked. */
    static Tensor extreme(Tensor x, int dim, boolean keepdim, boolean max) {
        Tensor indices = argExtreme(x, dim, true, max);
        int d = Shapes.dim(dim, x.dim());
        float[] v = x.values();
        float[] idx = indices.values();
        int[] kept = indices.shape;
        int inner = 1;
        for (int k = d + 1; k < x.dim(); k++) {
            inner *= x.shape[k];
        }
        int len = x.dim() == 0 ? 1 : x.shape[d];
        float[] out = new float[idx.length];
        for (int o = 0; o < idx.length; o++) {
            int outer = o / inner;
            int in = o % inner;
            out[o] = v[(outer * len + (int) idx[o]) * inner + in];
        }
        int[] outShape = keepdim ? kept : outputShape(x.shape, reducedDims(x, new int[] {dim}), false);
        Tensor y = new Tensor(out, 0, outShape, Shapes.contiguousStrides(outShape), x.dtype);
        int[] inputShape = x.shape;
        int reducedLength = len;
        int innerSize = inner;
        return y.record(max ? "MaxBackward0" : "MinBackward0", g -> {
            float[] gv = g.contiguous().values();
            float[] full = new float[Shapes.numel(inputShape)];
            for (int o = 0; o < idx.length; o++) {
                int outer = o / innerSize;
                int in = o % innerSize;
                full[(outer * reducedLength + (int) idx[o]) * innerSize + in] += gv[o];
            }
            return new Tensor[] {Tensor.wrap(full, inputShape)};
        }, x);
    }

    /** Index of the max (min) along {@code dim}, or of the whole flattened tensor when {@code dim} is null; first on ties. */
    static Tensor argExtreme(Tensor x, Integer dim, boolean keepdim, boolean max) {
        if (dim == null) {
            Tensor flat = x.reshape(-1);
            Tensor r = argExtreme(flat, 0, false, max);
            return keepdim ? r.reshape(onesLike(x.dim())) : r;
        }
        int d = Shapes.dim(dim, x.dim());
        int len = x.dim() == 0 ? 1 : x.shape[d];
        if (len == 0) {
            throw new TensorException((max ? "argmax" : "argmin") + "(): Expected reduction dim " + d
                    + " to have non-zero size (input of shape " + Shapes.toString(x.shape) + ")");
        }
        int inner = 1;
        for (int k = d + 1; k < x.dim(); k++) {
            inner *= x.shape[k];
        }
        float[] v = x.values();
        int outer = len == 0 ? 0 : v.length / (len * inner);
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                int best = 0;
                float bestValue = v[base];
                for (int k = 1; k < len && !Float.isNaN(bestValue); k++) {
                    float f = v[base + k * inner];
                    if (Float.isNaN(f) || (max ? f > bestValue : f < bestValue)) {
                        best = k;
                        bestValue = f;
                    }
                }
                out[o * inner + in] = best;
            }
        }
        int[] shape = outputShape(x.shape, reducedDims(x, new int[] {d}), keepdim);
        return new Tensor(out, 0, shape, Shapes.contiguousStrides(shape), DType.INT64);
    }

    private static int[] onesLike(int rank) {
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        return ones;
    }

    private static boolean[] reducedDims(Tensor x, int[] dims) {
        boolean[] reduced = new boolean[x.dim()];
        if (dims == null) {
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (int dim : dims) {
            int d = Shapes.dim(dim, x.dim());
            if (x.dim() == 0) {
                continue;
            }
            if (reduced[d]) {
                throw new TensorException("dim " + d + " appears multiple times in the list of dims " + Arrays.toString(dims));
            }
            reduced[d] = true;
        }
        return reduced;
    }

    private static int[] outputShape(int[] shape, boolean[] reduced, boolean keepdim) {
        int count = 0;
        for (int d = 0; d < shape.length; d++) {
            if (keepdim || !reduced[d]) {
                count++;
            }
        }
        int[] out = new int[count];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (keepdim) {
                out[k++] = reduced[d] ? 1 : shape[d];
            } else if (!reduced[d]) {
                out[k++] = shape[d];
            }
        }
        return out;
    }

    /** A view of {@code x} with the reduced dimensions moved to the end (not recorded). */
    private static Tensor moveLast(Tensor x, boolean[] reduced) {
        int[] order = new int[x.dim()];
        int k = 0;
        for (int d = 0; d < x.dim(); d++) {
            if (!reduced[d]) {
                order[k++] = d;
            }
        }
        for (int d = 0; d < x.dim(); d++) {
            if (reduced[d]) {
                order[k++] = d;
            }
        }
        return x.detach().permute(order);
    }
}
