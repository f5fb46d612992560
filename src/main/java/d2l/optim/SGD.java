package d2l.optim;

import d2l.autograd.GradMode;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stochastic gradient descent, matching {@code torch.optim.SGD}. For each parameter p with gradient g:
 * <pre>
 *   g = g + weightDecay * p
 *   b = g                                  (first step, when momentum &gt; 0)
 *   b = momentum * b + (1 - dampening) * g (later steps)
 *   g = nesterov ? g + momentum * b : b
 *   p = p - lr * g
 * </pre>
 * Parameters without a gradient are skipped. The optimizer keeps the list it is given, so with
 * {@code net.parameters()}, a live view, it also updates the parameters a lazy layer makes in its
 * first forward, after the optimizer was made. The buffers b are the optimizer's state, saved and
 * restored with {@link #stateDict()} and {@link #loadStateDict(Map)} in PyTorch's layout.
 */
public class SGD {

    private final List<Tensor> parameters;
    private double lr;
    private double momentum;
    private double dampening;
    private double weightDecay;
    private boolean nesterov;
    private final Map<Tensor, Tensor> momentumBuffers = new IdentityHashMap<>();

    private static final String MOMENTUM_BUFFER = "momentum_buffer";

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
        this.parameters = parameters;
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
                        buffer.mul_(momentum).add_(g, 1 - dampening);
                    }
                    g = nesterov ? g.add(buffer.mul(momentum)) : buffer;
                }
                p.add_(g, -lr);
            }
        }
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Tensor p : parameters) {
            p.zeroGrad();
        }
    }

    /**
     * The state kept for {@code parameter}, PyTorch's {@code optimizer.state[p]}: empty before the
     * first step that updates it (and always without momentum), then {@code momentum_buffer}.
     */
    public Map<String, Tensor> state(Tensor parameter) {
        Tensor buffer = momentumBuffers.get(parameter);
        return buffer == null ? Map.of() : Map.of(MOMENTUM_BUFFER, buffer);
    }

    /**
     * The optimizer's state as PyTorch's {@code optimizer.state_dict()} lays it out: {@code "state"}
     * maps a parameter's index (its position in the list given to the constructor) to its
     * {@link #state(Tensor)}, and {@code "param_groups"} is a list of one group with {@code lr,
     * momentum, dampening, weight_decay, nesterov} and {@code params}, the list of indices.
     */
    public Map<String, Object> stateDict() {
        Map<Integer, Map<String, Tensor>> state = new TreeMap<>();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            indices.add(i);
            Tensor buffer = momentumBuffers.get(parameters.get(i));
            if (buffer != null) {
                state.put(i, Map.of(MOMENTUM_BUFFER, buffer.detach()));
            }
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("lr", lr);
        group.put("momentum", momentum);
        group.put("dampening", dampening);
        group.put("weight_decay", weightDecay);
        group.put("nesterov", nesterov);
        group.put("params", indices);
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("state", state);
        dict.put("param_groups", List.of(group));
        return dict;
    }

    /**
     * Restores what {@link #stateDict()} gave, as PyTorch's {@code load_state_dict}: the hyper-parameters
     * are the saved group's and every momentum buffer is copied. The saved group must have as many
     * parameters as this optimizer, and each buffer the shape of its parameter.
     */
    @SuppressWarnings("unchecked")
    public void loadStateDict(Map<String, Object> dict) {
        List<Map<String, Object>> groups = (List<Map<String, Object>>) required(dict, "param_groups", "the state dict");
        if (groups.size() != 1) {
            throw new TensorException("SGD.loadStateDict: loaded state dict has a different number of parameter groups ("
                    + groups.size() + ", this optimizer has 1)");
        }
        Map<String, Object> group = groups.get(0);
        List<?> params = (List<?>) required(group, "params", "param_groups[0]");
        if (params.size() != parameters.size()) {
            throw new TensorException("SGD.loadStateDict: loaded state dict contains a parameter group that doesn't "
                    + "match the size of optimizer's group (" + params.size() + " parameters saved, " + parameters.size()
                    + " in this optimizer)");
        }
        Map<Integer, Map<String, Tensor>> state = (Map<Integer, Map<String, Tensor>>) required(dict, "state", "the state dict");
        Map<Tensor, Tensor> buffers = new IdentityHashMap<>();
        for (Map.Entry<Integer, Map<String, Tensor>> e : state.entrySet()) {
            int index = e.getKey();
            if (index < 0 || index >= parameters.size()) {
                throw new TensorException("SGD.loadStateDict: state for parameter " + index + ", but the optimizer has "
                        + parameters.size() + " parameters (0 to " + (parameters.size() - 1) + ")");
            }
            Tensor p = parameters.get(index);
            Tensor buffer = e.getValue().get(MOMENTUM_BUFFER);
            if (buffer == null) {
                continue;
            }
            if (!buffer.shape().equals(p.shape())) {
                throw new TensorException("SGD.loadStateDict: momentum_buffer of parameter " + index + " has shape "
                        + buffer.shape() + ", the parameter has shape " + p.shape());
            }
            buffers.put(p, buffer.detach().clone());
        }
        lr = ((Number) required(group, "lr", "param_groups[0]")).doubleValue();
        momentum = ((Number) required(group, "momentum", "param_groups[0]")).doubleValue();
        dampening = ((Number) required(group, "dampening", "param_groups[0]")).doubleValue();
        weightDecay = ((Number) required(group, "weight_decay", "param_groups[0]")).doubleValue();
        nesterov = (Boolean) required(group, "nesterov", "param_groups[0]");
        momentumBuffers.clear();
        momentumBuffers.putAll(buffers);
    }

    private static Object required(Map<String, ?> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            throw new TensorException("SGD.loadStateDict: " + where + " has no '" + key + "'");
        }
        return value;
    }

    public double momentum() {
        return momentum;
    }

    public double lr() {
        return lr;
    }

    public void setLr(double lr) {
        this.lr = lr;
    }
}
