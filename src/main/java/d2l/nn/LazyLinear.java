package d2l.nn;

import d2l.tensor.Tensor;

/**
 * A {@link Linear} layer whose input size is read from the first input it sees, like
 * {@code nn.LazyLinear(120)}; after that first forward it is an ordinary Linear (and is named so).
 */
public class LazyLinear extends Linear {

    public LazyLinear(int outFeatures) {
        this(outFeatures, true);
    }

    public LazyLinear(int outFeatures, boolean bias) {
        super(-1, outFeatures, bias);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isInitialized() && x.dim() > 0) {
            materialize(x.size(-1));
        }
        return super.forward(x);
    }

    @Override
    public String name() {
        return isInitialized() ? "Linear" : "LazyLinear";
    }
}
