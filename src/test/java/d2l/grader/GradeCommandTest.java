package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.cli.Main;
import d2l.json.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./d2l grade} on the project's own workbooks, without the training checks: the reference
 * solutions score full marks, the untouched stubs score nothing with a "not implemented yet" line
 * per check, in each of the three formats; user mistakes end in a one-line message.
 */
class GradeCommandTest {

    @TempDir
    Path dir;

    @Test
    void theSolutionsScoreFullMarks() throws IOException {
        String report = grade("solutions", "--no-training");
        assertThat(report).startsWith("Grading solutions/ with grader/rubric.csv (63 checks,").endsWith("Score: 89/89\n")
                .contains("note: not run: 2 training checks (11 points), --no-training");
        assertThat(report.lines().filter(l -> l.matches("  \\S+ +\\d+/\\d+  .*"))).hasSize(63)
                .allSatisfy(l -> assertThat(l).startsWith("  ok "));
    }

    /** Without bubblewrap a submission still runs in a process of its own (as root: as a user of its own) and scores the same. */
    @Test
    void withoutTheSandboxTheSolutionsScoreTheSame() throws IOException {
        String report = grade("solutions", "--no-training", "--only", "7.1,7.4", "--sandbox", "off");
        assertThat(report).endsWith("Score: 21/21\n").contains("note: isolation: process isolation only");
    }

    /** A hidden check says what kind of mistake it found but not its inputs, unless the instructor asks with --instructor. */
    @Test
    void hiddenCasesShowTheirInputsOnlyWithInstructor() throws IOException {
        Path submission = Files.createDirectories(dir.resolve("off-by-one"));
        Files.writeString(submission.resolve("Sec7_2.java"), Files.readString(Path.of("solutions/Sec7_2.java"))
                .replace("Tensor Y = zeros(X.size(0) - h + 1, X.size(1) - w + 1);", "Tensor Y = zeros(X.size(0) - h, X.size(1) - w);"));
        String student = grade(submission.toString(), "--no-training", "--only", "7.2");
        String instructor = grade(submission.toString(), "--no-training", "--only", "7.2", "--instructor");
        String hiddenCheck = "corr2d on the instructor's cases";
        assertThat(student).contains(hiddenCheck, "wrong shape (a hidden case: its inputs and values are not shown)")
                .doesNotContain("-6.", "[[2.]]", "a 1 x 1 kernel scales the input", "in full", "instructor's view");
        assertThat(instructor).contains("note: the instructor's view (--instructor): hidden cases are shown in full; not for the student");
        String hidden = instructor.substring(instructor.indexOf(hiddenCheck));
        assertThat(hidden.lines().skip(1).takeWhile(l -> l.startsWith(" ".repeat(17))).map(String::strip)).containsExactly(
                "case 1 of 3: expected shape torch.Size([2, 3]), got torch.Size([1, 2])",
                "case: a 1 x 1 kernel scales the input",
                "call: corr2d(X, K) with",
                "X = tensor([[ 1., -2.,  3.],",
                "[ 4.,  5., -6.]])",
                "K = tensor([[2.]])",
                "(grader/hidden/7.2-corr2d-instructor.txt:5)",
                "expected in full: tensor([[  2.,  -4.,   6.],",
                "[  8.,  10., -12.]])",
                "got in full:      tensor([[ 2., -4.]])");
        assertThat(fails("grade", "--roster", dir.toString(), "--out", dir.resolve("g.csv").toString(), "--instructor"))
                .startsWith("d2l: --instructor shows one submission's hidden cases;");
    }

