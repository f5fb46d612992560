package d2l.compare;

import d2l.train.RunLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Hand-made training logs for the tests, in the format {@link RunLog} writes. */
final class Logs {

    static final String HEADER = String.join(",", RunLog.COLUMNS);

    private Logs() {}

    /** One epoch's line; seed 0 and 2 threads. */
    static String row(String run, String model, double lr, int batchSize, int epoch, double trainLoss, double trainAcc,
                      double valLoss, double valAcc, double seconds, double imagesPerSec) {
        return String.format(Locale.ROOT, "%s,%s,%f,%d,0,2,%d,%s,%s,%s,%s,%.3f,%.1f", run, model, lr, batchSize, epoch,
                trainLoss, trainAcc, valLoss, valAcc, seconds, imagesPerSec);
    }

    /**
     * A run whose epoch i (from 1) reaches validation accuracy {@code valAccs[i-1]}; the other figures are
     * fillers: train loss 1/i, train accuracy 0.25, validation loss 2/i, 3 seconds and 1000 images/s.
     */
    static List<String> run(String run, String model, double lr, int batchSize, long seed, double... valAccs) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= valAccs.length; i++) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%f,%d,%d,2,%d,%s,0.25,%s,%s,3.000,1000.0", run, model, lr,
                    batchSize, seed, i, 1.0 / i, 2.0 / i, valAccs[i - 1]));
        }
        return lines;
    }

    /** Writes the header and {@code lines} to {@code dir/name}. */
    static Path write(Path dir, String name, List<String> lines) throws IOException {
        List<String> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(lines);
        return text(dir, name, String.join("\n", all) + "\n");
    }

    /** Writes {@code content} as it is to {@code dir/name}. */
    static Path text(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }
}
