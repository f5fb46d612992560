package d2l.cli;

import d2l.data.FashionMNIST;
import d2l.kernels.Parallel;
import d2l.models.Initializers;
import d2l.nn.Module;
import d2l.optim.SGD;
import d2l.tensor.Torch;
import d2l.train.BatchTrace;
import d2l.train.Checkpoint;
import d2l.train.Classifier;
import d2l.train.Models;
import d2l.train.RunInfo;
import d2l.train.RunLog;
import d2l.train.Trainer;
import d2l.train.Warmup;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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

    @Option(names = "--batch-size", description = "Minibatch size (default: 128).")
    Integer batchSize;

    @Option(names = "--momentum", description = "SGD momentum (default: 0, the book's plain SGD).")
    Double momentum;

    @Option(names = "--resize", description = "Resize images to N x N (default: the book's for the model).")
    Integer resize;

    @Option(names = "--limit", description = "Use only the first N training images (and at most N validation images).")
    Integer limit;

    @Option(names = "--seed", description = "Seed for initialisation and shuffling (default: 0).")
    Long seed;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory with the Fashion-MNIST files (default: $D2L_DATA, else the user cache).")
    Path data;

    @Option(names = "--log", paramLabel = "FILE", description = "CSV log (default: runs/RUN.csv).")
    Path log;

    @Option(names = "--plot", paramLabel = "FILE", description = "PNG of the curves (default: runs/RUN.png).")
    Path plot;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write every training batch's wall time "
            + "to FILE (CSV: epoch,batch,ms,jvm_seconds), e.g. to see the JIT warm up over the first epoch.")
    Path trace;

    @Option(names = "--save", paramLabel = "FILE", description = "After every epoch, save the weights to FILE "
            + "(safetensors, loadable by PyTorch) and the optimizer state to FILE.optimizer.safetensors.")
    Path save;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue the run saved in FILE (by --save) up to "
            + "--epochs in all, with its settings, appending to its log and saving to FILE (or --save).")
    Path resume;

    @Option(names = "--no-warmup", description = "Do not compile the kernels in the background while the data "
            + "loads (to see a cold JVM's slow first batches).")
    boolean noWarmup;

    @Override
    public Integer call() throws Exception {
        Warmup warming = noWarmup ? null : Warmup.start();
        Models choice = Models.byName(model);
        Map<String, String> saved = resume != null ? Checkpoint.metadata(resume) : Map.of();
        if (resume != null && (!saved.containsKey("model") || !saved.containsKey("epoch"))) {
            throw new IllegalArgumentException(resume + " was not written by d2l train --save (its metadata has no model "
                    + "and epoch), so there is no run to resume; weights alone load with SafeTensors.load and loadStateDict");
        }
        if (resume != null && !choice.cliName().equals(saved.get("model"))) {
            throw new IllegalArgumentException(resume + " is a checkpoint of " + saved.get("model") + ", not of "
                    + choice.cliName() + "; resume it with ./d2l train " + saved.get("model") + " --resume " + resume);
        }
        int done = Integer.parseInt(saved.getOrDefault("epoch", "0"));
        if (done >= epochs) {
            throw new IllegalArgumentException(resume + " has finished epoch " + done + " already; pass --epochs N with "
                    + "N > " + done + " for the total number of epochs to reach");
        }
        double rate = lr != null ? lr : Double.parseDouble(saved.getOrDefault("lr", String.valueOf(choice.lr())));
        int batch = batchSize != null ? batchSize : Integer.parseInt(saved.getOrDefault("batch_size", "128"));
        int size = resize != null ? resize : Integer.parseInt(saved.getOrDefault("resize", String.valueOf(choice.imageSize())));
        long shuffleSeed = seed != null ? seed : Long.parseLong(saved.getOrDefault("seed", "0"));
        double beta = momentum != null ? momentum : Double.parseDouble(saved.getOrDefault("momentum", "0"));
        Integer images = limit != null ? limit : saved.containsKey("limit") ? Integer.valueOf(saved.get("limit")) : null;
        if (batch < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batch);
        }
        String run = saved.getOrDefault("run", String.format(Locale.ROOT, "%s-lr%s-bs%d-seed%d-%s", choice.cliName(),
                rate, batch, shuffleSeed, LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        Path logFile = log != null ? log : Path.of(saved.getOrDefault("log", Path.of("runs", run + ".csv").toString()));
        Path plotFile = plot != null ? plot : Path.of("runs", run + ".png");

        FashionMNIST dataset = new FashionMNIST(batch, size).seed(shuffleSeed);
        if (data != null) {
            dataset.dataDir(data);
        }
        if (images != null) {
            dataset.limit(images);
        }
        Torch.manualSeed(shuffleSeed);
        Module net = choice.create();
        Initializers.applyInit(net, dataset.trainBatches(0).iterator().next().images(), Initializers::initCnn);
        Classifier classifier = new Classifier(choice.cliName(), net, rate);
        SGD optimizer = new SGD(net.parameters(), rate, beta, 0);
        if (resume != null) {
            Checkpoint.load(resume, classifier, optimizer);
            if (lr != null) {
                optimizer.setLr(lr);
            }
            System.err.println("resuming " + run + " from " + resume + " after epoch " + done);
        }

        System.err.printf(Locale.ROOT, "training %s: lr %s, momentum %s, batch size %d, %dx%d images, %d training and %d "
                        + "validation images, %d threads, seed %d%n", choice.cliName(), rate, beta, batch, size, size,
                dataset.numTrain(), dataset.numVal(), Parallel.threads(), shuffleSeed);
        String title = choice.cliName() + " on Fashion-MNIST (lr " + rate + ", batch " + batch + ")";
        Trainer trainer = new Trainer(epochs).plot(title, plotFile);
        Path saveTo = save != null ? save : resume;
        if (saveTo != null) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("format", "pt");
            settings.put("run", run);
            settings.put("model", choice.cliName());
            settings.put("lr", String.valueOf(rate));
            settings.put("momentum", String.valueOf(beta));
            settings.put("batch_size", String.valueOf(batch));
            settings.put("resize", String.valueOf(size));
            settings.put("seed", String.valueOf(shuffleSeed));
            if (images != null) {
                settings.put("limit", String.valueOf(images));
            }
            settings.put("log", logFile.toString());
            trainer.save(saveTo, settings);
        }
        if (warming != null) {
            warming.finish();
        }
        try (RunLog runLog = RunLog.open(logFile, new RunInfo(run, choice.cliName(), rate, batch, shuffleSeed, Parallel.threads()));
                BatchTrace batchTrace = trace != null ? BatchTrace.open(trace) : null) {
            trainer.log(runLog).trace(batchTrace).fit(classifier, dataset, optimizer, done + 1);
        }
        System.err.println("log:  " + logFile);
        System.err.println("plot: " + plotFile);
        if (saveTo != null) {
            System.err.println("weights: " + saveTo + " (optimizer: " + Checkpoint.optimizerFile(saveTo) + ")");
        }
        return 0;
    }
}
