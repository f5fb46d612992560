package d2l.cli;

import d2l.data.FashionMNIST;
import d2l.kernels.Parallel;
import d2l.models.Initializers;
import d2l.nn.Module;
import d2l.tensor.Torch;
import d2l.train.Classifier;
import d2l.train.EpochResult;
import d2l.train.Models;
import d2l.train.RunInfo;
import d2l.train.RunLog;
import d2l.train.Trainer;
import d2l.train.TrainingPlot;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code d2l train MODEL}: trains one of the book's networks on Fashion-MNIST, logging every epoch to
 * a CSV file and drawing the curves to a PNG at the end.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train lenet, lenet-modern, vgg-small or resnet18 on Fashion-MNIST.")
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "lenet, lenet-modern, vgg-small or resnet18")
    String model;

    @Option(names = "--epochs", description = "Epochs to train (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int epochs;

    @Option(names = "--lr", description = "Learning rate (default: the book's for the model).")
    Double lr;

    @Option(names = "--batch-size", description = "Minibatch size (default: ${DEFAULT-VALUE}).", defaultValue = "128")
    int batchSize;

    @Option(names = "--resize", description = "Resize images to N x N (default: the book's for the model).")
    Integer resize;

    @Option(names = "--limit", description = "Use only the first N training images (and at most N validation images).")
    Integer limit;

    @Option(names = "--seed", description = "Seed for initialisation and shuffling (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory with the Fashion-MNIST files (default: $D2L_DATA, else the user cache).")
    Path data;

    @Option(names = "--log", paramLabel = "FILE", description = "CSV log (default: runs/RUN.csv).")
    Path log;

    @Option(names = "--plot", paramLabel = "FILE", description = "PNG of the curves (default: runs/RUN.png).")
    Path plot;

    @Override
    public Integer call() throws Exception {
        Models choice = Models.byName(model);
        double rate = lr != null ? lr : choice.lr();
        int size = resize != null ? resize : choice.imageSize();
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        String run = String.format(Locale.ROOT, "%s-lr%s-bs%d-seed%d-%s", choice.cliName(), rate, batchSize, seed,
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path logFile = log != null ? log : Path.of("runs", run + ".csv");
        Path plotFile = plot != null ? plot : Path.of("runs", run + ".png");

        FashionMNIST dataset = new FashionMNIST(batchSize, size).seed(seed);
        if (data != null) {
            dataset.dataDir(data);
        }
        if (limit != null) {
            dataset.limit(limit);
        }
        Torch.manualSeed(seed);
        Module net = choice.create();
        Initializers.applyInit(net, dataset.trainBatches(0).iterator().next().images(), Initializers::initCnn);
        Classifier classifier = new Classifier(choice.cliName(), net, rate);

        System.err.printf(Locale.ROOT, "training %s: lr %s, batch size %d, %dx%d images, %d training and %d validation "
                        + "images, %d threads, seed %d%n", choice.cliName(), rate, batchSize, size, size,
                dataset.numTrain(), dataset.numVal(), Parallel.threads(), seed);
        List<EpochResult> results;
        try (RunLog runLog = RunLog.open(logFile, new RunInfo(run, choice.cliName(), rate, batchSize, seed, Parallel.threads()))) {
            results = new Trainer(epochs).log(runLog).fit(classifier, dataset);
        }
        TrainingPlot.save(choice.cliName() + " on Fashion-MNIST (lr " + rate + ", batch " + batchSize + ")", results, plotFile);
        System.err.println("log:  " + logFile);
        System.err.println("plot: " + plotFile);
        return 0;
    }
}
