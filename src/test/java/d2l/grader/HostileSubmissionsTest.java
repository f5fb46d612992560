package d2l.grader;

import static org.assertj.core.api.Assertions.assertThat;

import d2l.grader.sandbox.SandboxMode;
import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hostile submissions of {@code src/test/resources/d2l/grader/hostile} (its README describes
 * each attack and what it did to the released grader), graded as one roster in one run: sections
 * 7.1 to 7.3, 5 s of CPU time per check, two submissions at once, in the bubblewrap sandbox
 * (required: {@code apt-get install bubblewrap}). Each attack scores exactly what its honest twin
 * scores, and afterwards nothing has leaked, changed or kept running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSubmissionsTest {

    private static final Path TMP = Path.of("/tmp");
    private static final int LISTENER_PORT = 47123;
    private static final String ESCAPE_NAME = "\u001b[31mred";
    private static final String LONG_NAME = "n".repeat(251);

    @TempDir
    static Path dir;

    private Path project;
    private Path roster;
    private Path reports;
    private Map<String, Gradebook.Row> gradebook;
    private String progress;
    private Map<String, String> projectBefore;
    private Map<String, String> victimBefore;
    private final AtomicInteger connections = new AtomicInteger();
    private double seconds;

    @BeforeAll
    void gradeTheRoster() throws Exception {
        project = Workbook.projectRoot();
        removeMarkers();
        roster = Files.createDirectories(dir.resolve("roster"));
        for (String attack : List.of("forge-reflection", "forge-proc-mem", "read-solutions", "read-hidden-cases", "write-outside",
                "kill-sibling", "daemon-survives", "socket-localhost", "fork-bomb", "output-flood", "endless-static-init",
                "unseeded-order", "cpu-burner", "leak-hidden-via-visible")) {
            HostileFixtures.build(attack, roster.resolve(attack));
        }
        Path victim = reference("kill-sibling-victim", Section.S7_1, Section.S7_2, Section.S7_3);
        symlinkFile();
        sparseFile();
        oddNames();
        projectBefore = digests(project, "solutions", "exercises", "grader", "src");
        victimBefore = digests(victim);

        try (ServerSocket listener = new ServerSocket(LISTENER_PORT, 50, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(200);
            Thread accepting = new Thread(() -> accept(listener), "hostile-test-listener");
            accepting.start();
            Grader grader = Graders.of(EnumSet.of(Section.S7_1, Section.S7_2, Section.S7_3), 5.0, GradeOptions.DEFAULT_BUDGET,
                    SandboxMode.REQUIRED, dir.resolve("logs"));
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            reports = dir.resolve("reports");
            long start = System.nanoTime();
            new Roster(grader, roster, dir.resolve("gradebook.csv"), reports, 2, new PrintStream(lines, true, StandardCharsets.UTF_8)).run();
            seconds = (System.nanoTime() - start) / 1e9;
            progress = lines.toString(StandardCharsets.UTF_8);
            Thread.sleep(3000);
            accepting.interrupt();
            accepting.join();
        }
        gradebook = Gradebook.read(dir.resolve("gradebook.csv"));
    }

    @AfterAll
    void cleanUp() throws IOException {
        removeMarkers();
    }

    @ParameterizedTest(name = "{0}: {1} of 37, {2}")
    @CsvSource(delimiter = '|', textBlock = """
            forge-reflection        |  0 | the stub's score: forging the runner's answers gains nothing
            forge-proc-mem          |  0 | the stub's score: the token read from memory gains nothing
            read-solutions          |  9 | the honest twin's: the solutions are not in the sandbox
            read-hidden-cases       | 17 | the honest twin's
            write-outside           | 18 | the honest twin's
            kill-sibling            | 12 | the honest twin's
            kill-sibling-victim     | 37 | every point, though graded at the same time as kill-sibling
            daemon-survives         | 12 | the honest twin's
            socket-localhost        | 12 | the honest twin's
            fork-bomb               | 11 | the check that starts 2,000 threads fails, the others pass
            output-flood            | 12 | the honest twin's
            symlink-file            |  0 | a link to the solutions is refused
            sparse-file             |  0 | a 3 GiB file is refused
            endless-static-init     | 18 | 7.1 scores nothing, 7.2 everything
            unseeded-order          | 25 | 7.2's 13 of 18, the score it gets alone (see below)
            cpu-burner              | 10 | two checks hit the CPU limit
            leak-hidden-via-visible | 25 | the honest twin's: 7.3 records nothing of 7.2, a runner of its own
            """)
    void eachAttackScoresExactlyWhatItsHonestTwinScores(String student, String total, String why) {
        assertThat(gradebook).containsKey(student);
        assertThat(gradebook.get(student).total()).as("%s (%s); its report:%n%s", student, why, report(student)).isEqualTo(total);
        assertThat(gradebook.get(student).status()).isEqualTo(Gradebook.GRADED);
    }

    @Test
    void noMarkerReachesTheHost() throws IOException {
        try (Stream<Path> s = Files.list(TMP)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("PWNED"))).isEmpty();
        }
        assertThat(project.resolve("PWNED-write-outside")).doesNotExist();
    }

    @Test
    void nothingOfTheProjectOrAnotherSubmissionChanges() throws IOException {
        assertThat(digests(project, "solutions", "exercises", "grader", "src")).isEqualTo(projectBefore);
        assertThat(digests(roster.resolve("kill-sibling-victim"))).isEqualTo(victimBefore);
        try (Stream<Path> s = Files.list(reports)) {
            for (Path report : s.toList()) {
                assertThat(Files.readString(report)).as("%s", report).doesNotContain("PWNED");
            }
        }
    }

    @Test
    void noProcessOfASubmissionOutlivesGrading() throws IOException {
        List<String> survivors = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String commandLine = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (commandLine.contains("PWNED") || commandLine.contains("d2l.grader.runner.Runner")) {
                        survivors.add(p.getFileName() + ": " + commandLine);
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        }
        assertThat(survivors).isEmpty();
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("d2l-grade-" + ProcessHandle.current().pid() + "-"))).as("scratch directories left").isEmpty();
        }
    }

    @Test
    void noSubmissionReachesTheHostsNetwork() {
        assertThat(connections.get()).as("connections to 127.0.0.1:%d", LISTENER_PORT).isZero();
    }

    @Test
    void hiddenCasesStayHidden() throws IOException {
        for (String student : List.of("read-hidden-cases", "leak-hidden-via-visible")) {
            String text = report(student) + Files.readString(reports.resolve(Grader.safe(student) + ".json"));
            assertThat(text).doesNotContain("LEAKED", "a 1 x 1 kernel scales the input", "[[2.]]", "-2.,  3.", "-6.");
        }
    }

    /** A class that draws from the global generator when it loads gets the same draw whatever was graded before it. */
    @Test
    void aSectionScoresTheSameAloneAsAfterOthers() throws IOException {
        Grader alone = Graders.of(EnumSet.of(Section.S7_2), 5.0, GradeOptions.DEFAULT_BUDGET, SandboxMode.REQUIRED, dir.resolve("logs"));
        Report report = alone.grade(roster.resolve("unseeded-order"), "unseeded-order", line -> { });
        assertThat(Report.points(report.score(Section.S7_2))).isEqualTo(gradebook.get("unseeded-order").sections().get(Section.S7_2));
    }

    @Test
    void anEndlessStaticInitializerCostsOneLimitNotOnePerCheck() {
        assertThat(report("endless-static-init")).contains("static initializer did not finish within 5.0 s of CPU time");
        assertThat(gradebook.get("endless-static-init").sections()).containsEntry(Section.S7_1, "0").containsEntry(Section.S7_2, "18");
    }

    @Test
    void floodedOutputLeavesBoundedReports() throws IOException {
        for (String line : Files.readAllLines(reports.resolve("output-flood.txt"))) {
            assertThat(line.length()).isLessThan(4000);
        }
    }

    @Test
    void refusedFilesAreNamedInTheReport() {
        assertThat(report("symlink-file")).contains("Sec7_2.java", "symbolic link");
        assertThat(report("sparse-file")).contains("Sec7_2.java", "too large");
    }

    @Test
    void oddNamesGetTheirOwnReportsAndAreShownEscaped() throws IOException {
        assertThat(gradebook.get("a b").total()).isEqualTo("12");
        assertThat(gradebook.get("a_b").total()).isEqualTo("0");
        assertThat(gradebook.get("\u00e9").total()).isEqualTo("12");
        assertThat(gradebook.get("\u00e8").total()).isEqualTo("0");
        assertThat(gradebook.get(LONG_NAME).total()).isEqualTo("12");
        assertThat(gradebook.get("\\u001b[31mred").total()).isEqualTo("12");
        assertThat(report("a b")).contains("Score: 12/37");
        assertThat(report("a_b")).contains("Score: 0/37");
        assertThat(report("\u00e9")).contains("Score: 12/37");
        assertThat(report("\u00e8")).contains("Score: 0/37");
        assertThat(progress).doesNotContain("\u001b").contains("\\u001b[31mred", "skipped .hidden", "skipped linked");
        assertThat(Files.readString(dir.resolve("gradebook.csv"))).doesNotContain("\u001b");
        assertThat(gradebook).doesNotContainKeys(".hidden", "linked");
    }

    @Test
    void everyAttackWasGradedInOneRunOfAFewMinutes() {
        assertThat(gradebook).hasSize(23);
        assertThat(seconds).as("seconds for the whole roster").isLessThan(600);
    }

    /** The text report of {@code student}. */
    private String report(String student) {
        try {
            return Files.readString(reports.resolve(Grader.safe(student) + ".txt"));
        } catch (IOException e) {
            return "(no report: " + e + ")";
        }
    }

    private void accept(ServerSocket listener) {
        while (!Thread.currentThread().isInterrupted()) {
            try (Socket s = listener.accept()) {
                connections.incrementAndGet();
            } catch (SocketTimeoutException e) {
                // look again
            } catch (IOException e) {
                return;
            }
        }
    }

    /** A roster entry with the reference files of {@code sections}. */
    private Path reference(String name, Section... sections) throws IOException {
        Path entry = Files.createDirectories(roster.resolve(name));
        for (Section s : sections) {
            Files.copy(project.resolve("solutions").resolve(s.fileName()), entry.resolve(s.fileName()));
        }
        return entry;
    }

    /** A submission whose 7.2 file is a symbolic link to the solutions' (see symlink-file/README.md). */
    private void symlinkFile() throws IOException {
        Path student = Files.createDirectories(roster.resolve("symlink-file"));
        Files.createSymbolicLink(student.resolve("Sec7_2.java"), project.resolve("solutions/Sec7_2.java"));
    }

    /** A submission whose 7.2 file is the solution followed by 3 GiB of zeros, sparse on disk (see sparse-file/README.md). */
    private void sparseFile() throws IOException {
        Path student = reference("sparse-file", Section.S7_2);
        try (RandomAccessFile f = new RandomAccessFile(student.resolve("Sec7_2.java").toFile(), "rw")) {
            f.setLength(3L << 30);
        }
    }

    /** The roster names of odd-names/README.md: colliding pairs with different scores, a long name, an escape, a dot, a link. */
    private void oddNames() throws IOException {
        reference("a b", Section.S7_1);
        stub("a_b");
        reference("\u00e9", Section.S7_1);
        stub("\u00e8");
        reference(LONG_NAME, Section.S7_1);
        reference(ESCAPE_NAME, Section.S7_1);
        reference(".hidden", Section.S7_1);
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.copy(project.resolve("solutions/Sec7_1.java"), outside.resolve("Sec7_1.java"));
        Files.createSymbolicLink(roster.resolve("linked"), outside);
    }

    /** A roster entry with the stub of 7.1 (every function still to write). */
    private void stub(String name) throws IOException {
        Path entry = Files.createDirectories(roster.resolve(name));
        Files.copy(project.resolve("exercises").resolve(Section.S7_1.fileName()), entry.resolve(Section.S7_1.fileName()));
    }

    /** Every regular file under {@code root}'s {@code folders} (all of it when none are named) with its SHA-256. */
    private static Map<String, String> digests(Path root, String... folders) throws IOException {
        Map<String, String> digests = new TreeMap<>();
        List<Path> tops = folders.length == 0 ? List.of(root) : Stream.of(folders).map(root::resolve).toList();
        for (Path top : tops) {
            try (Stream<Path> s = Files.walk(top)) {
                for (Path f : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    digests.put(root.relativize(f).toString(), sha256(f));
                }
            }
        }
        try (Stream<Path> s = Files.list(root)) {
            s.forEach(p -> digests.put(root.relativize(p) + " (entry)", ""));
        }
        return digests;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void removeMarkers() throws IOException {
        try (Stream<Path> s = Files.list(TMP)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("PWNED")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
