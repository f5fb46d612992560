package d2l.bench;

import d2l.json.Json;
import d2l.json.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * PyTorch's side of {@code d2l bench --vs-pytorch}, as one Python process of
 * {@code bench/pytorch_cases.py} kept open for the whole benchmark: each request is a line of JSON
 * on its stdin, each answer a line on its stdout (the protocol is in the script's docstring); its
 * stderr goes to the progress lines. {@link Benchmarks#run} asks it for one run after each of ours.
 * Each request is sent once this JVM is idle ({@link ProcessIdle}): the JIT may still be compiling
 * for our last runs, and would take a core from PyTorch's.
 */
public final class PyTorchSession implements Opponent, AutoCloseable {

    /** The longest wait for this JVM to go idle before a request. */
    private static final long IDLE_LIMIT_MILLIS = 5_000;

    /** How long {@link #close()} waits for the script to end after its stdin closes. */
    private static final long EXIT_SECONDS = 10;

    private final String python;
    private final Path data;
    private final int limit;
    private final long idleLimitMillis;
    private final Process process;
    private final Writer requests;
    private final BufferedReader answers;
    private final Thread errors;
    private volatile String lastError = "";

    private PyTorchSession(String python, Path data, int limit, long idleLimitMillis, Process process,
                           Consumer<String> progress) {
        this.python = python;
        this.data = data;
        this.limit = limit;
        this.idleLimitMillis = idleLimitMillis;
        this.process = process;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.errors = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        lastError = line.strip();
                    }
                    progress.accept(line);
                }
            } catch (IOException e) {
                // the process is gone; what it said so far was passed on
            }
        }, "d2l-pytorch-stderr");
        errors.setDaemon(true);
        errors.start();
    }

    /**
     * Starts {@code python script}; the cases that read Fashion-MNIST take it from {@code data} (null
     * if unknown), its first {@code limit} images when {@code limit > 0}.
     *
     * @throws IOException when the process cannot start
     */
    public static PyTorchSession start(String python, Path script, Path data, int limit, Consumer<String> progress)
            throws IOException {
        return start(python, script, data, limit, IDLE_LIMIT_MILLIS, progress);
    }

    /**
     * {@link #start} that waits at most {@code idleLimitMillis} for this JVM to go idle before each
     * request (0: not at all, for tests, whose JVM runs other tests meanwhile and is never idle).
     */
    static PyTorchSession start(String python, Path script, Path data, int limit, long idleLimitMillis,
                                Consumer<String> progress) throws IOException {
        Process process = new ProcessBuilder(List.of(python, script.toString())).start();
        return new PyTorchSession(python, data, limit, idleLimitMillis, process, progress);
    }

    @Override
    public void prepare(String name, int threads, Harness.Settings settings) throws IOException {
        ask(String.format(Locale.ROOT, "{\"op\": \"prepare\", \"name\": %s, \"threads\": %d, \"data\": %s, \"limit\": %s,"
                        + " \"warmup_seconds\": %s, \"warmup_runs\": %d}", Json.string(name), threads,
                data == null ? "null" : Json.string(data.toString()), limit > 0 ? Integer.toString(limit) : "null",
                settings.warmupSeconds(), settings.warmupRuns()));
    }

    @Override
    public double timeOneRun(String name, int threads) throws IOException {
        Map<String, Object> answer = ask(String.format(Locale.ROOT, "{\"op\": \"time\", \"name\": %s, \"threads\": %d,"
                + " \"runs\": 1}", Json.string(name), threads));
        if (answer.get("samples_ms") instanceof List<?> samples && samples.size() == 1
                && samples.get(0) instanceof Double ms) {
            return ms;
        }
        throw new IOException(python + " answered without one run time: " + answer);
    }

    /**
     * Sends one request line, once this JVM is idle, and reads its answer; an answer with "error"
     * becomes an exception.
     */
    private Map<String, Object> ask(String request) throws IOException {
        ProcessIdle.await(idleLimitMillis);
        String line;
        try {
            requests.write(request + "\n");
            requests.flush();
            line = answers.readLine();
        } catch (IOException e) {
            line = null;
        }
        if (line == null) {
            String exit = exitCode();
            throw new IOException("the PyTorch process (" + python + ") ended" + exit + ": "
                    + (lastError.isEmpty() ? "no message" : lastError));
        }
        Map<String, Object> answer;
        try {
            answer = JsonParser.object(line);
        } catch (IllegalArgumentException e) {
            throw new IOException(python + " printed what is not an answer: " + line, e);
        }
        if (answer.get("error") instanceof String error) {
            throw new IOException(error);
        }
        return answer;
    }

    /** ", exit code N" once the process has ended (and its last words are read), else "". */
    private String exitCode() {
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                return "";
            }
            errors.join(TimeUnit.SECONDS.toMillis(1));
            return ", exit code " + process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Closes the script's stdin, which ends it, and waits for it (ending it if it does not). */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            errors.join(TimeUnit.SECONDS.toMillis(EXIT_SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
