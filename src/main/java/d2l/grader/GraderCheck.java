package d2l.grader;

import d2l.workbook.Section;
import java.util.List;

/**
 * One check the grader knows, before the rubric gives it points.
 *
 * @param section the section whose file it grades
 * @param name    its name, unique within the section, as the rubric and the reports write it
 * @param kind    where it comes from
 * @param source  where its expected values come from, e.g. {@code 001_8174f7e01dfee399.txt, In [3]}; empty if nowhere in the book
 * @param note    what a reader of the report should know (where the book's print differs from the true output); may be empty
 * @param cases   the inputs and expected outputs of a golden, hidden or randomized check; empty for the others
 */
public record GraderCheck(Section section, String name, CheckKind kind, String source, String note, List<Case> cases) {

    /** A check that runs code in the child JVM rather than cases. */
    static GraderCheck coded(Section section, String name, CheckKind kind, String source) {
        return new GraderCheck(section, name, kind, source, "", List.of());
    }

    /** How reports name it: {@code 7.2 corr2d on the book's 3 x 3 example}. */
    public String title() {
        return section.id() + " " + name;
    }
}
