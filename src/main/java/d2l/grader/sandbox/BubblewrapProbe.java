package d2l.grader.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether bubblewrap works here, found by trying it: the tools it needs, then a trivial command
 * under the very wrapper {@link Sandbox#wrap} makes, since only that shows whether the kernel, the
 * container and the user's rights allow the namespaces.
 */
final class BubblewrapProbe {

    private static final long PROBE_SECONDS = 10;

    private static final String INSTALL_BUBBLEWRAP = "install bubblewrap (apt-get install bubblewrap)";

    private BubblewrapProbe() {}

    /**
     * Runs {@code true} under the full wrapper of {@code bubblewrap} as slot 0; returns "" if that
     * worked, else what failed and how to fix it.
     */
    static String run(Path bubblewrap) {
        if (!Files.isRegularFile(bubblewrap) || !Files.isExecutable(bubblewrap)) {
            return "bubblewrap not found at " + bubblewrap + ": " + INSTALL_BUBBLEWRAP;
        }
        for (String name : Host.isRoot() ? List.of("prlimit", "setpriv") : List.of("prlimit")) {
            if (Host.executable(name).isEmpty()) {
                return name + " not found: install util-linux";
            }
        }
        Path scratch = null;
        try {
            scratch = GradingTemp.create("probe");
            Path work = scratch.resolve("work");
            Sandbox.prepareWorkDir(work);
            Path errors = scratch.resolve("stderr");
            Sandbox candidate = new Sandbox(Isolation.BUBBLEWRAP, "", bubblewrap);
            Process process = new ProcessBuilder(candidate.wrap(Sandbox.Spec.of(List.of("true"), work)))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile())
                    .start();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                ProcessTree.kill(process.toHandle());
                return "bubblewrap did not run a command within " + PROBE_SECONDS + " seconds";
            }
            if (process.exitValue() == 0) {
                return "";
            }
            String error = Host.firstLine(Files.readString(errors, StandardCharsets.UTF_8));
            String hint = error.contains("namespace") || error.contains("uid map")
                    || error.contains("Operation not permitted") ? Host.userNamespaceHint() : "";
            return "bubblewrap could not run a command (exit " + process.exitValue() + "): "
                    + error + (hint.isEmpty() ? "" : "; " + hint);
        } catch (IOException | RuntimeException e) {
            return "bubblewrap could not be tried: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while trying bubblewrap";
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static void deleteQuietly(Path scratch) {
        if (scratch != null) {
            try {
                GradingTemp.delete(scratch);
            } catch (IOException e) {
                // GradingTemp.removeStale takes it later
            }
        }
    }
}
