package d2l.grader.sandbox;

import d2l.grader.runner.Runner;
import d2l.grader.runner.Wire;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One {@link Runner} process, seen from the grader: a JVM with the runtime's class path only,
 * started inside the {@link Sandbox} with the submission's files read-only and a fresh scratch
 * directory as the only writable place. {@link #request} sends one request and waits for the
 * answer within a limit of <em>CPU time</em> of the whole process tree (so a busy machine or other
 * submissions graded at once never change the outcome), with a generous wall-clock backstop; past
 * either the tree is killed, and when the process dies the next request starts a new one.
 */
public final class RunnerProcess implements AutoCloseable {

    /** CPU seconds a new runner may take to start and warm up. */
    private static final double START_CPU_SECONDS = 60;

    /** The longest line the runner may send (the observations of a trained ResNet-18 fit). */
    private static final int MAX_LINE_BYTES = 512 << 20;

    /** What a request came to. */
    public sealed interface Reply permits Answer, TimedOut, Died {}

    /** The runner's answer. */
    public record Answer(Map<String, String> fields) implements Reply {}

    /**
     * The request ran past its limit and the process tree was killed.
     *
     * @param cpuSeconds the CPU time it had used
     * @param wall       true when the wall-clock backstop ended it (the machine was starved), not the CPU limit
     */
    public record TimedOut(double cpuSeconds, boolean wall) implements Reply {}

    /**
     * The runner stopped during the request.
     *
     * @param exitCode its exit code
     * @param where    where the student's code called {@code System.exit}, if it could tell, else null
     * @param stderr   the last lines it wrote to standard error
     */
    public record Died(int exitCode, String where, String stderr) implements Reply {}

    /**
     * How to start the runner.
     *
     * @param submission the read-only directory with the submission's section files
     * @param scratch    the writable directory (the runner's working directory and {@code java.io.tmpdir})
     * @param reference  the directory of stand-in answers of earlier sections, or null
     * @param memory     the heap cap, as {@code -Xmx} takes it
     * @param threads    the threads of the runtime's kernels
     * @param dataDir    where Fashion-MNIST is, or null
     * @param sandbox    how to confine it
     * @param slot       which of the grader's concurrent jobs it belongs to (0, 1, ...)
     */
    public record Settings(Path submission, Path scratch, Path reference, String memory, int threads, Path dataDir, Sandbox sandbox,
                           int slot) {}

    private final Settings settings;
    private Process process;
    private BufferedWriter input;
    private BlockingQueue<Map<String, String>> answers;
    private ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private String token;
    private int starts;
    private double cpuUsed;
    private double lastExchangeCpu;
    private final List<Preparation> preparations = new ArrayList<>();
    private double cpuPreparing;

    /** A request that readies a runner, with its CPU limit, made again after every restart. */
    private record Preparation(Map<String, String> request, double cpuSeconds) {}

    public RunnerProcess(Settings settings) {
        this.settings = settings;
    }

    /** How many times a runner was started. */
    public int starts() {
        return starts;
    }

    /** The CPU seconds the requests have used so far, over every runner started. */
    public double cpuUsed() {
        return cpuUsed;
    }

    /** The CPU seconds used so far in all: the requests and the preparations replayed after restarts. */
    public double cpuTotal() {
        return cpuUsed + cpuPreparing;
    }

    /**
     * Sends {@code request}, one that readies a runner for its checks (the section's
     * {@code compile}, then its {@code load}), and remembers it: a runner started again after a
     * kill or an exit gets the preparations again, in order, before its next request and outside
     * that request's limit, so a check after a restart has its whole limit for the submission's
     * code and does not pay for compiling the section in a cold JVM.
     */
    public Reply prepare(Map<String, String> request, double cpuSeconds, Consumer<String> progress) throws IOException {
        Reply reply = request(request, cpuSeconds, progress);
        preparations.add(new Preparation(request, cpuSeconds));
        return reply;
    }

    /**
     * Sends {@code request} and waits for the answer while the process tree has used less than
     * {@code cpuSeconds} of CPU time on it, passing progress messages to {@code progress} meanwhile.
     * A new runner, if one has to start, first gets the {@link #prepare preparations} again.
     */
    public Reply request(Map<String, String> request, double cpuSeconds, Consumer<String> progress) throws IOException {
        if (process == null || !process.isAlive()) {
            Reply started = start();
            if (started != null) {
                return started;
            }
            for (Preparation preparation : preparations) {
                Reply prepared = exchange(preparation.request(), preparation.cpuSeconds(), progress);
                cpuPreparing += Math.max(0, lastExchangeCpu);
                if (!(prepared instanceof Answer)) {
                    return prepared;
                }
            }
        }
        Reply reply = exchange(request, cpuSeconds, progress);
        cpuUsed += Math.max(0, lastExchangeCpu);
        return reply;
    }

    /** One request and its answer, within {@code cpuSeconds} of the tree's CPU time; sets {@link #lastExchangeCpu}. */
    private Reply exchange(Map<String, String> request, double cpuSeconds, Consumer<String> progress) throws IOException {
        double cpuAtStart = ProcessTree.cpuSeconds(process.toHandle());
        long wallStart = System.nanoTime();
        lastExchangeCpu = 0;
        try {
            input.write(Wire.encode(request));
            input.write('\n');
            input.flush();
        } catch (IOException e) {
            return died(null);
        }
        String exitWhere = null;
        while (true) {
            Map<String, String> m = poll(50);
            double cpu = ProcessTree.cpuSeconds(process.toHandle()) - cpuAtStart;
            lastExchangeCpu = cpu;
            if (m == null) {
                double wall = (System.nanoTime() - wallStart) / 1e9;
                if (cpu > cpuSeconds || wall > backstop(cpuSeconds)) {
                    kill();
                    return new TimedOut(Math.max(0, cpu), cpu <= cpuSeconds);
                }
                continue;
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

    /** The wall-clock backstop of a CPU limit: ten times the limit and at least two minutes more. */
    static double backstop(double cpuSeconds) {
        return Math.max(10 * cpuSeconds, cpuSeconds + 120);
    }

    /** Starts a runner and waits for it to be ready; null when it is, else what went wrong. */
    private Reply start() throws IOException {
        close();
        starts++;
        token = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Sandbox.prepareWorkDir(settings.scratch());
        List<String> java = new ArrayList<>();
        java.add(javaBinary());
        java.add("--add-modules=jdk.incubator.vector");
        java.add("-Xmx" + settings.memory());
        java.add("-Xss8m");
        java.add("-XX:+UseSerialGC");
        java.add("-XX:-UsePerfData");
        java.add("-Djava.awt.headless=true");
        java.add("-Djava.io.tmpdir=" + settings.scratch());
        java.add("-Duser.home=" + settings.scratch());
        java.add("-Dd2l.home=" + settings.scratch());
        if (settings.reference() != null) {
            java.add("-Dd2l.reference=" + settings.reference());
            java.add("-Dd2l.earlier=reference");
        }
        java.add("-Dd2l.check.timeout=1000000");
        java.add("-cp");
        String classPath = SharedClassPath.of(runtimeClassPath(), settings.sandbox());
        java.add(classPath);
        java.add(Runner.class.getName());
        java.add(settings.submission().toString());
        List<Path> readOnly = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                readOnly.add(Path.of(entry));
            }
        }
        readOnly.add(settings.submission());
        if (settings.reference() != null) {
            readOnly.add(settings.reference());
        }
        if (settings.dataDir() != null) {
            readOnly.add(settings.dataDir());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("D2L_THREADS", Integer.toString(settings.threads()));
        if (settings.dataDir() != null) {
            environment.put("D2L_DATA", settings.dataDir().toString());
        }
        List<String> command = settings.sandbox().wrap(new Sandbox.Spec(java, settings.scratch(), readOnly, environment,
                Limits.defaults(), settings.slot()));
        process = new ProcessBuilder(command).directory(settings.scratch().toFile()).start();
        if (!Leftovers.ofThisJvm().add(this)) {
            kill();
            throw new IOException("the grader is stopping: no new runner");
        }
        // Each runner's streams feed a queue and a tail of their own: a killed runner's output ends
        // some moments after the kill, and that end must not read as the next runner's death.
        BlockingQueue<Map<String, String>> queue = new LinkedBlockingQueue<>();
        ArrayDeque<String> tail = new ArrayDeque<>();
        String key = token;
        answers = queue;
        stderrTail = tail;
        input = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        read(process.getInputStream(), MAX_LINE_BYTES, Long.MAX_VALUE, line -> fromRunner(queue, key, line), "stdout");
        read(process.getErrorStream(), 2_000, 64L << 20, line -> stderrLine(tail, line), "stderr");
        input.write(token);
        input.write('\n');
        input.flush();
        long wallStart = System.nanoTime();
        while (true) {
            Map<String, String> ready = poll(50);
            if (ready != null) {
                return "ready".equals(ready.get("op")) ? null : died(null);
            }
            double cpu = ProcessTree.cpuSeconds(process.toHandle());
            if (cpu > START_CPU_SECONDS || (System.nanoTime() - wallStart) / 1e9 > backstop(START_CPU_SECONDS)) {
                kill();
                return new TimedOut(cpu, cpu <= START_CPU_SECONDS);
            }
        }
    }

    /** The runner's next message, waiting up to {@code millis}; null if none came. An interrupt kills the runner. */
    private Map<String, String> poll(long millis) throws IOException {
        try {
            return answers.poll(millis, TimeUnit.MILLISECONDS);
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
        ArrayDeque<String> lines = stderrTail;
        String tail;
        synchronized (lines) {
            tail = String.join("\n", lines);
        }
        return new Died(code, where == null || where.isEmpty() ? null : where, tail);
    }

    /** Queues a line of one runner's output that carries its token; its end (null) queues an empty message. */
    private static void fromRunner(BlockingQueue<Map<String, String>> queue, String token, String line) {
        if (line == null) {
            queue.add(Map.of());
        } else if (line.startsWith(token + " ")) {
            try {
                queue.add(Wire.decode(line.substring(token.length() + 1)));
            } catch (IllegalArgumentException e) {
                queue.add(Wire.message("op", "failed", "message", "a reply the grader cannot read"));
            }
        }
    }

    /** Keeps the last 20 lines of one runner's standard error, each cut to 500 characters. */
    private static void stderrLine(ArrayDeque<String> tail, String line) {
        if (line == null || line.startsWith("WARNING: Using incubator modules")) {
            return;
        }
        synchronized (tail) {
            tail.add(line.length() > 500 ? line.substring(0, 500) + "..." : line);
            while (tail.size() > 20) {
                tail.poll();
            }
        }
    }

    /** Reads a stream of the runner in bounded lines on a daemon thread; null marks its end. */
    private static void read(java.io.InputStream stream, int maxLineBytes, long maxTotalBytes, Consumer<String> sink, String what) {
        Thread t = new Thread(() -> BoundedLines.read(stream, maxLineBytes, maxTotalBytes, sink), "d2l-runner-" + what);
        t.setDaemon(true);
        t.start();
    }

    /** Kills the runner's whole process tree, and any process of its sandbox's user that left the tree. */
    void kill() {
        Process p = process;
        if (p != null) {
            ProcessTree.kill(p.toHandle());
            settings.sandbox().killLeftovers(settings.slot());
        }
    }

    /** The {@code java} this JVM runs on. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Asks the runner to quit, and kills its whole tree whether it does or not. */
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
        Leftovers.ofThisJvm().remove(this);
    }

    /**
     * The runner's class path: the runtime's classes and the jars it depends on, and nothing else
     * (never {@code test-classes}, where an IDE or Maven compiles {@code exercises/}). Built from
     * {@code target/classpath.txt}, the runtime's dependencies as Maven lists them, when the
     * runtime runs from {@code target/classes}; else from this JVM's class path, as
     * {@link d2l.workbook.Workbook#runtimeClassPath()} filters it.
     */
    public static String runtimeClassPath() throws IOException {
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
