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
    private final List<Tensor> saved = new ArrayList<>();
    private final List<Integer> savedVersions = new ArrayList<>();

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

    /** Remembers tensors the backward step reads, and their versions now. */
    void save(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null) {
                saved.add(t);
                savedVersions.add(t.version[0]);
            }
        }
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
        for (int i = 0; i < saved.size(); i++) {
            Tensor t = saved.get(i);
            if (t.version[0] != savedVersions.get(i)) {
                throw new TensorException("one of the variables needed for gradient computation has been modified by "
                        + "an inplace operation: [torch.FloatTensor " + Shapes.toString(t.shape) + "], which is used by "
                        + name + ", is at version " + t.version[0] + "; expected version " + savedVersions.get(i)
                        + " instead. Use the out-of-place form (e.g. y = y.add(1) instead of y.add_(1)).");
            }
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
