package d2l.nn;

import d2l.tensor.Tensor;

/** A {@link BatchNorm1d} that reads its feature count from the first input, {@code nn.LazyBatchNorm1d()}. */
public class LazyBatchNorm1d extends BatchNorm1d {

    public LazyBatchNorm1d() {
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
        return isInitialized() ? "BatchNorm1d" : "LazyBatchNorm1d";
    }
}
