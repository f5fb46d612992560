package d2l.nn.functional;

import d2l.tensor.Tensor;

/**
 * softmax and log softmax along one dimension of a tensor of any rank, as {@code F.softmax(x, dim)}
 * and {@code F.log_softmax(x, dim)}: each is one operation with its own gradient, computed stably by
 * subtracting the largest element of each slice before exponentiating.
 */
final class Softmax {

    private Softmax() {}

    /**
     * {@code y_i = x_i - max - log(sum_j exp(x_j - max))} along {@code dim}.
     * Gradient: {@code g - exp(y) * sum(g)} along {@code dim}.
     */
    static Tensor logSoftmax(Tensor x, int dim) {
        return operation("LogSoftmaxBackward0", x, dim, true);
    }

    /**
     * {@code y_i = exp(x_i - max) / sum_j exp(x_j - max)} along {@code dim}.
     * Gradient: {@code y * (g - sum(g * y))} along {@code dim}.
     */
    static Tensor softmax(Tensor x, int dim) {
        return operation("SoftmaxBackward0", x, dim, false);
    }

    private static Tensor operation(String name, Tensor x, int dim, boolean log) {
        Slices s = Slices.along(x, dim);
        float[] v = x.values();
        float[] out = new float[v.length];
        for (int slice = 0; slice < s.count(); slice++) {
            int base = s.start(slice);
            double logSum = s.logSumExp(v, base);
            for (int c = 0; c < s.length(); c++) {
                int at = base + c * s.stride();
                double logSoftmax = v[at] - logSum;
                out[at] = (float) (log ? logSoftmax : Math.exp(logSoftmax));
            }
        }
        int[] shape = x.shape().toArray();
        return Tensor.fromOperation(name, out, shape, g -> {
            float[] gv = g.values();
            float[] dx = new float[out.length];
            for (int slice = 0; slice < s.count(); slice++) {
                int base = s.start(slice);
                double sum = 0;
                for (int c = 0; c < s.length(); c++) {
                    int at = base + c * s.stride();
                    sum += log ? gv[at] : (double) gv[at] * out[at];
                }
                for (int c = 0; c < s.length(); c++) {
                    int at = base + c * s.stride();
                    dx[at] = (float) (log ? gv[at] - Math.exp(out[at]) * sum : out[at] * (gv[at] - sum));
                }
            }
            return new Tensor[] {Tensor.wrap(dx, shape)};
        }, x);
    }
}
