package d2l.grader.sandbox;

import static d2l.grader.sandbox.Sandboxed.shell;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CPU time of a sandboxed process tree, and killing one. */
@Timeout(30)
class ProcessTreeTest {

    @RegisterExtension
    final Sandboxed.Workspace workspace = new Sandboxed.Workspace("process-tree-test");

    @Test
    void aSecondOfBusyLoopsCountsAboutOneSecondReapedOrNot() throws Exception {
        Sandbox sandbox = Sandboxed.bubblewrap();
        String script = "timeout 0.5 sh -c 'while :; do :; done'\n"
                + "sh -c 'while :; do :; done' &\n"
                + "echo ready; read line";
        Process process = new ProcessBuilder(sandbox.wrap(Sandbox.Spec.of(shell(script), workspace.work()).withSlot(workspace.slot()))).start();
        try {
            awaitLine(process, "ready");
            Thread.sleep(500);

            double seconds = ProcessTree.cpuSeconds(process.toHandle());

            assertThat(seconds).isBetween(0.7, 3.0);
        } finally {
            ProcessTree.kill(process.toHandle());
        }
    }

    @Test
    void aSleepingTreeCountsAlmostNothing() throws Exception {
        Sandbox sandbox = Sandboxed.bubblewrap();
        Process process = new ProcessBuilder(sandbox.wrap(
                Sandbox.Spec.of(shell("sleep 1; echo slept; read line"), workspace.work()).withSlot(workspace.slot()))).start();
        try {
            awaitLine(process, "slept");

            double seconds = ProcessTree.cpuSeconds(process.toHandle());

            assertThat(seconds).isLessThan(0.3);
        } finally {
            ProcessTree.kill(process.toHandle());
        }
    }

    @Test
    void killTakesTheWholeTree() throws Exception {
        Process process = new ProcessBuilder(
                shell("sleep 300." + workspace.marker() + " & sh -c 'sleep 301." + workspace.marker() + "; true' & wait")).start();
        List<Long> sleepers = new ArrayList<>(Sandboxed.awaitProcess(Sandboxed.sleeper(workspace.marker(), 0), 5));
        sleepers.addAll(Sandboxed.awaitProcess(Sandboxed.sleeper(workspace.marker(), 1), 5));
        List<Long> shells = process.descendants().map(ProcessHandle::pid).filter(pid -> !sleepers.contains(pid)).toList();

        ProcessTree.kill(process.toHandle());

        assertThat(process.waitFor(1, TimeUnit.SECONDS)).isTrue();
        assertThat(sleepers).hasSize(2);
        assertThat(shells).hasSize(1);
        assertThat(ProcessTree.anyAlive(sleepers.get(0), sleepers.get(1), shells.get(0))).isFalse();
    }

    @Test
    void aLiveProcessIsAliveAndAFinishedOneIsNot() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();

        assertThat(ProcessTree.anyAlive(ProcessHandle.current().pid())).isTrue();
        assertThat(ProcessTree.anyAlive(finished.pid())).isFalse();
    }

    private static void awaitLine(Process process, String expected) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new AssertionError("the process ended before printing " + expected);
    }
}
