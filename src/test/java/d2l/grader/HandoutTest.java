package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./d2l release}: the student handout has the runtime, the stubs and the visible checks, and nothing hidden. */
class HandoutTest {

    @TempDir
    Path dir;

    @Test
    void theHandoutLeavesOutTheSolutionsAndTheHiddenCases() throws IOException {
        Path out = dir.resolve("handout");
        assertThat(run("release", "--out", out.toString())).isZero();
        assertThat(out.resolve("README.md")).isRegularFile();
        assertThat(out.resolve("d2l")).isExecutable();
        assertThat(out.resolve("exercises/Sec7_2.java")).hasSameTextualContentAs(Path.of("exercises/Sec7_2.java"));
        assertThat(out.resolve("src/main/java/d2l/tensor/Tensor.java")).isRegularFile();
        assertThat(out.resolve("src/test/java/d2l/workbook/CheckWorkbook.java")).isRegularFile();
        assertThat(out.resolve("grader/golden/7.2-corr2d.txt")).isRegularFile();
        assertThat(out.resolve("grader/standins/Sec7_2.java")).isRegularFile();
        assertThat(out.resolve("solutions")).doesNotExist();
        assertThat(out.resolve("grader/hidden")).doesNotExist();
        assertThat(out.resolve("src/test/java/d2l/workbook/SolutionsTest.java")).doesNotExist();
        String rubric = Files.readString(out.resolve("grader/rubric.csv"));
        assertThat(rubric).contains("corr2d against conv2d on random inputs").doesNotContain(",hidden,");
        Rubric.parse(rubric, "rubric.csv");
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.contains("instructor"));
        }
    }

    @Test
    void itNeverWritesIntoADirectoryThatHasFiles() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("release", "--out", dir.toString())).isEqualTo(1);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEqualTo("d2l: " + dir + " exists and is not an empty directory; choose a new --out\n");
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
    }

    private static int run(String... args) {
        PrintStream err = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setErr(err);
        }
    }
}
