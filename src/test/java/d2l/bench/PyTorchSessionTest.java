package d2l.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line protocol between {@code d2l bench --vs-pytorch} and {@code bench/pytorch_cases.py}: first
 * against a stand-in script that speaks it without torch (so it runs everywhere python3 does), then
 * against the real script, which is skipped without torch. Nothing here is timed.
 */
class PyTorchSessionTest {

    private static final Harness.Settings ONCE = new Harness.Settings(0, 0, 1, 0, 1);

    /** The test JVM runs other tests meanwhile and is never idle, so the session must not wait for it. */
    private static final long NO_IDLE_WAIT = 0;

    /**
     * Answers like the real script: "prepare" records the request on stderr, "time" gives runs of
     * 2.5 ms, case "broken" fails, and case "crash" ends the process with exit code 3.
     */
    private static final String STAND_IN = """
            import json, sys
            for line in sys.stdin:
                r = json.loads(line)
                if r["name"] == "crash":
                    print("Segmentation fault in torch", file=sys.stderr, flush=True)
                    sys.exit(3)
                if r["name"] == "broken":
                    answer = {"error": "ValueError: no PyTorch case named 'broken'"}
                elif r["op"] == "prepare":
                    print("prepared", r["name"], r["threads"], r["data"], r["limit"], r["warmup_seconds"], r["warmup_runs"],
                          file=sys.stderr, flush=True)
                    answer = {"ok": True}
                else:
                    answer = {"samples_ms": [2.5] * r["runs"]}
                print(json.dumps(answer), flush=True)
            """;

    private static Path standIn(Path dir) throws IOException {
        assumeThat(System.getProperty("os.name")).doesNotStartWith("Windows");
        return Files.writeString(dir.resolve("stand_in.py"), STAND_IN);
    }

    @Test
    void aPreparedCaseIsTimedOneRunAtATime(@TempDir Path dir) throws Exception {
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        try (PyTorchSession session = PyTorchSession.start("python3", standIn(dir), Path.of("/data/fashion-mnist"), 2000,
                NO_IDLE_WAIT, progress::add)) {
            session.prepare("matmul-2048", 2, new Harness.Settings(1, 5, 10, 2, 500));
            assertThat(session.timeOneRun("matmul-2048", 2)).isEqualTo(2.5);
            assertThat(session.timeOneRun("matmul-2048", 2)).isEqualTo(2.5);
        }
        assertThat(progress).containsExactly("prepared matmul-2048 2 /data/fashion-mnist 2000 1.0 5");
    }

    @Test
    void aFailedRequestNamesItsErrorAndTheNextOneIsStillAnswered(@TempDir Path dir) throws Exception {
        try (PyTorchSession session = PyTorchSession.start("python3", standIn(dir), null, 0, NO_IDLE_WAIT, line -> {})) {
            assertThatThrownBy(() -> session.prepare("broken", 1, ONCE))
                    .isInstanceOf(IOException.class).hasMessage("ValueError: no PyTorch case named 'broken'");
            session.prepare("resnet18-step", 1, ONCE);
            assertThat(session.timeOneRun("resnet18-step", 1)).isEqualTo(2.5);
        }
    }

    @Test
    void aProcessThatDiesIsReportedWithItsExitCodeAndLastWords(@TempDir Path dir) throws Exception {
        try (PyTorchSession session = PyTorchSession.start("python3", standIn(dir), null, 0, NO_IDLE_WAIT, line -> {})) {
            assertThatThrownBy(() -> session.prepare("crash", 1, ONCE)).isInstanceOf(IOException.class)
                    .hasMessage("the PyTorch process (python3) ended, exit code 3: Segmentation fault in torch");
            assertThatThrownBy(() -> session.timeOneRun("matmul-1024", 1)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("the PyTorch process (python3) ended, exit code 3");
        }
    }

    /** The real script, asked for one matmul at 1 thread and a case it does not know. */
    @Test
    void theScriptAnswersRequests() throws Exception {
        PyTorchSide.Probe probe = PyTorchSide.probe(
                PyTorchSide.candidates(null, System::getenv, Path.of("")), PyTorchSide.SCRIPT);
        assumeThat(probe.versions()).as("a Python with torch (%s)", probe.whyNot()).isNotNull();
        assertThat(probe.versions().torch()).isNotBlank();
        assertThat(probe.versions().blas()).isNotBlank().isNotEqualTo("unknown");

        try (PyTorchSession session = PyTorchSession.start(probe.versions().python(), PyTorchSide.SCRIPT, null, 0,
                NO_IDLE_WAIT, line -> {})) {
            session.prepare("matmul-1024", 1, ONCE);
            assertThat(session.timeOneRun("matmul-1024", 1)).isPositive();
            assertThatThrownBy(() -> session.prepare("vgg-step", 1, ONCE)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("ValueError: no PyTorch case named 'vgg-step'; this script knows: lenet-epoch-first,");
            assertThatThrownBy(() -> session.timeOneRun("matmul-2048", 1)).isInstanceOf(IOException.class)
                    .hasMessage("ValueError: 'matmul-2048' was not prepared");
        }
    }
}
