package d2l.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A training run's CSV log: one row per epoch, appended and flushed as soon as the epoch ends, so an
 * interrupted run keeps every finished epoch. Appending to an existing log keeps its rows; a file
 * whose header is not this log's is refused rather than overwritten.
 *
 * <p>Columns: {@code run, model, lr, batch_size, seed, threads, epoch, train_loss, train_acc,
 * val_loss, val_acc, seconds, images_per_sec}.
 */
public final class RunLog implements AutoCloseable {

    /** The header, in order. */
    public static final List<String> COLUMNS = List.of("run", "model", "lr", "batch_size", "seed", "threads",
            "epoch", "train_loss", "train_acc", "val_loss", "val_acc", "seconds", "images_per_sec");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private final Path file;
    private final RunInfo info;
    private final CSVPrinter printer;

    private RunLog(Path file, RunInfo info, CSVPrinter printer) {
        this.file = file;
        this.info = info;
        this.printer = printer;
    }

    /** Opens {@code file} for appending, writing the header if the file is new or empty. */
    public static RunLog open(Path file, RunInfo info) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (!fresh) {
            checkHeader(file);
        }
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        CSVPrinter printer = new CSVPrinter(writer, FORMAT);
        if (fresh) {
            printer.printRecord(COLUMNS);
            printer.flush();
        }
        return new RunLog(file, info, printer);
    }

    private static void checkHeader(Path file) throws IOException {
        String header;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            header = reader.readLine();
        }
        if (header == null || !header.strip().equals(String.join(",", COLUMNS))) {
            throw new IOException(file + " exists and is not a training log of this project (its first line is \""
                    + header + "\"); choose another --log file");
        }
    }

    /** Appends one epoch's row and flushes it to disk. */
    public void append(EpochResult r) throws IOException {
        printer.printRecord(info.run(), info.model(), number(info.lr()), info.batchSize(), info.seed(), info.threads(),
                r.epoch(), number(r.trainLoss()), number(r.trainAcc()), number(r.valLoss()), number(r.valAcc()),
                String.format(Locale.ROOT, "%.3f", r.seconds()), String.format(Locale.ROOT, "%.1f", r.imagesPerSec()));
        printer.flush();
    }

    public Path file() {
        return file;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
