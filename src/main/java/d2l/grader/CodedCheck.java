package d2l.grader;

import d2l.workbook.Checks;
import d2l.workbook.LoadedSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A check written in Java that runs in the child JVM against the student's loaded section: the
 * structure checks and the training checks. It fails by throwing (an {@link AssertionError} with
 * the feedback), and may return a measurement the grader scores (LeNet's validation accuracy).
 *
 * @param check the check's description
 * @param body  its code
 */
record CodedCheck(GraderCheck check, Body body) {

    /** What a coded check gets: the section, what it printed, the rubric's settings, and where progress goes. */
    record Run(LoadedSection section, Checks.Context printed, Map<String, String> settings, Consumer<String> progress) {

        /** A setting as an integer, else {@code fallback}. */
        int integer(String name, int fallback) {
            String v = settings.get(name);
            return v == null ? fallback : Integer.parseInt(v);
        }

        /** A setting as a number, else {@code fallback}. */
        double number(String name, double fallback) {
            String v = settings.get(name);
            return v == null ? fallback : Double.parseDouble(v);
        }
    }

    /** The code of a coded check; returns a measurement or null. */
    @FunctionalInterface
    interface Body {
        Object run(Run run) throws Exception;
    }

    /** Every coded check: the structure checks, then the training checks. */
    static List<CodedCheck> all() {
        List<CodedCheck> all = new ArrayList<>(StructureChecks.all());
        all.addAll(TrainingChecks.all());
        return all;
    }
}
