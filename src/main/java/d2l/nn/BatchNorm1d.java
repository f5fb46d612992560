package d2l.nn;

/** Batch normalisation of {@code [N, C]} (or {@code [N, C, L]}) input per feature: {@code nn.BatchNorm1d}. */
public class BatchNorm1d extends BatchNorm {

    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1);
    }

    public BatchNorm1d(int numFeatures, double eps, double momentum) {
        super(numFeatures, eps, momentum, 2, 3);
    }
}
