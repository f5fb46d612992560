package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.grader.sandbox.GradingTemp;
import d2l.grader.sandbox.ProcessTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing outlives the grader: a grader stopped with SIGTERM, SIGINT (Ctrl-C) or SIGKILL while a
 * submission burns CPU (hostile/cpu-burner) leaves no process of the submission running; after
 * SIGTERM and SIGINT its scratch directory is gone too, and after SIGKILL, which runs no cleanup,
 * the next grader removes it.
 */
class GraderStopsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT", "KILL"})
    void aStoppedGraderLeavesNothingBehind(String signal) throws Exception {
        Path burner = HostileFixtures.build("cpu-burner", dir.resolve("cpu-burner"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process grader = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "d2l.cli.Main", "grade", burner.toString(), "--only", "7.1",
                "--no-training", "--timeout", "60").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<Long> sandboxed = runnerTree(grader.toHandle());
            assertThat(sandboxed).as("the grader started a runner").isNotEmpty();
            assertThat(scratchOf(grader.pid())).isNotEmpty();

            new ProcessBuilder("kill", "-" + signal, Long.toString(grader.pid())).start().waitFor();
            assertThat(grader.waitFor(30, TimeUnit.SECONDS)).as("the grader ends").isTrue();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ProcessTree.anyAlive(sandboxed.stream().mapToLong(Long::longValue).toArray()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(ProcessTree.anyAlive(sandboxed.stream().mapToLong(Long::longValue).toArray()))
                    .as("a process of the sandbox outlives the grader").isFalse();
            if (!signal.equals("KILL")) {
                assertThat(scratchOf(grader.pid())).as("scratch directories left").isEmpty();
            }
            GradingTemp.removeStale();
            assertThat(scratchOf(grader.pid())).as("scratch directories left after the next grader's cleanup").isEmpty();
        } finally {
            ProcessTree.kill(grader.toHandle());
        }
    }

    /** The grader's descendants, once one of them is the runner JVM and has been running a check for a second. */
    private static List<Long> runnerTree(ProcessHandle grader) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> tree = grader.descendants().toList();
            if (tree.stream().anyMatch(p -> p.info().commandLine().orElse("").contains("d2l.grader.runner.Runner"))) {
                Thread.sleep(1000);
                return grader.descendants().map(ProcessHandle::pid).toList();
            }
            Thread.sleep(100);
        }
        return List.of();
    }

    private static List<Path> scratchOf(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("d2l-grade-" + pid + "-")).toList();
        }
    }
}
