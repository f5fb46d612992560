package d2l.nn;

import d2l.autograd.GradMode;
import d2l.nn.functional.Normalization;
import d2l.tensor.DType;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import d2l.tensor.Torch;

/**
 * Batch normalisation over channel 1 of the input, shared by {@link BatchNorm2d} and
 * {@link BatchNorm1d}: a learned scale (weight, init 1) and shift (bias, init 0) per channel, and
 * running mean (init 0) and variance (init 1) buffers updated with momentum 0.1 in training;
 * eps = 1e-5, as in PyTorch. The buffer {@code num_batches_tracked} counts the training batches seen
 * (an INT64 scalar, as PyTorch's, so checkpoints carry it; with a fixed momentum it changes nothing).
 */
public abstract class BatchNorm extends Module {

    protected int numFeatures;
    protected final double eps;
    protected final double momentum;
    private final int[] allowedRanks;

    protected BatchNorm(int numFeatures, double eps, double momentum, int... allowedRanks) {
        this.eps = eps;
        this.momentum = momentum;
        this.allowedRanks = allowedRanks;
        if (numFeatures > 0) {
            materialize(numFeatures);
        } else if (numFeatures != -1) {
            throw new TensorException(getClass().getSimpleName() + ": num_features must be positive, got " + numFeatures);
        }
    }

    protected final void materialize(int features) {
        numFeatures = features;
        registerParameter("weight", Torch.ones(features));
        registerParameter("bias", Torch.zeros(features));
        registerBuffer("running_mean", Torch.zeros(features));
        registerBuffer("running_var", Torch.ones(features));
        registerBuffer("num_batches_tracked", Tensor.wrap(new float[] {0}, DType.INT64));
    }

    /** The learned scale per channel; a lazy layer before its first forward throws, as PyTorch does. */
    public Tensor weight() {
        return lazyParameter("weight", isInitialized());
    }

    /** The learned shift per channel; a lazy layer before its first forward throws. */
    public Tensor bias() {
        return lazyParameter("bias", isInitialized());
    }

    public Tensor runningMean() {
        return buffer("running_mean");
    }

    public Tensor runningVar() {
        return buffer("running_var");
    }

    /** How many batches the layer has normalised in training mode, PyTorch's {@code num_batches_tracked}. */
    public Tensor numBatchesTracked() {
        return buffer("num_batches_tracked");
    }

    /** True once the channel count is known (always, except for a lazy layer before its first forward). */
    public boolean isInitialized() {
        return numFeatures > 0;
    }

    @Override
    public Tensor forward(Tensor x) {
        checkRank(x);
        if (!isInitialized()) {
            materialize(x.size(1));
        }
        if (x.size(1) != numFeatures) {
            throw new TensorException(name() + ": expected input with " + numFeatures + " channels (dimension 1), got shape "
                    + x.shape());
        }
        Tensor y = Normalization.batchNorm(name(), x, runningMean(), runningVar(), weight(), bias(), isTraining(), momentum, eps);
        if (isTraining()) {
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                numBatchesTracked().add_(1);
            }
        }
        return y;
    }

    protected void checkRank(Tensor x) {
        for (int rank : allowedRanks) {
            if (x.dim() == rank) {
                return;
            }
        }
        throw new TensorException(name() + ": expected " + (allowedRanks.length == 1 ? allowedRanks[0] + "D"
                : allowedRanks[0] + "D or " + allowedRanks[1] + "D") + " input, got " + x.dim() + "D input of shape " + x.shape());
    }

    /** As PyTorch, a lazy layer that has not seen an input yet shows 0 features. */
    @Override
    protected String extraRepr() {
        return Math.max(numFeatures, 0) + ", eps=" + (eps == 1e-5 ? "1e-05" : String.valueOf(eps)) + ", momentum=" + momentum
                + ", affine=True, track_running_stats=True";
    }
}
