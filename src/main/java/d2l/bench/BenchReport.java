package d2l.bench;

import d2l.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a benchmark run: the machine it ran on, what ran PyTorch's side (or why nothing did:
 * {@code pytorchMissing}; both null when PyTorch was not asked for), and one row per case and thread
 * count, as a text table for people and as JSON for comparing runs over time. The JSON is written by hand to keep
 * the runtime free of dependencies.
 */
public record BenchReport(Machine machine, PyTorchSide.Versions pytorch, String pytorchMissing, List<Result> results) {

    public BenchReport {
        results = List.copyOf(results);
    }

    /**
     * What decides the speed of the kernels: cores, Java, SIMD width and CPU; {@code cpuModel} may be
     * null. {@code loadAverage} (NaN if unknown) is the system's load when the run started: well above
     * 0 means other processes shared the cores and the times are less reliable.
     */
    public record Machine(int cores, int threads, String javaVersion, String javaVendor, int vectorBits,
                          String osName, String osArch, String cpuModel, double loadAverage) {

        /** This machine, as the runtime sees it. */
        public static Machine detect() {
            return new Machine(Runtime.getRuntime().availableProcessors(), d2l.kernels.Parallel.threads(),
                    Runtime.version().toString(), System.getProperty("java.vendor"),
                    jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(),
                    System.getProperty("os.name"), System.getProperty("os.arch"), readCpuModel(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }

        /** The CPU's name from {@code /proc/cpuinfo} (x86 "model name", or the ARM fields), else null. */
        private static String readCpuModel() {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (!Files.isReadable(cpuinfo)) {
                return null;
            }
            try {
                List<String> lines = Files.readAllLines(cpuinfo);
                for (String key : List.of("model name", "Hardware", "Processor", "cpu model")) {
                    for (String line : lines) {
                        int colon = line.indexOf(':');
                        if (colon > 0 && line.substring(0, colon).trim().equals(key) && !line.substring(colon + 1).isBlank()) {
                            return line.substring(colon + 1).trim();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // No CPU name is no reason to fail a benchmark run.
            }
            return null;
        }
    }

    /**
     * One case at one thread count: our timing (null when the case failed, with {@code error} saying
     * why) and PyTorch's (null when it was not measured, with {@code pytorchNote} saying why, or null
     * when PyTorch was not asked for). {@code flopsPerRun} is 0 where GFLOP/s would mean nothing.
     */
    public record Result(String name, int threads, double flopsPerRun, Timing timing, String error,
                         Timing pytorch, String pytorchNote) {

        /** Our side only. */
        public Result(String name, int threads, double flopsPerRun, Timing timing, String error) {
            this(name, threads, flopsPerRun, timing, error, null, null);
        }

        /** This result with PyTorch's timing of the same case, or the reason there is none. */
        public Result withPyTorch(Timing pytorch, String pytorchNote) {
            return new Result(name, threads, flopsPerRun, timing, error, pytorch, pytorchNote);
        }

        /** Our GFLOP/s at the median, or null. */
        public Double gflops() {
            return gflops(timing);
        }

        /** PyTorch's GFLOP/s at its median, or null. */
        public Double pytorchGflops() {
            return gflops(pytorch);
        }

        /**
         * Our median time / PyTorch's median time (below 1: faster than PyTorch), or null when either is
         * missing. For matmul it equals PyTorch's GFLOP/s / ours.
         */
        public Double vsPyTorch() {
            return timing == null || pytorch == null ? null : timing.medianMs() / pytorch.medianMs();
        }

        private Double gflops(Timing t) {
            return t == null || flopsPerRun <= 0 ? null : flopsPerRun / (t.medianMs() * 1e6);
        }
    }

    /** What the ratio column means, printed under the table. */
    static final String RATIO_CONVENTION = "ours/PyTorch: our median time / PyTorch's median time, both measured in this"
            + " run on this machine with the same thread count and shapes; below 1 is faster than PyTorch";

    // ---- text -----------------------------------------------------------------------------------

    /** The machine in one line, for the top of the table. */
    public String header() {
        return String.format(Locale.ROOT, "machine: %s, %d cores, %s %s, Java %s (%s), vector width %d bits, %d threads%s",
                machine.cpuModel() == null ? "unknown CPU" : machine.cpuModel(), machine.cores(), machine.osName(),
                machine.osArch(), machine.javaVersion(), machine.javaVendor(), machine.vectorBits(), machine.threads(),
                machine.loadAverage() >= 0 ? String.format(Locale.ROOT, ", load average %.2f at start", machine.loadAverage()) : "");
    }

    /** What ran PyTorch's side, or why it did not run; null when PyTorch was not asked for. */
    public String pytorchLine() {
        if (pytorch != null) {
            return "PyTorch: torch " + pytorch.torch() + " with " + pytorch.blas() + ", numpy " + pytorch.numpy()
                    + ", Python " + pytorch.pythonVersion() + " (" + pytorch.python() + "), same thread counts, measured"
                    + " in this run, one of its runs after each of ours";
        }
        return pytorchMissing;
    }

    /** The header, the table, every run, and the notes on how GFLOP/s and the ratio are counted. */
    public String text() {
        boolean compared = pytorch != null || pytorchMissing != null;
        StringBuilder out = new StringBuilder(header()).append('\n');
        if (compared) {
            out.append(pytorchLine()).append('\n');
        }
        out.append('\n');
        int nameWidth = Math.max(4, results.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        String ourFormat = "%-" + nameWidth + "s  %7s  %4s  %10s  %10s  %10s  %8s";
        String theirFormat = "  %11s  %10s  %12s";
        out.append(String.format(Locale.ROOT, ourFormat, "name", "threads", "runs", "median ms", "min ms", "max ms", "GFLOP/s"));
        if (compared) {
            out.append(String.format(Locale.ROOT, theirFormat, "PyTorch ms", "PyT GFLOP/s", "ours/PyTorch"));
        }
        out.append('\n');
        for (Result r : results) {
            Timing t = r.timing();
            out.append(String.format(Locale.ROOT, ourFormat, r.name(), r.threads(), t == null ? "-" : t.runs(),
                    t == null ? "failed" : millis(t.medianMs()), t == null ? "-" : millis(t.minMs()),
                    t == null ? "-" : millis(t.maxMs()), oneDecimal(r.gflops())));
            if (compared) {
                Timing p = r.pytorch();
                out.append(String.format(Locale.ROOT, theirFormat, p == null ? "-" : millis(p.medianMs()),
                        oneDecimal(r.pytorchGflops()),
                        r.vsPyTorch() == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.vsPyTorch())));
            }
            out.append('\n');
        }
        out.append("\nEvery run (ms):\n");
        for (Result r : results) {
            out.append("  ").append(r.name()).append(", ").append(r.threads()).append(r.threads() == 1 ? " thread" : " threads")
                    .append(": ours ").append(r.timing() == null ? "failed: " + r.error() : runs(r.timing()));
            if (compared) {
                out.append("; PyTorch ").append(r.pytorch() != null ? runs(r.pytorch())
                        : r.pytorchNote() != null ? r.pytorchNote() : "-");
            }
            out.append('\n');
        }
        out.append('\n');
        if (compared) {
            out.append(RATIO_CONVENTION).append('\n');
        }
        out.append(Benchmarks.FLOP_CONVENTION).append('\n');
        return out.toString();
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    private static String oneDecimal(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String runs(Timing timing) {
        StringBuilder out = new StringBuilder();
        for (double ms : timing.samplesMs()) {
            out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, ms >= 1000 ? "%.0f" : "%.4g", ms));
        }
        return out.toString();
    }

    // ---- JSON -----------------------------------------------------------------------------------

    /**
     * {@code {"machine": {...}, "pytorch": {...} or null, "results": [{"name", "threads", "median_ms",
     * "min_ms", "max_ms", "gflops", "samples_ms", "error", "pytorch_median_ms", "pytorch_gflops",
     * "pytorch_samples_ms", "pytorch_note", "vs_pytorch"}]}}; a missing figure is null.
     */
    public String json() {
        StringBuilder out = new StringBuilder("{\n  \"machine\": {\n");
        out.append("    \"cpu_model\": ").append(Json.string(machine.cpuModel())).append(",\n");
        out.append("    \"cores\": ").append(machine.cores()).append(",\n");
        out.append("    \"threads\": ").append(machine.threads()).append(",\n");
        out.append("    \"java_version\": ").append(Json.string(machine.javaVersion())).append(",\n");
        out.append("    \"java_vendor\": ").append(Json.string(machine.javaVendor())).append(",\n");
        out.append("    \"vector_bits\": ").append(machine.vectorBits()).append(",\n");
        out.append("    \"os_name\": ").append(Json.string(machine.osName())).append(",\n");
        out.append("    \"os_arch\": ").append(Json.string(machine.osArch())).append(",\n");
        out.append("    \"load_average\": ").append(number(machine.loadAverage() >= 0 ? machine.loadAverage() : Double.NaN, 2))
                .append('\n');
        out.append("  },\n  \"pytorch\": ");
        if (pytorch != null) {
            out.append("{\"python\": ").append(Json.string(pytorch.python()))
                    .append(", \"python_version\": ").append(Json.string(pytorch.pythonVersion()))
                    .append(", \"torch_version\": ").append(Json.string(pytorch.torch()))
                    .append(", \"numpy_version\": ").append(Json.string(pytorch.numpy()))
                    .append(", \"blas\": ").append(Json.string(pytorch.blas()))
                    .append(", \"unavailable\": null}");
        } else if (pytorchMissing != null) {
            out.append("{\"python\": null, \"python_version\": null, \"torch_version\": null, \"numpy_version\": null,"
                    + " \"blas\": null, \"unavailable\": ").append(Json.string(pytorchMissing)).append('}');
        } else {
            out.append("null");
        }
        out.append(",\n  \"results\": [");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            Timing t = r.timing();
            Timing p = r.pytorch();
            out.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"name\": ").append(Json.string(r.name()))
                    .append(", \"threads\": ").append(r.threads())
                    .append(", \"median_ms\": ").append(t == null ? "null" : number(t.medianMs(), 4))
                    .append(", \"min_ms\": ").append(t == null ? "null" : number(t.minMs(), 4))
                    .append(", \"max_ms\": ").append(t == null ? "null" : number(t.maxMs(), 4))
                    .append(", \"gflops\": ").append(r.gflops() == null ? "null" : number(r.gflops(), 3))
                    .append(", \"samples_ms\": ").append(samples(t))
                    .append(", \"error\": ").append(Json.string(r.error()))
                    .append(", \"pytorch_median_ms\": ").append(p == null ? "null" : number(p.medianMs(), 4))
                    .append(", \"pytorch_gflops\": ").append(r.pytorchGflops() == null ? "null" : number(r.pytorchGflops(), 3))
                    .append(", \"pytorch_samples_ms\": ").append(samples(p))
                    .append(", \"pytorch_note\": ").append(Json.string(r.pytorchNote()))
                    .append(", \"vs_pytorch\": ").append(r.vsPyTorch() == null ? "null" : number(r.vsPyTorch(), 4))
                    .append('}');
        }
        out.append(results.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return out.toString();
    }

    private static String samples(Timing timing) {
        if (timing == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("[");
        for (double ms : timing.samplesMs()) {
            out.append(out.length() == 1 ? "" : ", ").append(number(ms, 4));
        }
        return out.append(']').toString();
    }

    /** Writes {@link #json()} to {@code file}. */
    public void writeJson(Path file) throws IOException {
        Files.writeString(file, json());
    }


    /** A JSON number rounded to {@code decimals} places, without trailing zeros; null for NaN or infinity. */
    static String number(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "null";
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }
}
