package d2l.workbook;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.grader.Outcome;
import d2l.grader.Report;
import d2l.grader.SelfCheck;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The checks of your workbook, for your IDE: click the run icon next to a section to check it
 * (or next to the class for all of them). It checks {@code exercises/} unless the system property
 * {@code d2l.workbook} names another directory (the Maven profile {@code solutions} sets it to
 * {@code solutions/}). These are the grader's checks, graded as {@code ./d2l grade --only 7.2
 * --no-training} grades them (each one a test here); each shows what the book expects and what your
 * code gives, and a check whose function is still a stub fails with "not implemented yet".
 *
 * <p>{@code ./mvnw test} does not run this class (its name does not end in Test); from a terminal,
 * {@code ./mvnw test -Dtest=CheckWorkbook} runs it, or {@code check("7.2")} in {@code ./d2l jshell}.
 */
class CheckWorkbook {

    private static Stream<DynamicTest> checks(Section section) {
        Report report = SelfCheck.grade(Workbook.current(), EnumSet.of(section)).report();
        return report.outcomes().stream().map(outcome -> DynamicTest.dynamicTest(outcome.check().name()
                + (outcome.check().source().isEmpty() ? "" : " (" + outcome.check().source() + ")"),
                () -> assertThat(outcome.status()).as(outcome.check().title() + "\n" + outcome.feedback())
                        .isEqualTo(Outcome.Status.PASSED)));
    }

    @TestFactory
    Stream<DynamicTest> section7_1() {
        return checks(Section.S7_1);
    }

    @TestFactory
    Stream<DynamicTest> section7_2() {
        return checks(Section.S7_2);
    }

    @TestFactory
    Stream<DynamicTest> section7_3() {
        return checks(Section.S7_3);
    }

    @TestFactory
    Stream<DynamicTest> section7_4() {
        return checks(Section.S7_4);
    }

    @TestFactory
    Stream<DynamicTest> section7_5() {
        return checks(Section.S7_5);
    }

    @TestFactory
    Stream<DynamicTest> section7_6() {
        return checks(Section.S7_6);
    }

    @TestFactory
    Stream<DynamicTest> section8_2() {
        return checks(Section.S8_2);
    }

    @TestFactory
    Stream<DynamicTest> section8_6() {
        return checks(Section.S8_6);
    }
}
