package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.tensor.Size;
import d2l.tensor.Tensor;
import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The case files: the format instructors write hidden cases in, and the golden files' provenance. */
class CaseFileTest {

    @Test
    void readsAHeaderAndCasesWithMultiLineValues() {
        GraderCheck c = CaseFile.parse("""
                # comment
                check: corr2d on a case
                section: 7.2
                source: 001_8174f7e01dfee399.txt, In [3]
                tolerance: 1e-3

                case: first
                X = tensor([[0.0, 1.0],
                        [2.0, 3.0]])
                call: corr2d(X, tensor([[1.0]]))
                expected: tensor([[0., 1.],
                        [2., 3.]])

                case: second
                X = torch.randn(2, 3)
                call: X.shape()
                expected: torch.Size([2, 3])
                seed: 4
                printed:
                    one   line
                """, "f.txt", CheckKind.GOLDEN);
        assertThat(c.section()).isEqualTo(Section.S7_2);
        assertThat(c.name()).isEqualTo("corr2d on a case");
        assertThat(c.cases()).hasSize(2);
        Case first = c.cases().get(0);
        assertThat(first.inputs()).containsOnlyKeys("X");
        assertThat(first.tolerance()).isEqualTo(1e-3);
        assertThat(((Tensor) first.expected().value()).shape()).isEqualTo(Size.of(2, 2));
        assertThat(first.where()).isEqualTo("f.txt:7");
        Case second = c.cases().get(1);
        assertThat(second.seed()).isEqualTo(4L);
        assertThat(second.expected().value()).isEqualTo(Size.of(2, 3));
        assertThat(Expected.normalized(second.expected().printed())).isEqualTo("one line\n");
        assertThat(second.expected().wantsValues()).isFalse();
    }

    @Test
    void mistakesNameTheFileAndLine() {
        String head = "check: c\nsection: 7.2\n";
        assertThatThrownBy(() -> CaseFile.parse(head + "case: a\nexpected: 1\n", "f.txt", CheckKind.HIDDEN))
                .hasMessage("f.txt:3: the case has no 'call:'");
        assertThatThrownBy(() -> CaseFile.parse(head + "case: a\ncall: f(\nexpected: 1\n", "f.txt", CheckKind.HIDDEN))
                .hasMessageStartingWith("f.txt:4: expected a value at character 3 of: f(");
        assertThatThrownBy(() -> CaseFile.parse(head + "case: a\ncall: f()\nexpected: tensor([[1, 2], [3]])\n", "f.txt",
                CheckKind.HIDDEN)).hasMessageStartingWith("f.txt:5: tensor(");
        assertThatThrownBy(() -> CaseFile.parse(head + "case: a\ncall: f()\n", "f.txt", CheckKind.HIDDEN))
                .hasMessage("f.txt:3: the case expects nothing: give 'expected:', 'expected text:' or 'printed:'");
        assertThatThrownBy(() -> CaseFile.parse(head + "case: a\ncall: f()\nexpected: 1\n", "f.txt", CheckKind.GOLDEN))
                .hasMessage("f.txt:1: a golden file must say where its values come from: 'source: <document>, <passage>'");
        assertThatThrownBy(() -> CaseFile.parse(head + "colour: red\n", "f.txt", CheckKind.HIDDEN))
                .hasMessage("f.txt:3: the header has no field 'colour' (start the cases with 'case:')");
        assertThatThrownBy(() -> CaseFile.parse("section: 7.2\ncase: a\ncall: f()\nexpected: 1\n", "f.txt", CheckKind.HIDDEN))
                .hasMessage("f.txt:1: the header has no 'check:'");
    }

    @Test
    void everyGoldenFileCitesADocumentOfTheBookAndNotesWhereItsPrintDiffers() throws IOException {
        Path golden = Workbook.projectRoot().resolve("grader/golden");
        Path book = Workbook.projectRoot().resolve("../shared/book");
        List<Path> files;
        try (Stream<Path> s = Files.list(golden)) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(19);
        for (Path f : files) {
            GraderCheck c = CaseFile.read(f, f.getFileName().toString(), CheckKind.GOLDEN);
            assertThat(c.source()).as(f.toString()).containsPattern("00[012]_[0-9a-f]{16}\\.txt");
            if (Files.isDirectory(book)) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("00[012]_[0-9a-f]{16}\\.txt").matcher(c.source());
                while (m.find()) {
                    assertThat(book.resolve(m.group())).as(f + " cites " + m.group()).isRegularFile();
                }
            }
        }
        assertThat(Files.readString(golden.resolve("7.5-pool-padding-stride.txt"))).contains("bracket typo");
        assertThat(Files.readString(golden.resolve("7.5-pool-channels.txt"))).contains("without the brackets");
        assertThat(Files.readString(golden.resolve("7.4-multi-in.txt"))).contains("one more pair of brackets");
    }
}
