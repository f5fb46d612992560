package d2l.train;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.models.Initializers;
import d2l.models.LeNet;
import d2l.nn.SafeTensors;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch loads our checkpoint into the book's LeNet and computes the same logits. Runs only where a
 * Python with torch and safetensors is found ({@code $D2L_PYTHON}, else {@code /work/.venv/bin/python});
 * skipped elsewhere, CI included.
 */
class PyTorchLoadsCheckpointTest {

    /** The book's {@code d2l.LeNet} (section 7.6) without the d2l package: {@code self.net} is what names the weights. */
    private static final String SCRIPT = """
            import sys, torch
            from torch import nn
            from safetensors.torch import load_file

            class LeNet(nn.Module):
                def __init__(self, num_classes=10):
                    super().__init__()
                    self.net = nn.Sequential(
                        nn.LazyConv2d(6, kernel_size=5, padding=2), nn.Sigmoid(),
                        nn.AvgPool2d(kernel_size=2, stride=2),
                        nn.LazyConv2d(16, kernel_size=5), nn.Sigmoid(),
                        nn.AvgPool2d(kernel_size=2, stride=2),
                        nn.Flatten(),
                        nn.LazyLinear(120), nn.Sigmoid(),
                        nn.LazyLinear(84), nn.Sigmoid(),
                        nn.LazyLinear(num_classes))

                def forward(self, X):
                    return self.net(X)

            model = LeNet()
            model(torch.zeros(1, 1, 28, 28))
            model.load_state_dict(load_file(sys.argv[1]))
            io = load_file(sys.argv[2])
            with torch.no_grad():
                print((model(io["X"]) - io["Y"]).abs().max().item())
            """;

    private static String python() {
        String configured = System.getenv("D2L_PYTHON");
        return configured != null ? configured : "/work/.venv/bin/python";
    }

    private static Process start(Path dir, String... args) throws IOException {
        return new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    private static boolean hasTorch(Path dir) throws InterruptedException {
        try {
            Process p = start(dir, python(), "-c", "import torch, safetensors");
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException noPython) {
            return false;
        }
    }

    @Test
    void pyTorchLoadsOurLeNetAndComputesTheSameLogits(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(hasTorch(dir), "needs " + python() + " with torch and safetensors (or set D2L_PYTHON)");
        Torch.manualSeed(0);
        Tensor x = Torch.randn(4, 1, 28, 28);
        Classifier lenet = new Classifier("lenet", LeNet.classic(10), 0.1);
        Initializers.applyInit(lenet.net(), x, Initializers::initCnn);
        Map<String, Tensor> io = new LinkedHashMap<>();
        io.put("X", x);
        io.put("Y", lenet.forward(x).detach());
        SafeTensors.save(lenet.stateDict(), Map.of("format", "pt"), dir.resolve("lenet.safetensors"));
        SafeTensors.save(io, Map.of(), dir.resolve("io.safetensors"));
        Files.writeString(dir.resolve("load.py"), SCRIPT);

        Process p = start(dir, List.of(python(), "load.py", "lenet.safetensors", "io.safetensors").toArray(String[]::new));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Double.parseDouble(out)).as("largest difference of the logits").isLessThan(1e-5);
    }
}
