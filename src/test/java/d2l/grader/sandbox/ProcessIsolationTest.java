package d2l.grader.sandbox;

import static d2l.grader.sandbox.Sandboxed.shell;
import static d2l.grader.sandbox.Sandboxed.sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What process isolation, the fallback without bubblewrap, still does, and the hole it leaves. */
@Timeout(30)
class ProcessIsolationTest {

    private final Sandbox sandbox = Sandbox.detect(SandboxMode.OFF);
    @RegisterExtension
    final Sandboxed.Workspace workspace = new Sandboxed.Workspace("process-isolation-test");

    @Test
    void theEnvironmentStillHoldsOnlyWhatTheSpecGives() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(sandbox.wrap(Sandbox.Spec.of(List.of("env"), workspace.work())
                .withEnvironment(Map.of("D2L_THREADS", "3")).withSlot(workspace.slot())));
        builder.environment().putAll(Sandboxed.hostSecret());

        Sandboxed.Result result = Sandboxed.run(builder, 10);

        assertThat(result.stdout().lines()).containsExactlyInAnyOrder(
                "HOME=" + workspace.work(), "PWD=" + workspace.work(), "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "D2L_THREADS=3");
    }

    @Test
    void aDaemonOutlivesItsCommandUntilKillLeftoversFindsItByItsUser() throws Exception {
        assumeTrue(sandbox.userId(32).isPresent(), "only a root grader gives each slot a user of its own");
        Sandboxed.Result result = Sandboxed.run(sandbox, Sandbox.Spec.of(
                shell("setsid sleep 300." + workspace.marker() + " > /dev/null 2>&1 < /dev/null & echo started"), workspace.work()).withSlot(workspace.slot()), 10);
        assertThat(result.stdout()).contains("started");
        assertThat(Sandboxed.awaitProcess(sleeper(workspace.marker(), 0), 5)).as("the daemon outlived the command").isNotEmpty();

        int killed = sandbox.killLeftovers(workspace.slot());

        assertThat(killed).isGreaterThanOrEqualTo(1);
        assertThat(ProcessTree.withCommandLine(sleeper(workspace.marker(), 0))).isEmpty();
    }
}
