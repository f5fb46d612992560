package d2l.grader;

import d2l.autograd.GradMode;
import d2l.nn.Module;
import d2l.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a student's network with the runtime's model of the same network ({@code d2l.models}):
 * after one input has run through both (so lazy layers have their sizes), the modules must be of
 * the same types at the same places, the parameters must have the same names and shapes, and the
 * outputs the same shape. A difference fails with the first place they differ and both counts of
 * parameters.
 */
final class ModuleStructure {

    private ModuleStructure() {}

    /** One module of the tree: its dotted path ({@code b2.0.conv1}) and the type PyTorch shows. */
    private record Place(String path, String type) {}

    /** Fails unless {@code student} and {@code reference} have the same structure on {@code input}. */
    static void assertSame(String what, Module student, Module reference, Tensor input) {
        Tensor got = GradMode.noGrad(() -> student.forward(input));
        Tensor expected = GradMode.noGrad(() -> reference.forward(input));
        List<Place> ours = places(student, "");
        List<Place> book = places(reference, "");
        for (int i = 0; i < Math.max(ours.size(), book.size()); i++) {
            Place o = i < ours.size() ? ours.get(i) : null;
            Place b = i < book.size() ? book.get(i) : null;
            if (o == null || b == null || !o.equals(b)) {
                throw new AssertionError(what + ": the layers differ at " + (b != null ? describe(b) : "the end") + "\nexpected "
                        + (b == null ? "no more layers" : describe(b)) + "\ngot      " + (o == null ? "no more layers" : describe(o))
                        + "\n(" + summary(ours) + " against " + summary(book) + ")");
            }
        }
        Map<String, Tensor> ourParameters = student.namedParameters();
        Map<String, Tensor> bookParameters = reference.namedParameters();
        for (Map.Entry<String, Tensor> e : bookParameters.entrySet()) {
            Tensor p = ourParameters.get(e.getKey());
            if (p == null) {
                throw new AssertionError(what + ": no parameter " + e.getKey() + " " + e.getValue().shape()
                        + " (register it under the book's name; yours are " + ourParameters.keySet() + ")");
            }
            if (!p.shape().equals(e.getValue().shape())) {
                throw new AssertionError(what + ": parameter " + e.getKey() + "\nexpected shape " + e.getValue().shape()
                        + "\ngot            " + p.shape());
            }
        }
        for (String name : ourParameters.keySet()) {
            if (!bookParameters.containsKey(name)) {
                throw new AssertionError(what + ": a parameter the book's network does not have: " + name + " "
                        + ourParameters.get(name).shape());
            }
        }
        long ourCount = count(ourParameters);
        long bookCount = count(bookParameters);
        if (ourCount != bookCount) {
            throw new AssertionError(what + String.format(Locale.ROOT, ": %,d parameters, expected %,d", ourCount, bookCount));
        }
        if (!got.shape().equals(expected.shape())) {
            throw new AssertionError(what + ": the output\nexpected shape " + expected.shape() + "\ngot            " + got.shape());
        }
    }

    private static List<Place> places(Module m, String prefix) {
        List<Place> places = new ArrayList<>();
        for (Map.Entry<String, Module> child : m.namedChildren().entrySet()) {
            if (child.getValue() == null) {
                continue;
            }
            String path = prefix.isEmpty() ? child.getKey() : prefix + "." + child.getKey();
            places.add(new Place(path, child.getValue().name()));
            places.addAll(places(child.getValue(), path));
        }
        return places;
    }

    private static String describe(Place p) {
        return p.type() + " (" + p.path() + ")";
    }

    private static String summary(List<Place> places) {
        return places.size() + (places.size() == 1 ? " layer" : " layers");
    }

    private static long count(Map<String, Tensor> parameters) {
        return parameters.values().stream().mapToLong(Tensor::numel).sum();
    }
}
