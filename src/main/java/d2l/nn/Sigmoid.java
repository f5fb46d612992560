package d2l.nn;

import d2l.tensor.Tensor;

/** The logistic function 1 / (1 + exp(-x)), elementwise; LeNet's activation. */
public class Sigmoid extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
