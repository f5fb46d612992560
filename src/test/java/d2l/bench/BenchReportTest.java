package d2l.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statistics, the JSON schema and the table of a report, on fixed fake timings (nothing is timed). */
class BenchReportTest {

    private static final BenchReport.Machine MACHINE =
            new BenchReport.Machine(2, 2, "17.0.15+6", "Debian", 256, "Linux", "amd64", "AMD \"EPYC\"\\1\t", 0.254);

    private static final PyTorchSide.Versions TORCH = new PyTorchSide.Versions(".venv/bin/python", "3.11.7", "2.13.0+cpu", "2.4.6",
            "MKL 2024.2");

    private static final Benchmarks.Workloads WORKLOADS = new Benchmarks.Workloads(0, List.of("java", "d2l.cli.Main"));

    /** 2 * 2048^3 flops. */
    private static final double MATMUL_2048 = 2.0 * 2048 * 2048 * 2048;

    @Test
    void medianMinAndMaxOfAnOddNumberOfRuns() {
        Timing t = Timing.ofMillis(5, 1, 3, 2, 4);
        assertThat(t.medianMs()).isEqualTo(3);
        assertThat(t.minMs()).isEqualTo(1);
        assertThat(t.maxMs()).isEqualTo(5);
        assertThat(t.runs()).isEqualTo(5);
        assertThat(t.totalMs()).isEqualTo(15);
    }

    @Test
    void medianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        Timing t = Timing.ofMillis(4, 1, 10, 2);
        assertThat(t.medianMs()).isEqualTo(3);
        assertThat(t.minMs()).isEqualTo(1);
        assertThat(t.maxMs()).isEqualTo(10);
        assertThat(Timing.ofMillis(7).medianMs()).isEqualTo(7);
        assertThatThrownBy(Timing::ofMillis).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratioIsOurMedianOverPyTorchsAndEqualsTheirGflopsOverOurs() {
        // 44 GFLOP/s for us, 88 for PyTorch: we take twice as long.
        BenchReport.Result r = new BenchReport.Result("matmul-2048", 1, MATMUL_2048,
                Timing.ofMillis(MATMUL_2048 / 44e6, 1e9, 1), null).withPyTorch(Timing.ofMillis(MATMUL_2048 / 88e6), null);
        assertThat(r.gflops()).isCloseTo(44, offset(1e-9));
        assertThat(r.pytorchGflops()).isCloseTo(88, offset(1e-9));
        assertThat(r.vsPyTorch()).isCloseTo(2, offset(1e-9));

        BenchReport.Result pool = new BenchReport.Result("maxpool-3-2-1-fwd", 2, 0, Timing.ofMillis(3, 1, 2), null)
                .withPyTorch(Timing.ofMillis(8, 4, 100, 1), null);
        assertThat(pool.gflops()).isNull();
        assertThat(pool.vsPyTorch()).isEqualTo(2.0 / 6);
        assertThat(pool.withPyTorch(null, "failed: RuntimeError").vsPyTorch()).isNull();
        assertThat(new BenchReport.Result("x", 2, 0, null, "no data").withPyTorch(Timing.ofMillis(1), null).vsPyTorch()).isNull();
    }

