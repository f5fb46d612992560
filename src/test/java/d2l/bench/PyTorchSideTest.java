package d2l.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code d2l bench --vs-pytorch} finds a Python, talks to {@code bench/pytorch_cases.py} and says
 * why there are no PyTorch figures. Only {@link #theScriptAnswersARequest} needs torch; it is skipped
 * without it. Nothing here is timed.
 */
class PyTorchSideTest {

    private static final Harness.Settings ONCE = new Harness.Settings(0, 0, 1, 0, 1);

    @Test
    void pythonComesFromTheOptionElseTheEnvironmentElseTheVenvThenPython3() {
        Path project = Path.of("/p");
        Map<String, String> env = Map.of("D2L_PYTHON", " /opt/torch/bin/python ");
        assertThat(PyTorchSide.candidates("/usr/bin/python3.11", env::get, project)).containsExactly("/usr/bin/python3.11");
        assertThat(PyTorchSide.candidates(null, env::get, project)).containsExactly("/opt/torch/bin/python");
        List<String> defaults = PyTorchSide.candidates(null, name -> null, project);
        assertThat(defaults).hasSize(2);
        assertThat(defaults.get(0)).startsWith(project.resolve(".venv").toString()).contains("python");
        assertThat(defaults.get(1)).startsWith("python");
    }

    @Test
    void withoutTorchTheMessageNamesEachPythonTriedAndWhatFailed(@TempDir Path dir) throws Exception {
        assumeThat(System.getProperty("os.name")).doesNotStartWith("Windows");
        Path noTorch = dir.resolve("python");
        Files.writeString(noTorch, "#!/bin/sh\necho \"No module named 'torch' (in $0)\" >&2\nexit 1\n");
        assertThat(noTorch.toFile().setExecutable(true)).isTrue();
        Path missing = dir.resolve("nowhere").resolve("python");

        PyTorchSide.Probe probe = PyTorchSide.probe(List.of(missing.toString(), noTorch.toString()), PyTorchSide.SCRIPT);

        assertThat(probe.versions()).isNull();
        assertThat(probe.whyNot()).isEqualTo("no PyTorch figures: tried " + missing + " (not found); " + noTorch
                + " (No module named 'torch' (in " + noTorch + ")). Install torch with `python3 -m venv .venv &&"
                + " .venv/bin/pip install torch numpy`, or name a Python that has it with --python PATH or D2L_PYTHON=PATH");
    }

    @Test
    void withoutTheScriptTheMessageSaysWhereToRunFrom(@TempDir Path dir) {
        PyTorchSide.Probe probe = PyTorchSide.probe(List.of("python3"), dir.resolve("bench/pytorch_cases.py"));
        assertThat(probe.versions()).isNull();
        assertThat(probe.whyNot()).contains("pytorch_cases.py is missing", "run d2l bench from the project's folder");
    }

    @Test
    void theRequestCarriesTheDataTheLimitAndEachCaseWithItsSettings() {
        String request = PyTorchSide.request(Path.of("/data/fashion-mnist"), 2000, List.of(
                new PyTorchSide.Request("lenet-epoch-first", 2, ONCE),
                new PyTorchSide.Request("matmul-2048", 1, new Harness.Settings(1, 5, 10, 2, 500))));
        assertThat(request).isEqualTo("{\"data\": \"/data/fashion-mnist\", \"limit\": 2000, \"cases\": ["
                + "{\"name\": \"lenet-epoch-first\", \"threads\": 2, \"settings\": {\"warmup_seconds\": 0.0, \"warmup_runs\": 0,"
                + " \"min_runs\": 1, \"min_seconds\": 0.0, \"max_runs\": 1}}, "
                + "{\"name\": \"matmul-2048\", \"threads\": 1, \"settings\": {\"warmup_seconds\": 1.0, \"warmup_runs\": 5,"
                + " \"min_runs\": 10, \"min_seconds\": 2.0, \"max_runs\": 500}}]}\n");
        assertThat(PyTorchSide.request(null, 0, List.of())).isEqualTo("{\"data\": null, \"limit\": null, \"cases\": []}\n");
    }

    @Test
    void theAnswerGivesEveryRunOfEachCaseOrItsError() {
        PyTorchSide.Measured measured = PyTorchSide.parse("/venv/bin/python", """
                {"python": "3.11.2", "torch": "1.13.0a0", "numpy": "1.24.2",
                 "blas": "OpenBLAS 0.3.21, core SkylakeX (OPENBLAS_CORETYPE=SkylakeX)", "results": [
                  {"name": "matmul-2048", "threads": 2, "samples_ms": [52.5, 50.25, 51.0]},
                  {"name": "lenet-epoch-first", "threads": 2, "error": "FileNotFoundError: train-images-idx3-ubyte.gz"}]}
                """);
        assertThat(measured.versions()).isEqualTo(new PyTorchSide.Versions("/venv/bin/python", "3.11.2", "1.13.0a0", "1.24.2",
                "OpenBLAS 0.3.21, core SkylakeX (OPENBLAS_CORETYPE=SkylakeX)"));
        Timing matmul = measured.timings().get(new PyTorchSide.Key("matmul-2048", 2));
        assertThat(matmul.samplesMs()).containsExactly(52.5, 50.25, 51.0);
        assertThat(matmul.medianMs()).isEqualTo(51.0);
        assertThat(measured.errors()).containsExactly(Map.entry(new PyTorchSide.Key("lenet-epoch-first", 2),
                "FileNotFoundError: train-images-idx3-ubyte.gz"));
    }

    @Test
    void anAnswerWithoutTheBlasSaysItIsUnknown() {
        PyTorchSide.Measured measured = PyTorchSide.parse("python3",
                "{\"python\": \"3.11.7\", \"torch\": \"2.13.0+cpu\", \"numpy\": \"2.4.6\", \"results\": []}");
        assertThat(measured.versions().blas()).isEqualTo("unknown");
    }

    @Test
    void mergePutsPyTorchBesideOursOrSaysWhyNot() {
        List<Benchmarks.Run> plan = Benchmarks.plan(Benchmarks.select(List.of("resnet", "grade", "lenet-epoch-first"),
                new Benchmarks.Workloads(0, List.of("java"))), ONCE);
        List<BenchReport.Result> ours = plan.stream()
                .map(r -> new BenchReport.Result(r.benchCase().name(), r.threads(), 0, Timing.ofMillis(10), null)).toList();
        int threads = plan.get(0).threads();
        PyTorchSide.Measured measured = new PyTorchSide.Measured(null,
                Map.of(new PyTorchSide.Key("resnet18-step", threads), Timing.ofMillis(5)),
                Map.of(new PyTorchSide.Key("lenet-epoch-first", threads), "ValueError: no data"));

        List<BenchReport.Result> merged = PyTorchSide.merge(plan, ours, measured);

        assertThat(merged).extracting(BenchReport.Result::name)
                .containsExactly("lenet-epoch-first", "resnet18-step", "grade-solutions");
        assertThat(merged.get(0).pytorchNote()).isEqualTo("failed: ValueError: no data");
        assertThat(merged.get(1).vsPyTorch()).isEqualTo(2.0);
        assertThat(merged.get(2).pytorchNote()).isEqualTo("has no equivalent");
    }

    /** The real script, asked for one matmul at 1 thread and a case it does not know. */
    @Test
    void theScriptAnswersARequest() throws Exception {
        PyTorchSide.Probe probe = PyTorchSide.probe(
                PyTorchSide.candidates(null, System::getenv, Path.of("")), PyTorchSide.SCRIPT);
        assumeThat(probe.versions()).as("a Python with torch (%s)", probe.whyNot()).isNotNull();

        PyTorchSide.Measured measured = PyTorchSide.run(probe.versions(), PyTorchSide.SCRIPT, null, 0, List.of(
                new PyTorchSide.Request("matmul-1024", 1, ONCE),
                new PyTorchSide.Request("vgg-step", 1, ONCE)), line -> {});

        assertThat(measured.versions().torch()).isNotBlank();
        assertThat(measured.versions().blas()).isNotBlank().isNotEqualTo("unknown");
        assertThat(measured.timings().get(new PyTorchSide.Key("matmul-1024", 1)).runs()).isEqualTo(1);
        assertThat(measured.errors().get(new PyTorchSide.Key("vgg-step", 1)))
                .startsWith("ValueError: no PyTorch case named 'vgg-step'; this script knows: lenet-epoch-first,");
    }
}
