package d2l.autograd;

import java.util.List;

/**
 * One recorded operation in the backward graph, PyTorch's {@code grad_fn}. It collects the gradient
 * of its output, and when {@link #apply()} runs it turns that into gradients for its inputs
 * (the chain rule: dL/dinput = dL/doutput * doutput/dinput) and hands them on.
 */
public interface Node {

    /** The name PyTorch shows for this node, e.g. {@code MulBackward0}. */
    String name();

    /** The nodes of the inputs that came from other recorded operations (leaves have none). */
    List<Node> nextNodes();

    /** Sends the gradient collected so far to the inputs, then forgets it. */
    void apply();
}
