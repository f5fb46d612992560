package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes a student's file shows on its face, named next to a failing check. */
class SourceHintsTest {

    @Test
    void stringsComparedWithDoubleEqualsAreNamedWithTheirLineAndTheFix(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Sec7_5.java");
        Files.writeString(file, String.join("\n",
                "class Sec7_5 {",
                "    static boolean max(String mode) {",
                "        if (mode == \"max\") {",
                "            return true;",
                "        }",
                "        return false;",
                "    }",
                "    static boolean avg(String mode) {",
                "        return \"avg\" != mode; // and mode == \"x\" in a comment is not code",
                "    }",
                "    static boolean fine(String mode) {",
                "        return \"max\".equals(mode) && mode.length() == 3;",
                "    }",
                "}"));

        assertThat(SourceHints.of(file, "Sec7_5.java")).containsExactly(
                "hint: Sec7_5.java:3 compares strings with == (mode == \"max\"): == compares references, and a string the grader"
                        + " passes is another object with the same letters; write \"max\".equals(mode)",
                "hint: Sec7_5.java:9 compares strings with != (\"avg\" != mode): == compares references, and a string the grader"
                        + " passes is another object with the same letters; write !\"avg\".equals(mode)");
    }

    @Test
    void aFileWithoutThemHasNoHints(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Sec7_2.java");
        Files.writeString(file, "class Sec7_2 { boolean b(int x) { return x == 2 && \"a\".equals(\"b == \\\"c\"); } }");
        assertThat(SourceHints.of(file, "Sec7_2.java")).isEmpty();
        assertThat(SourceHints.of(dir.resolve("missing.java"), "missing.java")).isEmpty();
    }
}
