package d2l.nn;

import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;

/** Zeroes each element with probability p in training (scaling the rest by 1/(1-p)); identity in eval. */
public class Dropout extends Module {

    private final double p;

    public Dropout() {
        this(0.5);
    }

    public Dropout(double p) {
        if (p < 0 || p > 1) {
            throw new TensorException("dropout probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
    }

    @Override
    public Tensor forward(Tensor x) {
        return F.dropout(x, p, isTraining());
    }

    @Override
    protected String extraRepr() {
        return "p=" + p + ", inplace=False";
    }
}
