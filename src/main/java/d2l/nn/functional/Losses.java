package d2l.nn.functional;

import d2l.tensor.Tensor;
import d2l.tensor.TensorException;

/**
 * Softmax-based losses written as single operations with their own gradients, so they are
 * numerically stable (the largest logit is subtracted before exponentiating) and fast.
 */
final class Losses {

    private Losses() {}

    /**
     * log softmax along the last dimension of a 2-D tensor: {@code x_i - max - log(sum_j exp(x_j - max))}.
     * Gradient: {@code g - softmax * sum(g)} per row.
     */
    static Tensor logSoftmax(Tensor logits) {
        checkLogits("log_softmax", logits);
        int rows = logits.size(0);
        int cols = logits.size(1);
        float[] x = logits.values();
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            double logSum = logSumExp(x, r * cols, cols);
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) (x[r * cols + c] - logSum);
            }
        }
        return Tensor.fromOperation("LogSoftmaxBackward0", out, new int[] {rows, cols}, g -> {
            float[] gv = g.values();
            float[] dx = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int c = 0; c < cols; c++) {
                    sum += gv[r * cols + c];
                }
                for (int c = 0; c < cols; c++) {
                    dx[r * cols + c] = (float) (gv[r * cols + c] - Math.exp(out[r * cols + c]) * sum);
                }
            }
            return new Tensor[] {Tensor.wrap(dx, rows, cols)};
        }, logits);
    }

    /**
     * Mean cross-entropy of logits {@code [N, C]} against integer class labels {@code [N]}:
     * {@code mean_i (log sum_j exp(x_ij) - x_i,y_i)}. Gradient: {@code (softmax(x) - onehot(y)) / N}.
     */
    static Tensor crossEntropy(Tensor logits, Tensor labels) {
        checkLogits("cross_entropy", logits);
        int rows = logits.size(0);
        int cols = logits.size(1);
        if (labels.dim() != 1 || labels.size(0) != rows) {
            throw new TensorException("cross_entropy: expected labels of shape [" + rows + "] for logits of shape "
                    + logits.shape() + ", got labels of shape " + labels.shape());
        }
        float[] x = logits.values();
        float[] y = labels.values();
        int[] target = new int[rows];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            float label = y[r];
            if (label != Math.rint(label) || label < 0 || label >= cols) {
                throw new TensorException("cross_entropy: label " + label + " at position " + r
                        + " is not a class index in [0, " + cols + ")");
            }
            target[r] = (int) label;
            total += logSumExp(x, r * cols, cols) - x[r * cols + target[r]];
        }
        float loss = (float) (total / rows);
        return Tensor.fromOperation("NllLossBackward0", new float[] {loss}, new int[0], g -> {
            double scale = g.item() / rows;
            float[] dx = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                double logSum = logSumExp(x, r * cols, cols);
                for (int c = 0; c < cols; c++) {
                    double softmax = Math.exp(x[r * cols + c] - logSum);
                    dx[r * cols + c] = (float) ((softmax - (c == target[r] ? 1 : 0)) * scale);
                }
            }
            return new Tensor[] {Tensor.wrap(dx, rows, cols), null};
        }, logits, labels).saveForBackward(logits);
    }

    private static double logSumExp(float[] x, int start, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = start; i < start + n; i++) {
            max = Math.max(max, x[i]);
        }
        if (Float.isInfinite(max)) {
            return max;
        }
        double sum = 0;
        for (int i = start; i < start + n; i++) {
            sum += Math.exp(x[i] - max);
        }
        return max + Math.log(sum);
    }

    private static void checkLogits(String op, Tensor logits) {
        if (logits.dim() != 2) {
            throw new TensorException(op + ": expected logits of shape [batch, classes], got " + logits.shape());
        }
    }
}
