package d2l.cli;

import d2l.bench.BenchReport;
import d2l.bench.Benchmarks;
import d2l.bench.Harness;
import d2l.bench.LayerProfile;
import d2l.bench.PyTorchSession;
import d2l.bench.PyTorchSide;
import d2l.data.DataDirectory;
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
 * {@code d2l bench}: times the kernels, layers and workloads that decide training speed (sgemm, LeNet's
 * and ResNet's convolutions, pooling, batch norm, a ResNet-18 step, LeNet epochs, grading the
 * solutions). With {@code --vs-pytorch} it times the same cases in PyTorch too, through
 * {@code bench/pytorch_cases.py}, on the same thread counts, one PyTorch run after each of ours, and
 * prints both with their ratio.
 * Progress goes to stderr, the table to stdout.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the kernels, layers and workloads that decide training speed; with --vs-pytorch, PyTorch's too, in the same run.",
        footerHeading = "%nCases (--only takes a name or the start of one):%n",
        footer = {
            "  lenet-epoch-first, -later       LeNet (7.6) training epoch, batch 128: the first of a cold process, then",
            "                                  later ones (needs Fashion-MNIST at D2L_DATA; --limit N images shortens it)",
            "  matmul-1024, matmul-2048        square sgemm, all threads and 1 thread",
            "  lenet-conv1-fwd, -fwdbwd        conv 1->6 5x5 pad 2, batch 128, 28x28",
            "  lenet-conv2-fwd, -fwdbwd        conv 6->16 5x5, batch 128, 14x14",
            "  conv3x3-64-fwd, -fwdbwd         conv 64->64 3x3 pad 1, batch 32, 24x24",
            "  maxpool-3-2-1-fwd               MaxPool2d(3, 2, 1) on (32, 64, 48, 48)",
            "  batchnorm-fwdbwd                BatchNorm2d training on (32, 64, 24, 24)",
            "  resnet18-step                   ResNet-18 SGD step, batch 32, 1x96x96",
            "  grade-solutions                 d2l grade solutions --no-training in a new JVM, once (ours only:",
            "                                  PyTorch has no equivalent)"})
final class BenchCommand implements Callable<Integer> {

    /** How many of the largest entries by shape {@code --layers} lists under each profile. */
    private static final int LAYER_DETAIL_ROWS = 15;

    @Option(names = "--quick", description = "Short warm-up and few runs (well under a minute); noisier figures.")
    boolean quick;

    @Option(names = "--runs", paramLabel = "N", description = "Time exactly N runs of each case (after the usual warm-up; a first epoch and grading run once).")
    Integer runs;

    @Option(names = "--limit", paramLabel = "N", description = "Train the LeNet epochs on the first N images instead of all 60,000.")
    Integer limit;

    @Option(names = "--vs-pytorch", description = "Also time every case in PyTorch, same threads and shapes, one of its runs after each of ours,"
            + " and print the ratio.")
    boolean vsPyTorch;

    @Option(names = "--python", paramLabel = "PATH",
            description = "The Python with torch for --vs-pytorch (implies it; default: $D2L_PYTHON, else .venv/bin/python, else python3).")
    String python;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the machine and results as JSON to FILE.")
    Path json;

    @Option(names = "--layers", description = "Then profile each case op by op (conv, batch norm, ReLU, ..., forward and"
            + " backward) in separate runs and print where a run's time goes.")
    boolean layers;

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Run only the cases whose names start with NAME (repeat or separate with commas).")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (runs != null && runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1 image, got " + limit);
        }
        Benchmarks.Workloads workloads = new Benchmarks.Workloads(limit == null ? 0 : limit,
                VectorRelaunch.command(Main.class.getName(), new String[] {"grade", "solutions", "--no-training"}));
        List<Benchmarks.Case> cases = Benchmarks.select(only, workloads);
        if (json != null) {
            checkWritable(json);
        }
        PyTorchSide.Probe probe = null;
        if (vsPyTorch || python != null) {
            probe = PyTorchSide.probe(PyTorchSide.candidates(python, System::getenv, Path.of("")), PyTorchSide.SCRIPT);
            System.err.println("d2l bench: " + (probe.versions() != null
                    ? "PyTorch side: torch " + probe.versions().torch() + " with " + probe.versions().blas() + " in "
                            + probe.versions().python()
                    : probe.whyNot()));
        }
        BenchReport.Machine machine = BenchReport.Machine.detect();
        Harness.Settings base = quick ? Harness.Settings.QUICK : Harness.Settings.FULL;
        Harness.Settings settings = runs == null ? base
                : new Harness.Settings(base.warmupSeconds(), base.warmupRuns(), runs, 0, runs);
        List<Benchmarks.Run> plan = Benchmarks.plan(cases, settings);
        System.err.println("d2l bench: " + cases.size() + " case(s), " + (runs != null ? runs + " runs each"
                : quick ? "quick run" : "full run") + ", " + machine.threads() + " threads");
        BenchReport report = probe == null ? new BenchReport(machine, null, null, Benchmarks.run(plan, System.err::println))
                : sideBySide(machine, probe, plan, limit == null ? 0 : limit);
        System.out.print(report.text());
        if (layers) {
            for (LayerProfile profile : Benchmarks.profile(plan, System.err::println)) {
                System.out.print(profile.text(LAYER_DETAIL_ROWS));
            }
        }
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

    /**
     * Times {@code plan} with PyTorch beside us when the probe found torch (one PyTorch run after each of
     * ours), else ours alone with the reason there are no PyTorch figures.
     */
    private static BenchReport sideBySide(BenchReport.Machine machine, PyTorchSide.Probe probe, List<Benchmarks.Run> plan,
                                          int limit) {
        if (probe.versions() == null) {
            return new BenchReport(machine, null, probe.whyNot(), Benchmarks.run(plan, System.err::println));
        }
        try (PyTorchSession pytorch = PyTorchSession.start(probe.versions().python(), PyTorchSide.SCRIPT,
                DataDirectory.resolve(null).path(), limit, line -> System.err.println("  " + line))) {
            return new BenchReport(machine, probe.versions(), null, Benchmarks.run(plan, System.err::println, pytorch));
        } catch (IOException e) {
            return new BenchReport(machine, null, "no PyTorch figures: " + e.getMessage(),
                    Benchmarks.run(plan, System.err::println));
        }
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
