package d2l.train;

import d2l.autograd.GradMode;
import d2l.data.FashionMNIST;
import d2l.optim.SGD;
import d2l.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a {@link Classifier} on Fashion-MNIST with minibatch SGD at the model's learning rate, as the
 * book's {@code d2l.Trainer(max_epochs).fit(model, data)}: each epoch trains on every training batch,
 * then evaluates the validation set in evaluation mode without recording gradients. Every epoch is
 * appended to the run's CSV log (when one is given) the moment it ends, and reported to the progress.
 */
public final class Trainer {

    private final int maxEpochs;
    private RunLog log;
    private Progress progress = Progress.toStderr();

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

    /** Where progress goes (default: stderr); returns this. */
    public Trainer progress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /** Trains for {@code maxEpochs} epochs and returns what each epoch measured. */
    public List<EpochResult> fit(Classifier model, FashionMNIST data) {
        SGD optimizer = new SGD(model.net().parameters(), model.lr());
        List<EpochResult> results = new ArrayList<>();
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            EpochResult r = fitEpoch(model, data, optimizer, epoch);
            results.add(r);
            progress.epoch(maxEpochs, r);
            if (log != null) {
                try {
                    log.append(r);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not append epoch " + epoch + " to " + log.file() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return results;
    }

    private EpochResult fitEpoch(Classifier model, FashionMNIST data, SGD optimizer, int epoch) {
        long start = System.nanoTime();
        model.net().train();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int done = 0;
        int total = data.numTrainBatches();
        for (FashionMNIST.Batch batch : data.trainBatches(epoch)) {
            Tensor logits = model.forward(batch.images());
            Tensor loss = model.loss(logits, batch.labels());
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            int n = batch.labels().numel();
            lossSum += loss.item() * n;
            correct += Classifier.correct(logits, batch.labels());
            seen += n;
            done++;
            double elapsed = (System.nanoTime() - start) / 1e9;
            progress.batch(epoch, maxEpochs, done, total, lossSum / seen, seen / Math.max(elapsed, 1e-9));
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
