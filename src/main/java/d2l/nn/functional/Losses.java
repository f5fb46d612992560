package d2l.nn.functional;

import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.Arrays;

/**
 * The losses, as {@code F.cross_entropy} and {@code F.mse_loss}. Cross-entropy is a single
 * operation with its own gradient, so it is numerically stable (the largest logit is subtracted
 * before exponentiating) and fast.
 */
final class Losses {

    private Losses() {}

    /**
     * Cross-entropy of logits {@code [N, C, d1, ...]} (or {@code [C]} for one sample) against integer
     * class labels {@code [N, d1, ...]} (or {@code []}): per position {@code l = log sum_c exp(x_c) - x_y},
     * then reduced. Gradient: {@code (softmax(x) - onehot(y)) * dL/dl}, where {@code dL/dl} is 1 / count
     * for 'mean', 1 for 'sum' and the incoming gradient's element for 'none'.
     */
    static Tensor crossEntropy(Tensor logits, Tensor labels, Reduction reduction) {
        if (logits.dim() == 0) {
            throw new TensorException("cross_entropy: expected logits of shape [classes], [batch, classes] or "
                    + "[batch, classes, d1, ...], got " + logits.shape());
        }
        int classDim = logits.dim() == 1 ? 0 : 1;
        int[] labelShape = withoutDim(logits.shape().toArray(), classDim);
        if (!Arrays.equals(labels.shape().toArray(), labelShape)) {
            throw new TensorException("cross_entropy: expected labels of shape " + Arrays.toString(labelShape)
                    + " for logits of shape " + logits.shape() + ", got labels of shape " + labels.shape());
        }
        Slices s = Slices.along(logits, classDim);
        float[] x = logits.values();
        int[] target = classIndices(labels, s.length());
        double[] logSum = new double[s.count()];
        float[] losses = new float[s.count()];
        double total = 0;
        for (int i = 0; i < s.count(); i++) {
            int base = s.start(i);
            logSum[i] = s.logSumExp(x, base);
            double loss = logSum[i] - x[base + target[i] * s.stride()];
            losses[i] = (float) loss;
            total += loss;
        }
        int count = s.count();
        boolean reduced = reduction != Reduction.NONE;
        float[] out = reduced ? new float[] {(float) (reduction == Reduction.MEAN ? total / count : total)} : losses;
        return Tensor.fromOperation("NllLossBackward0", out, reduced ? new int[0] : labelShape, g -> {
            float[] gv = g.values();
            float[] dx = new float[x.length];
            for (int i = 0; i < count; i++) {
                double scale = switch (reduction) {
                    case NONE -> gv[i];
                    case MEAN -> gv[0] / (double) count;
                    case SUM -> gv[0];
                };
                int base = s.start(i);
                for (int c = 0; c < s.length(); c++) {
                    int at = base + c * s.stride();
                    double softmax = Math.exp(x[at] - logSum[i]);
                    dx[at] = (float) ((softmax - (c == target[i] ? 1 : 0)) * scale);
                }
            }
            return new Tensor[] {Tensor.wrap(dx, logits.shape().toArray()), null};
        }, logits, labels).saveForBackward(logits);
    }

    /** {@code mean}, {@code sum} or each of {@code (input - target)^2}, as {@code F.mse_loss}. */
    static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        if (!input.shape().equals(target.shape())) {
            throw new TensorException("mse_loss: input of shape " + input.shape() + " and target of shape "
                    + target.shape() + " must have the same shape");
        }
        Tensor squares = input.sub(target).pow(2);
        return switch (reduction) {
            case NONE -> squares;
            case MEAN -> squares.mean();
            case SUM -> squares.sum();
        };
    }

    /** The labels as class indices, each checked to be a whole number in {@code [0, classes)}. */
    private static int[] classIndices(Tensor labels, int classes) {
        float[] y = labels.values();
        int[] target = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            float label = y[i];
            if (label != Math.rint(label) || label < 0 || label >= classes) {
                String position = labels.dim() <= 1 ? String.valueOf(i) : Arrays.toString(labels.shape().index(i));
                throw new TensorException("cross_entropy: label " + label + " at position " + position
                        + " is not a class index in [0, " + classes + ")");
            }
            target[i] = (int) label;
        }
        return target;
    }

    private static int[] withoutDim(int[] shape, int dim) {
        int[] rest = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != dim) {
                rest[j++] = shape[i];
            }
        }
        return rest;
    }
}
