package d2l.workbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./d2l jshell [WORKBOOK]}: the workbook's files become JShell snippets, so the book's cells
 * typed in Java print the book's outputs; edits are picked up by {@code /reload}.
 */
class ShellTest {

    // ------------------------------------------------------------------ the script of snippets

    @Test
    void membersBecomeTopLevelSnippetsWithoutTheirModifiers() {
        StringBuilder report = new StringBuilder();
        String script = Shell.snippets(Workbook.solutions(), report);

        assertThat(script).contains("\nTensor corr2d(Tensor X, Tensor K) {")
                .contains("\nclass Conv2D extends Module {")
                .contains("\nrecord KernelFit(List<Double> losses, Tensor kernel) {")
                .contains("\n<M extends Module> M applyInit(M net, Tensor sample) {")
                .doesNotContain("public static")
                .doesNotContain("Earlier.call"); // 7.4's stand-in for corr2d is left out: 7.2's own is loaded
        assertThat(report.toString()).contains("Workbook solutions/: loaded 7.1 7.2 7.3 7.4 7.5 7.6 8.2 8.6.");
    }

    @Test
    void overloadsThatCallEachOtherGoTogetherIntoOneClass() {
        String script = Shell.snippets(Workbook.solutions(), new StringBuilder());

        assertThat(script).contains("class pool2d$overloads {")
                .contains("Tensor pool2d(Tensor X, int[] poolSize, String mode) { return pool2d$overloads.pool2d(X, poolSize, mode); }")
                .contains("Tensor pool2d(Tensor X, int[] poolSize) { return pool2d$overloads.pool2d(X, poolSize); }");
    }

    @Test
    void withoutSection7_2TheStandInForCorr2dIsLoaded(@TempDir Path dir) throws IOException {
        Files.copy(Workbook.solutions().file(Section.S7_4), dir.resolve("Sec7_4.java"));

        StringBuilder report = new StringBuilder();
        String script = Shell.snippets(Workbook.at(dir), report);

        assertThat(script).contains("Earlier.call(\"7.2\", \"corr2d\", X, K)");
        assertThat(report.toString()).contains("loaded 7.4 (no file for 7.1 7.2 7.3 7.5 7.6 8.2 8.6)");
    }

    @Test
    void aFileWithASyntaxErrorIsSkippedAndSaysWhere(@TempDir Path dir) throws IOException {
        Files.copy(Workbook.solutions().file(Section.S7_5), dir.resolve("Sec7_5.java"));
        Files.writeString(dir.resolve("Sec7_3.java"), "import d2l.tensor.Tensor;\n\npublic class Sec7_3 {\n"
                + "    public static int outputSize(int n, int k, int p, int s) {\n        return (n - k + p + s) / s\n    }\n}\n");

        StringBuilder report = new StringBuilder();
        String script = Shell.snippets(Workbook.at(dir), report);

        assertThat(report.toString()).contains("Sec7_3.java has errors, so 7.3 is not loaded:")
                .contains("Sec7_3.java:5: error: ';' expected")
                .contains("loaded 7.5");
        assertThat(script).contains("pool2d").doesNotContain("outputSize");
    }

    // ------------------------------------------------------------------ sessions

