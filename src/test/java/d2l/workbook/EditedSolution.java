package d2l.workbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A section's solution with a mistake written into it, for tests of what a check tells the student. */
final class EditedSolution {

    private EditedSolution() {}

    /** The check {@code name} of {@code section} run alone on the solution with {@code from} replaced by {@code to}. */
    static Checks.Result check(Path dir, Section section, String from, String to, String name) throws IOException {
        return check(dir, section, solution -> {
            assertThat(solution).contains(from);
            return solution.replace(from, to);
        }, name);
    }

    /** The check {@code name} of {@code section} run alone on the solution as {@code edit} rewrites it. */
    static Checks.Result check(Path dir, Section section, UnaryOperator<String> edit, String name) throws IOException {
        Path file = Workbook.solutions().file(section);
        Files.writeString(dir.resolve(file.getFileName().toString()), edit.apply(Files.readString(file)));
        Checks.Check check = Checks.of(section).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        return Checks.run(Workbook.at(dir), check);
    }
}