    @Test
    void jsonHasTheMachinePyTorchsVersionsAndBothSidesOfEveryResult() {
        BenchReport report = new BenchReport(MACHINE, TORCH, null, List.of(
                new BenchReport.Result("matmul-2048", 1, MATMUL_2048, Timing.ofMillis(200, 190, 250), null)
                        .withPyTorch(Timing.ofMillis(100, 110), null),
                new BenchReport.Result("lenet-epoch-first", 2, 0, null, "no Fashion-MNIST")
                        .withPyTorch(null, "failed: ValueError: no data"),
                new BenchReport.Result("grade-solutions", 2, 0, Timing.ofMillis(600.123456), null)
                        .withPyTorch(null, "has no equivalent")));
        assertThat(report.json()).isEqualTo("""
                {
                  "machine": {
                    "cpu_model": "AMD \\"EPYC\\"\\\\1\\t",
                    "cores": 2,
                    "threads": 2,
                    "java_version": "17.0.15+6",
                    "java_vendor": "Debian",
                    "vector_bits": 256,
                    "os_name": "Linux",
                    "os_arch": "amd64",
                    "load_average": 0.25
                  },
                  "pytorch": {"python": ".venv/bin/python", "python_version": "3.11.7", "torch_version": "2.13.0+cpu", "numpy_version": "2.4.6", "blas": "MKL 2024.2", "unavailable": null},
                  "results": [
                    {"name": "matmul-2048", "threads": 1, "median_ms": 200, "min_ms": 190, "max_ms": 250, "gflops": 85.899, "samples_ms": [200, 190, 250], "error": null, "pytorch_median_ms": 105, "pytorch_gflops": 163.618, "pytorch_samples_ms": [100, 110], "pytorch_note": null, "vs_pytorch": 1.9048},
                    {"name": "lenet-epoch-first", "threads": 2, "median_ms": null, "min_ms": null, "max_ms": null, "gflops": null, "samples_ms": null, "error": "no Fashion-MNIST", "pytorch_median_ms": null, "pytorch_gflops": null, "pytorch_samples_ms": null, "pytorch_note": "failed: ValueError: no data", "vs_pytorch": null},
                    {"name": "grade-solutions", "threads": 2, "median_ms": 600.1235, "min_ms": 600.1235, "max_ms": 600.1235, "gflops": null, "samples_ms": [600.1235], "error": null, "pytorch_median_ms": null, "pytorch_gflops": null, "pytorch_samples_ms": null, "pytorch_note": "has no equivalent", "vs_pytorch": null}
                  ]
                }
                """);
    }

    @Test
    void jsonSaysWhyPyTorchIsMissingOrThatItWasNotAskedFor() {
        BenchReport.Machine noCpu = new BenchReport.Machine(1, 1, "21", "Oracle", 128, "Mac OS X", "aarch64", null, Double.NaN);
        String json = new BenchReport(noCpu, null, null, List.of()).json();
        assertThat(json).contains("\"cpu_model\": null,", "\"load_average\": null\n", "\"pytorch\": null,")
                .endsWith("\"results\": []\n}\n");
        assertThat(new BenchReport(noCpu, null, "no PyTorch figures: tried python3 (No module named 'torch')", List.of()).json())
                .contains("\"torch_version\": null, \"numpy_version\": null, \"blas\": null,"
                        + " \"unavailable\": \"no PyTorch figures: tried python3 (No module named 'torch')\"}");
    }

    @Test
    void stringsAndNumbersAreValidJson() {
        assertThat(d2l.json.Json.string("a\u0001\n\r\b\f/é")).isEqualTo("\"a\\u0001\\n\\r\\b\\f/é\"");
        assertThat(BenchReport.number(Double.NaN, 3)).isEqualTo("null");
        assertThat(BenchReport.number(Double.POSITIVE_INFINITY, 3)).isEqualTo("null");
        assertThat(BenchReport.number(0.00001, 4)).isEqualTo("0");
        assertThat(BenchReport.number(1e-3, 4)).isEqualTo("0.001");
        assertThat(BenchReport.number(1234567.0, 4)).isEqualTo("1234567");
    }