    /** The cells of section 7.2 in Java, and what the book printed for them ([001] In [3] to In [10]). */
    @Test
    void solutionsReproduceTheSessionOf7_2() throws IOException {
        String cells = String.join("\n",
                "var X = tensor(\"[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]\")",
                "var K = tensor(\"[[0.0, 1.0], [2.0, 3.0]]\")",
                "corr2d(X, K)",
                "var conv = new Conv2D(1, 2)",
                "conv.bias()",
                "X = ones(6, 8)",
                "X.set(\":, 2:6\", 0)",
                "X",
                "K = tensor(\"[[1.0, -1.0]]\")",
                "var Y = corr2d(X, K)",
                "Y",
                "corr2d(X.t(), K)",
                "var conv2d = new LazyConv2d(1, new int[] {1, 2}).bias(false)",
                "X = X.reshape(1, 1, 6, 8)",
                "Y = Y.reshape(1, 1, 6, 7)",
                "var lr = 3e-2",
                // not a cell of the book: start from the kernel the book's run started from, so its numbers come out
                "noGrad(() -> { conv2d.forward(X); conv2d.weight().data().copy_(tensor(\"[[[[0.56348, 0.02126]]]]\")); })",
                "for (int i = 0; i < 10; i++) {",
                "    var Y_hat = conv2d.forward(X);",
                "    var l = Y_hat.sub(Y).pow(2);",
                "    conv2d.zeroGrad();",
                "    l.sum().backward();",
                "    // Update the kernel",
                "    conv2d.weight().data().sub_(conv2d.weight().grad().mul(lr));",
                "    if ((i + 1) % 2 == 0)",
                "        System.out.printf(\"epoch %d, loss %.3f%n\", i + 1, l.sum().item());",
                "}",
                "conv2d.weight().data().reshape(1, 2)",
                "/reset",
                "corr2d(tensor(\"[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]\"), tensor(\"[[0.0, 1.0], [2.0, 3.0]]\"))",
                "/exit", "");

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String out = session(Workbook.solutions().dir(), new ScriptedInput(output).type(cells), output);

        assertThat(out).contains("Workbook solutions/: loaded 7.1 7.2 7.3 7.4 7.5 7.6 8.2 8.6.");
        assertThat(out).doesNotContain("Error:").doesNotContain("Exception");
        // In [3]
        assertThat(out).contains("$3 ==> tensor([[19., 25.],\n        [37., 43.]])");
        // In [5]
        assertThat(out).contains("X ==> tensor([[1., 1., 0., 0., 0., 0., 1., 1.],\n"
                + "        [1., 1., 0., 0., 0., 0., 1., 1.],\n"
                + "        [1., 1., 0., 0., 0., 0., 1., 1.],\n"
                + "        [1., 1., 0., 0., 0., 0., 1., 1.],\n"
                + "        [1., 1., 0., 0., 0., 0., 1., 1.],\n"
                + "        [1., 1., 0., 0., 0., 0., 1., 1.]])");
        // In [7]
        assertThat(out).contains("Y ==> tensor([[ 0.,  1.,  0.,  0.,  0., -1.,  0.],\n"
                + "        [ 0.,  1.,  0.,  0.,  0., -1.,  0.],\n"
                + "        [ 0.,  1.,  0.,  0.,  0., -1.,  0.],\n"
                + "        [ 0.,  1.,  0.,  0.,  0., -1.,  0.],\n"
                + "        [ 0.,  1.,  0.,  0.,  0., -1.,  0.],\n"
                + "        [ 0.,  1.,  0.,  0.,  0., -1.,  0.]])");
        // In [8]
        assertThat(out).contains("==> tensor([[0., 0., 0., 0., 0.],\n" + "        [0., 0., 0., 0., 0.],\n".repeat(6)
                + "        [0., 0., 0., 0., 0.]])");
        // In [9]
        assertThat(out).contains("epoch 2, loss 5.894\nepoch 4, loss 1.783\nepoch 6, loss 0.624\nepoch 8, loss 0.238\n"
                + "epoch 10, loss 0.094\n");
        // In [10]
        assertThat(out).contains("==> tensor([[ 1.0230, -0.9602]])");
        // In [4]: the class is there, with its zero bias
        assertThat(out).contains("==> tensor([0.], requires_grad=True)");
        // after /reset the workbook is loaded again
        assertThat(out.substring(out.indexOf("/reset"))).contains("Workbook solutions/: loaded")
                .contains("$1 ==> tensor([[19., 25.],\n        [37., 43.]])");
    }

    @Test
    void anEditIsSeenAfterReloadAndStubsSayWhatIsMissing(@TempDir Path dir) throws IOException {
        for (Section s : List.of(Section.S7_2, Section.S7_4)) {
            Files.copy(Workbook.solutions().file(s), dir.resolve(s.fileName()));
        }
        Files.copy(Workbook.exercises().file(Section.S7_5), dir.resolve("Sec7_5.java"));
        Path file = dir.resolve("Sec7_2.java");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ScriptedInput input = new ScriptedInput(output)
                .type("corr2d(tensor(\"[[1.0, 2.0], [3.0, 4.0]]\"), tensor(\"[[1.0]]\"))\ncheck(\"7.5\")\n")
                .after("Score: 0/14", () -> edit(file, "return Y;", "return Y.mul(10);"), "/reload\n")
                .after("Restarting and restoring state", null, String.join("\n",
                        "corr2d(tensor(\"[[1.0, 2.0], [3.0, 4.0]]\"), tensor(\"[[1.0]]\"))",
                        "corr2dMultiIn(tensor(\"[[[1.0, 2.0], [3.0, 4.0]]]\"), tensor(\"[[[1.0]]]\"))",
                        "pool2d(tensor(\"[[1.0, 2.0], [3.0, 4.0]]\"), new int[] {2, 2}, \"max\")",
                        "check(\"7.2\")",
                        "/exit", ""));

        String out = session(dir, input, output);

        String afterReload = out.substring(out.indexOf("Restarting and restoring state"));
        assertThat(out.substring(0, out.indexOf("Restarting and restoring state"))).contains("==> tensor([[1., 2.],\n        [3., 4.]])");
        // corr2d as edited, and corr2dMultiIn (7.4) calling the edited corr2d: the student's own, as in the book
        assertThat(afterReload.split("==> tensor\\(\\[\\[10\\., 20\\.\\],\n        \\[30\\., 40\\.\\]\\]\\)", -1))
                .hasSize(3);
        assertThat(afterReload).contains("NotImplementedYet: not implemented yet: 7.5 pool2d, see exercises/Sec7_5.java");
        // the replay does not grade 7.5 again; the check typed after it grades 7.2
        assertThat(afterReload).contains("check(\"7.5\"): not graded again while /reload replays your history");
        assertThat(afterReload.split("Score: ", -1)).hasSize(2);
        // check("7.2") is the grader's verdict on the file as edited: the same checks as ./d2l grade --only 7.2
        assertThat(afterReload).containsPattern("FAIL +0/1 +corr2d on the book's 3 x 3 example")
                .contains("expected tensor([[19., 25.],").containsPattern("Score: \\d+/18").doesNotContain("GRADER");
    }

    private static void edit(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            assertThat(text).contains(from);
            Files.writeString(file, text.replace(from, to));
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 2000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String session(Path workbook, ScriptedInput input, ByteArrayOutputStream output) throws IOException {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        int code = Shell.run(new Shell.Options(workbook, List.of(), input, out, out, false));
        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        return text;
    }
}
