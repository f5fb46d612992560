package d2l.grader;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One submission's child JVM, seen from the grader: started with the current {@code java}, the
 * Vector API module, a heap cap and the runtime's class path only, in a directory holding a copy
 * of the submission. {@link #request} sends one request and waits for the answer up to a time
 * limit; when the limit passes the child is killed, and when it dies (an endless loop, a
 * {@code System.exit}, a crash) the next request starts a new one, so a failure costs one check.
 */
final class ChildJvm implements AutoCloseable {

    /** How long a new child may take to start and warm up. */
    private static final long START_SECONDS = 120;

    /** What a request came to. */
    sealed interface Reply permits Answer, TimedOut, Died {}

    /** The child's answer. */
    record Answer(Map<String, String> fields) implements Reply {}

    /** The request ran past its limit; the child was killed. */
    record TimedOut(double seconds) implements Reply {}

    /**
     * The child stopped during the request.
     *
     * @param exitCode its exit code
     * @param where    where the student's code called {@code System.exit}, if the shutdown hook could tell, else null
     * @param stderr   the last lines it wrote to standard error
     */
    record Died(int exitCode, String where, String stderr) implements Reply {}

    /** How to start the child. */
    record Settings(Path workbookDir, Path referenceDir, String memory, int threads, Path dataDir) {}

    private final Settings settings;
    private Process process;
    private BufferedWriter input;
    private BlockingQueue<Map<String, String>> answers;
    private ArrayDeque<String> stderrTail;
    private String token;
    private int starts;

    ChildJvm(Settings settings) {
        this.settings = settings;
    }

    /** How many times a child was started (1 when nothing had to be restarted). */
    int starts() {
        return starts;
    }

    /**
     * Sends {@code request} and waits up to {@code seconds} for the answer, passing progress
     * messages to {@code progress} meanwhile.
     */
    Reply request(Map<String, String> request, double seconds, Consumer<String> progress) throws IOException {
        if (process == null || !process.isAlive()) {
            Reply started = start();
            if (started != null) {
                return started;
            }
        }
        long began = System.nanoTime();
        long deadline = began + (long) (seconds * 1e9);
        input.write(Wire.encode(request));
        input.write('\n');
        input.flush();
        String exitWhere = null;
        while (true) {
            Map<String, String> m = next(deadline - System.nanoTime());
            if (m == null) {
                kill();
                return new TimedOut((System.nanoTime() - began) / 1e9);
            }
            String op = m.getOrDefault("op", "");
            switch (op) {
                case "progress" -> progress.accept(m.getOrDefault("text", ""));
                case "exit" -> exitWhere = m.getOrDefault("where", "");
                case "" -> {
                    return died(exitWhere);
                }
                default -> {
                    return new Answer(m);
                }
            }
        }
    }

    /** Starts a child and waits for it to be ready; null when it is, else what went wrong. */
    private Reply start() throws IOException {
        close();
        starts++;
        token = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("--add-modules=jdk.incubator.vector");
        command.add("-Xmx" + settings.memory());
        command.add("-Xss8m");
        command.add("-Djava.awt.headless=true");
        command.add("-Dd2l.home=" + settings.workbookDir());
        command.add("-Dd2l.reference=" + settings.referenceDir());
        command.add("-Dd2l.earlier=reference");
        command.add("-Dd2l.check.timeout=1000000");
        command.add("-cp");
        command.add(childClassPath());
        command.add(GradingChild.class.getName());
        command.add(settings.workbookDir().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(settings.workbookDir().toFile());
        Map<String, String> env = builder.environment();
        env.put("D2L_THREADS", Integer.toString(settings.threads()));
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        if (settings.dataDir() != null) {
            env.put("D2L_DATA", settings.dataDir().toString());
        }
        process = builder.start();
        answers = new LinkedBlockingQueue<>();
        stderrTail = new ArrayDeque<>();
        input = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        drain(process.getInputStream(), this::fromChild, "stdout");
        drain(process.getErrorStream(), this::stderrLine, "stderr");
        input.write(token);
        input.write('\n');
        input.flush();
        Map<String, String> ready = next(TimeUnit.SECONDS.toNanos(START_SECONDS));
        if (ready == null) {
            kill();
            return new TimedOut(START_SECONDS);
        }
        return "ready".equals(ready.get("op")) ? null : died(null);
    }

    /** The child's next message, waiting up to {@code nanos}; null if none came. An interrupt kills the child. */
    private Map<String, String> next(long nanos) throws IOException {
        try {
            return answers.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IOException("interrupted while grading", e);
        }
    }

    private Died died(String where) {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int code = process.isAlive() ? -1 : process.exitValue();
        kill();
        String tail;
        synchronized (stderrTail) {
            tail = String.join("\n", stderrTail);
        }
        return new Died(code, where == null || where.isEmpty() ? null : where, tail);
    }

    private void fromChild(String line) {
        if (line == null) {
            answers.add(Map.of());
        } else if (line.startsWith(token + " ")) {
            answers.add(Wire.decode(line.substring(token.length() + 1)));
        }
    }

    private void stderrLine(String line) {
        if (line == null || line.startsWith("WARNING: Using incubator modules")) {
            return;
        }
        synchronized (stderrTail) {
            stderrTail.add(line.length() > 500 ? line.substring(0, 500) + "..." : line);
            while (stderrTail.size() > 20) {
                stderrTail.poll();
            }
        }
    }

    /** Reads a stream of the child line by line on a daemon thread; null marks its end. */
    private static void drain(InputStream stream, Consumer<String> sink, String what) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the child is gone; the end is marked below
            }
            sink.accept(null);
        }, "d2l-grader-child-" + what);
        t.setDaemon(true);
        t.start();
    }

    private void kill() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The {@code java} this JVM runs on. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Asks the child to quit, and kills it if it does not. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            try {
                input.write(Wire.encode(Map.of("op", "quit")));
                input.write('\n');
                input.flush();
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // it is gone already
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
        process = null;
    }

    /**
     * The child's class path: the runtime's classes and the jars it depends on, and nothing else
     * (never {@code test-classes}, where an IDE or Maven compiles {@code exercises/}). Built from
     * {@code target/classpath.txt}, the runtime's dependencies as Maven lists them, when the
     * runtime runs from {@code target/classes}; else from this JVM's class path, as
     * {@link d2l.workbook.Workbook#runtimeClassPath()} filters it.
     */
    static String childClassPath() throws IOException {
        List<File> runtime = d2l.workbook.Workbook.runtimeClassPath();
        Path classes = runtime.isEmpty() ? null : runtime.get(0).toPath();
        if (classes != null && Files.isDirectory(classes) && classes.getParent() != null) {
            Path listed = classes.getParent().resolve("classpath.txt");
            if (Files.isRegularFile(listed)) {
                String jars = Files.readString(listed, StandardCharsets.UTF_8).strip();
                return jars.isEmpty() ? classes.toString() : classes + File.pathSeparator + jars;
            }
        }
        return d2l.workbook.Workbook.runtimeClassPathString();
    }
}
