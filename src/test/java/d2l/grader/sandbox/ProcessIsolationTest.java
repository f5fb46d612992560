package d2l.grader.sandbox;

import static d2l.grader.sandbox.Sandboxed.shell;
import static d2l.grader.sandbox.Sandboxed.sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What process isolation, the fallback without bubblewrap, still does, and the hole it leaves. */
@Timeout(30)
class ProcessIsolationTest {

    private final Sandbox sandbox = Sandbox.detect(SandboxMode.OFF);
    private final String marker = Sandboxed.marker();
    private Path scratch;
    private Path work;

    @BeforeEach
    void makeWorkDirectory() throws IOException {
        scratch = GradingTemp.create("process-isolation-test");
        work = scratch.resolve("work");
        Sandbox.prepareWorkDir(work);
    }

    @AfterEach
    void cleanUp() throws IOException {
        Sandboxed.killMarked(marker);
        GradingTemp.delete(scratch);
    }

    @Test
    void theEnvironmentStillHoldsOnlyWhatTheSpecGives() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(sandbox.wrap(Sandbox.Spec.of(List.of("env"), work)
                .withEnvironment(Map.of("D2L_THREADS", "3")).withSlot(31)));
        builder.environment().putAll(Sandboxed.hostSecret());

        Sandboxed.Result result = Sandboxed.run(builder, 10);

        assertThat(result.stdout().lines()).containsExactlyInAnyOrder(
                "HOME=" + work, "PWD=" + work, "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "D2L_THREADS=3");
    }

    @Test
    void aDaemonOutlivesItsCommandUntilKillLeftoversFindsItByItsUser() throws Exception {
        assumeTrue(sandbox.userId(32).isPresent(), "only a root grader gives each slot a user of its own");
        Sandboxed.Result result = Sandboxed.run(sandbox, Sandbox.Spec.of(
                shell("setsid sleep 300." + marker + " > /dev/null 2>&1 < /dev/null & echo started"), work).withSlot(32), 10);
        assertThat(result.stdout()).contains("started");
        assertThat(Sandboxed.awaitProcess(sleeper(marker, 0), 5)).as("the daemon outlived the command").isNotEmpty();

        int killed = sandbox.killLeftovers(32);

        assertThat(killed).isGreaterThanOrEqualTo(1);
        assertThat(ProcessTree.withCommandLine(sleeper(marker, 0))).isEmpty();
    }
}
