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
 * The outcome of a benchmark run: the machine it ran on and one row per case and thread count, as a
 * text table for people and as JSON for comparing runs over time. The JSON is written by hand to keep
 * the runtime free of dependencies.
 */
public record BenchReport(Machine machine, List<Result> results) {

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
     * One case at one thread count. {@code gflops} is null where it means nothing; {@code vsPyTorch}
     * (our time / PyTorch's) is null where there is no reference at this thread count.
     */
    public record Result(String name, int threads, Timing timing, Double gflops, Double vsPyTorch) {}

    /** What the "vs PyTorch" column means, printed under the table. */
    static final String RATIO_CONVENTION = "vs PyTorch: our median time / PyTorch 1.13+OpenBLAS median time at the same"
            + " thread count (for matmul: PyTorch GFLOP/s / ours, the same ratio); below 1 is faster than PyTorch";

    // ---- text -----------------------------------------------------------------------------------

    /** The machine in one line, for the top of the table. */
    public String header() {
        return String.format(Locale.ROOT, "machine: %s, %d cores, %s %s, Java %s (%s), vector width %d bits, %d threads%s",
                machine.cpuModel() == null ? "unknown CPU" : machine.cpuModel(), machine.cores(), machine.osName(),
                machine.osArch(), machine.javaVersion(), machine.javaVendor(), machine.vectorBits(), machine.threads(),
                machine.loadAverage() >= 0 ? String.format(Locale.ROOT, ", load average %.2f at start", machine.loadAverage()) : "");
    }

    /** The header, the table and the notes on how GFLOP/s and the ratio are counted. */
    public String text() {
        StringBuilder out = new StringBuilder(header()).append('\n').append('\n');
        int nameWidth = Math.max(4, results.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        String rowFormat = "%-" + nameWidth + "s  %7s  %10s  %10s  %10s  %8s  %10s%n";
        out.append(String.format(Locale.ROOT, rowFormat, "name", "threads", "median ms", "min ms", "max ms", "GFLOP/s",
                "vs PyTorch"));
        for (Result r : results) {
            Timing t = r.timing();
            out.append(String.format(Locale.ROOT, rowFormat, r.name(), r.threads(), millis(t.medianMs()),
                    millis(t.minMs()), millis(t.maxMs()),
                    r.gflops() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.gflops()),
                    r.vsPyTorch() == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.vsPyTorch())));
        }
        out.append('\n').append(RATIO_CONVENTION).append('\n').append(Benchmarks.FLOP_CONVENTION).append('\n');
        return out.toString();
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    // ---- JSON -----------------------------------------------------------------------------------

    /** {@code {"machine": {...}, "results": [{"name", "threads", "median_ms", "min_ms", "max_ms", "gflops"}]}}. */
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
        out.append("  },\n  \"results\": [");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            Timing t = r.timing();
            out.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"name\": ").append(Json.string(r.name()))
                    .append(", \"threads\": ").append(r.threads())
                    .append(", \"median_ms\": ").append(number(t.medianMs(), 4))
                    .append(", \"min_ms\": ").append(number(t.minMs(), 4))
                    .append(", \"max_ms\": ").append(number(t.maxMs(), 4))
                    .append(", \"gflops\": ").append(r.gflops() == null ? "null" : number(r.gflops(), 3))
                    .append('}');
        }
        out.append(results.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return out.toString();
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
