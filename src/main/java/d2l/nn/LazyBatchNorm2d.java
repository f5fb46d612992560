package d2l.nn;

/** A {@link BatchNorm2d} that reads its channel count from the first input, {@code nn.LazyBatchNorm2d()}. */
public class LazyBatchNorm2d extends BatchNorm2d {

    public LazyBatchNorm2d() {
        super(-1);
    }

    @Override
    public String name() {
        return isInitialized() ? "BatchNorm2d" : "LazyBatchNorm2d";
    }
}
