package d2l.nn;

import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A layer or a network of layers, like {@code torch.nn.Module}: it owns parameters (tensors that
 * require grad), buffers (state such as batch norm's running statistics) and named submodules,
 * and computes {@link #forward(Tensor)}. Parameters are found recursively, in registration order,
 * with dotted names such as {@code net.0.weight}.
 */
public abstract class Module {

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

    /** Every parameter of this module and its submodules, depth first in registration order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
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
