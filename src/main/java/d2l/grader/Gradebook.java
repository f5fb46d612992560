package d2l.grader;

import d2l.workbook.Section;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A class's gradebook as CSV, one row per student: the score of each section, the total, the
 * points there were, the status ({@code graded} or {@code error: ...}), the seconds grading took
 * and a fingerprint of what was graded (the files and the grading settings). It is always written
 * whole to a temporary file that then replaces the old one, so an interrupted run never leaves a
 * half-written gradebook or loses a finished row.
 */
final class Gradebook {

    /** The status of a row whose submission was graded. */
    static final String GRADED = "graded";

    /** One student's row. */
    record Row(String student, Map<Section, String> sections, String total, String maxScore, String status, String seconds,
               String fingerprint) {}

    private Gradebook() {}

    /** The header: {@code student}, the sections, {@code total, max_score, status, seconds, fingerprint}. */
    static List<String> columns() {
        List<String> columns = new ArrayList<>(List.of("student"));
        columns.addAll(Section.ids());
        columns.addAll(List.of("total", "max_score", "status", "seconds", "fingerprint"));
        return columns;
    }

    /**
     * The rows of an existing gradebook by student (none if there is no file yet).
     *
     * @throws IllegalArgumentException when the file is not a gradebook this command wrote
     */
    static Map<String, Row> read(Path file) throws IOException {
        Map<String, Row> rows = new TreeMap<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CheckCsv.FORMAT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            if (!parser.getHeaderNames().equals(columns())) {
                throw new IllegalArgumentException(file + " exists and is not a gradebook of d2l grade (its columns are "
                        + parser.getHeaderNames() + "); choose another --out file");
            }
            for (CSVRecord r : parser) {
                Map<Section, String> sections = new LinkedHashMap<>();
                for (Section s : Section.values()) {
                    sections.put(s, r.get(s.id()));
                }
                rows.put(r.get("student"), new Row(r.get("student"), sections, r.get("total"), r.get("max_score"), r.get("status"),
                        r.get("seconds"), r.get("fingerprint")));
            }
        }
        return rows;
    }

    /** Writes {@code rows}, sorted by student, over {@code file} at once ({@link AtomicFile}). */
    static void write(Path file, Collection<Row> rows) throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(text, CheckCsv.FORMAT)) {
            csv.printRecord(columns());
            for (Row r : rows.stream().sorted((a, b) -> a.student().compareTo(b.student())).toList()) {
                List<String> values = new ArrayList<>(List.of(r.student()));
                Arrays.stream(Section.values()).forEach(s -> values.add(r.sections().getOrDefault(s, "")));
                values.addAll(List.of(r.total(), r.maxScore(), r.status(), r.seconds(), r.fingerprint()));
                csv.printRecord(values);
            }
        }
        AtomicFile.write(file, text.toString());
    }
}
