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
 * How {@code d2l bench --vs-pytorch} finds a Python with torch, and says why there are no PyTorch
 * figures when it finds none ({@link PyTorchSessionTest} covers the talk with the script).
 */
class PyTorchSideTest {

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
}
