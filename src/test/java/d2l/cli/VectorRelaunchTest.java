package d2l.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of the JVM that {@code java -jar d2l.jar} starts with the Vector API. */
class VectorRelaunchTest {

    @Test
    void sameJavaTheModuleTheOptionsThatMatterThisClassPathAndTheArguments() {
        List<String> command = VectorRelaunch.command(Main.class.getName(), new String[] {"grade", "my workbook"});

        assertThat(command.get(0)).isEqualTo(ProcessHandle.current().info().command().orElseThrow());
        assertThat(command.get(1)).isEqualTo("--add-modules=jdk.incubator.vector");
        assertThat(command).contains("-Xss8m") // surefire's argLine
                .containsOnlyOnce("--add-modules=jdk.incubator.vector")
                .endsWith("-cp", System.getProperty("java.class.path"), Main.class.getName(), "grade", "my workbook");
    }

    @Test
    void theParallelCollectorUnlessTheOptionsChooseOne() {
        assertThat(VectorRelaunch.withDefaultCollector(List.of("-Xmx2g")))
                .containsExactly("-XX:+UseParallelGC", "-Xmx2g");
        assertThat(VectorRelaunch.withDefaultCollector(List.of("-Xmx2g", "-XX:+UseG1GC")))
                .containsExactly("-Xmx2g", "-XX:+UseG1GC");
        assertThat(VectorRelaunch.withDefaultCollector(List.of("-XX:+UseZGC"))).containsExactly("-XX:+UseZGC");
    }
}
