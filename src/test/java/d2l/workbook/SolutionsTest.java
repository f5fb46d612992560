package d2l.workbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference answers in {@code solutions/} pass every check: they reproduce the outputs the three
 * documents print (each check names its document and passage) and the properties the book states.
 */
class SolutionsTest {

    @TestFactory
    Stream<DynamicTest> everyCheckPassesOnTheSolutions() {
        Workbook solutions = Workbook.solutions();
        return Stream.of(Section.values()).flatMap(section -> Checks.of(section).stream()).map(check ->
                DynamicTest.dynamicTest(check.section().id() + " " + check.name(), () -> {
                    Checks.Result result = Checks.run(solutions, check);
                    assertThat(result.status()).as(result.message()).isEqualTo(Checks.Status.PASS);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everySolutionCompilesOnItsOwn() {
        return Stream.of(Section.values()).map(section -> DynamicTest.dynamicTest(section.fileName(), () -> {
            Compilation c = Workbook.solutions().compile(section);
            assertThat(c.errors()).isEmpty();
            assertThat(c.warnings()).isEmpty();
            assertThat(c.classes()).containsKey(section.className());
        }));
    }
}
