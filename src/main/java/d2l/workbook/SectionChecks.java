package d2l.workbook;

import static d2l.tensor.Torch.tensor;

import d2l.autograd.GradMode;
import d2l.nn.Module;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.util.List;
import java.util.Map;

/**
 * The checks of every section. Sources: [000] is {@code ../shared/book/000_3764b64cbf4f4687.txt}
 * (chapter 7 with the book's cells), [001] {@code ../shared/book/001_8174f7e01dfee399.txt} (7.1 and
 * 7.2 with printed outputs), [002] {@code ../shared/book/002_57cc1b6958d3ea8c.txt} (a student's
 * notebook, 7.1 to 8.6, with printed outputs). Where [002] prints stray brackets, the expected
 * value is what the book's code computes.
 */
final class SectionChecks {

    private SectionChecks() {}

    static List<Check> of(Section section) {
        return switch (section) {
            case S7_1 -> Sec7_1Checks.all();
            case S7_2 -> Sec7_2Checks.all();
            case S7_3 -> Sec7_3Checks.all();
            case S7_4 -> Sec7_4Checks.all();
            case S7_5 -> Sec7_5Checks.all();
            case S7_6 -> Sec7_6Checks.all();
            case S8_2 -> Sec8_2Checks.all();
            case S8_6 -> Sec8_6Checks.all();
        };
    }

    static Check check(Section s, String name, String source, Checks.Body body) {
        return new Check(s, name, source, body);
    }

    /** The book's 3 x 3 input of 7.2 and 7.5, {@code [[0, 1, 2], [3, 4, 5], [6, 7, 8]]}, fresh for each check. */
    static Tensor x3() {
        return tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]");
    }

    // What the grader's side does with observations (these never see a student object).

    /** The observed value as a tensor, else a failure naming what it was. */
    static Tensor asTensor(Object observed) {
        return Expect.isTensor("the result", observed);
    }

    /** The observed value as a network's {@link ModuleView}, else a failure naming what it was. */
    static ModuleView view(String what, Object observed) {
        if (!(observed instanceof ModuleView v)) {
            throw new AssertionError(what + ": expected a Module, got " + typeOf(observed));
        }
        return v;
    }

    /** The observed value as a list, else a failure naming what it was. */
    static List<?> listOf(String what, Object observed) {
        if (!(observed instanceof List<?> l)) {
            throw new AssertionError(what + ": expected a List, got " + typeOf(observed));
        }
        return l;
    }

    /** The observed value as a map, else a failure naming what it was. */
    static Map<?, ?> mapOf(String what, Object observed) {
        if (!(observed instanceof Map<?, ?> m)) {
            throw new AssertionError(what + ": expected a Map, got " + typeOf(observed));
        }
        return m;
    }

    /** How a failure names an observed value's type. */
    static String typeOf(Object observed) {
        return observed == null ? "null" : observed instanceof Observed.Other o ? o.type() : observed instanceof ModuleView v
                ? v.type() : observed.getClass().getSimpleName();
    }

    // What runs next to the student's code, inside Probe.observe.

    /** The value of a record component or public no-argument method of the student's object {@code o}. */
    static Object component(Object o, String name) {
        if (o == null) {
            throw new AssertionError("expected a result with " + name + "(), got null");
        }
        return LoadedSection.invoke(o, name);
    }

    /** The student's object as a module, else a failure naming what it is. */
    static Module module(Object o) {
        if (!(o instanceof Module m)) {
            throw new AssertionError("expected a Module, got " + (o == null ? "null" : o.getClass().getSimpleName()));
        }
        return m;
    }

    /** The student's module run on {@code x} without recording gradients. */
    static Tensor forward(Object o, Tensor x) {
        Module m = module(o);
        return GradMode.noGrad(() -> m.forward(x));
    }

    /** A map that keeps its order and takes nulls, for observing several values at once: {@code ordered("weight", w, "bias", b)}. */
    static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }
}
