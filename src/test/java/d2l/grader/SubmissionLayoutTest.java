package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.workbook.Section;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SubmissionLayout} and {@link ZipSubmission} on submissions laid out as students hand them
 * in, and on zips built as attacks: each test takes a submission into a work folder and looks at
 * which section files arrived there and what the absent ones say.
 */
class SubmissionLayoutTest {

    private static final byte[] CODE = "class Sec7_1 {}\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void filesAtTheTopLevel() throws IOException {
        Path alice = write("alice", "Sec7_1.java", "Sec7_2.java");
        SubmissionLayout.Taken taken = take(alice);
        assertThat(taken()).containsExactly("Sec7_1.java", "Sec7_2.java");
        assertThat(taken.absent()).hasSize(6).containsEntry(Section.S7_3, "missing Sec7_3.java: looked in alice/, alice/exercises/");
    }

    @Test
    void filesUnderExercises() throws IOException {
        Path alice = write("alice", "exercises/Sec7_1.java", "README.md");
        assertThat(take(alice).absent()).doesNotContainKey(Section.S7_1);
        assertThat(taken()).containsExactly("Sec7_1.java");
    }

    @Test
    void filesOneFolderBelowWithMacJunkIgnored() throws IOException {
        Path alice = write("alice", "alice-hw3/Sec7_1.java", "__MACOSX/Sec7_1.java", "__MACOSX/alice-hw3/._Sec7_1.java",
                ".git/Sec7_2.java");
        SubmissionLayout.Taken taken = take(alice);
        assertThat(taken()).containsExactly("Sec7_1.java");
        assertThat(taken.absent().get(Section.S7_2))
                .isEqualTo("missing Sec7_2.java: looked in alice/, alice/exercises/, alice/alice-hw3/");
    }

    @Test
    void filesUnderExercisesOneFolderBelow() throws IOException {
        Path alice = write("alice", "alice-hw3/exercises/Sec7_1.java", "alice-hw3/README.md");
        assertThat(take(alice).absent().get(Section.S7_2)).isEqualTo(
                "missing Sec7_2.java: looked in alice/, alice/exercises/, alice/alice-hw3/, alice/alice-hw3/exercises/");
        assertThat(taken()).containsExactly("Sec7_1.java");
    }

    @Test
    void aFileInTwoPlacesIsGradedInNeither() throws IOException {
        Path alice = write("alice", "Sec7_1.java", "Sec7_2.java", "exercises/Sec7_2.java");
        assertThat(take(alice).absent().get(Section.S7_2)).isEqualTo("found Sec7_2.java in both alice/ and alice/exercises/; hand in one");
        assertThat(taken()).containsExactly("Sec7_1.java");
    }

    @Test
    void aFolderWithNoWorkbookFileIsNotGradable() throws IOException {
        Path alice = write("alice", "README.md", "hw3/notes.txt", "a/b/Sec7_1.java");
        assertThatThrownBy(() -> take(alice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no workbook file (Sec7_1.java ... Sec8_6.java) in alice/, alice/exercises/ or one folder below");
    }

    @Test
    void aZipOfAFolder() throws IOException {
        Path folder = write("alice-hw3", "exercises/Sec7_1.java", "exercises/Sec7_2.java");
        Path zip = SubmissionZips.ofFolder(folder, dir.resolve("alice.zip"));
        SubmissionLayout.Taken taken = take(zip);
        assertThat(taken()).containsExactly("Sec7_1.java", "Sec7_2.java");
        assertThat(taken.absent().get(Section.S7_3)).isEqualTo("missing Sec7_3.java: looked in alice.zip/, alice.zip/exercises/,"
                + " alice.zip/alice-hw3/, alice.zip/alice-hw3/exercises/");
    }

    /** An upload platform that keeps the student's zip as it is: the folder holds the zip alone. */
    @Test
    void aFolderHoldingOnlyAZipIsGradedAsTheZip() throws IOException {
        Path folder = write("alice-hw3", "exercises/Sec7_1.java");
        Path upload = Files.createDirectories(dir.resolve("submission"));
        SubmissionZips.ofFolder(folder, upload.resolve("hw3.zip"));
        SubmissionLayout.Taken taken = take(upload);
        assertThat(taken()).containsExactly("Sec7_1.java");
        assertThat(taken.absent().get(Section.S7_2)).startsWith("missing Sec7_2.java: looked in submission/hw3.zip/,");
        assertThat(SubmissionLayout.files(upload)).containsExactly(upload.resolve("hw3.zip"));
    }

    @Test
    void aZipOfTheFiles() throws IOException {
        Path zip = zip(SubmissionZips.of(entries("Sec7_1.java", CODE, "__MACOSX/._Sec7_1.java", CODE)));
        assertThat(take(zip).notes()).isEmpty();
        assertThat(taken()).containsExactly("Sec7_1.java");
        assertThat(Files.readAllBytes(work().resolve("submission/Sec7_1.java"))).isEqualTo(CODE);
    }

    /**
     * Zip slip: entries that climb out of the folder ({@code ../../evil} is {@code dir/evil} from
     * {@code dir/work/unpacked}), or start at the root, are skipped, and nothing is written outside.
     */
    @Test
    void entriesLeavingTheFolderAreNeverWritten() throws IOException {
        Path zip = zip(SubmissionZips.of(entries("../../evil/Sec7_1.java", CODE, "../Sec7_2.java", CODE, dir.resolve("abs/Sec7_3.java").toString(), CODE,
                "Sec7_4.java", CODE)));
        SubmissionLayout.Taken taken = take(zip);
        assertThat(taken.notes()).containsExactly(
                "skipped the entry ../../evil/Sec7_1.java of alice.zip: its path climbs out of the folder with ..",
                "skipped the entry ../Sec7_2.java of alice.zip: its path climbs out of the folder with ..",
                "skipped the entry " + dir.resolve("abs/Sec7_3.java") + " of alice.zip: an absolute path");
        assertThat(tree(dir)).containsExactly("", "alice.zip", "work", "work/submission", "work/submission/Sec7_4.java", "work/unpacked",
                "work/unpacked/Sec7_4.java");
    }

    @Test
    void aSymbolicLinkEntryIsRefused() throws IOException {
        byte[] zip = SubmissionZips.of(entries("Sec7_1.java", CODE, "Sec7_2.java", "../solutions/Sec7_2.java".getBytes(StandardCharsets.UTF_8)));
        SubmissionLayout.Taken taken = take(zip(SubmissionZips.symlinked(zip, "Sec7_2.java")));
        assertThat(taken.absent().get(Section.S7_2)).isEqualTo("refused Sec7_2.java in alice.zip: it is a symbolic link; zip the file itself");
        assertThat(taken()).containsExactly("Sec7_1.java");
        assertThat(work().resolve("unpacked/Sec7_2.java")).doesNotExist();
    }

    /** 50 MB of zeros deflate to about 50 KB; the index claims 100 bytes. Unpacking stops past the limit and writes nothing. */
    @Test
    void aZipBombIsRefusedBeforeAnythingIsWritten() throws IOException {
        byte[] bomb = SubmissionZips.of(entries("Sec7_1.java", new byte[50_000_000], "Sec7_2.java", CODE));
        assertThat(bomb.length).isLessThan(100_000);
        SubmissionLayout.Taken taken = take(zip(SubmissionZips.claimingSize(bomb, "Sec7_1.java", 100)));
        assertThat(taken.absent().get(Section.S7_1))
                .isEqualTo("refused Sec7_1.java in alice.zip: larger than 1,048,576 bytes once unpacked (a zip bomb?)");
        assertThat(taken()).containsExactly("Sec7_2.java");
        try (Stream<Path> files = Files.walk(work())) {
            assertThat(files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum()).isEqualTo(2L * CODE.length);
        }
    }

    @Test
    void aZipOfTooManyEntriesIsRefusedWhole() throws IOException {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i <= ZipSubmission.MAX_ENTRIES; i++) {
            many.put("f" + i, new byte[0]);
        }
        many.put("Sec7_1.java", CODE);
        Path zip = zip(SubmissionZips.of(many));
        assertThatThrownBy(() -> take(zip)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refused alice.zip: it holds more than 10,000 entries; zip only the workbook files");
        assertThat(work().resolve("unpacked")).isEmptyDirectory();
    }

    @Test
    void aNameTheZipHoldsTwiceIsRefused() throws IOException {
        SubmissionLayout.Taken taken = take(zip(SubmissionZips.of(entries("Sec7_1.java", CODE, "./Sec7_1.java",
                "class Other {}".getBytes(StandardCharsets.UTF_8), "Sec7_2.java", CODE))));
        assertThat(taken.absent().get(Section.S7_1)).isEqualTo("refused Sec7_1.java in alice.zip: the zip holds it twice; zip one");
        assertThat(taken()).containsExactly("Sec7_2.java");
    }

    @Test
    void aNameWithAControlCharacterIsSkipped() throws IOException {
        SubmissionLayout.Taken taken = take(zip(SubmissionZips.of(entries("\u001b[31m/Sec7_1.java", CODE, "Sec7_2.java", CODE))));
        assertThat(taken.notes()).containsExactly("skipped the entry \\u001b[31m/Sec7_1.java of alice.zip: its name holds a control character");
        assertThat(taken()).containsExactly("Sec7_2.java");
    }

    /** A file and a folder of the same name: the second cannot be written, and the zip is still graded. */
    @Test
    void anEntryThatCannotBeWrittenIsRefused() throws IOException {
        SubmissionLayout.Taken taken = take(zip(SubmissionZips.of(entries("Sec7_1.java", CODE, "Sec7_1.java/Sec7_2.java", CODE))));
        assertThat(taken()).containsExactly("Sec7_1.java");
        assertThat(taken.notes()).singleElement().asString().startsWith("refused Sec7_1.java/Sec7_2.java in alice.zip: it could not be written here (");
    }

    @Test
    void aFileThatIsNotAZipIsRefused() throws IOException {
        Path zip = Files.writeString(dir.resolve("alice.zip"), "not a zip");
        assertThatThrownBy(() -> take(zip)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refused alice.zip: it is not a zip file (no end record); zip the workbook folder again");
    }

    private SubmissionLayout.Taken take(Path submission) throws IOException {
        return SubmissionLayout.take(submission, submission.getFileName().toString(), Files.createDirectories(work()));
    }

    private Path work() {
        return dir.resolve("work");
    }

    /** The files taken for grading, by name. */
    private List<String> taken() throws IOException {
        try (Stream<Path> s = Files.list(work().resolve("submission"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A folder {@code name} holding {@code files} (paths below it), each a small class. */
    private Path write(String name, String... files) throws IOException {
        Path folder = dir.resolve(name);
        for (String f : files) {
            Files.createDirectories(folder.resolve(f).getParent());
            Files.write(folder.resolve(f), CODE);
        }
        return folder;
    }

    private Path zip(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("alice.zip"), bytes);
    }

    private static Map<String, byte[]> entries(Object... nameThenBytes) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            entries.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return entries;
    }

    /** Every path below {@code root}, relative to it. */
    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
