package d2l.nn;

import d2l.tensor.Tensor;

/** Flattens every dimension after the batch into one: {@code [N, C, H, W] -> [N, C*H*W]}. */
public class Flatten extends Module {

    private final int startDim;

    public Flatten() {
        this(1);
    }

    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(startDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=-1";
    }
}
