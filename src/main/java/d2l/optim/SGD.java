package d2l.optim;

import d2l.autograd.GradMode;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, matching {@code torch.optim.SGD}. For each parameter p with gradient g:
 * <pre>
 *   g = g + weightDecay * p
 *   b = g                                  (first step, when momentum &gt; 0)
 *   b = momentum * b + (1 - dampening) * g (later steps)
 *   g = nesterov ? g + momentum * b : b
 *   p = p - lr * g
 * </pre>
 * Parameters without a gradient are skipped.
 */
public class SGD {

    private final List<Tensor> parameters;
    private double lr;
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final Map<Tensor, Tensor> momentumBuffers = new IdentityHashMap<>();

    /** Plain SGD: {@code p -= lr * grad}. */
    public SGD(List<Tensor> parameters, double lr) {
        this(parameters, lr, 0, 0, 0, false);
    }

    public SGD(List<Tensor> parameters, double lr, double momentum, double weightDecay) {
        this(parameters, lr, momentum, 0, weightDecay, false);
    }

    public SGD(List<Tensor> parameters, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        if (lr < 0) {
            throw new TensorException("SGD: invalid learning rate: " + lr);
        }
        if (momentum < 0) {
            throw new TensorException("SGD: invalid momentum value: " + momentum);
        }
        if (weightDecay < 0) {
            throw new TensorException("SGD: invalid weight_decay value: " + weightDecay);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new TensorException("SGD: Nesterov momentum requires a momentum and zero dampening");
        }
        if (parameters.isEmpty()) {
            throw new TensorException("SGD: optimizer got an empty parameter list (a lazy layer has no parameters "
                    + "before its first forward: run one batch through the model before creating the optimizer)");
        }
        this.parameters = new ArrayList<>(parameters);
        this.lr = lr;
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    /** Updates every parameter from its gradient, without recording. */
    public void step() {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (Tensor p : parameters) {
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                if (weightDecay != 0) {
                    g = g.add(p.mul(weightDecay));
                }
                if (momentum != 0) {
                    Tensor buffer = momentumBuffers.get(p);
                    if (buffer == null) {
                        buffer = g.clone();
                        momentumBuffers.put(p, buffer);
                    } else {
                        buffer.mul_(momentum).add_(g.mul(1 - dampening));
                    }
                    g = nesterov ? g.add(buffer.mul(momentum)) : buffer;
                }
                p.sub_(g.mul(lr));
            }
        }
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor p : parameters) {
            p.zeroGrad();
        }
    }

    public double lr() {
        return lr;
    }

    public void setLr(double lr) {
        this.lr = lr;
    }
}
