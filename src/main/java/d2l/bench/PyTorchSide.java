package d2l.bench;

import d2l.json.Json;
import d2l.json.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * PyTorch's side of {@code d2l bench --vs-pytorch}: finds a Python with torch and runs
 * {@code bench/pytorch_cases.py}, which times the same cases with the same shapes and thread counts
 * in its own process and prints JSON on stdout. Nothing here holds a PyTorch figure: every one
 * comes from the run that prints it.
 */
public final class PyTorchSide {

    /** The script, relative to the project's folder. */
    public static final Path SCRIPT = Path.of("bench", "pytorch_cases.py");

    /** The environment variable naming the Python to use when {@code --python} is not given. */
    public static final String ENVIRONMENT_VARIABLE = "D2L_PYTHON";

    /** How to get a Python with torch, as the README says. */
    static final String INSTALL = "python3 -m venv .venv && .venv/bin/pip install torch numpy";

    /**
     * The Python that ran PyTorch's side and the versions it reported; {@code blas} is the library behind
     * torch's matmul (MKL, or OpenBLAS with the kernel it chose), or "unknown" from an older script.
     */
    public record Versions(String python, String pythonVersion, String torch, String numpy, String blas) {}

    /** A Python with torch ({@code versions}), or why none was found ({@code whyNot}); one of them is null. */
    public record Probe(Versions versions, String whyNot) {}

    /** What a run measured: the timing, or the error, of each case at a thread count. */
    public record Measured(Versions versions, Map<Key, Timing> timings, Map<Key, String> errors) {}

    /** A case at a thread count. */
    public record Key(String name, int threads) {}

    /** One case for the script to run, with the harness settings ours used. */
    public record Request(String name, int threads, Harness.Settings settings) {}

    private PyTorchSide() {}

    /**
     * The Pythons to try, in order: {@code --python} alone when given, else {@code $D2L_PYTHON} alone
     * when set, else the project's {@code .venv} and then {@code python3} from the PATH.
     */
    public static List<String> candidates(String option, Function<String, String> environment, Path project) {
        if (option != null && !option.isBlank()) {
            return List.of(option);
        }
        String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return List.of(fromEnvironment.strip());
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Path venv = windows ? project.resolve(".venv").resolve("Scripts").resolve("python.exe")
                : project.resolve(".venv").resolve("bin").resolve("python");
        return List.of(venv.toString(), windows ? "python" : "python3");
    }

    /** Asks each candidate in turn for its versions; the first with torch and numpy wins. */
    public static Probe probe(List<String> candidates, Path script) {
        if (!Files.isRegularFile(script)) {
            return new Probe(null, "the PyTorch side's script " + script + " is missing (run d2l bench from the"
                    + " project's folder, where bench/pytorch_cases.py is)");
        }
        List<String> tried = new ArrayList<>();
        for (String python : candidates) {
            try {
                Output out = execute(List.of(python, script.toString(), "--versions"), "", line -> {});
                if (out.exitCode() == 0) {
                    return new Probe(versions(python, JsonParser.object(out.stdout())), null);
                }
                tried.add(python + " (" + lastLine(out.stderr(), "exit code " + out.exitCode()) + ")");
            } catch (IOException | RuntimeException e) {
                tried.add(python + " (" + (e instanceof IOException && python.contains("/") && !Files.exists(Path.of(python))
                        ? "not found" : e instanceof IOException ? "cannot run it: " + e.getMessage() : e.getMessage()) + ")");
            }
        }
        return new Probe(null, whyNot(tried));
    }

    /** The message printed instead of PyTorch's figures, naming every Python tried and what failed. */
    static String whyNot(List<String> tried) {
        return "no PyTorch figures: tried " + String.join("; ", tried) + ". Install torch with `" + INSTALL
                + "`, or name a Python that has it with --python PATH or " + ENVIRONMENT_VARIABLE + "=PATH";
    }

