package d2l.nn;

import d2l.tensor.Tensor;

/** The hyperbolic tangent, elementwise. */
public class Tanh extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
