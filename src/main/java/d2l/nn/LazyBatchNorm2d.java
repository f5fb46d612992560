package d2l.nn;

import d2l.tensor.Tensor;

/** A {@link BatchNorm2d} that reads its channel count from the first input, {@code nn.LazyBatchNorm2d()}. */
public class LazyBatchNorm2d extends BatchNorm2d {

    public LazyBatchNorm2d() {
        super(-1);
    }

    public boolean isInitialized() {
        return numFeatures > 0;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isInitialized()) {
            checkRank(x);
            materialize(x.size(1));
        }
        return super.forward(x);
    }

    @Override
    public String name() {
        return isInitialized() ? "BatchNorm2d" : "LazyBatchNorm2d";
    }
}
