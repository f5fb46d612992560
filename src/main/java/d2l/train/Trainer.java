package d2l.train;

import d2l.autograd.GradMode;
import d2l.data.FashionMNIST;
import d2l.optim.SGD;
import d2l.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link Classifier} on Fashion-MNIST with minibatch SGD at the model's learning rate, as the
 * book's {@code d2l.Trainer(max_epochs).fit(model, data)}: each epoch trains on every training batch,
 * then evaluates the validation set in evaluation mode without recording gradients. Every epoch is
 * appended to the run's CSV log (when one is given) the moment it ends, and reported to the progress;
 * with {@link #save}, a {@link Checkpoint} is written after every epoch, from which
 * {@link #fit(Classifier, FashionMNIST, SGD, int)} resumes.
 */
public final class Trainer {

    private final int maxEpochs;
    private RunLog log;
    private Progress progress = Progress.toStderr();
    private Path checkpoint;
    private Map<String, String> checkpointMetadata = Map.of();
    private String plotTitle;
    private Path plotFile;
    private TrainingCurve curve;
    private BackgroundPlot plotDrawing;
    private BatchTrace trace;
    private final List<EpochResult> finished = new ArrayList<>();

    public Trainer(int maxEpochs) {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("the number of epochs must be at least 1, got " + maxEpochs);
        }
        this.maxEpochs = maxEpochs;
    }

    /** Appends each epoch to {@code log}; returns this. */
    public Trainer log(RunLog log) {
        this.log = log;
        return this;
    }

    /** Records every training batch's wall time to {@code trace}; returns this. */
    public Trainer trace(BatchTrace trace) {
        this.trace = trace;
        return this;
    }

    /** Where progress goes (default: stderr); returns this. */
    public Trainer progress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /**
     * Saves a {@link Checkpoint} to {@code file} after every epoch, with {@code metadata} and the
     * epoch's number as {@code epoch}; returns this.
     */
    public Trainer save(Path file, Map<String, String> metadata) {
        this.checkpoint = file;
        this.checkpointMetadata = metadata;
        return this;
    }

    /**
     * Draws the run's {@link TrainingPlot} to {@code file} as it goes: the training loss ten times an
     * epoch ({@link TrainingCurve}), the validation loss and accuracy after each epoch; redrawn after
     * each epoch and, inside a long one, every 5 seconds. Returns this.
     */
    public Trainer plot(String title, Path file) {
        this.plotTitle = title;
        this.plotFile = file;
        this.curve = new TrainingCurve(10, points -> {
            if (System.nanoTime() - lastDraw > REDRAW_NANOS) {
                drawPlot();
            }
        });
        return this;
    }

    /**
     * Inside an epoch the plot is redrawn at most this often: drawing takes about a tenth of a second
     * of a core, which it takes from training even on its own thread ({@link BackgroundPlot}).
     */
    private static final long REDRAW_NANOS = 5_000_000_000L;
    private long lastDraw = System.nanoTime();

    private void drawPlot() {
        lastDraw = System.nanoTime();
        plotDrawing.request(finished, curve.points());
    }

    /** Trains for {@code maxEpochs} epochs with SGD at the model's learning rate and returns what each epoch measured. */
    public List<EpochResult> fit(Classifier model, FashionMNIST data) {
        return fit(model, data, new SGD(model.net().parameters(), model.lr()), 1);
    }

    /**
     * Trains epochs {@code firstEpoch} to {@code maxEpochs} with {@code optimizer} (made for
     * {@code model.net().parameters()}): resuming a run restored from a checkpoint of epoch k is
     * {@code firstEpoch = k + 1}, and the epochs then shuffle and log as if the run had not stopped.
     */
    public List<EpochResult> fit(Classifier model, FashionMNIST data, SGD optimizer, int firstEpoch) {
        if (plotFile == null) {
            return fitEpochs(model, data, optimizer, firstEpoch);
        }
        plotDrawing = BackgroundPlot.of(plotTitle, plotFile);
        List<EpochResult> results;
        try {
            results = fitEpochs(model, data, optimizer, firstEpoch);
        } catch (RuntimeException | Error e) {
            plotDrawing.abandon();
            throw e;
        }
        plotDrawing.finish();
        return results;
    }

    private List<EpochResult> fitEpochs(Classifier model, FashionMNIST data, SGD optimizer, int firstEpoch) {
        List<EpochResult> results = new ArrayList<>();
        for (int epoch = firstEpoch; epoch <= maxEpochs; epoch++) {
            EpochResult r = fitEpoch(model, data, optimizer, epoch);
            results.add(r);
            finished.add(r);
            if (plotFile != null) {
                drawPlot();
            }
            progress.epoch(maxEpochs, r);
            if (log != null) {
                try {
                    log.append(r);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not append epoch " + epoch + " to " + log.file() + ": "
                            + e.getMessage(), e);
                }
            }
            if (checkpoint != null) {
                saveCheckpoint(model, optimizer, epoch);
            }
        }
        return results;
    }

    private void saveCheckpoint(Classifier model, SGD optimizer, int epoch) {
        Map<String, String> metadata = new LinkedHashMap<>(checkpointMetadata);
        metadata.put("epoch", String.valueOf(epoch));
        try {
            Checkpoint.save(checkpoint, model, optimizer, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the checkpoint of epoch " + epoch + " to " + checkpoint + ": "
                    + e.getMessage(), e);
        }
    }

    private EpochResult fitEpoch(Classifier model, FashionMNIST data, SGD optimizer, int epoch) {
        long start = System.nanoTime();
        model.net().train();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int done = 0;
        int total = data.numTrainBatches();
        if (trace != null) {
            trace.epochStarts();
        }
        for (FashionMNIST.Batch batch : data.trainBatches(epoch)) {
            Tensor logits = model.forward(batch.images());
            Tensor loss = model.loss(logits, batch.labels());
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            int n = batch.labels().numel();
            double value = loss.item();
            lossSum += value * n;
            correct += Classifier.correct(logits, batch.labels());
            seen += n;
            done++;
            double elapsed = (System.nanoTime() - start) / 1e9;
            progress.batch(epoch, maxEpochs, done, total, lossSum / seen, seen / Math.max(elapsed, 1e-9));
            if (curve != null) {
                curve.batch(epoch, done, total, value, n);
            }
            if (trace != null) {
                try {
                    trace.batchEnds(epoch, done);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write to the trace " + trace.file() + ": " + e.getMessage(), e);
                }
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        double[] validation = evaluate(model, data);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochResult(epoch, lossSum / Math.max(seen, 1), (double) correct / Math.max(seen, 1),
                validation[0], validation[1], seconds, seen / Math.max(trainSeconds, 1e-9));
    }

    /** {mean loss, accuracy} over the validation set, in evaluation mode and without recording. */
    public static double[] evaluate(Classifier model, FashionMNIST data) {
        boolean wasTraining = model.net().isTraining();
        model.net().eval();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (FashionMNIST.Batch batch : data.valBatches()) {
                Tensor logits = model.forward(batch.images());
                int n = batch.labels().numel();
                lossSum += model.loss(logits, batch.labels()).item() * n;
                correct += Classifier.correct(logits, batch.labels());
                seen += n;
            }
        } finally {
            model.net().train(wasTraining);
        }
        return new double[] {lossSum / Math.max(seen, 1), (double) correct / Math.max(seen, 1)};
    }
}
