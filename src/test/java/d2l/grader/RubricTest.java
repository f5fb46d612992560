package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The rubric file: its format, its mistakes by line, and the shipped rubric's totals. */
class RubricTest {

    private static final String HEADER = "section,check,points,visibility,requires,settings\n";

    @Test
    void theShippedRubricNamesRealChecksWorth100Points() throws IOException {
        Path grader = Workbook.projectRoot().resolve("grader");
        Rubric rubric = Rubric.read(grader.resolve("rubric.csv"), "grader/rubric.csv");
        Catalogue catalogue = Catalogue.load(grader, "grader/");
        new Grader(rubric, catalogue, new GradeOptions(grader, EnumSet.noneOf(Section.class), true, null, "1g", 1, null, grader));
        assertThat(rubric.entries().stream().mapToDouble(RubricEntry::points).sum()).isEqualTo(100);
        assertThat(rubric.entries().stream().filter(e -> catalogue.find(e.section(), e.check()).kind() == CheckKind.TRAINING)
                .mapToDouble(RubricEntry::points).sum()).isEqualTo(13);
        assertThat(rubric.entries().stream().filter(e -> e.visibility() == Visibility.HIDDEN).map(RubricEntry::check))
                .containsExactly("corr2d on the instructor's cases", "pool2d on the instructor's cases");
        for (Section s : Section.values()) {
            assertThat(rubric.entries().stream().filter(e -> e.section() == s)).as(s.id()).isNotEmpty();
        }
    }

    /** A check may require a quick training check (it runs with --no-training too), never one that trains on Fashion-MNIST. */
    @Test
    void aCheckMayRequireOnlyAQuickTrainingCheck() throws IOException {
        Path grader = Workbook.projectRoot().resolve("grader");
        Catalogue catalogue = Catalogue.load(grader, "grader/");
        String learn = "\"learnKernel from the default init ends within 0.1 of [[1, -1]] after 10 epochs\"";
        String golden = "7.2,\"the book's run of [001]: its epoch lines and learned kernel [[1.0230, -0.9602]]\",1,visible," + learn + ",\n";
        GradeOptions noTraining = new GradeOptions(grader, EnumSet.of(Section.S7_2), false, null, "1g", 1, null, grader);

        new Grader(Rubric.parse(HEADER + golden + "7.2," + learn + ",2,visible,,quick=true\n", "r.csv"), catalogue, noTraining);
        assertThatThrownBy(() -> new Grader(Rubric.parse(HEADER + golden + "7.2," + learn + ",2,visible,,\n", "r.csv"), catalogue,
                noTraining)).hasMessageStartingWith("r.csv:2: cannot require the training check");
    }

    @Test
    void readsQuotedNamesRequirementsAndSettings() {
        Rubric r = Rubric.parse("# a comment\n" + HEADER
                + "7.2,\"corr2d, on the book's example\",1.5,visible,\"other; third\",\"seed=3 credit=0.7:1,0.6:0.5\"\n"
                + "7.2,other,2,hidden,,\n7.2,third,0,visible,,\n", "r.csv");
        RubricEntry e = r.entries().get(0);
        assertThat(e.check()).isEqualTo("corr2d, on the book's example");
        assertThat(e.points()).isEqualTo(1.5);
        assertThat(e.requires()).containsExactly("other", "third");
        assertThat(e.settings()).containsEntry("seed", "3").containsEntry("credit", "0.7:1,0.6:0.5");
        assertThat(e.line()).isEqualTo(3);
        assertThat(r.entries().get(1).visibility()).isEqualTo(Visibility.HIDDEN);
        assertThat(r.visibleText()).contains("corr2d, on the book's example").doesNotContain("other,2,hidden");
    }

    @Test
    void anUnreadableCreditScaleIsRefusedBeforeGrading() throws IOException {
        Path grader = Workbook.projectRoot().resolve("grader");
        Rubric rubric = Rubric.parse(HEADER + "7.6,\"LeNet trained on Fashion-MNIST: validation accuracy\",8,visible,,credit=0.7\n", "r.csv");
        assertThatThrownBy(() -> new Grader(rubric, Catalogue.load(grader, "grader/"),
                new GradeOptions(grader, EnumSet.noneOf(Section.class), true, null, "1g", 1, null, grader)))
                .hasMessage("rubric line 2: credit=0.7 must be MEASURE:FRACTION pairs separated by commas, e.g. credit=0.70:1,0.60:0.75");
    }

    @Test
    void mistakesNameTheLine() {
        assertThatThrownBy(() -> Rubric.parse("section,check\n", "r.csv")).hasMessageStartingWith("r.csv: the first line must be the header");
        assertThatThrownBy(() -> Rubric.parse(HEADER + "7.2,a,one,visible,,\n", "r.csv"))
                .hasMessage("r.csv:2: points is \"one\", not a number");
        assertThatThrownBy(() -> Rubric.parse(HEADER + "7.2,a,1,secret,,\n", "r.csv"))
                .hasMessage("r.csv:2: visibility is \"secret\"; write visible or hidden");
        assertThatThrownBy(() -> Rubric.parse(HEADER + "9.9,a,1,visible,,\n", "r.csv")).hasMessageStartingWith("r.csv:2: no section 9.9");
        assertThatThrownBy(() -> Rubric.parse(HEADER + "7.2,a,1,visible,,\n7.2,a,1,visible,,\n", "r.csv"))
                .hasMessage("r.csv:3: 7.2 \"a\" is in the rubric twice");
        assertThatThrownBy(() -> Rubric.parse(HEADER + "7.2,a,1,visible,b,\n", "r.csv"))
                .hasMessage("r.csv:2: requires \"b\", which is not a check of 7.2 in the rubric");
        assertThatThrownBy(() -> Rubric.parse(HEADER + "7.2,a,1,visible,,seed\n", "r.csv"))
                .hasMessage("r.csv:2: settings are name=value pairs separated by blanks, got \"seed\"");
        assertThatThrownBy(() -> Rubric.parse(HEADER + "7.2,a,1,hidden,,gradescope=later\n", "r.csv"))
                .hasMessage("r.csv:2: gradescope=later is not one of Gradescope's visibilities: hidden, after_due_date, after_published, visible");
        assertThatThrownBy(() -> Rubric.parse(HEADER + "7.2,a,1,visible\n", "r.csv"))
                .hasMessage("r.csv:2: expected 6 fields (section, check, points, visibility, requires, settings), got 4");
    }
}
