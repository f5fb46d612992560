package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.cli.Main;
import d2l.json.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autograder {@code d2l gradescope --out} builds, unpacked into a folder laid out like
 * Gradescope's {@code /autograder} and run as Gradescope runs it ({@code run_autograder}, without
 * {@code setup.sh}, whose apt and downloads need the image build): every {@code results.json}
 * passes the schema check written from Gradescope's specification ({@link GradescopeSchema}).
 * The rubric is the shipped one's 7.1 and 7.2 rows (a hidden one among them) and LeNet trained for
 * one epoch on 2,000 images, so that each submission grades in seconds. Needs Fashion-MNIST in
 * {@code D2L_DATA}.
 */
@Tag("jdk-independent")
class GradescopeAutograderTest {

    @TempDir
    static Path dir;

    static Path autograder;
    static double maxScore;

    @BeforeAll
    static void buildAndUnpackTheAutograder() throws IOException {
        Assumptions.assumeTrue(System.getenv("D2L_DATA") != null, "D2L_DATA names the Fashion-MNIST directory");
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("grader/rubric.csv"))) {
            if (line.startsWith("section,") || line.startsWith("7.1,") || line.startsWith("7.2,")) {
                rows.add(line);
            }
        }
        rows.add("7.6,\"LeNet trained on Fashion-MNIST: validation accuracy\",8,visible,,\"epochs=1 limit=2000 credit=0.05:1\"");
        Path rubric = dir.resolve("rubric.csv");
        Files.writeString(rubric, String.join("\n", rows) + "\n");
        maxScore = Rubric.read(rubric, "rubric.csv").entries().stream().mapToDouble(RubricEntry::points).sum();
        Path zip = dir.resolve("autograder.zip");
        assertThat(quietly("gradescope", "--out", zip.toString(), "--rubric", rubric.toString())).isZero();
        autograder = dir.resolve("autograder");
        unzip(zip, autograder.resolve("source"));
    }

    @Test
    void theZipHoldsTheScriptsTheRuntimeAndTheGraderButNoSolutions() throws IOException {
        Path source = autograder.resolve("source");
        assertThat(source.resolve("setup.sh")).content().contains("apt-get install -y --no-install-recommends openjdk-17-jdk-headless bubblewrap");
        assertThat(source.resolve("run_autograder")).content().startsWith("#!/usr/bin/env bash\n").contains("gradescope --run");
        assertThat(source.resolve("d2l.jar")).isRegularFile();
        assertThat(source.resolve("grader/rubric.csv")).content().contains(",hidden,");
        assertThat(source.resolve("grader/hidden/7.2-corr2d-instructor.txt")).isRegularFile();
        try (Stream<Path> files = Files.walk(source)) {
            assertThat(files.map(p -> source.relativize(p).toString().replace('\\', '/')))
                    .noneMatch(p -> p.startsWith("solutions") || p.matches(".*Sec\\d_\\d\\.java") && !p.startsWith("grader/standins/"));
        }
    }

    @Test
    void theSolutionsScoreFullMarksWithTheirAccuracyOnTheLeaderboard() throws IOException {
        Map<String, Object> results = grade("solutions", solutions -> copySections(Path.of("solutions"), solutions));
        assertThat((Double) results.get("score")).isEqualTo(maxScore);
        List<Map<String, Object>> tests = JsonParser.objects(results.get("tests"));
        assertThat(tests).allSatisfy(t -> assertThat(t).containsEntry("status", "passed"));
        assertThat(tests).filteredOn(t -> t.get("name").equals("7.2 corr2d on the instructor's cases"))
                .singleElement().satisfies(t -> assertThat(t).containsEntry("visibility", "after_published"));
        List<Map<String, Object>> leaderboard = JsonParser.objects(results.get("leaderboard"));
        assertThat(leaderboard).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("name", "7.6 validation accuracy");
            assertThat((Double) e.get("value")).isBetween(0.05, 1.0);
        });
    }

    @Test
    void thePristineStubsScoreNothing() throws IOException {
        Map<String, Object> results = grade("stubs", stubs -> copySections(Path.of("exercises"), stubs));
        assertThat((Double) results.get("score")).isZero();
        assertThat(JsonParser.objects(results.get("tests"))).hasSize((int) Rubric.read(autograder.resolve("source/grader/rubric.csv"),
                "rubric.csv").entries().size()).allSatisfy(t -> assertThat(t).containsEntry("status", "failed"));
    }

    /** What a student gets by zipping the folder they worked in: the files one folder down, under exercises/. */
    @Test
    void aNestedFolderScoresAsTheFlatFiles() throws IOException {
        Map<String, Object> results = grade("nested", submission -> copySections(Path.of("solutions"),
                Files.createDirectories(submission.resolve("hw3/exercises"))));
        assertThat((Double) results.get("score")).isEqualTo(maxScore);
    }

    /** A zip kept as it was uploaded, holding the repository's layout one folder down. */
    @Test
    void anUploadedZipScoresAsTheFlatFiles() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("zipped/hw3/exercises"));
        copySections(Path.of("solutions"), folder);
        Map<String, Object> results = grade("zip", submission -> SubmissionZips.ofFolder(folder.getParent(), submission.resolve("hw3.zip")));
        assertThat((Double) results.get("score")).isEqualTo(maxScore);
    }

    @Test
    void aFileThatDoesNotCompileLosesOnlyItsSection() throws IOException {
        Map<String, Object> results = grade("broken", submission -> {
            copySections(Path.of("solutions"), submission);
            Path file = submission.resolve("Sec7_2.java");
            Files.writeString(file, Files.readString(file).replaceFirst("return Y;", "return Y"));
        });
        double section72 = Rubric.read(autograder.resolve("source/grader/rubric.csv"), "rubric.csv").entries().stream()
                .filter(e -> e.section().id().equals("7.2")).mapToDouble(RubricEntry::points).sum();
        assertThat((Double) results.get("score")).isEqualTo(maxScore - section72);
        assertThat((String) results.get("output")).contains("Sec7_2.java does not compile");
    }

    /** A submission with no workbook file in it still gets a results.json: no points, and what was looked for where. */
    @Test
    void aSubmissionWithoutWorkbookFilesIsToldWhy() throws IOException {
        Map<String, Object> results = grade("empty", submission -> Files.writeString(submission.resolve("notes.txt"), "my answers"), 1);
        assertThat((Double) results.get("score")).isZero();
        assertThat((String) results.get("output")).startsWith("This submission could not be graded: no workbook file").contains("Sec7_1.java");
    }

    private static Map<String, Object> grade(String name, Filler fill) throws IOException {
        return grade(name, fill, 0);
    }

    /**
     * Grades the submission {@code fill} makes in a fresh {@code /autograder/submission}, expecting
     * {@code run_autograder} to exit with {@code exitCode}; returns its results.json, checked against the schema.
     */
    private static Map<String, Object> grade(String name, Filler fill, int exitCode) throws IOException {
        Path submission = autograder.resolve("submission");
        Path results = autograder.resolve("results/results.json");
        if (Files.exists(submission)) {
            Grader.deleteTree(submission);
        }
        Files.deleteIfExists(results);
        Files.createDirectories(submission);
        fill.accept(submission);
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        ProcessBuilder run = new ProcessBuilder("bash", autograder.resolve("source/run_autograder").toString())
                .directory(autograder.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        run.environment().put("D2L_AUTOGRADER_ROOT", autograder.toString());
        run.environment().put("PATH", java.getParent() + File.pathSeparator + System.getenv("PATH"));
        try {
            Process p = run.start();
            assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("run_autograder finished").isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve(name + ".log"))).isEqualTo(exitCode);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        String json = Files.readString(results);
        assertThat(GradescopeSchema.problems(json)).as(json).isEmpty();
        return JsonParser.object(json);
    }

    interface Filler {
        void accept(Path submission) throws IOException;
    }

    private static void copySections(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("Sec\\d_\\d\\.java")).toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path to = into.resolve(e.getName()).normalize();
                assertThat(to).startsWithRaw(into);
                Files.createDirectories(to.getParent());
                Files.copy(in, to);
            }
        }
    }

    private static int quietly(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            if (code != 0) {
                err.print(captured.toString(StandardCharsets.UTF_8));
            }
            return code;
        } finally {
            System.setErr(err);
        }
    }
}
