package d2l.nn;

import d2l.autograd.GradMode;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A layer or a network of layers, like {@code torch.nn.Module}: it owns parameters (tensors that
 * require grad), buffers (state such as batch norm's running statistics) and named submodules,
 * and computes {@link #forward(Tensor)}. Parameters are found recursively, in registration order,
 * with dotted names such as {@code net.0.weight}.
 */
public abstract class Module {

    /** Counts parameters and submodules registered in any module, so that a {@link #parameters} view knows when to look again. */
    private static final AtomicLong REGISTRATIONS = new AtomicLong();

    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> modules = new LinkedHashMap<>();
    private boolean training = true;

    /** The computation of this module, PyTorch's {@code forward} (call it where Python writes {@code net(X)}). */
    public abstract Tensor forward(Tensor input);

    /** Registers (or replaces) a parameter; it is made to require grad. A null value reserves the name. */
    protected Tensor registerParameter(String name, Tensor value) {
        if (value != null && !value.requiresGrad()) {
            value.requiresGrad_();
        }
        parameters.put(name, value);
        REGISTRATIONS.incrementAndGet();
        return value;
    }

    /** Registers state that is saved with the model but not trained, such as running means. */
    protected Tensor registerBuffer(String name, Tensor value) {
        buffers.put(name, value);
        return value;
    }

    /** Registers a submodule under {@code name}, like assigning {@code self.name = module} or {@code add_module}. */
    protected <M extends Module> M registerModule(String name, M module) {
        modules.put(name, module);
        REGISTRATIONS.incrementAndGet();
        return module;
    }

    /** The parameter registered under {@code name} in this module, or null. */
    public Tensor parameter(String name) {
        return parameters.get(name);
    }

    /**
     * The parameter {@code name} of a layer whose parameters may not exist yet (a lazy layer before its
     * first forward): PyTorch's "uninitialized parameter" error, in the book's words, instead of null.
     */
    protected Tensor lazyParameter(String name, boolean initialized) {
        if (!initialized) {
            throw new TensorException(name() + "." + name + "(): attempted to use an uninitialized parameter. A lazy "
                    + "layer (LazyConv2d, LazyLinear, LazyBatchNorm2d) has no weights until its first forward pass, which "
                    + "reads the input's shape: run a forward pass first, e.g. net.forward(X) with a sample batch, as "
                    + "applyInit does before it applies initCnn");
        }
        return parameters.get(name);
    }

    /** The buffer registered under {@code name} in this module, or null. */
    public Tensor buffer(String name) {
        return buffers.get(name);
    }

    /**
     * Every parameter of this module and its submodules, depth first in registration order, as a
     * read-only live view: a lazy layer's parameters join it when its first forward makes them. So
     * an optimizer made before that first forward trains them too, as PyTorch's does with the
     * {@code UninitializedParameter} a lazy layer registers when it is built.
     */
    public List<Tensor> parameters() {
        return new ParameterView();
    }

    /** {@link #parameters()}: the list of {@link #namedParameters()}, read again after any registration. */
    private final class ParameterView extends AbstractList<Tensor> {

        private long seen = -1;
        private List<Tensor> current = List.of();

        @Override
        public Tensor get(int index) {
            return current().get(index);
        }

        @Override
        public int size() {
            return current().size();
        }

        private synchronized List<Tensor> current() {
            long now = REGISTRATIONS.get();
            if (now != seen) {
                current = List.copyOf(namedParameters().values());
                seen = now;
            }
            return current;
        }
    }

    /** Parameters with their dotted names ({@code 0.weight}, {@code b2.0.conv1.bias}, ...). */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        collect("", all, true);
        return all;
    }

    /** Buffers with their dotted names. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        collect("", all, false);
        return all;
    }

    private void collect(String prefix, Map<String, Tensor> into, boolean wantParameters) {
        for (Map.Entry<String, Tensor> e : (wantParameters ? parameters : buffers).entrySet()) {
            if (e.getValue() != null && !into.containsValue(e.getValue())) {
                into.put(prefix + e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            if (e.getValue() != null) {
                e.getValue().collect(prefix + e.getKey() + ".", into, wantParameters);
            }
        }
    }

    /**
     * True once every parameter exists; false for a lazy layer ({@code LazyConv2d}, {@code LazyLinear},
     * {@code LazyBatchNorm2d}) before its first forward pass, which reads the input's shape.
     */
    public boolean isInitialized() {
        return true;
    }

    /**
     * The parameters and buffers by dotted name, PyTorch's {@code state_dict()}: module by module (depth
     * first), each module's parameters and then its buffers, e.g. {@code net.1.weight, net.1.bias,
     * net.1.running_mean, net.1.running_var, net.1.num_batches_tracked}. The values are detached
     * tensors sharing the module's storage.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        saveTo(state, "");
        return state;
    }

    private void saveTo(Map<String, Tensor> state, String prefix) {
        if (!isInitialized()) {
            throw new TensorException(stateDictOf(name(), prefix) + ": a lazy layer has no weights before its first "
                    + "forward pass: initialise it first by running a sample batch through the model, "
                    + "e.g. net.forward(X) (or Initializers.applyInit), then save or load its state dict");
        }
        for (Map<String, Tensor> own : List.of(parameters, buffers)) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                if (e.getValue() != null) {
                    state.put(prefix + e.getKey(), e.getValue().detach());
                }
            }
        }
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            if (e.getValue() != null) {
                e.getValue().saveTo(state, prefix + e.getKey() + ".");
            }
        }
    }

    private static String stateDictOf(String name, String prefix) {
        return prefix.isEmpty() ? name : name + " at '" + prefix.substring(0, prefix.length() - 1) + "'";
    }

    /**
     * Copies {@code state} into this module's parameters and buffers, PyTorch's
     * {@code load_state_dict(state, strict=True)}: the keys must be exactly {@link #stateDict()}'s and
     * every shape must match. Unlike PyTorch, nothing is copied when anything is wrong; the error lists
     * every problem in PyTorch's words (missing keys, unexpected keys, size mismatches).
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        List<String> errors = new ArrayList<>();
        List<String> missing = own.keySet().stream().filter(k -> !state.containsKey(k)).toList();
        List<String> unexpected = state.keySet().stream().filter(k -> !own.containsKey(k)).toList();
        if (!missing.isEmpty()) {
            errors.add("Missing key(s) in state_dict: " + quoted(missing) + ". ");
        }
        if (!unexpected.isEmpty()) {
            errors.add("Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given != null && !given.shape().equals(e.getValue().shape())) {
                errors.add("size mismatch for " + e.getKey() + ": copying a param with shape " + given.shape()
                        + " from checkpoint, the shape in current model is " + e.getValue().shape() + ".");
            }
        }
        if (!errors.isEmpty()) {
            throw new TensorException("Error(s) in loading state_dict for " + name() + ":\n\t" + String.join("\n\t", errors));
        }
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                e.getValue().copy_(state.get(e.getKey()));
            }
        }
    }

    private static String quoted(List<String> keys) {
        return String.join(", ", keys.stream().map(k -> '"' + k + '"').toList());
    }

    /** The direct submodules by name, in registration order. */
    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(modules);
    }

    /** The direct submodules in registration order. */
    public List<Module> children() {
        List<Module> list = new ArrayList<>();
        for (Module m : modules.values()) {
            if (m != null) {
                list.add(m);
            }
        }
        return list;
    }

    /** Applies {@code fn} to every submodule (depth first) and then to this one, like {@code net.apply(init_cnn)}; returns this. */
    public Module apply(Consumer<Module> fn) {
        for (Module child : children()) {
            child.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** Training mode (dropout active, batch norm uses batch statistics), recursively; returns this. */
    public Module train() {
        return train(true);
    }

    public Module train(boolean mode) {
        training = mode;
        for (Module child : children()) {
            child.train(mode);
        }
        return this;
    }

    /** Evaluation mode, recursively; returns this. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Clears the gradients of all parameters (PyTorch's {@code zero_grad()}, which sets them to None). */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The class name PyTorch shows for this module, e.g. {@code Conv2d} (used by layer summaries). */
    public String name() {
        return getClass().getSimpleName();
    }

    /** The hyper-parameters shown inside the parentheses of {@link #toString()}, e.g. {@code 1, 6, kernel_size=(5, 5)}. */
    protected String extraRepr() {
        return "";
    }

    /** The module tree the way PyTorch prints it. */
    @Override
    public String toString() {
        if (modules.isEmpty()) {
            return name() + "(" + extraRepr() + ")";
        }
        StringBuilder s = new StringBuilder(name()).append("(");
        if (!extraRepr().isEmpty()) {
            s.append("\n  ").append(extraRepr());
        }
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            String child = String.valueOf(e.getValue()).replace("\n", "\n  ");
            s.append("\n  (").append(e.getKey()).append("): ").append(child);
        }
        return s.append("\n)").toString();
    }
}
