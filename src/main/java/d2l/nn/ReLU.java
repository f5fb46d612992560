package d2l.nn;

import d2l.tensor.Tensor;

/** max(x, 0), elementwise; the modern activation. */
public class ReLU extends Module {

    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
