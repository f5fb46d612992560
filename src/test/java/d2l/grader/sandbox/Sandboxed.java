package d2l.grader.sandbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Test helpers: the bubblewrap sandbox, running a command in it, and markers to find its processes by. */
final class Sandboxed {

    private Sandboxed() {}

    /** What a finished command did. */
    record Result(int exitCode, String stdout, String stderr, double seconds) {}

    /** The bubblewrap sandbox; the test is skipped where bubblewrap is not installed, and fails where it is but does not work. */
    static Sandbox bubblewrap() {
        assumeTrue(Host.executable("bwrap").isPresent(), "bubblewrap is not installed");
        return Sandbox.detect(SandboxMode.REQUIRED);
    }

    /** A shell script as a command. */
    static List<String> shell(String script) {
        return List.of("/bin/sh", "-c", script);
    }

    /** Digits no other process's arguments hold, to put in a {@code sleep} (as {@code sleep 300.<marker>}) and find it by. */
    static String marker() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    /** Runs {@code spec} wrapped by {@code sandbox} with no input, and fails the test if it takes over {@code seconds}. */
    static Result run(Sandbox sandbox, Sandbox.Spec spec, double seconds) throws Exception {
        return run(new ProcessBuilder(sandbox.wrap(spec)), seconds);
    }

    /** Runs {@code builder} with no input, and fails the test if it takes over {@code seconds}. */
    static Result run(ProcessBuilder builder, double seconds) throws Exception {
        long start = System.nanoTime();
        Process process = builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        CompletableFuture<String> stdout = readAll(process.getInputStream());
        CompletableFuture<String> stderr = readAll(process.getErrorStream());
        if (!process.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
            ProcessTree.kill(process.toHandle());
            throw new AssertionError("still running after " + seconds + " s: " + builder.command());
        }
        return new Result(process.exitValue(), stdout.get(5, TimeUnit.SECONDS), stderr.get(5, TimeUnit.SECONDS),
                (System.nanoTime() - start) / 1e9);
    }

    /** The command line of a sleeper to find by {@code marker}: {@code sleep 300.<marker>}, or 301, 302... for {@code index} 1, 2... */
    static List<String> sleeper(String marker, int index) {
        return List.of("sleep", (300 + index) + "." + marker);
    }

    /** Waits up to {@code seconds} for a live process running {@code commandLine}; their pids, or none. */
    static List<Long> awaitProcess(List<String> commandLine, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Long> found = ProcessTree.withCommandLine(commandLine);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            found = ProcessTree.withCommandLine(commandLine);
        }
        return found;
    }

    /** Waits up to {@code seconds} until no live process runs {@code commandLine}; true if none is left. */
    static boolean awaitNoProcess(List<String> commandLine, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!ProcessTree.withCommandLine(commandLine).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Kills the sleepers of {@code marker} a failed test left running. */
    static void killMarked(String marker) {
        for (int index = 0; index < 2; index++) {
            ProcessTree.withCommandLine(sleeper(marker, index))
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** The variables of a host environment that must not reach the sandbox. */
    static Map<String, String> hostSecret() {
        return Map.of("D2L_GRADER_SECRET", "do-not-leak");
    }

    /** Quotes {@code words} for {@code sh}. */
    static String quoted(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            line.append(line.length() == 0 ? "" : " ").append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return line.toString();
    }

    /** Reads all of {@code stream} on a thread of its own (the common pool may have one thread for both streams). */
    private static CompletableFuture<String> readAll(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        });
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    /**
     * A test's own place to run sandboxed commands: a scratch directory with a work directory in
     * it, a sandbox slot no other grader on the machine holds, and a marker; after each test it
     * kills what the marker finds and deletes the directory.
     */
    static final class Workspace implements BeforeEachCallback, AfterEachCallback {

        private final String name;
        private final String marker = Sandboxed.marker();
        private Path scratch;
        private Path work;
        private Slot slot;

        Workspace(String name) {
            this.name = name;
        }

        @Override
        public void beforeEach(ExtensionContext context) throws IOException {
            scratch = GradingTemp.create(name);
            work = scratch.resolve("work");
            Sandbox.prepareWorkDir(work);
            slot = Slot.take();
        }

        @Override
        public void afterEach(ExtensionContext context) throws IOException {
            killMarked(marker);
            GradingTemp.delete(scratch);
            slot.close();
        }

        Path work() {
            return work;
        }

        String marker() {
            return marker;
        }

        int slot() {
            return slot.number();
        }
    }
}