    /**
     * Runs {@code requests} in one process of {@code versions.python()}; the script's progress lines go to
     * {@code progress}.
     *
     * @throws IOException when the script cannot start, fails, or prints something other than its JSON
     */
    public static Measured run(Versions versions, Path script, Path data, int limit, List<Request> requests,
                               Consumer<String> progress) throws IOException {
        Output out = execute(List.of(versions.python(), script.toString()), request(data, limit, requests), progress);
        if (out.exitCode() != 0) {
            throw new IOException(versions.python() + " " + script + " failed with exit code " + out.exitCode() + ": "
                    + lastLine(out.stderr(), "no message"));
        }
        try {
            return parse(versions.python(), out.stdout());
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException(script + " printed what is not its JSON (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Our results (in the order of {@code plan}) with PyTorch's timing of the same case beside each, or
     * the reason there is none: the case has no PyTorch equivalent, or PyTorch's run of it failed.
     */
    public static List<BenchReport.Result> merge(List<Benchmarks.Run> plan, List<BenchReport.Result> ours, Measured measured) {
        List<BenchReport.Result> merged = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            Benchmarks.Run run = plan.get(i);
            BenchReport.Result result = ours.get(i);
            if (!run.benchCase().pytorch()) {
                merged.add(result.withPyTorch(null, "has no equivalent"));
                continue;
            }
            Key key = new Key(run.benchCase().name(), run.threads());
            Timing timing = measured.timings().get(key);
            merged.add(result.withPyTorch(timing, timing != null ? null
                    : "failed: " + measured.errors().getOrDefault(key, "missing from the script's answer")));
        }
        return merged;
    }

    /** The JSON request the script reads on stdin (see the script's docstring); {@code limit} 0 means all images. */
    static String request(Path data, int limit, List<Request> requests) {
        StringBuilder out = new StringBuilder("{\"data\": ").append(data == null ? "null" : Json.string(data.toString()))
                .append(", \"limit\": ").append(limit > 0 ? Integer.toString(limit) : "null").append(", \"cases\": [");
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            Harness.Settings s = r.settings();
            out.append(i == 0 ? "" : ", ").append("{\"name\": ").append(Json.string(r.name()))
                    .append(", \"threads\": ").append(r.threads())
                    .append(", \"settings\": {\"warmup_seconds\": ").append(s.warmupSeconds())
                    .append(", \"warmup_runs\": ").append(s.warmupRuns())
                    .append(", \"min_runs\": ").append(s.minRuns())
                    .append(", \"min_seconds\": ").append(s.minSeconds())
                    .append(", \"max_runs\": ").append(s.maxRuns()).append("}}");
        }
        return out.append("]}\n").toString();
    }

    /** Reads the script's answer to a request. */
    static Measured parse(String python, String json) {
        Map<String, Object> root = JsonParser.object(json);
        Map<Key, Timing> timings = new LinkedHashMap<>();
        Map<Key, String> errors = new LinkedHashMap<>();
        for (Map<String, Object> result : JsonParser.objects(root.get("results"))) {
            Key key = new Key((String) result.get("name"), ((Double) result.get("threads")).intValue());
            if (result.get("samples_ms") instanceof List<?> samples && !samples.isEmpty()) {
                timings.put(key, new Timing(samples.stream().mapToDouble(s -> (Double) s).toArray()));
            } else {
                errors.put(key, result.get("error") instanceof String error ? error : "no runs");
            }
        }
        return new Measured(versions(python, root), timings, errors);
    }

    private static Versions versions(String python, Map<String, Object> root) {
        return new Versions(python, (String) root.get("python"), (String) root.get("torch"), (String) root.get("numpy"),
                root.get("blas") instanceof String blas ? blas : "unknown");
    }

    private static String lastLine(String text, String otherwise) {
        String[] lines = text.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        return last.isEmpty() ? otherwise : last;
    }

    private record Output(int exitCode, String stdout, String stderr) {}

    /** Runs {@code command} with {@code input} on stdin, passing each stderr line to {@code progress} as it comes. */
    private static Output execute(List<String> command, String input, Consumer<String> progress) throws IOException {
        Process process = new ProcessBuilder(command).start();
        StringBuilder stderr = new StringBuilder();
        Thread errors = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    stderr.append(line).append('\n');
                    progress.accept(line);
                }
            } catch (IOException e) {
                // the process is gone; what it said so far is kept
            }
        });
        errors.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a script that exits without reading its input is reported by its exit code
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            process.waitFor();
            errors.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + String.join(" ", command), e);
        }
        return new Output(process.exitValue(), stdout, stderr.toString());
    }
}
