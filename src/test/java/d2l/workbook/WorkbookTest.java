package d2l.workbook;

import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a workbook: each file compiled on its own, so one broken section never stops another. */
class WorkbookTest {

    private static final Tensor X = tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]");
    private static final Tensor K = tensor("[[0.0, 1.0], [2.0, 3.0]]");

    private static void copy(Section section, Workbook from, Path dir) throws IOException {
        Files.copy(from.file(section), dir.resolve(section.fileName()));
    }

    @Test
    void sectionsAreNamedAsTheBookNumbersThem() {
        assertThat(Section.of("7.2")).isEqualTo(Section.S7_2);
        assertThat(Section.of("Sec8_6.java")).isEqualTo(Section.S8_6);
        assertThat(Section.of("sec7_4")).isEqualTo(Section.S7_4);
        assertThat(Section.S7_2.fileName()).isEqualTo("Sec7_2.java");
        assertThatThrownBy(() -> Section.of("7.7")).hasMessage("no section 7.7 in the workbook; there are 7.1, 7.2, 7.3, 7.4,"
                + " 7.5, 7.6, 8.2, 8.6");
    }

    @Test
    void aCompileErrorNamesTheFileAndLineAndOtherSectionsStillWork(@TempDir Path dir) throws IOException {
        copy(Section.S7_5, Workbook.solutions(), dir);
        Files.writeString(dir.resolve("Sec7_2.java"), String.join("\n",
                "import d2l.tensor.Tensor;",
                "",
                "public class Sec7_2 {",
                "    public static Tensor corr2d(Tensor X, Tensor K) {",
                "        return X.mul(Kernel);",
                "    }",
                "}", ""));
        Workbook w = Workbook.at(dir);

        Compilation broken = w.compile(Section.S7_2);
        assertThat(broken.compiled()).isFalse();
        assertThat(broken.errors()).singleElement().asString()
                .startsWith(dir.resolve("Sec7_2.java") + ":5: error: cannot find symbol")
                .contains("        return X.mul(Kernel);\n                     ^");
        assertThatThrownBy(() -> w.load(Section.S7_2)).isInstanceOf(WorkbookException.class)
                .hasMessageContaining("Sec7_2.java does not compile");

        Checks.Report report = Checks.run(w, List.of(Section.S7_2, Section.S7_5));
        assertThat(report.results()).filteredOn(r -> r.check().section() == Section.S7_2)
                .allMatch(r -> r.status() == Checks.Status.ERROR);
        assertThat(report.results()).filteredOn(r -> r.check().section() == Section.S7_5)
                .allMatch(r -> r.status() == Checks.Status.PASS);
    }

    @Test
    void aPackageLineOrAMissingClassIsExplained(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Sec7_1.java"), "package mine;\npublic class Sec7_1 {}\n");
        Files.writeString(dir.resolve("Sec7_3.java"), "public class Padding {}\n");
        Workbook w = Workbook.at(dir);

        assertThat(w.compile(Section.S7_1).errors()).anyMatch(e -> e.contains("remove the line 'package mine;'"));
        assertThat(w.compile(Section.S7_3).errors()).anyMatch(e -> e.contains("must declare the class Sec7_3"));
        assertThat(w.compile(Section.S7_4).errors()).containsExactly(dir.resolve("Sec7_4.java") + ": no such file");
    }

    @Test
    void anEditedFileIsCompiledAgain(@TempDir Path dir) throws IOException {
        copy(Section.S7_2, Workbook.solutions(), dir);
        Workbook w = Workbook.at(dir);
        assertThat(w.load(Section.S7_2).call("corr2d", X, K).toString()).isEqualTo("tensor([[19., 25.],\n        [37., 43.]])");

        Path file = dir.resolve("Sec7_2.java");
        Files.writeString(file, Files.readString(file).replace("return Y;", "return Y.add(1);"));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));

        assertThat(w.load(Section.S7_2).call("corr2d", X, K).toString()).isEqualTo("tensor([[20., 26.],\n        [38., 44.]])");
    }

    @Test
    void section7_4UsesTheStudentsOwnCorr2d(@TempDir Path dir) throws IOException {
        copy(Section.S7_4, Workbook.solutions(), dir);
        Path file = dir.resolve("Sec7_2.java");
        Files.copy(Workbook.solutions().file(Section.S7_2), file);
        Files.writeString(file, Files.readString(file).replace("return Y;", "return Y.mul(100);"));

        Object Y = Workbook.at(dir).load(Section.S7_4).call("corr2dMultiIn", tensor("[[[1.0, 2.0]]]"), tensor("[[[1.0]]]"));

        assertThat(Y.toString()).isEqualTo("tensor([[100., 200.]])");
    }

    @Test
    void section7_4FallsBackOnTheReferenceCorr2dWithANote(@TempDir Path dir) throws IOException {
        copy(Section.S7_4, Workbook.solutions(), dir);
        copy(Section.S7_2, Workbook.exercises(), dir); // the stub: corr2d is not implemented yet
        Workbook w = Workbook.at(dir);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Checks.Report report;
        try {
            report = Checks.run(w, List.of(Section.S7_4));
        } finally {
            System.setErr(saved);
        }

        assertThat(report.allPassed()).as(report.toString()).isTrue();
        assertThat(err.toString(StandardCharsets.UTF_8)).containsOnlyOnce("note: " + dir.resolve("Sec7_2.java")
                + ": corr2d is not implemented yet, so 7.4 uses the reference corr2d from solutions/Sec7_2.java");
    }

    @Test
    void section7_4WorksWhen7_2DoesNotCompile(@TempDir Path dir) throws IOException {
        copy(Section.S7_4, Workbook.solutions(), dir);
        Files.writeString(dir.resolve("Sec7_2.java"), "public class Sec7_2 { oops }\n");

        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Object Y = Workbook.at(dir).load(Section.S7_4).call("corr2dMultiIn", tensor("[[[1.0, 2.0]]]"), tensor("[[[3.0]]]"));
            assertThat(Y.toString()).isEqualTo("tensor([[3., 6.]])");
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Sec7_2.java: does not compile, so 7.4 uses the reference corr2d");
    }

    @Test
    void aClassOfTheSameNameOnTheClassPathNeverReplacesTheFile(@TempDir Path dir) throws Exception {
        // Maven compiles exercises/ into target/test-classes (an IDE source root), so the stub Sec7_2 is on the
        // class path of these tests; the workbook's class must be the one compiled from its file
        copy(Section.S7_2, Workbook.solutions(), dir);
        LoadedSection loaded = Workbook.at(dir).load(Section.S7_2);

        assertThat(loaded.type().getClassLoader()).isInstanceOf(SectionClassLoader.class);
        assertThat(loaded.call("corr2d", X, K).toString()).startsWith("tensor([[19., 25.]");
        assertThat(Workbook.runtimeClassPath()).noneMatch(f -> f.isDirectory() && f.getPath().endsWith("test-classes"));
        assertThat(Workbook.runtimeClassPath()).anyMatch(f -> f.getPath().endsWith("classes") || f.getPath().endsWith(".jar"));
    }

    @Test
    void callsExplainAMissingOrMismatchedFunction() throws Exception {
        LoadedSection s = Workbook.solutions().load(Section.S7_2);

        assertThatThrownBy(() -> s.call("corr3d", X, K)).hasMessage("solutions/Sec7_2.java has no static method corr3d(Tensor,"
                + " Tensor), which 7.2 asks for");
        assertThatThrownBy(() -> s.call("corr2d", X)).hasMessage("solutions/Sec7_2.java: corr2d does not take (Tensor); it is"
                + " declared as corr2d(Tensor, Tensor)");
        assertThat(s.construct("Conv2D", 1, 2)).isNotNull(); // varargs packed
        assertThat(new File(Workbook.projectRoot().toFile(), "pom.xml")).exists();
    }
}
