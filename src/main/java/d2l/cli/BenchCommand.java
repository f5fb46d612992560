package d2l.cli;

import d2l.bench.BenchReport;
import d2l.bench.Benchmarks;
import d2l.bench.Harness;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code d2l bench}: times the kernels and layers that decide training speed (sgemm, LeNet's and
 * ResNet's convolutions, pooling, batch norm, a ResNet-18 step) and compares them with PyTorch.
 * Progress goes to stderr, the table to stdout.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the kernels and layers that decide training speed, against PyTorch.",
        footerHeading = "%nCases (--only takes a name or the start of one):%n",
        footer = {
            "  matmul-1024, matmul-2048        square sgemm, all threads and 1 thread",
            "  lenet-conv1-fwd, -fwdbwd        conv 1->6 5x5 pad 2, batch 128, 28x28",
            "  lenet-conv2-fwd, -fwdbwd        conv 6->16 5x5, batch 128, 14x14",
            "  conv3x3-64-fwd, -fwdbwd         conv 64->64 3x3 pad 1, batch 32, 24x24",
            "  maxpool-3-2-1-fwd               MaxPool2d(3, 2, 1) on (32, 64, 48, 48)",
            "  batchnorm-fwdbwd                BatchNorm2d training on (32, 64, 24, 24)",
            "  resnet18-step                   ResNet-18 SGD step, batch 32, 1x96x96"})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Short warm-up and few runs (well under a minute); noisier figures.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the machine and results as JSON to FILE.")
    Path json;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Run only the cases whose names start with NAME (repeat or separate with commas).")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        List<Benchmarks.Case> cases = Benchmarks.select(only);
        if (json != null) {
            checkWritable(json);
        }
        BenchReport.Machine machine = BenchReport.Machine.detect();
        System.err.println("d2l bench: " + cases.size() + " case(s), " + (quick ? "quick" : "full") + " run, "
                + machine.threads() + " threads");
        List<BenchReport.Result> results = Benchmarks.run(cases, quick ? Harness.Settings.QUICK : Harness.Settings.FULL,
                System.err::println);
        BenchReport report = new BenchReport(machine, results);
        System.out.print(report.text());
        System.out.flush();
        if (json != null) {
            try {
                report.writeJson(json);
            } catch (IOException e) {
                String reason = e instanceof AccessDeniedException ? "permission denied"
                        : e instanceof NoSuchFileException ? "no such directory" : e.getMessage();
                throw new IOException("cannot write --json file " + json + ": " + reason, e);
            }
            System.err.println("d2l bench: wrote " + json);
        }
        return 0;
    }

    /** Fails before minutes of benchmarking, not after, when the JSON file cannot be written. */
    private static void checkWritable(Path file) {
        Path target = file.toAbsolutePath().normalize();
        Path parent = target.getParent();
        String problem = null;
        if (Files.isDirectory(target)) {
            problem = "it is a directory";
        } else if (parent == null || !Files.isDirectory(parent)) {
            problem = "no such directory " + parent;
        } else if (Files.exists(target) ? !Files.isWritable(target) : !Files.isWritable(parent)) {
            problem = "permission denied";
        }
        if (problem != null) {
            throw new IllegalArgumentException("cannot write --json file " + file + ": " + problem);
        }
    }
}
