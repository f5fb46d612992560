package d2l.nn;

/** A {@link BatchNorm1d} that reads its channel count from the first input, {@code nn.LazyBatchNorm1d()}. */
public class LazyBatchNorm1d extends BatchNorm1d {

    public LazyBatchNorm1d() {
        super(-1);
    }

    @Override
    public String name() {
        return isInitialized() ? "BatchNorm1d" : "LazyBatchNorm1d";
    }
}
