package d2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.grader.BundledFiles;
import d2l.grader.Rubric;
import d2l.grader.Visibility;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code d2l.jar}, made by {@link RuntimeJar} from this working copy, run with {@code java -jar} in a
 * folder that holds only the jar and a workbook, as a student without Maven or bash would.
 */
class RuntimeJarTest {

    @TempDir
    static Path folder;

    static Path jar;

    /** What a run printed, and its exit code. */
    record Run(int code, String out, String err) {}

    @BeforeAll
    static void writeTheJar() throws IOException {
        jar = RuntimeJar.write(folder.resolve("d2l.jar")).file();
        Files.createDirectories(folder.resolve("solutions"));
        for (String file : List.of("Sec7_1.java", "Sec7_2.java")) {
            Files.copy(Path.of("solutions", file), folder.resolve("solutions").resolve(file));
        }
    }

    @Test
    void gradesTheSolutionsWithTheGraderItCarries() throws Exception {
        Run run = javaJar(folder, "", "grade", "solutions", "--only", "7.1", "--no-training");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("7.1 From Fully Connected Layers to Convolutions: 12/12").endsWith("Score: 12/12\n");
        assertThat(run.err()).contains("grader: d2l.jar!/grader/ (the visible checks the jar carries")
                .doesNotContain("WARNING: Using incubator modules");
    }

    @Test
    void startsItselfAgainWithTheVectorModuleAndWithoutItsWarning() throws Exception {
        Run run = javaJar(folder, "", "--version");

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("d2l " + Main.version() + " (Java ");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jshellLoadsTheWorkbookFromStandardInput() throws Exception {
        Run run = javaJar(folder, "corr2d(tensor(\"[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]\"), tensor(\"[[0.0, 1.0], [2.0, 3.0]]\"))\n"
                + "/exit\n", "jshell", "solutions");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Workbook solutions/: loaded 7.1 7.2").contains("$1 ==> tensor([[19., 25.],");
    }

    /** A student's folder without 7.2 done and without solutions/: 7.4's call of corr2d takes the jar's stand-in. */
    @Test
    void jshellWithoutSolutionsTakesEarlierSectionsFromTheJarsStandIns() throws Exception {
        Path student = Files.createDirectories(folder.resolve("student/exercises"));
        Files.copy(Path.of("solutions/Sec7_4.java"), student.resolve("Sec7_4.java"));

        Run run = javaJar(student.getParent(), "corr2dMultiIn(tensor(\"[[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]], "
                + "[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]\"), tensor(\"[[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]]\"))\n"
                + "/exit\n", "jshell");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Workbook exercises/: loaded 7.4").contains("$1 ==> tensor([[ 56.,  72.],");
        assertThat(run.out() + run.err()).contains("uses the reference corr2d from");
    }

    @Test
    void carriesTheVisibleGraderAndTheStubsButNoAnswers() throws IOException {
        List<String> names = new ArrayList<>();
        String rubric;
        try (JarFile f = new JarFile(jar.toFile())) {
            f.stream().map(JarEntry::getName).forEach(names::add);
            rubric = new String(f.getInputStream(f.getEntry(BundledFiles.PREFIX + "grader/rubric.csv")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(f.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
        }

        assertThat(names).contains("d2l/cli/Main.class", "picocli/CommandLine.class", BundledFiles.INDEX,
                BundledFiles.PREFIX + "grader/golden/7.2-corr2d.txt", BundledFiles.PREFIX + "grader/standins/Sec7_2.java",
                BundledFiles.PREFIX + "exercises/Sec7_2.java");
        assertThat(names).noneMatch(n -> n.contains("solutions/") || n.contains("grader/hidden") || n.endsWith(".SF"));
        assertThat(names).doesNotHaveDuplicates();
        assertThat(Rubric.parse(rubric, "rubric.csv").entries()).isNotEmpty().noneMatch(e -> e.visibility() == Visibility.HIDDEN);
    }

    /** Runs {@code java -jar d2l.jar ARGS} in {@code dir} with the test's own {@code java}, feeding it {@code input}. */
    private static Run javaJar(Path dir, String input, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path in = Files.writeString(Files.createTempFile(folder, "in", ".txt"), input);
        Path out = Files.createTempFile(folder, "out", ".txt");
        Path err = Files.createTempFile(folder, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("D2L_JAVA_OPTS");
        Process p = builder.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("java -jar d2l.jar " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
