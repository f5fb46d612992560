package d2l.grader;

import d2l.workbook.Section;
import java.util.List;
import java.util.Map;

/**
 * One row of the rubric: a check and what it is worth.
 *
 * @param section    the section
 * @param check      the check's name within the section
 * @param points     what passing it scores
 * @param visibility whether students see its inputs and values
 * @param requires   checks of the same section that must pass too for this one to score (so
 *                   that an output hard-coded from the book scores nothing)
 * @param settings   what the check needs beyond its name: {@code seed}, {@code timeout} (seconds),
 *                   {@code epochs}, {@code credit}, ... as {@code name=value}
 * @param line       the row's line in the rubric file, for messages
 */
public record RubricEntry(Section section, String check, double points, Visibility visibility, List<String> requires,
                          Map<String, String> settings, int line) {

    /** A setting as a number, else {@code fallback}. */
    public double number(String name, double fallback) {
        String v = settings.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rubric line " + line + ": " + name + "=" + v + " is not a number");
        }
    }
}
