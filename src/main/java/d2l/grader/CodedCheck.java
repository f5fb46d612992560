package d2l.grader;

import d2l.workbook.Probe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A check written in Java: the structure checks and the training checks. Like the workbook's
 * checks it reaches the student's code only through its {@link Probe}, runs once in the sandbox to
 * record and once in the grader to judge; it fails by throwing (an {@link AssertionError} with the
 * feedback), and its judging run may return a measurement the grader scores (LeNet's validation
 * accuracy, computed by the grader from the trained parameters).
 *
 * @param check the check's description
 * @param body  its code
 */
public record CodedCheck(GraderCheck check, Body body) {

    /**
     * What a coded check gets.
     *
     * @param probe    the way to the student's code
     * @param settings the rubric's settings, and {@code log} (where the judging run writes its CSV log)
     * @param progress where progress lines go (the recording run's epochs)
     * @param judging  true in the grader's run, the one that decides and may write files
     * @param dataDir  where Fashion-MNIST is, or null for the default
     */
    public record Run(Probe probe, Map<String, String> settings, Consumer<String> progress, boolean judging, Path dataDir) {

        /** A setting as an integer, else {@code fallback}. */
        int integer(String name, int fallback) {
            String v = settings.get(name);
            return v == null ? fallback : Integer.parseInt(v.strip());
        }

        /** A setting as a number, else {@code fallback}. */
        double number(String name, double fallback) {
            String v = settings.get(name);
            return v == null ? fallback : Double.parseDouble(v.strip());
        }
    }

    /** The code of a coded check; returns a measurement or null. */
    @FunctionalInterface
    public interface Body {
        Object run(Run run) throws Exception;
    }

    /** Every coded check: the structure checks, then the training checks. */
    public static List<CodedCheck> all() {
        List<CodedCheck> all = new ArrayList<>(StructureChecks.all());
        all.addAll(TrainingChecks.all());
        return all;
    }
}