    @Test
    void theStubsScoreNothingAndSayWhatIsNotImplementedYet() throws IOException {
        String report = grade("exercises", "--no-training");
        assertThat(report).endsWith("Score: 0/89\n");
        List<String> lines = report.lines().toList();
        int checks = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("  \\S+ +\\d+/\\d+  .*")) {
                checks++;
                assertThat(lines.get(i)).startsWith("  todo ");
                assertThat(lines.get(i + 1)).matches(" {17}not implemented yet: \\d\\.\\d [A-Za-z0-9.]+, see exercises/Sec\\d_\\d\\.java");
            }
        }
        assertThat(checks).isEqualTo(63);
    }

    @Test
    void jsonIsGradescopesResultsFile() throws IOException {
        String json = grade("exercises", "--no-training", "--only", "7.2", "--format", "json");
        assertThat(json).startsWith("{\n  \"score\": 0.0,\n  \"execution_time\": ").contains("\"output\": \"Score: 0/18")
                .contains("\"tests\": [");
        assertThat(GradescopeSchema.problems(json)).isEmpty();
        List<String> tests = json.lines().filter(l -> l.startsWith("    {")).toList();
        assertThat(tests).hasSize(13).allSatisfy(t -> assertThat(t)
                .matches(Pattern.quote("    {\"name\": \"7.2 ") + ".*\", \"score\": 0\\.0, \"max_score\": \\d\\.0, \"status\": \"failed\", "
                        + "\"output\": \"todo \\(.*\\)\\\\nnot implemented yet: .*\", \"visibility\": \"(visible|after_published)\"},?"));
        assertThat(tests.stream().filter(t -> t.contains("after_published"))).hasSize(1)
                .allSatisfy(t -> assertThat(t).contains("corr2d on the instructor's cases", "(hidden)"));
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
    }

    @Test
    void csvHasOneRowPerCheck() throws IOException {
        String csv = grade("solutions", "--no-training", "--only", "7.5", "--format", "csv");
        List<CSVRecord> rows = CheckCsv.FORMAT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
        assertThat(rows).hasSize(10).allSatisfy(r -> {
            assertThat(r.get("section")).isEqualTo("7.5");
            assertThat(r.get("status")).isEqualTo("passed");
            assertThat(r.get("score")).isEqualTo(r.get("max_score"));
        });
        assertThat(csv).startsWith("section,check,kind,visibility,score,max_score,status,feedback\n").doesNotContain("\r");
    }

    @Test
    void mistakesOnTheCommandLineEndInOneLine() {
        assertThat(fails("grade", "no-such-workbook")).isEqualTo("d2l: no such workbook directory: no-such-workbook\n");
        assertThat(fails("grade", "--only", "9.9")).startsWith("d2l: no section 9.9 in the workbook; there are 7.1, 7.2,");
        assertThat(fails("grade", "--format", "xml")).isEqualTo("d2l: --format is text, json, classroom or csv, not xml\n");
        assertThat(fails("grade", "--roster", dir.toString())).isEqualTo("d2l: --roster needs --out FILE, the gradebook to write\n");
        assertThat(fails("grade", "--rubric", dir.resolve("none.csv").toString()))
                .startsWith("d2l: no rubric at ").contains("(give one with --rubric FILE)");
        assertThat(fails("grade", "--data", dir.toString(), "--only", "7.6"))
                .startsWith("d2l: the training checks need Fashion-MNIST, and " + dir).endsWith("or grade with --no-training\n");
    }

    /** What GitHub Classroom's reporter reads from a step's {@code result}: every check with its score, the section's maximum. */
    @Test
    void classroomIsTheReportersRunnerResult() throws IOException {
        Map<String, Object> solutions = JsonParser.object(grade("solutions", "--only", "7.1", "--format", "classroom"));
        assertThat(solutions).containsEntry("version", 1.0).containsEntry("status", "pass").containsEntry("max_score", 12.0);
        List<Map<String, Object>> tests = JsonParser.objects(solutions.get("tests"));
        assertThat(tests).hasSize(11).allSatisfy(t -> assertThat(t).containsEntry("status", "pass").containsKeys("name", "score", "message"));
        assertThat(tests.stream().mapToDouble(t -> (Double) t.get("score")).sum()).isEqualTo(12.0);
        Map<String, Object> stubs = JsonParser.object(grade("exercises", "--only", "7.1", "--format", "classroom"));
        assertThat(stubs).containsEntry("status", "fail");
        assertThat(JsonParser.objects(stubs.get("tests"))).allSatisfy(t -> assertThat(t).containsEntry("status", "fail")
                .containsEntry("score", 0.0).extractingByKey("message").asString().startsWith("not implemented yet: 7.1"));
    }

    @Test
    void aRubricRowNamingNoCheckSaysWhichChecksThereAre() throws IOException {
        Path rubric = dir.resolve("rubric.csv");
        Files.writeString(rubric, "section,check,points,visibility,requires,settings\n7.3,\"outputSize is right\",1,visible,,\n");
        String error = fails("grade", "--rubric", rubric.toString());
        assertThat(error).startsWith("d2l: " + rubric + ":2: 7.3 has no check named \"outputSize is right\"; its checks are:\n")
                .contains("\n  outputSize gives the section's four sizes\n");
    }

    /** The repository's layout, a zipped folder's, a .zip itself score what the flat files score; a folder with none is the roster's one error. */
    @Test
    void submissionsAsStudentsHandThemInScoreTheSame() throws IOException {
        Path roster = Files.createDirectories(dir.resolve("roster"));
        Path solution = Path.of("solutions/Sec7_1.java");
        for (String place : List.of("flat/", "repo/exercises/", "nested/alice-hw3/", "zipped/alice-hw3/exercises/")) {
            Files.createDirectories(roster.resolve(place));
            Files.copy(solution, roster.resolve(place).resolve("Sec7_1.java"));
        }
        SubmissionZips.ofFolder(roster.resolve("zipped/alice-hw3"), roster.resolve("alice.zip"));
        Grader.deleteTree(roster.resolve("zipped"));
        Files.createDirectories(roster.resolve("empty"));
        Files.writeString(roster.resolve("empty/README.md"), "my homework");
        Path gradebook = dir.resolve("gradebook.csv");
        Run run = run("grade", "--roster", roster.toString(), "--out", gradebook.toString(), "--only", "7.1", "--no-training", "--jobs", "2");
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        Map<String, Gradebook.Row> rows = Gradebook.read(gradebook);
        assertThat(rows.keySet()).containsExactly("alice.zip", "empty", "flat", "nested", "repo");
        for (String student : List.of("alice.zip", "flat", "nested", "repo")) {
            assertThat(rows.get(student).total() + " " + rows.get(student).status()).as(student).isEqualTo("12 graded");
        }
        assertThat(rows.get("empty").status())
                .isEqualTo("error: no workbook file (Sec7_1.java ... Sec8_6.java) in empty/, empty/exercises/ or one folder below");
    }

    /** Only 7.2's checks score nothing, each naming the file and where it was looked for; --fail-under turns the score into the exit code. */
    @Test
    void aMissingFileLosesOnlyItsSectionAndFailUnderSetsTheExitCode() throws IOException {
        Path alice = Files.createDirectories(dir.resolve("alice"));
        Files.copy(Path.of("solutions/Sec7_1.java"), alice.resolve("Sec7_1.java"));
        Path out = dir.resolve("report.txt");
        Run below = run("grade", alice.toString(), "--only", "7.1,7.2", "--no-training", "--fail-under", "12.5", "--out", out.toString());
        assertThat(below.code()).as(below.err()).isEqualTo(2);
        assertThat(below.err()).contains("d2l: the score, 12, is below --fail-under 12.5");
        String report = Files.readString(out);
        assertThat(report).endsWith("Score: 12/30\n").doesNotContain("does not compile", "no such file");
        List<String> checks72 = report.lines().dropWhile(l -> !l.startsWith("7.2 ")).skip(1).takeWhile(l -> !l.isEmpty()).toList();
        assertThat(checks72).hasSize(26);
        for (int i = 0; i < checks72.size(); i += 2) {
            assertThat(checks72.get(i)).startsWith("  NOFILE    0/");
            assertThat(checks72.get(i + 1)).isEqualTo(" ".repeat(17) + "missing Sec7_2.java: looked in " + alice + "/, " + alice + "/exercises/");
        }
        Run atLeast = run("grade", alice.toString(), "--only", "7.1", "--no-training", "--fail-under", "12", "--out", out.toString());
        assertThat(atLeast.code()).as(atLeast.err()).isZero();
    }

    @Test
    void noWorkbookFileAtAllIsNotGradable() throws IOException {
        Path alice = Files.createDirectories(dir.resolve("alice/hw3/src"));
        Files.writeString(alice.resolve("Sec7_1.java"), "class Sec7_1 {}");
        assertThat(fails("grade", dir.resolve("alice").toString(), "--no-training")).endsWith("d2l: no workbook file (Sec7_1.java ... Sec8_6.java) in "
                + dir.resolve("alice") + "/, " + dir.resolve("alice") + "/exercises/ or one folder below\n");
    }

    private String grade(String... args) throws IOException {
        Path out = dir.resolve("report-" + System.nanoTime());
        String[] all = new String[args.length + 3];
        all[0] = "grade";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--out";
        all[args.length + 2] = out.toString();
        Run run = run(all);
        assertThat(run.code()).as(run.err()).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** What the command printed on standard error when it failed with exit code 1. */
    private static String fails(String... args) {
        Run run = run(args);
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        return run.err();
    }

    /** An exit code and what was printed on standard error. */
    private record Run(int code, String err) {}

    private static Run run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Run(Main.run(args), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }
}
