package d2l.bench;

import d2l.json.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * PyTorch's side of {@code d2l bench --vs-pytorch}: finds a Python with torch and runs
 * {@code bench/pytorch_cases.py}, which times the same cases with the same shapes and thread counts
 * in its own process ({@link PyTorchSession} talks to it). Nothing here holds a PyTorch figure: every
 * one comes from the run that prints it.
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
                Output out = execute(List.of(python, script.toString(), "--versions"));
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

    /** Runs {@code command} with nothing on stdin and waits for it; both outputs are kept whole. */
    private static Output execute(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        StringBuilder stderr = new StringBuilder();
        Thread errors = new Thread(() -> {
            try {
                stderr.append(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the process is gone; what it said so far is kept
            }
        });
        errors.start();
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
