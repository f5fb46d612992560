package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        assertThat(out.resolve("d2l.cmd")).isRegularFile();
        assertThat(out.resolve("d2l.jar")).isRegularFile();
        assertThat(out.resolve("exercises/Sec7_2.java"))
                .hasContent(Files.readString(Path.of("exercises/Sec7_2.java")).replace("../shared/book/", "book/"));
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

    /** The README is the student's, and every passage the stubs and the README point at is in the handout. */
    @Test
    void everyCitationPointsAtTextInTheHandout() throws IOException {
        Path out = dir.resolve("handout");
        assertThat(run("release", "--out", out.toString(), "--no-jar")).isZero();
        String readme = Files.readString(out.resolve("README.md"));
        assertThat(readme).startsWith("# Dive into Deep Learning, chapters 7-8, in Java: your workbook")
                .contains("## Handing in", "## Cheat sheet: PyTorch and this runtime", "## Data")
                .doesNotContain("The autograder (for instructors)", "<!--", "../shared/book");
        List<String> headings = readme.lines().filter(l -> l.startsWith("#")).map(l -> l.replaceFirst("^#+ ", "")).toList();
        try (Stream<Path> stubs = Files.list(out.resolve("exercises"))) {
            for (Path stub : stubs.toList()) {
                String text = Files.readString(stub);
                assertThat(text).as(stub.toString()).doesNotContain("../shared/book");
                Matcher cited = Pattern.compile("\\{@code book/([^}]+)}").matcher(text);
                while (cited.find()) {
                    assertThat(out.resolve("book").resolve(cited.group(1))).as(stub + " cites book/" + cited.group(1)).isRegularFile();
                }
                Matcher section = Pattern.compile("README's \"([^\"]+)\"").matcher(text);
                while (section.find()) {
                    assertThat(headings).as(stub + " points at the README's \"" + section.group(1) + "\"").contains(section.group(1));
                }
            }
        }
    }

    /**
     * The Classroom workflow grades every section that has visible checks, one step each, and hands the
     * reporter every step's result: ids, the reporter's environment and its runners agree.
     */
    @Test
    void theClassroomWorkflowHasAStepPerSectionAndReportsThemAll() throws IOException {
        Path out = dir.resolve("handout");
        assertThat(run("release", "--out", out.toString(), "--no-jar")).isZero();
        String workflow = Files.readString(out.resolve(".github/workflows/classroom.yml"));
        Matcher step = Pattern.compile("- name: \"(\\d\\.\\d) [^\"]* \\((\\d+) points\\)\"\n\\s+id: (\\w+)\n\\s+run: (.*)").matcher(workflow);
        List<String> ids = new ArrayList<>();
        int points = 0;
        while (step.find()) {
            String id = step.group(3);
            ids.add(id);
            points += Integer.parseInt(step.group(2));
            assertThat(id).isEqualTo("section" + step.group(1).replace(".", ""));
            assertThat(step.group(4)).contains("grade exercises --only " + step.group(1) + " --no-training --format classroom | base64 -w0")
                    .endsWith(">> \"$GITHUB_OUTPUT\"");
            assertThat(workflow).contains(id.toUpperCase(Locale.ROOT) + "_RESULTS: \"${{ steps." + id + ".outputs.result }}\"");
        }
        assertThat(ids).hasSize(8);
        assertThat(workflow).contains("runners: " + String.join(",", ids) + "\n");
        Rubric visible = Rubric.read(out.resolve("grader/rubric.csv"), "rubric.csv");
        Catalogue catalogue = Catalogue.load(Path.of("grader"), "grader/");
        double expected = visible.entries().stream().filter(e -> catalogue.find(e.section(), e.check()).kind() != CheckKind.TRAINING)
                .mapToDouble(RubricEntry::points).sum();
        assertThat((double) points).isEqualTo(expected);
    }

    /** An instructor's working copy with answers typed into a stub never ships: the release stops and names the file. */
    @Test
    void aWorkingCopyWithAnEditedStubIsRefused() throws IOException, InterruptedException {
        Path clone = dir.resolve("clone");
        Process git = new ProcessBuilder("git", "clone", "--quiet", "--no-hardlinks", Path.of("").toAbsolutePath().toString(), clone.toString())
                .redirectErrorStream(true).start();
        String said = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as(said).isZero();
        Path stub = clone.resolve("exercises/Sec7_2.java");
        Files.writeString(stub, Files.readString(stub).replace("throw new NotImplementedYet(\"7.2\", \"corr2d\");", "return X; // my answer"));
        Files.writeString(clone.resolve("exercises/answers.txt"), "my notes");
        Path out = dir.resolve("handout");
        Rubric rubric = Rubric.read(clone.resolve("grader/rubric.csv"), "rubric.csv");
        assertThatThrownBy(() -> Handout.write(clone, rubric, out, Path.of("..", "shared", "book"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("exercises/ differs from the committed stubs, so the handout could carry answers: ")
                .hasMessageContaining("exercises/Sec7_2.java (edited)").hasMessageContaining("exercises/answers.txt (not committed)");
        assertThat(out).doesNotExist();
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
