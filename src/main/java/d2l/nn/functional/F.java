package d2l.nn.functional;

import d2l.tensor.Generator;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;

/**
 * The functional forms of the layers, {@code torch.nn.functional}: the same computations without
 * owning parameters, e.g. {@code F.relu(bn1.forward(conv1.forward(X)))} in a residual block.
 */
public final class F {

    private F() {}

    /** {@code y = x W^T + b} for {@code x [..., in]}, {@code W [out, in]}, {@code b [out]} (nullable). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (x.dim() == 0 || x.size(-1) != weight.size(1)) {
            throw new TensorException("linear: mat1 and mat2 shapes cannot be multiplied: input of shape " + x.shape()
                    + " has " + (x.dim() == 0 ? 0 : x.size(-1)) + " features but the layer expects " + weight.size(1)
                    + " (weight of shape " + weight.shape() + ")");
        }
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /**
     * 2-D cross-correlation of {@code x [N, C, H, W]} with {@code weight [O, C/groups, kh, kw]} plus
     * {@code bias [O]} (nullable), as {@code F.conv2d(x, w, b, stride, padding, groups=groups)}.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int groups) {
        return Convolutions.conv2d("conv2d", x, weight, bias, stride, padding, groups);
    }

    /** {@code conv2d} with stride 1, no padding and one group. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
        return conv2d(x, weight, bias, new int[] {1, 1}, new int[] {0, 0}, 1);
    }

    /** Max pooling with PyTorch's rules (padding counts as -inf), as {@code F.max_pool2d}. */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        return Pools.maxPool2d("max_pool2d", x, kernel, stride, padding);
    }

    /** Average pooling; padding zeros count in the divisor, as PyTorch's default {@code count_include_pad=True}. */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        return Pools.avgPool2d("avg_pool2d", x, kernel, stride, padding, true);
    }

    /** Average pooling to a fixed output size, as {@code F.adaptive_avg_pool2d}. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outHeight, int outWidth) {
        return Pools.adaptiveAvgPool2d("adaptive_avg_pool2d", x, outHeight, outWidth);
    }

    /**
     * Batch normalisation, as {@code F.batch_norm}: batch statistics in training (updating the running
     * ones, which may be null), running statistics in evaluation.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm("batch_norm", x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    /**
     * Inverted dropout: in training, zeroes each element with probability {@code p} and scales the
     * survivors by 1 / (1 - p), so evaluation needs no rescaling; identity otherwise. As PyTorch's
     * {@code _dropout_impl}: the mask is {@code bernoulli_(1 - p)}, divided by 1 - p in float, times x.
     */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        if (p < 0 || p > 1) {
            throw new TensorException("dropout probability has to be between 0 and 1, but got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        float[] mask = new float[x.numel()];
        Generator.global().dropoutMask(mask, p);
        float keep = (float) (1 - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] /= keep;
        }
        return x.mul(Tensor.wrap(mask, x.shape().toArray()));
    }

    /** Flattens dimensions {@code startDim..-1}, as {@code nn.Flatten} does with startDim 1. */
    public static Tensor flatten(Tensor x, int startDim) {
        return x.flatten(startDim);
    }

    /** log softmax over the classes of {@code [batch, classes]} logits: {@code logSoftmax(logits, 1)}. */
    public static Tensor logSoftmax(Tensor logits) {
        requireMatrix("log_softmax", logits);
        return logSoftmax(logits, 1);
    }

    /**
     * log softmax along {@code dim} (negative counts from the end), as {@code F.log_softmax(x, dim)}:
     * {@code x_i - log sum_j exp(x_j)}, computed with the largest element subtracted first.
     */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return Softmax.logSoftmax(x, dim);
    }

    /** softmax over the classes of {@code [batch, classes]} logits: {@code softmax(logits, 1)}. */
    public static Tensor softmax(Tensor logits) {
        requireMatrix("softmax", logits);
        return softmax(logits, 1);
    }

    /**
     * softmax along {@code dim} (negative counts from the end), as {@code F.softmax(x, dim)}:
     * {@code exp(x_i) / sum_j exp(x_j)}, computed with the largest element subtracted first.
     */
    public static Tensor softmax(Tensor x, int dim) {
        return Softmax.softmax(x, dim);
    }

    /** Mean cross-entropy of logits {@code [N, C]} against class indices {@code [N]}, as {@code F.cross_entropy}. */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return crossEntropy(logits, labels, "mean");
    }

    /**
     * Cross-entropy of logits {@code [N, C, d1, ...]} against class indices {@code [N, d1, ...]} (or
     * {@code [C]} against {@code []}), as {@code F.cross_entropy(logits, labels, reduction=...)}:
     * {@code log sum_c exp(x_c) - x_label} per position, then their mean or sum, or each of them
     * ({@code "none"}, shape {@code [N, d1, ...]}).
     */
    public static Tensor crossEntropy(Tensor logits, Tensor labels, String reduction) {
        return Losses.crossEntropy(logits, labels, Reduction.of("cross_entropy", reduction));
    }

    /** Mean squared error {@code mean((input - target)^2)}, as {@code F.mse_loss}. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, "mean");
    }

    /**
     * Squared error {@code (input - target)^2}, per element ({@code "none"}) or its {@code "mean"} or
     * {@code "sum"}, as {@code F.mse_loss(input, target, reduction=...)}.
     */
    public static Tensor mseLoss(Tensor input, Tensor target, String reduction) {
        return Losses.mseLoss(input, target, Reduction.of("mse_loss", reduction));
    }

    /** The dim-less softmax of this runtime means the classes of {@code [batch, classes]}, so other ranks must say which dim. */
    private static void requireMatrix(String op, Tensor logits) {
        if (logits.dim() != 2) {
            throw new TensorException(op + ": expected logits of shape [batch, classes], got " + logits.shape()
                    + "; for other shapes give the dimension, as in F.softmax(x, -1) or F.logSoftmax(x, -1)");
        }
    }
}
