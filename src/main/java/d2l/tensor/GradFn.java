package d2l.tensor;

import d2l.autograd.Node;
import java.util.ArrayList;
import java.util.List;

/** A recorded operation: its inputs, its backward step, and the output gradient collected so far. */
final class GradFn implements Node {

    private final String name;
    private final Tensor[] inputs;
    private final Backward backward;
    private Tensor gradient;

    GradFn(String name, Tensor[] inputs, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Node> nextNodes() {
        List<Node> next = new ArrayList<>(inputs.length);
        for (Tensor input : inputs) {
            if (input != null && input.gradFn != null) {
                next.add(input.gradFn);
            }
        }
        return next;
    }

    /** Points an input at another tensor object: used when an in-place write rebases a tensor's history. */
    void replaceInput(Tensor from, Tensor to) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == from) {
                inputs[i] = to;
            }
        }
    }

    /** Adds one more contribution to dL/doutput (an output used twice receives two). */
    void accumulate(Tensor g) {
        gradient = gradient == null ? g : gradient.add(g);
    }

    @Override
    public void apply() {
        if (gradient == null) {
            return;
        }
        Tensor[] grads = backward.apply(gradient);
        gradient = null;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && inputs[i].requiresGrad() && grads[i] != null) {
                inputs[i].receiveGradient(grads[i]);
            }
        }
    }
}
