package d2l.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statistics, the JSON schema and the table of a report, on fixed fake timings (nothing is timed). */
class BenchReportTest {

    private static final BenchReport.Machine MACHINE =
            new BenchReport.Machine(2, 2, "17.0.15+6", "Debian", 256, "Linux", "amd64", "AMD \"EPYC\"\\1\t", 0.254);

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
    void jsonHasTheMachineAndOneObjectPerResult() {
        BenchReport report = new BenchReport(MACHINE, List.of(
                new BenchReport.Result("matmul-2048", 1, Timing.ofMillis(200, 190, 250), 85.89934592, 1.03),
                new BenchReport.Result("resnet18-step", 2, Timing.ofMillis(600.123456, 580, 610, 700), null, null)));
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
                  "results": [
                    {"name": "matmul-2048", "threads": 1, "median_ms": 200, "min_ms": 190, "max_ms": 250, "gflops": 85.899},
                    {"name": "resnet18-step", "threads": 2, "median_ms": 605.0617, "min_ms": 580, "max_ms": 700, "gflops": null}
                  ]
                }
                """);
    }

    @Test
    void jsonOfNoResultsAndAnUnknownCpu() {
        BenchReport.Machine noCpu = new BenchReport.Machine(1, 1, "21", "Oracle", 128, "Mac OS X", "aarch64", null, Double.NaN);
        String json = new BenchReport(noCpu, List.of()).json();
        assertThat(json).contains("\"cpu_model\": null,", "\"load_average\": null\n").endsWith("\"results\": []\n}\n");
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
    void ratioToPyTorchComparesTimesAtTheSameThreadCount() {
        Benchmarks.Case matmul = Benchmarks.select(List.of("matmul-2048")).get(0);
        // 2 * 2048^3 flops at 88 GFLOP/s (PyTorch, 1 thread) take 195.2 ms; at 44 GFLOP/s twice as long.
        double ms = matmul.flopsPerRun() / (44 * 1e6);
        BenchReport.Result oneThread = Benchmarks.result(matmul, 1, Timing.ofMillis(ms));
        assertThat(oneThread.gflops()).isCloseTo(44, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(oneThread.vsPyTorch()).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Benchmarks.result(matmul, 3, Timing.ofMillis(ms)).vsPyTorch()).isNull();

        Benchmarks.Case pool = Benchmarks.select(List.of("maxpool")).get(0);
        BenchReport.Result poolResult = Benchmarks.result(pool, 2, Timing.ofMillis(41.4));
        assertThat(poolResult.gflops()).isNull();
        assertThat(poolResult.vsPyTorch()).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void onlySelectsByPrefixAndRejectsUnknownNames() {
        assertThat(Benchmarks.select(List.of("lenet-conv2")).stream().map(Benchmarks.Case::name))
                .containsExactly("lenet-conv2-fwd", "lenet-conv2-fwdbwd");
        assertThat(Benchmarks.select(List.of("resnet", "matmul-1024")).stream().map(Benchmarks.Case::name))
                .containsExactly("matmul-1024", "resnet18-step");
        assertThat(Benchmarks.select(List.of())).hasSize(11);
        assertThatThrownBy(() -> Benchmarks.select(List.of("vgg")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no benchmark named 'vgg'");
    }

    @Test
    void tableShowsEveryColumn(@TempDir Path dir) throws Exception {
        BenchReport report = new BenchReport(MACHINE, List.of(
                new BenchReport.Result("lenet-conv1-fwd", 2, Timing.ofMillis(1.5, 1.25, 2), 3.4, 1.3)));
        assertThat(report.text())
                .contains("name", "threads", "median ms", "min ms", "max ms", "GFLOP/s", "vs PyTorch")
                .containsPattern("lenet-conv1-fwd\\s+2\\s+1\\.500\\s+1\\.250\\s+2\\.000\\s+3\\.4\\s+1\\.30x");
        Path file = dir.resolve("bench.json");
        report.writeJson(file);
        assertThat(Files.readString(file)).isEqualTo(report.json());
    }
}
