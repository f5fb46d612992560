package d2l.workbook;

import d2l.nn.Module;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network as a check observes it: what PyTorch's {@code print(net)} and
 * {@code net.named_parameters()} show, made in the student's process and judged in the grader's.
 * It carries the type of every module, its printed form, its children by name and its own
 * parameters' shapes (and, when asked for, their values), never the student's objects.
 *
 * @param type       the module's type as PyTorch prints it, e.g. {@code Conv2d}
 * @param repr       the module's printed form ({@link Module#toString()})
 * @param children   the registered children by name, in order
 * @param shapes     the module's own parameters (not its children's) by name, with their shapes
 * @param values     the same parameters' values, or an empty map when they were not asked for
 */
public record ModuleView(String type, String repr, Map<String, ModuleView> children, Map<String, Size> shapes,
                         Map<String, Tensor> values) {

    /** The view of {@code module}; with {@code values}, every parameter's values too. */
    public static ModuleView of(Module module, boolean values) {
        Map<String, ModuleView> children = new LinkedHashMap<>();
        module.namedChildren().forEach((name, child) -> {
            if (child != null) {
                children.put(name, of(child, values));
            }
        });
        Map<String, Size> shapes = new LinkedHashMap<>();
        Map<String, Tensor> own = new LinkedHashMap<>();
        module.namedParameters().forEach((name, p) -> {
            if (!name.contains(".")) {
                shapes.put(name, p.shape());
                if (values) {
                    own.put(name, p.detach().clone());
                }
            }
        });
        return new ModuleView(module.name(), module.toString(), Collections.unmodifiableMap(children),
                Collections.unmodifiableMap(shapes), Collections.unmodifiableMap(own));
    }

    /** Every parameter by its dotted name ({@code b2.0.conv1.weight}) with its shape, as {@code named_parameters()} orders them. */
    public Map<String, Size> namedShapes() {
        Map<String, Size> all = new LinkedHashMap<>();
        collect(this, "", all, null);
        return all;
    }

    /** Every parameter by its dotted name with its values (empty unless the view was made with values). */
    public Map<String, Tensor> namedValues() {
        Map<String, Tensor> all = new LinkedHashMap<>();
        collect(this, "", null, all);
        return all;
    }

    private static void collect(ModuleView v, String prefix, Map<String, Size> shapes, Map<String, Tensor> values) {
        if (shapes != null) {
            v.shapes.forEach((name, s) -> shapes.put(prefix + name, s));
        }
        if (values != null) {
            v.values.forEach((name, t) -> values.put(prefix + name, t));
        }
        v.children.forEach((name, child) -> collect(child, prefix + name + ".", shapes, values));
    }

    /** Every module below this one, depth first, as {@code path type} ({@code b2.0.conv1 Conv2d}). */
    public List<String> places() {
        List<String> places = new ArrayList<>();
        places(this, "", places);
        return places;
    }

    private static void places(ModuleView v, String prefix, List<String> places) {
        v.children.forEach((name, child) -> {
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            places.add(path + " " + child.type());
            places(child, path, places);
        });
    }

    /** The number of parameters, as {@code sum(p.numel() for p in net.parameters())}. */
    public long parameterCount() {
        return namedShapes().values().stream().mapToLong(Size::numel).sum();
    }

    /** The child named {@code name}, or null. */
    public ModuleView child(String name) {
        return children.get(name);
    }

    /** The children's types in order, e.g. {@code [LazyConv2d, ReLU, MaxPool2d]}. */
    public List<String> childTypes() {
        return children.values().stream().map(ModuleView::type).toList();
    }

    @Override
    public String toString() {
        return repr;
    }
}
