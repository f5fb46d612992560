package d2l.compare;

import d2l.train.RunLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Reads the CSV logs of {@code d2l train} into one Tablesaw table, one row per epoch, checking every
 * file first: a file that is not a log, lacks a column, is empty, holds a value that is not a number,
 * or repeats a run already read from another file is left out with a reason that names it, and the
 * other files are still read. Comparing a class's logs must not stop at one student's broken file.
 */
public final class RunLogs {

    static {
        // Tablesaw logs through SLF4J, which warns on stderr that it has no logging backend; we want none.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    /** The columns of the table {@link #read} returns: the log's columns, and the file each row came from. */
    public static final List<String> COLUMNS;

    static {
        List<String> columns = new ArrayList<>(RunLog.COLUMNS);
        columns.add("file");
        COLUMNS = List.copyOf(columns);
    }

    private static final Set<String> ACCURACIES = Set.of("train_acc", "val_acc");

    /** A file (or one run of it) left out, and why, in words for the person who made it. */
    public record Skipped(Path file, String reason) {
        @Override
        public String toString() {
            return "skipped " + file + ": " + reason;
        }
    }

    /** Every epoch of every run that was read, and what was left out. */
    public record Loaded(Table epochs, List<Skipped> skipped) {
        /** How many distinct runs were read. */
        public int runCount() {
            return epochs.stringColumn("run").countUnique();
        }
    }

    /** The largest file read as a log: far more than a run's epochs take, far less than memory. */
    static final long MAX_LOG_BYTES = 64L << 20;

    private RunLogs() {}

    /**
     * Reads {@code paths} in order; a directory stands for the {@code .csv} files in it, sorted by name.
     * When a run appears in two files, the first file's copy is kept.
     */
    public static Loaded read(List<Path> paths) {
        Table all = emptyTable();
        List<Skipped> skipped = new ArrayList<>();
        Map<String, Path> fileOfRun = new HashMap<>();
        Set<Path> seenFiles = new HashSet<>();
        for (Path file : expandDirectories(paths, skipped)) {
            if (!seenFiles.add(identity(file))) {
                skipped.add(new Skipped(file, "already read (named twice)"));
                continue;
            }
            Table epochs;
            try {
                epochs = readOne(file);
            } catch (BadLog e) {
                skipped.add(new Skipped(file, e.getMessage()));
                continue;
            }
            List<String> runs = runsInOrder(epochs);
            List<String> fresh = runs.stream().filter(run -> !fileOfRun.containsKey(run)).toList();
            for (String run : runs) {
                if (!fresh.contains(run)) {
                    skipped.add(new Skipped(file, "run " + run + " is also in " + fileOfRun.get(run)
                            + ", compared from there" + (fresh.isEmpty() ? "" : "; this file's other runs are compared")));
                }
            }
            fresh.forEach(run -> fileOfRun.put(run, file));
            all.append(epochs.where(epochs.stringColumn("run").isIn(fresh)));
        }
        return new Loaded(all, List.copyOf(skipped));
    }

    /** Reads and checks one log; throws {@link BadLog} with the reason it cannot be compared. */
    static Table readOne(Path file) throws BadLog {
        if (!Files.exists(file)) {
            throw new BadLog("no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new BadLog("not a regular file (a FIFO, socket or device, which could block or never end); "
                    + "give the CSV log d2l train wrote");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_LOG_BYTES) {
                throw new BadLog("not a training log of d2l train (" + size + " bytes; a log has a line per epoch, "
                        + "and more than " + MAX_LOG_BYTES + " bytes are not read)");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadLog("cannot read it (" + e.getMessage() + ")");
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new BadLog("not a training log of d2l train (a binary file, not CSV text)");
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark, as some spreadsheet programs write
        }
        if (text.isBlank()) {
            throw new BadLog("empty file");
        }
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(text, CSVFormat.DEFAULT)) {
            records = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new BadLog("not a CSV file (" + e.getMessage() + ")");
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        Map<String, Integer> index = checkHeader(header, firstLine(text));
        Table table = emptyTable();
        Map<String, RunRows> runs = new LinkedHashMap<>();
        LineCounter lines = new LineCounter(text);
        for (CSVRecord record : records.subList(1, records.size())) {
            List<String> values = record.stream().map(String::strip).toList();
            if (values.equals(header)) {
                continue; // the header again: logs concatenated with cat
            }
            int line = lines.lineAt(record.getCharacterPosition());
            if (values.size() != header.size()) {
                throw new BadLog("line " + line + " has " + values.size() + " fields, the header " + header.size());
            }
            Row row = new Row(values, index, line);
            String run = row.text("run");
            RunRows seen = runs.computeIfAbsent(run, r -> new RunRows(row));
            seen.check(row);
            table.stringColumn("run").append(run);
            table.stringColumn("model").append(row.text("model"));
            table.doubleColumn("lr").append(row.positive("lr"));
            table.intColumn("batch_size").append(row.count("batch_size"));
            table.longColumn("seed").append(row.whole("seed"));
            table.intColumn("threads").append(row.count("threads"));
            table.intColumn("epoch").append(row.count("epoch"));
            for (String column : List.of("train_loss", "train_acc", "val_loss", "val_acc", "seconds", "images_per_sec")) {
                table.doubleColumn(column).append(ACCURACIES.contains(column) ? row.accuracy(column)
                        : column.endsWith("_loss") ? row.number(column) : row.nonNegative(column));
            }
            table.stringColumn("file").append(file.toString());
        }
        if (table.rowCount() == 0) {
            throw new BadLog("no epochs, only the header");
        }
        return table;
    }

    private static Map<String, Integer> checkHeader(List<String> header, String firstLine) throws BadLog {
        Set<String> present = new LinkedHashSet<>(header);
        List<String> missing = RunLog.COLUMNS.stream().filter(c -> !present.contains(c)).toList();
        if (missing.size() > RunLog.COLUMNS.size() / 2) {
            throw new BadLog("not a training log of d2l train (its first line is \"" + shorten(firstLine)
                    + "\", a log's is \"" + String.join(",", RunLog.COLUMNS.subList(0, 4)) + ",...\")");
        }
        if (!missing.isEmpty()) {
            throw new BadLog((missing.size() == 1 ? "missing column " : "missing columns ") + String.join(", ", missing));
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (index.put(header.get(i), i) != null && RunLog.COLUMNS.contains(header.get(i))) {
                throw new BadLog("column " + header.get(i) + " appears twice in the header");
            }
        }
        return index;
    }

    private static List<Path> expandDirectories(List<Path> paths, List<Skipped> skipped) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.isDirectory(path)) {
                files.add(path);
                continue;
            }
            try (Stream<Path> listing = Files.list(path)) {
                List<Path> logs = listing.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                        .filter(Files::isRegularFile).sorted().toList();
                if (logs.isEmpty()) {
                    skipped.add(new Skipped(path, "a directory without .csv files"));
                }
                files.addAll(logs);
            } catch (IOException e) {
                skipped.add(new Skipped(path, "cannot list the directory (" + e.getMessage() + ")"));
            }
        }
        return files;
    }

    /** The same file named two ways (runs/a.csv and ./runs/a.csv) is one file. */
    private static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    static List<String> runsInOrder(Table epochs) {
        return List.copyOf(new LinkedHashSet<>(epochs.stringColumn("run").asList()));
    }

    private static Table emptyTable() {
        return Table.create("epochs",
                StringColumn.create("run"), StringColumn.create("model"), DoubleColumn.create("lr"),
                IntColumn.create("batch_size"), LongColumn.create("seed"), IntColumn.create("threads"),
                IntColumn.create("epoch"), DoubleColumn.create("train_loss"), DoubleColumn.create("train_acc"),
                DoubleColumn.create("val_loss"), DoubleColumn.create("val_acc"), DoubleColumn.create("seconds"),
                DoubleColumn.create("images_per_sec"), StringColumn.create("file"));
    }

    /** Line numbers of records read in order (a quoted value may span lines, so records are not lines). */
    private static final class LineCounter {
        private final String text;
        private int position;
        private int line = 1;

        LineCounter(String text) {
            this.text = text;
        }

        int lineAt(long characterPosition) {
            for (; position < characterPosition && position < text.length(); position++) {
                if (text.charAt(position) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("[\\p{Cntrl}\uFFFD]", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
    }

    /** One data line of a log, read column by column with a message naming the line and the column. */
    private static final class Row {
        private final List<String> values;
        private final Map<String, Integer> index;
        final int line;

        Row(List<String> values, Map<String, Integer> index, int line) {
            this.values = values;
            this.index = index;
            this.line = line;
        }

        String text(String column) throws BadLog {
            String value = values.get(index.get(column));
            if (value.isEmpty()) {
                throw new BadLog("line " + line + ": " + column + " is empty");
            }
            return value;
        }

        double number(String column) throws BadLog {
            String value = text(column);
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new BadLog("line " + line + ": " + column + " is \"" + value + "\", not a number");
            }
        }

        long whole(String column) throws BadLog {
            String value = text(column);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new BadLog("line " + line + ": " + column + " is \"" + value + "\", not a whole number");
            }
        }

        int count(String column) throws BadLog {
            long value = whole(column);
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw new BadLog("line " + line + ": " + column + " is " + value + ", not a positive whole number");
            }
            return (int) value;
        }

        double positive(String column) throws BadLog {
            double value = number(column);
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new BadLog("line " + line + ": " + column + " is " + text(column) + ", not a positive number");
            }
            return value;
        }

        double nonNegative(String column) throws BadLog {
            double value = number(column);
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new BadLog("line " + line + ": " + column + " is " + text(column) + ", not a number >= 0");
            }
            return value;
        }

        double accuracy(String column) throws BadLog {
            double value = number(column);
            if (!(value >= 0 && value <= 1)) {
                throw new BadLog("line " + line + ": " + column + " is " + text(column) + ", not between 0 and 1");
            }
            return value;
        }
    }

    /** What the first line of a run says about it; every later line of the run must agree and add a new epoch. */
    private static final class RunRows {
        private final Row first;
        private final Map<Integer, Integer> lineOfEpoch = new HashMap<>();

        RunRows(Row first) {
            this.first = first;
        }

        void check(Row row) throws BadLog {
            for (String column : List.of("model", "lr", "batch_size", "seed")) {
                if (!row.text(column).equals(first.text(column))) {
                    throw new BadLog("line " + row.line + ": run " + row.text("run") + " has " + column + " "
                            + row.text(column) + ", but " + first.text(column) + " on line " + first.line);
                }
            }
            int epoch = row.count("epoch");
            Integer earlier = lineOfEpoch.putIfAbsent(epoch, row.line);
            if (earlier != null) {
                throw new BadLog("line " + row.line + ": run " + row.text("run") + " has epoch " + epoch
                        + " twice (also on line " + earlier + ")");
            }
        }
    }

    /** Why a file cannot be compared. */
    static final class BadLog extends Exception {
        BadLog(String reason) {
            super(reason);
        }
    }
}
