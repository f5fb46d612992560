package d2l.grader.sandbox;

import static d2l.grader.sandbox.Sandboxed.shell;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CPU time of a sandboxed process tree, and killing one. */
@Timeout(30)
class ProcessTreeTest {

    @RegisterExtension
    final Sandboxed.Workspace workspace = new Sandboxed.Workspace("process-tree-test");

    /**
     * A tree's CPU time counts its finished children (reaped: only in the parent's {@code cutime})
     * and its running ones. The finished child does a fixed amount of work, and the shell's own
     * {@code times} reports what it cost, so a busy machine changes nothing.
     */
    @Test
    void theCpuTimeOfATreeCountsReapedChildrenAndRunningOnes() throws Exception {
        Sandbox sandbox = Sandboxed.bubblewrap();
        String script = "sh -c 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done'\n"
                + "times\n"
                + "sh -c 'while :; do :; done' &\n"
                + "echo ready; read line";
        Process process = new ProcessBuilder(sandbox.wrap(Sandbox.Spec.of(shell(script), workspace.work()).withSlot(workspace.slot()))).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            out.readLine();
            double reaped = seconds(out.readLine());
            long reported = System.nanoTime();
            assertThat(out.readLine()).isEqualTo("ready");

            double seconds = ProcessTree.cpuSeconds(process.toHandle());
            double running = (System.nanoTime() - reported) / 1e9;

            assertThat(reaped).as("the finished child's CPU time, as the shell's times reports it").isGreaterThan(0.1);
            assertThat(seconds).as("at most the finished child's time and the wall time since").isBetween(reaped - 0.05,
                    reaped + running + 0.1);
            long deadline = System.nanoTime() + 20_000_000_000L;
            // CPU time comes in clock ticks (10 ms): wait for more than the bound, as the assertion asks
            while (ProcessTree.cpuSeconds(process.toHandle()) <= reaped + 0.2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(ProcessTree.cpuSeconds(process.toHandle())).as("the running loop counts too").isGreaterThan(reaped + 0.2);
        } finally {
            ProcessTree.kill(process.toHandle());
        }
    }

    /** The user and system time of a line of the shell's {@code times}, {@code 0m0.300000s 0m0.010000s}, in seconds. */
    private static double seconds(String times) {
        Matcher m = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s").matcher(times.strip());
        assertThat(m.matches()).as("a line of times: " + times).isTrue();
        return 60 * Integer.parseInt(m.group(1)) + Double.parseDouble(m.group(2)) + 60 * Integer.parseInt(m.group(3))
                + Double.parseDouble(m.group(4));
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
