package d2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code d2l.cmd}, the Windows launcher, read line by line (no {@code cmd.exe} or Wine runs here):
 * the line ends cmd needs, and the files, labels and class it names exist.
 */
class WindowsLauncherTest {

    private static final Path LAUNCHER = Path.of("d2l.cmd");

    @Test
    void everyLineEndsWithCrLf() throws IOException {
        String text = new String(Files.readAllBytes(LAUNCHER), StandardCharsets.US_ASCII);

        assertThat(text).endsWith("\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void runsTheJarBesideItElseTheBuildOfThisProject() throws IOException {
        List<String> lines = lines();

        assertThat(lines.get(0)).isEqualTo("@echo off");
        assertThat(lines).contains("if exist \"%~dp0d2l.jar\" goto jar", "java -jar \"%~dp0d2l.jar\" %*",
                "call \"%~dp0mvnw.cmd\" -q -DskipTests compile 1>&2",
                "java -cp \"%~dp0target\\classes;%classpath%\" d2l.cli.Main %*");
        assertThat(Path.of("mvnw.cmd")).isRegularFile();
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<outputFile>${project.build.directory}/classpath.txt</outputFile>");
        assertThat(Path.of("target/classes/" + Main.class.getName().replace('.', '/') + ".class")).isRegularFile();
    }

    @Test
    void pathsAreRelativeToTheLauncherAndEveryGotoHasItsLabel() throws IOException {
        List<String> labels = new ArrayList<>();
        List<String> gotos = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher("");
        for (String line : lines()) {
            if (line.startsWith(":")) {
                labels.add(line.substring(1));
            }
            Matcher g = Pattern.compile("\\bgoto (\\w+)").matcher(line);
            while (g.find()) {
                gotos.add(g.group(1));
            }
            quoted.reset(line);
            while (quoted.find()) {
                if (quoted.group(1).matches(".*(d2l\\.jar|mvnw\\.cmd|target\\\\.*)")) {
                    paths.add(quoted.group(1));
                }
            }
            assertThat(line.chars().filter(c -> c == '"').count() % 2).as(line).isZero();
        }
        assertThat(paths).hasSizeGreaterThanOrEqualTo(5).allMatch(p -> p.startsWith("%~dp0"));
        assertThat(labels).containsAll(gotos);
        assertThat(gotos).isNotEmpty();
    }

    private static List<String> lines() throws IOException {
        return List.of(Files.readString(LAUNCHER, StandardCharsets.US_ASCII).split("\r\n"));
    }
}
