package d2l.grader;

import d2l.autograd.GradMode;
import d2l.nn.Module;
import d2l.tensor.Size;
import d2l.tensor.Tensor;
import d2l.workbook.ModuleView;
import d2l.workbook.Observed;
import d2l.workbook.TensorMismatch;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a student's network, as observed ({@link ModuleView}, after one input ran through it so
 * lazy layers have their sizes), with the runtime's model of the same network ({@code d2l.models})
 * run on the same input: the modules must be of the same types at the same places, the parameters
 * must have the same names and shapes, and the outputs the same shape. A difference fails with the
 * first place they differ and both counts of parameters. It runs in the grader, on observations.
 */
final class ModuleStructure {

    private ModuleStructure() {}

    /**
     * Fails unless the observed {@code student} network, whose output on {@code input} had shape
     * {@code output}, has the structure of {@code reference} on the same input.
     */
    static void assertSame(String what, Object student, Object output, Module reference, Tensor input) {
        if (!(student instanceof ModuleView ours)) {
            throw new AssertionError(what + ": expected a Module, got " + (student instanceof Observed.Other o ? o.type()
                    : student == null ? "null" : student.getClass().getSimpleName()));
        }
        Tensor expected = GradMode.noGrad(() -> reference.forward(input));
        ModuleView book = ModuleView.of(reference, false);
        List<String> ourPlaces = ours.places();
        List<String> bookPlaces = book.places();
        for (int i = 0; i < Math.max(ourPlaces.size(), bookPlaces.size()); i++) {
            String o = i < ourPlaces.size() ? ourPlaces.get(i) : null;
            String b = i < bookPlaces.size() ? bookPlaces.get(i) : null;
            if (o != null && b != null && o.equals(b.replaceFirst(" (\\w+)$", " Lazy$1"))) {
                String place = o.substring(0, o.lastIndexOf(' '));
                throw new AssertionError(what + ": " + place + " is registered but forward never calls it (it is still a "
                        + o.substring(o.lastIndexOf(' ') + 1) + ", which gets its sizes from its first input)");
            }
            if (o == null || !o.equals(b)) {
                throw new AssertionError(what + ": the layers differ at " + (b != null ? describe(b) : "the end") + "\nexpected "
                        + (b == null ? "no more layers" : describe(b)) + "\ngot      " + (o == null ? "no more layers" : describe(o))
                        + "\n(" + summary(ourPlaces) + " against " + summary(bookPlaces) + ")");
            }
        }
        Map<String, Size> ourParameters = ours.namedShapes();
        Map<String, Size> bookParameters = book.namedShapes();
        for (Map.Entry<String, Size> e : bookParameters.entrySet()) {
            Size p = ourParameters.get(e.getKey());
            if (p == null) {
                throw new AssertionError(what + ": no parameter " + e.getKey() + " " + e.getValue()
                        + " (register it under the book's name; yours are " + ourParameters.keySet() + ")");
            }
            String wrong = TensorMismatch.shapes(e.getValue(), p);
            if (wrong != null) {
                throw new AssertionError(what + ": parameter " + e.getKey() + ": " + wrong);
            }
        }
        for (String name : ourParameters.keySet()) {
            if (!bookParameters.containsKey(name)) {
                throw new AssertionError(what + ": a parameter the book's network does not have: " + name + " "
                        + ourParameters.get(name));
            }
        }
        long ourCount = ours.parameterCount();
        long bookCount = book.parameterCount();
        if (ourCount != bookCount) {
            throw new AssertionError(what + String.format(Locale.ROOT, ": %,d parameters, expected %,d", ourCount, bookCount));
        }
        String wrong = output instanceof Size size ? TensorMismatch.shapes(expected.shape(), size)
                : "expected shape " + expected.shape() + ", got " + (output instanceof Observed.Other o ? o.type() : output);
        if (wrong != null) {
            throw new AssertionError(what + ": the output: " + wrong);
        }
    }

    /** A place {@code b2.0.conv1 Conv2d} as {@code Conv2d (b2.0.conv1)}. */
    private static String describe(String place) {
        int space = place.lastIndexOf(' ');
        return place.substring(space + 1) + " (" + place.substring(0, space) + ")";
    }

    private static String summary(List<String> places) {
        return places.size() + (places.size() == 1 ? " layer" : " layers");
    }

    /**
     * Copies the observed parameter values into {@code reference} (whose structure {@link #assertSame}
     * has already found equal), so the grader can run the student's trained network itself.
     */
    static void load(Module reference, ModuleView trained) {
        Map<String, Tensor> values = trained.namedValues();
        GradMode.noGrad(() -> reference.namedParameters().forEach((name, p) -> {
            Tensor v = values.get(name);
            if (v == null || !v.shape().equals(p.shape())) {
                throw new AssertionError("the trained network has no values for " + name + " " + p.shape());
            }
            p.copy_(v);
        }));
    }
}
