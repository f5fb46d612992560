package d2l.nn.functional;

import d2l.kernels.BatchNorm;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;

/**
 * Batch normalisation over the batch (and spatial) dimensions of {@code [N, C]} or {@code [N, C, H, W]}
 * input, per channel: {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}. In training the batch's
 * mean and biased variance normalise, and the running statistics move towards the batch's mean and
 * unbiased variance: {@code running = (1 - momentum) * running + momentum * batch}. In evaluation the
 * running statistics normalise.
 */
public final class Normalization {

    private Normalization() {}

    public static Tensor batchNorm(String layer, Tensor x, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                            boolean training, double momentum, double eps) {
        if (x.dim() != 2 && x.dim() != 4 && x.dim() != 3) {
            throw new TensorException(layer + ": expected a 2-D, 3-D or 4-D input, got shape " + x.shape());
        }
        int batch = x.size(0);
        int channels = x.size(1);
        int spatial = x.numel() / Math.max(1, batch * channels);
        if (gamma != null && gamma.numel() != channels) {
            throw new TensorException(layer + ": expected input with " + gamma.numel() + " channels, got shape " + x.shape());
        }
        float[] input = x.values();
        float[] out = new float[input.length];
        float[] g = gamma == null ? null : gamma.values();
        float[] b = beta == null ? null : beta.values();
        if (!training) {
            BatchNorm.evalForward(batch, channels, spatial, input, g, b, runningMean.values(), runningVar.values(), eps, out);
            Tensor scale = runningVar.add(eps).sqrt();
            return Tensor.fromOperation("NativeBatchNormBackward0", out, x.shape().toArray(), grad -> new Tensor[] {
                    x.requiresGrad() ? grad.div(gamma == null ? scale.reshape(spread(x, channels))
                            : scale.div(gamma.detach()).reshape(spread(x, channels))) : null,
                    gamma != null && gamma.requiresGrad()
                            ? grad.mul(x.detach().sub(runningMean.reshape(spread(x, channels))).div(scale.reshape(spread(x, channels))))
                                    .sum(reducedDims(x), false) : null,
                    beta != null && beta.requiresGrad() ? grad.sum(reducedDims(x), false) : null}, x, gamma, beta);
        }
        if (batch * spatial <= 1) {
            throw new TensorException(layer + ": expected more than 1 value per channel when training, got input of shape "
                    + x.shape());
        }
        float[] mean = new float[channels];
        float[] invStd = new float[channels];
        float[] unbiasedVar = new float[channels];
        BatchNorm.trainForward(batch, channels, spatial, input, g, b, eps, out, mean, invStd, unbiasedVar);
        if (runningMean != null) {
            updateRunning(runningMean, mean, momentum);
            updateRunning(runningVar, unbiasedVar, momentum);
        }
        return Tensor.fromOperation("NativeBatchNormBackward0", out, x.shape().toArray(), grad -> {
            float[] dx = x.requiresGrad() ? new float[input.length] : null;
            float[] dgamma = gamma != null && gamma.requiresGrad() ? new float[channels] : null;
            float[] dbeta = beta != null && beta.requiresGrad() ? new float[channels] : null;
            BatchNorm.backward(batch, channels, spatial, input, grad.values(), g, mean, invStd, dx, dgamma, dbeta);
            return new Tensor[] {
                    dx == null ? null : Tensor.wrap(dx, x.shape().toArray()),
                    dgamma == null ? null : Tensor.wrap(dgamma, channels),
                    dbeta == null ? null : Tensor.wrap(dbeta, channels)};
        }, x, gamma, beta).saveForBackward(x, gamma);
    }

    /** {@code running = (1 - momentum) * running + momentum * batch}, in place and unrecorded. */
    private static void updateRunning(Tensor running, float[] batch, double momentum) {
        float[] r = running.values();
        float[] updated = new float[r.length];
        for (int i = 0; i < r.length; i++) {
            updated[i] = (float) ((1 - momentum) * r[i] + momentum * batch[i]);
        }
        d2l.autograd.GradMode.noGrad(() -> running.copy_(Tensor.wrap(updated, updated.length)));
    }

    /** The shape {@code [1, C, 1, 1]} (or {@code [1, C]}) that broadcasts a per-channel value over x. */
    private static int[] spread(Tensor x, int channels) {
        int[] shape = new int[x.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = channels;
        return shape;
    }

    private static int[] reducedDims(Tensor x) {
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int d = 2; d < x.dim(); d++) {
            dims[d - 1] = d;
        }
        return dims;
    }
}
