package d2l.grader.sandbox;

import static d2l.grader.sandbox.Sandboxed.awaitNoProcess;
import static d2l.grader.sandbox.Sandboxed.awaitProcess;
import static d2l.grader.sandbox.Sandboxed.run;
import static d2l.grader.sandbox.Sandboxed.shell;
import static d2l.grader.sandbox.Sandboxed.sleeper;
import static org.assertj.core.api.Assertions.assertThat;

import d2l.grader.sandbox.Sandboxed.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a submission cannot do inside the bubblewrap sandbox, each shown by trying it. */
@Timeout(30)
class SandboxTest {

    @RegisterExtension
    final Sandboxed.Workspace workspace = new Sandboxed.Workspace("sandbox-test");

    @Test
    void aForkLoopStopsAtTheProcessLimit() throws Exception {
        Sandbox sandbox = Sandboxed.bubblewrap();
        Sandbox.Spec spec = Sandbox.Spec.of(
                shell("i=0; while true; do sleep 300." + workspace.marker() + " & i=$((i+1)); echo $i; done"), workspace.work())
                .withLimits(Limits.defaults().withProcesses(20)).withSlot(workspace.slot());

        Result result = run(sandbox, spec, 10);

        List<String> started = result.stdout().lines().toList();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("fork");
        assertThat(started).isNotEmpty();
        assertThat(Integer.parseInt(started.get(started.size() - 1))).isBetween(5, 20);
        assertThat(result.seconds()).isLessThan(5);
        assertThat(awaitNoProcess(sleeper(workspace.marker(), 0), 3)).as("the sleepers die with the sandbox").isTrue();
    }