    @Test
    void onlySelectsByPrefixAndRejectsUnknownNames() {
        assertThat(Benchmarks.select(List.of("lenet-conv2"), WORKLOADS).stream().map(Benchmarks.Case::name))
                .containsExactly("lenet-conv2-fwd", "lenet-conv2-fwdbwd");
        assertThat(Benchmarks.select(List.of("resnet", "lenet-epoch"), WORKLOADS).stream().map(Benchmarks.Case::name))
                .containsExactly("lenet-epoch-first", "lenet-epoch-later", "resnet18-step");
        assertThat(Benchmarks.select(List.of(), WORKLOADS)).hasSize(14);
        assertThatThrownBy(() -> Benchmarks.select(List.of("vgg"), WORKLOADS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no benchmark named 'vgg'");
    }

    @Test
    void aColdFirstEpochAndGradingRunOnceWhileLaterEpochsTakeTheRunsAsked() {
        Harness.Settings threeRuns = new Harness.Settings(1, 5, 3, 0, 3);
        List<Benchmarks.Run> plan = Benchmarks.plan(
                Benchmarks.select(List.of("lenet-epoch", "grade", "matmul-2048"), WORKLOADS), threeRuns);
        assertThat(plan.get(0).settings()).isEqualTo(new Harness.Settings(0, 0, 1, 0, 1));
        assertThat(plan.get(1).settings()).isEqualTo(new Harness.Settings(0, 1, 3, 0, 3));
        assertThat(plan.get(2).settings()).isEqualTo(threeRuns);
        assertThat(plan.get(plan.size() - 1).benchCase().name()).isEqualTo("grade-solutions");
        assertThat(plan.get(plan.size() - 1).benchCase().pytorch()).isFalse();
        assertThat(plan.get(plan.size() - 1).settings()).isEqualTo(new Harness.Settings(0, 0, 1, 0, 1));
    }

    @Test
    void tableShowsBothSidesTheRatioAndEveryRun(@TempDir Path dir) throws Exception {
        BenchReport report = new BenchReport(MACHINE, TORCH, null, List.of(
                new BenchReport.Result("lenet-conv1-fwd", 2, 5.1e6, Timing.ofMillis(1.5, 1.25, 2), null)
                        .withPyTorch(Timing.ofMillis(3, 1, 2.5), null),
                new BenchReport.Result("grade-solutions", 2, 0, Timing.ofMillis(12345.6), null)
                        .withPyTorch(null, "has no equivalent")));
        assertThat(report.text())
                .contains("PyTorch: torch 2.13.0+cpu with MKL 2024.2, numpy 2.4.6, Python 3.11.7 (.venv/bin/python),"
                        + " same thread counts")
                .contains("name", "threads", "runs", "median ms", "min ms", "max ms", "GFLOP/s", "PyTorch ms", "ours/PyTorch")
                .containsPattern("lenet-conv1-fwd\\s+2\\s+3\\s+1\\.500\\s+1\\.250\\s+2\\.000\\s+3\\.4\\s+2\\.500\\s+2\\.0\\s+0\\.60x")
                .contains("lenet-conv1-fwd, 2 threads: ours 1.500 1.250 2.000; PyTorch 3.000 1.000 2.500")
                .contains("grade-solutions, 2 threads: ours 12346; PyTorch has no equivalent")
                .contains(BenchReport.RATIO_CONVENTION);
        Path file = dir.resolve("bench.json");
        report.writeJson(file);
        assertThat(Files.readString(file)).isEqualTo(report.json());
    }

    @Test
    void withoutPyTorchTheTableHasOnlyOurColumnsAndSaysWhy() {
        BenchReport.Result ours = new BenchReport.Result("resnet18-step", 2, 0, Timing.ofMillis(700, 800, 900), null);
        String notAsked = new BenchReport(MACHINE, null, null, List.of(ours)).text();
        assertThat(notAsked).doesNotContain("PyTorch");
        String missing = new BenchReport(MACHINE, null, "no PyTorch figures: tried python3 (No module named 'torch')",
                List.of(ours)).text();
        assertThat(missing.lines().skip(1).findFirst()).hasValue("no PyTorch figures: tried python3 (No module named 'torch')");
        assertThat(missing).containsPattern("resnet18-step\\s+2\\s+3\\s+800\\.000\\s+700\\.000\\s+900\\.000\\s+-\\s+-\\s+-\\s+-");
    }
}
