package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.grader.ReportLines.Line;
import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class of deliberately wrong submissions ({@link WrongSubmissions}), graded as a roster over
 * sections 7.1 to 7.5 (58 points there) and 8.6 (15 points, only the Residual submissions have its
 * file) without training: each loses exactly the points of its own function's checks, never those
 * of a function that calls it (those run with the grader's stand-ins), and the feedback names the mistake.
 */
@Tag("jdk-independent")
class WrongSubmissionsTest {

    @TempDir
    static Path dir;

    private static Path roster;
    private static Path gradebook;
    private static Path reports;
    private static Grader grader;
    private static Roster.Summary first;

    /** The checks of corr2d: a wrong corr2d fails each of them, and no other (Conv2D.forward runs with the stand-in corr2d). */
    private static final String[] CORR2D_CHECKS = {"corr2d on the book's 3 x 3 example", "corr2d against conv2d on random inputs",
        "gradients flow from corr2d's output to the kernel", "corr2d finds the book's vertical edges, and none when transposed",
        "the diagonal self-exercise's X and three outputs", "corr2d on the instructor's cases"};

    @BeforeAll
    static void gradeTheClass() throws Exception {
        roster = dir.resolve("roster");
        gradebook = dir.resolve("gradebook.csv");
        reports = dir.resolve("reports");
        WrongSubmissions.write(roster);
        Path graderDir = Workbook.projectRoot().resolve("grader");
        grader = new Grader(Rubric.read(graderDir.resolve("rubric.csv"), "grader/rubric.csv"), Catalogue.load(graderDir, "grader/"),
                new GradeOptions(graderDir, EnumSet.of(Section.S7_1, Section.S7_2, Section.S7_3, Section.S7_4, Section.S7_5,
                        Section.S8_6), false, 8.0, "512m", 1, null, dir.resolve("logs")));
        first = new Roster(grader, roster, gradebook, reports, 2, quiet()).run();
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    @Test
    void everySubmissionHasOneRowWithItsSectionScores() throws IOException {
        assertThat(first).isEqualTo(new Roster.Summary(13, 0, 0, 42));
        Map<String, Gradebook.Row> rows = Gradebook.read(gradebook);
        assertThat(rows.keySet()).containsExactly("avg-pool-wrong", "bias-forgotten", "compile-error", "hard-coded", "hard-coded-pool2d",
                "kernel-flipped", "misbehaving", "off-by-one", "pool-wrong-count", "residual-bn2-unused", "residual-no-1x1conv",
                "residual-stride-on-conv2", "sum-wrong-axis");
        Map<String, String> expected = new LinkedHashMap<>(Map.of(
                "off-by-one", "12 9 7 9 14 0 51", "kernel-flipped", "12 9 7 9 14 0 51", "bias-forgotten", "12 16 7 9 14 0 58",
                "pool-wrong-count", "12 18 7 9 10 0 56", "sum-wrong-axis", "12 18 7 6 14 0 57", "hard-coded", "12 9 7 9 14 0 51",
                "hard-coded-pool2d", "12 18 7 9 4 0 50", "avg-pool-wrong", "12 18 7 9 8 0 54", "compile-error", "12 0 7 9 14 0 42",
                "misbehaving", "7 18 7 9 14 0 55"));
        expected.put("residual-no-1x1conv", "12 18 7 9 14 10 70");
        expected.put("residual-bn2-unused", "12 18 7 9 14 10 70");
        expected.put("residual-stride-on-conv2", "12 18 7 9 14 13 73");
        expected.forEach((student, scores) -> {
            Gradebook.Row r = rows.get(student);
            String got = String.join(" ", r.sections().get(Section.S7_1), r.sections().get(Section.S7_2), r.sections().get(Section.S7_3),
                    r.sections().get(Section.S7_4), r.sections().get(Section.S7_5), r.sections().get(Section.S8_6), r.total());
            assertThat(got).as(student).isEqualTo(scores);
            assertThat(r.maxScore()).isEqualTo("75");
            assertThat(r.status()).isEqualTo("graded");
            assertThat(r.sections().get(Section.S7_6)).isEmpty();
        });
        assertThat(Files.readString(gradebook)).doesNotContain("\r");
    }

    @Test
    void anOffByOneOutputSizeFailsEveryCheckOfCorr2dWithBothShapes() throws IOException {
        Map<String, Line> r = report("off-by-one");
        assertLost(r, 9, CORR2D_CHECKS);
        assertThat(r.get("Conv2D.forward is corr2d(x, weight) + bias").mark()).isEqualTo("ok");
        assertThat(r.get("corr2d on the book's 3 x 3 example").feedback()).startsWith("expected shape torch.Size([2, 2]), got torch.Size([1, 1])\ncall: corr2d(X, K) with\n")
                .contains("X = tensor([[0., 1., 2.],", "(grader/golden/7.2-corr2d.txt:");
        assertThat(r.get("corr2d on the instructor's cases").feedback())
                .isEqualTo("case 1 of 3: wrong shape (a hidden case: its inputs and values are not shown)");
    }

    @Test
    void aFlippedKernelShowsTheFirstWrongElement() throws IOException {
        Map<String, Line> r = report("kernel-flipped");
        assertLost(r, 9, CORR2D_CHECKS);
        assertThat(r.get("corr2d on the book's 3 x 3 example").feedback()).startsWith("wrong values in 4 of 4 elements\n"
                + "first wrong element: [0, 0]: expected 19.0, got 5.0").contains("expected tensor([[19., 25.],", "got      tensor([[ 5., 11.],");
        assertThat(r.get("corr2d against conv2d on random inputs").feedback()).startsWith("case 1 of 10: wrong values")
                .contains("call: corr2d(X, K) with", "first wrong element");
    }

    @Test
    void aForgottenBiasLosesTheLayersCheckOnly() throws IOException {
        Map<String, Line> r = report("bias-forgotten");
        assertLost(r, 2, "Conv2D.forward is corr2d(x, weight) + bias");
        assertThat(r.get("Conv2D.forward is corr2d(x, weight) + bias").feedback()).contains("bias 0.5",
                "expected tensor([[ 0.5000,  1.5000,", "got      tensor([[ 0.,  1.,");
    }

    @Test
    void poolingThatDividesByTheWrongCountIsCaughtByTheRandomizedAndHiddenChecks() throws IOException {
        Map<String, Line> r = report("pool-wrong-count");
        assertLost(r, 4, "pool2d avg with padding and stride against AvgPool2d on random inputs", "pool2d on the instructor's cases");
        assertThat(r.get("pool2d avg with padding and stride against AvgPool2d on random inputs").feedback())
                .contains("wrong values in ", "first wrong element", "padding = [", "stride = [");
        assertThat(r.get("pool2d takes the maximum and the mean on the book's 3 x 3 example").mark()).isEqualTo("ok");
    }

    @Test
    void aWrongAverageCostsOnlyTheAverageChecksOfPool2dNotPool2dChannelsNorMaxPooling() throws IOException {
        Map<String, Line> r = report("avg-pool-wrong");
        assertLost(r, 6, "pool2d takes the maximum and the mean on the book's 3 x 3 example", "pool2d avg against AvgPool2d on random inputs",
                "pool2d avg with padding and stride against AvgPool2d on random inputs", "pool2d on the instructor's cases");
        assertThat(r.get("pool2dChannels against MaxPool2d and AvgPool2d on random batches").mark()).isEqualTo("ok");
        assertThat(r.get("pool2d with padding and stride gives the book's MaxPool2d outputs").mark()).isEqualTo("ok");
    }

    @Test
    void hardCodedPoolingScoresNothingForPool2dAndKeepsPool2dChannels() throws IOException {
        Map<String, Line> r = report("hard-coded-pool2d");
        assertLost(r, 10, "pool2d takes the maximum and the mean on the book's 3 x 3 example",
                "pool2d with padding and stride gives the book's MaxPool2d outputs", "pool2d max against MaxPool2d on random inputs",
                "pool2d avg against AvgPool2d on random inputs", "pool2d max with padding and stride against MaxPool2d on random inputs",
                "pool2d avg with padding and stride against AvgPool2d on random inputs", "pool2d on the instructor's cases");
        assertThat(r.get("pool2d takes the maximum and the mean on the book's 3 x 3 example").feedback())
                .startsWith("right on the book's example, but this check scores only when");
    }

    @Test
    void aResidualWithoutItsOneByOneConvolutionCostsOnlyResidualsChecks() throws IOException {
        Map<String, Line> r = report("residual-no-1x1conv");
        assertLost(r, 5, "Residual gives the book's two shapes", "Residual computes relu(bn2(conv2(relu(bn1(conv1(X))))) + X)",
                "Residual has the book's layers for random sizes");
        assertThat(r.get("b1 and block: the stem and the stages").mark()).isEqualTo("ok");
        assertThat(r.get("ResNet18 has the book's stages, layers and parameter shapes").mark()).isEqualTo("ok");
        assertThat(r.get("ResNet18's layer summary at 96 x 96").mark()).isEqualTo("ok");
    }

    @Test
    void aLayerRegisteredButNeverCalledIsNamed() throws IOException {
        Map<String, Line> r = report("residual-bn2-unused");
        assertLost(r, 5, "Residual gives the book's two shapes", "Residual computes relu(bn2(conv2(relu(bn1(conv1(X))))) + X)",
                "Residual has the book's layers for random sizes");
        assertThat(r.get("Residual computes relu(bn2(conv2(relu(bn1(conv1(X))))) + X)").feedback())
                .startsWith("new Residual(3): bn2 is registered but forward never calls it").doesNotContain("registerModule");
        assertThat(r.get("Residual has the book's layers for random sizes").feedback())
                .contains("bn2 is registered but forward never calls it (it is still a LazyBatchNorm2d").doesNotContain("expected");
        assertThat(r.get("ResNet18 has the book's stages, layers and parameter shapes").mark()).isEqualTo("ok");
    }

    @Test
    void aStrideOnTheWrongConvolutionIsNamedNotDumped() throws IOException {
        Map<String, Line> r = report("residual-stride-on-conv2");
        assertLost(r, 2, "Residual computes relu(bn2(conv2(relu(bn1(conv1(X))))) + X)");
        assertThat(r.get("Residual computes relu(bn2(conv2(relu(bn1(conv1(X))))) + X)").feedback()).isEqualTo("new Residual(5, true, 2)"
                + " on randn(2, 3, 6, 6), against the formula with its own parameters: the stride is applied by conv2 instead of conv1");
    }

    @Test
    void summingOverTheWrongAxisGivesWrongValuesAndShapes() throws IOException {
        Map<String, Line> r = report("sum-wrong-axis");
        assertLost(r, 3, "corr2dMultiIn gives the book's [[56, 72], [104, 120]]", "corr2dMultiIn against conv2d on random inputs");
        assertThat(r.get("corr2dMultiIn gives the book's [[56, 72], [104, 120]]").feedback())
                .contains("first wrong element: [0, 1]: expected 72.0, got 68.0", "note: [002] writes X and K with one more pair of brackets");
        assertThat(r.get("corr2dMultiIn against conv2d on random inputs").feedback()).contains("expected shape torch.Size([");
    }

    @Test
    void hardCodedBookOutputsScoreNothing() throws IOException {
        Map<String, Line> r = report("hard-coded");
        assertLost(r, 9, "corr2d on the book's 3 x 3 example", "corr2d against conv2d on random inputs",
                "gradients flow from corr2d's output to the kernel", "corr2d finds the book's vertical edges, and none when transposed",
                "the diagonal self-exercise's X and three outputs", "corr2d on the instructor's cases");
        assertThat(r.get("corr2d on the book's 3 x 3 example").feedback())
                .startsWith("right on the book's example, but this check scores only when \"corr2d against conv2d on random inputs\"");
    }

    @Test
    void aCompileErrorCostsOnlyItsOwnSectionNotTheSectionThatUsesIt() throws IOException {
        Map<String, Line> r = report("compile-error");
        assertThat(r.entrySet().stream().filter(e -> e.getValue().mark().equals("ERROR")).map(Map.Entry::getKey))
                .hasSize(13).contains("corr2d on the book's 3 x 3 example", "edgeKernel() is [[1, -1]]");
        assertThat(r.values().stream().filter(l -> l.mark().equals("ERROR"))).allSatisfy(l -> assertThat(l.feedback())
                .isEqualTo("Sec7_2.java does not compile, so this check cannot run: Sec7_2.java:150: error: ';' expected"));
        assertThat(r.get("corr2dMultiIn against conv2d on random inputs").mark()).as("7.4 calls 7.2's corr2d").isEqualTo("ok");
        assertThat(Files.readString(reports.resolve("compile-error.txt"))).contains("Files that do not compile",
                "        return tensor(\"[[1.0, -1.0]]\")\n");
    }

    @Test
    void anEndlessLoopAnExitAStackOverflowAThreadAndAMemoryHogEachCostOneCheck() throws IOException {
        Map<String, Line> r = report("misbehaving");
        assertLost(r, 5, "fullyConnectedWeights(1000, 1000) is 10^12", "denseWeights(10^6, 1000) is 10^9",
                "translationInvariantWeights(1000, 1000) is 1999^2, about 4 x 10^6", "localWeights(delta) is (2 delta + 1)^2",
                "fullyConnectedWeights(h, w, cIn, cOut) counts every channel");
        assertThat(r.get("fullyConnectedWeights(1000, 1000) is 10^12")).satisfies(l -> {
            assertThat(l.mark()).isEqualTo("TIME");
            assertThat(l.feedback()).matches("stopped after using 8\\.0 s of CPU time, the limit of this check .*");
        });
        assertThat(r.get("denseWeights(10^6, 1000) is 10^9")).satisfies(l -> {
            assertThat(l.mark()).isEqualTo("CRASH");
            assertThat(l.feedback()).matches("called System.exit at Sec7_1\\.java:\\d+ \\(in denseWeights\\).*");
        });
        assertThat(r.get("translationInvariantWeights(1000, 1000) is 1999^2, about 4 x 10^6").feedback())
                .matches("(?s)StackOverflowError\n  at Sec7_1\\.java:\\d+ \\(in translationInvariantWeights\\)");
        assertThat(r.get("localWeights(delta) is (2 delta + 1)^2").feedback())
                .matches("returned but left running \\d+ threads at Sec7_1\\.java:\\d+ \\(in a lambda in localWeights\\): .*");
        assertThat(r.get("fullyConnectedWeights(h, w, cIn, cOut) counts every channel").feedback())
                .matches("(?s)OutOfMemoryError: Java heap space\n  at Sec7_1\\.java:\\d+ \\(in fullyConnectedWeights\\)");
        assertThat(Files.readString(reports.resolve("misbehaving.txt"))).contains("the grading JVM was restarted 4 times");
    }

    @Test
    void aSecondRunResumesAndRegradesOnlyWhatChanged() throws Exception {
        Path copy = dir.resolve("resumed.csv");
        Files.copy(gradebook, copy);
        Roster.Summary again = new Roster(grader, roster, copy, dir.resolve("resumed-reports"), 2, quiet()).run();
        assertThat(again).isEqualTo(new Roster.Summary(0, 13, 0, 42));
        Path file = roster.resolve("bias-forgotten").resolve("Sec7_2.java");
        Files.writeString(file, Files.readString(file).replace("return corr2d(x, weight);", "return corr2d(x, weight).add(bias);"));
        Roster.Summary fixed = new Roster(grader, roster, copy, dir.resolve("resumed-reports"), 2, quiet()).run();
        assertThat(fixed).isEqualTo(new Roster.Summary(1, 12, 0, 42));
        assertThat(Gradebook.read(copy).get("bias-forgotten").total()).isEqualTo("60");
        assertThat(Gradebook.read(copy).get("off-by-one").total()).isEqualTo("51");
    }

    /** Exactly the named checks lost points, {@code points} in all (besides those of a file the submission leaves out, 8.6's). */
    private static void assertLost(Map<String, Line> report, int points, String... checks) {
        Map<String, Line> lost = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Line> e : report.entrySet()) {
            if (e.getValue().mark().equals("NOFILE")) {
                continue;
            }
            String[] p = e.getValue().points().split("/");
            double missing = Double.parseDouble(p[1]) - Double.parseDouble(p[0]);
            if (missing > 0) {
                lost.put(e.getKey(), e.getValue());
                total += missing;
            }
        }
        assertThat(lost.keySet()).containsExactlyInAnyOrder(checks);
        assertThat(total).isEqualTo(points);
    }

    /** The checks of a student's text report by name. */
    private static Map<String, Line> report(String student) throws IOException {
        return ReportLines.read(reports.resolve(student + ".txt"));
    }
}
