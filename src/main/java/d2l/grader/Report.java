package d2l.grader;

import d2l.workbook.Section;
import java.util.List;
import java.util.Map;

/**
 * One submission's grade: the outcome of every check the rubric counts (in the rubric's order),
 * the compile errors of the files that do not compile, and notes for the whole submission (checks
 * not run, say).
 *
 * @param submission    the submission's name (its directory's)
 * @param outcomes      the outcomes
 * @param compileErrors javac's errors by section, for the sections whose file does not compile
 * @param notes         lines about the whole run
 * @param seconds       how long grading took
 */
public record Report(String submission, List<Outcome> outcomes, Map<Section, List<String>> compileErrors, List<String> notes,
                     double seconds) {

    /** The points scored. */
    public double score() {
        return outcomes.stream().mapToDouble(Outcome::score).sum();
    }

    /** The points there were to score. */
    public double maxScore() {
        return outcomes.stream().mapToDouble(Outcome::maxScore).sum();
    }

    /** The sections graded, in book order. */
    public List<Section> sections() {
        return outcomes.stream().map(o -> o.check().section()).distinct().sorted().toList();
    }

    /** The points scored in {@code section}. */
    public double score(Section section) {
        return outcomes.stream().filter(o -> o.check().section() == section).mapToDouble(Outcome::score).sum();
    }

    /** The points there were to score in {@code section}. */
    public double maxScore(Section section) {
        return outcomes.stream().filter(o -> o.check().section() == section).mapToDouble(Outcome::maxScore).sum();
    }

    /** Points as reports write them: {@code 7} or {@code 7.5}. */
    public static String points(double p) {
        double rounded = Math.round(p * 100) / 100.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : String.valueOf(rounded);
    }
}
