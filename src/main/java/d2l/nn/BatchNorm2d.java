package d2l.nn;

/** Batch normalisation of {@code [N, C, H, W]} input per channel, over N, H and W: {@code nn.BatchNorm2d}. */
public class BatchNorm2d extends BatchNorm {

    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1);
    }

    public BatchNorm2d(int numFeatures, double eps, double momentum) {
        super(numFeatures, eps, momentum, 4);
    }
}