    @Test
    void thereIsNoNetworkNotEvenToTheGradersOwnPorts() throws Exception {
        Sandbox sandbox = Sandboxed.bubblewrap();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            List<String> connect = List.of("/bin/bash", "-c",
                    "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo connected");

            Result outside = run(Sandbox.detect(SandboxMode.OFF), Sandbox.Spec.of(connect, workspace.work()).withSlot(workspace.slot()), 10);
            Result inside = run(sandbox, Sandbox.Spec.of(connect, workspace.work()).withSlot(workspace.slot()), 10);

            assertThat(outside.stdout()).as("the same command without the sandbox").contains("connected");
            assertThat(inside.exitCode()).isNotZero();
            assertThat(inside.stdout()).doesNotContain("connected");
            assertThat(inside.stderr()).containsAnyOf("Network is unreachable", "Connection refused");
        }
    }

    @Test
    void onlyTheWorkDirectoryIsWritableAndTheHostsFilesAreNotThere() throws Exception {
        Sandbox sandbox = Sandboxed.bubblewrap();
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path secret = target.resolve("sandbox-secret-" + workspace.marker() + ".txt");
        Path escape = target.resolve("sandbox-escape-" + workspace.marker() + ".txt");
        Files.writeString(secret, "the instructor's answers");
        try {
            String script = "cat " + secret + "; echo read=$?\n"
                    + "echo x > " + escape + "; echo outside=$?\n"
                    + "echo x > /usr/escape; echo usr=$?\n"
                    + "cat /etc/shadow; echo shadow=$?\n"
                    + "echo written > written.txt; echo inside=$?\n";

            Result result = run(sandbox, Sandbox.Spec.of(shell(script), workspace.work()).withSlot(workspace.slot()), 10);

            assertThat(result.stdout()).doesNotContain("the instructor's answers")
                    .contains("read=1", "outside=2", "usr=2", "shadow=1", "inside=0");
            assertThat(escape).doesNotExist();
            assertThat(Path.of("/usr/escape")).doesNotExist();
            assertThat(workspace.work().resolve("written.txt")).hasContent("written");
        } finally {
            Files.deleteIfExists(secret);
            Files.deleteIfExists(escape);
        }
    }

    @Test
    void aDaemonDiesWhenTheSandboxedCommandEnds() throws Exception {
        Sandbox sandbox = Sandboxed.bubblewrap();
        List<String> command = sandbox.wrap(Sandbox.Spec.of(
                shell("setsid sleep 300." + workspace.marker() + " > /dev/null 2>&1 & read line"), workspace.work()).withSlot(workspace.slot()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();

        assertThat(awaitProcess(sleeper(workspace.marker(), 0), 5)).as("the daemon started").isNotEmpty();
        process.getOutputStream().close();

        assertThat(process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(awaitNoProcess(sleeper(workspace.marker(), 0), 3)).as("the daemon is gone").isTrue();
    }

    @Test
    void theSandboxDiesWithTheProcessThatStartedIt() throws Exception {
        Sandbox sandbox = Sandboxed.bubblewrap();
        List<String> sleeper = sandbox.wrap(Sandbox.Spec.of(sleeper(workspace.marker(), 0), workspace.work()).withSlot(workspace.slot()));
        Process parent = new ProcessBuilder("/bin/sh", "-c", Sandboxed.quoted(sleeper) + "; echo the shell outlived it")
                .redirectErrorStream(true).start();
        assertThat(awaitProcess(sleeper(workspace.marker(), 0), 5)).as("the sleeper started").isNotEmpty();

        parent.destroyForcibly();

        assertThat(awaitNoProcess(sleeper(workspace.marker(), 0), 5)).as("the sleeper is gone with its grandparent").isTrue();
    }

    @Test
    void theGradersJavaRunsInsideAndSeesOnlyItsOwnProcesses() throws Exception {
        Sandbox sandbox = Sandboxed.bubblewrap();
        String java = ProcessHandle.current().info().command().orElseThrow();

        Result version = run(sandbox, Sandbox.Spec.of(List.of(java, "-version"), workspace.work()).withSlot(workspace.slot()), 20);
        Result processes = run(sandbox, Sandbox.Spec.of(
                shell("tr '\\0' ' ' < /proc/1/cmdline; echo; ls /proc | grep -c '^[0-9]'"), workspace.work()).withSlot(workspace.slot()), 10);

        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stderr()).contains("\"" + System.getProperty("java.version") + "\"");
        List<String> lines = processes.stdout().lines().toList();
        String hostInit = new String(Files.readAllBytes(Path.of("/proc/1/cmdline")), StandardCharsets.UTF_8)
                .replace('\0', ' ');
        assertThat(lines.get(0)).startsWith(sandbox.wrap(Sandbox.Spec.of(List.of("true"), workspace.work())).get(0))
                .isNotEqualTo(hostInit.strip());
        assertThat(Integer.parseInt(lines.get(1))).as("processes in the sandbox's /proc").isLessThan(10);
    }

    @Test
    void theEnvironmentHoldsOnlyWhatTheSpecGives() throws Exception {
        Sandbox sandbox = Sandboxed.bubblewrap();
        ProcessBuilder builder = new ProcessBuilder(sandbox.wrap(Sandbox.Spec.of(List.of("env"), workspace.work())
                .withEnvironment(Map.of("D2L_THREADS", "3")).withSlot(workspace.slot())));
        builder.environment().putAll(Sandboxed.hostSecret());

        Result result = run(builder, 10);

        assertThat(result.stdout().lines()).containsExactlyInAnyOrder(
                "HOME=" + workspace.work(), "PWD=" + workspace.work(), "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "D2L_THREADS=3");
    }

    @Test
    void theWrapperBindsEachReadOnlyPathButNotEtcNorHomeDirectories() throws IOException {
        Sandbox sandbox = Sandboxed.bubblewrap();
        Path data = Files.createDirectory(workspace.work().resolveSibling("data"));
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> line = sandbox.wrap(Sandbox.Spec.of(List.of("true"), workspace.work()).withReadOnly(List.of(data)));

        String joined = String.join(" ", line);
        String jdk = Path.of(System.getProperty("java.home")).toRealPath().toString();
        assertThat(joined).contains("--ro-bind " + data + " " + data, "--bind " + workspace.work() + " " + workspace.work(),
                "--unshare-pid", "--unshare-net", "--die-with-parent", "--clearenv");
        assertThat(joined).doesNotContain("--ro-bind /etc /etc", "--ro-bind /root", "--ro-bind /home", jdk);
    }
}
