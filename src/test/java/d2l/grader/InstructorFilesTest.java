package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.cli.Main;
import d2l.workbook.Workbook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mistakes in the instructor's own files (hostile/README.md, section 18): each is a copy of
 * {@code grader/} with one change, and each stops grading before any submission runs, with one
 * line that names the file and the line to fix, never charging the mistake to the students.
 */
class InstructorFilesTest {

    @TempDir
    Path dir;

    private Path grader;

    @BeforeEach
    void copyTheGraderFolder() throws IOException {
        Path original = Workbook.projectRoot().resolve("grader");
        grader = dir.resolve("grader");
        try (Stream<Path> s = Files.walk(original)) {
            for (Path p : s.toList()) {
                Path copy = grader.resolve(original.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(p, copy);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1,5\"", "abc"})
    void pointsThatAreNotANumberNameTheRubricLine(String points) throws IOException {
        replaceFirstPoints(points);
        assertThat(grade()).matches("d2l: .*rubric\\.csv:6: points is \"" + Pattern.quote(points.replace("\"", "")) + "\", not a number\n");
    }

    @Test
    void aCaseFileThatIsNotUtf8NamesTheFileAndLine() throws IOException {
        Path file = grader.resolve("golden/7.2-corr2d.txt");
        byte[] text = Files.readAllBytes(file);
        byte[] latin1 = "# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        int firstLineEnd = indexOf(text, (byte) '\n') + 1;
        int secondLineEnd = indexOf(text, (byte) '\n', firstLineEnd) + 1;
        byte[] changed = new byte[text.length + latin1.length];
        System.arraycopy(text, 0, changed, 0, secondLineEnd);
        System.arraycopy(latin1, 0, changed, secondLineEnd, latin1.length);
        System.arraycopy(text, secondLineEnd, changed, secondLineEnd + latin1.length, text.length - secondLineEnd);
        Files.write(file, changed);
        assertThat(grade()).startsWith("d2l: ").contains("golden/7.2-corr2d.txt:3", "UTF-8").endsWith("\n").hasLineCount(1);
    }

    @Test
    void aFolderWhereACaseFileShouldBeIsNamed() throws IOException {
        Files.createDirectories(grader.resolve("golden/7.2-x.txt"));
        Files.writeString(grader.resolve("golden/7.2-x.txt/KEEP"), "");
        assertThat(grade()).startsWith("d2l: ").contains("golden/7.2-x.txt", "folder").hasLineCount(1);
    }

    @Test
    void twoChecksOfTheSameNameNameBothFiles() throws IOException {
        Files.copy(grader.resolve("golden/7.2-corr2d.txt"), grader.resolve("golden/7.2-corr2d-copy.txt"));
        assertThat(grade()).startsWith("d2l: ").contains("golden/7.2-corr2d.txt", "golden/7.2-corr2d-copy.txt",
                "corr2d on the book's 3 x 3 example").hasLineCount(1);
    }

    /** The message names the line of the case whose call is wrong. */
    @Test
    void aCallOfAFunctionTheSectionDoesNotHaveStopsGradingBeforeAnyStudentLosesPoints() throws IOException {
        Path file = grader.resolve("hidden/7.2-corr2d-instructor.txt");
        String text = Files.readString(file);
        int line = (int) text.substring(0, text.indexOf("case: ")).lines().count() + 1;
        Files.writeString(file, text.replaceFirst("call: corr2d\\(X, K\\)", "call: corr2dd(X, K)"));
        assertThat(grade()).startsWith("d2l: ").contains("hidden/7.2-corr2d-instructor.txt:" + line, "corr2dd").hasLineCount(1);
    }

    /** Grades the solutions with the changed folder; returns what was printed on standard error, after checking it failed. */
    private String grade() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Main.run(new String[] {"grade", Workbook.solutions().dir().toString(), "--no-training", "--only", "7.1,7.2",
                    "--grader", grader.toString()});
        } finally {
            System.setErr(err);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isEqualTo(1);
        return printed;
    }

    /** Writes {@code points} as the points of the rubric's first check (line 6). */
    private void replaceFirstPoints(String points) throws IOException {
        Path rubric = grader.resolve("rubric.csv");
        String text = Files.readString(rubric);
        Files.writeString(rubric, text.replaceFirst("(?m)^(7\\.1,\"[^\"]*\",)[^,]*,", "$1" + Matcher.quoteReplacement(points) + ","));
    }

    private static int indexOf(byte[] bytes, byte b) {
        return indexOf(bytes, b, 0);
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
