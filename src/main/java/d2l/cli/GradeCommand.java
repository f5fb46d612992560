package d2l.cli;

import d2l.data.DataDirectory;
import d2l.grader.AtomicFile;
import d2l.grader.Catalogue;
import d2l.grader.CheckCsv;
import d2l.grader.ClassroomJson;
import d2l.grader.GradeOptions;
import d2l.grader.Grader;
import d2l.grader.GraderFolder;
import d2l.grader.GradescopeJson;
import d2l.grader.Report;
import d2l.grader.Roster;
import d2l.grader.Rubric;
import d2l.grader.TextReport;
import d2l.grader.sandbox.SandboxMode;
import d2l.workbook.Section;
import d2l.workbook.Workbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code d2l grade [WORKBOOK]} grades one workbook against the rubric and prints the report (text,
 * Gradescope JSON or CSV); {@code d2l grade --roster DIR --out gradebook.csv} grades a class, one
 * subdirectory or zip per student, into a gradebook. The exit code tells CI whether it passed
 * ({@code --fail-under}). See {@link Grader} and {@link Roster}.
 */
@Command(name = "grade", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 1,
        description = {"Grade a workbook (default: exercises/) against grader/rubric.csv, or a whole class with --roster.",
                "Each submission runs in its own JVM with a memory cap and a time limit per check.",
                "A workbook is a folder or a .zip holding Sec7_1.java ... Sec8_6.java at its top level, under exercises/,"
                        + " or in one folder below (alice-hw3/ or alice-hw3/exercises/)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:graded (and every score at least --fail-under)",
                "1:not graded: a mistake on the command line, no workbook file, a submission of the roster that could not be graded,"
                        + " or an error of the grader",
                "2:graded, but the score (with --roster: some student's total) is below --fail-under"})
final class GradeCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKBOOK", description = "The workbook folder or .zip (default: exercises/).")
    Path workbook;

    @Option(names = "--fail-under", paramLabel = "SCORE",
            description = "Exit with code 2 when the score, in points as in Score: X/Y, is below SCORE (with --roster: any student's).")
    Double failUnder;

    @Option(names = "--only", paramLabel = "SECTIONS", split = ",", description = "Grade only these sections, e.g. 7.2 or 7.2,7.4.")
    List<String> only = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a table ending in Score: X/Y), json (Gradescope's results.json), classroom (a GitHub Classroom reporter's result) or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report (with --roster: the gradebook) to FILE instead of standard output.")
    Path out;

    @Option(names = "--roster", paramLabel = "DIR", description = "Grade every subdirectory and .zip of DIR, one student each, into the gradebook --out.")
    Path roster;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "With --roster: submissions graded at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--reports", paramLabel = "DIR", description = "With --roster: where each student's report goes (default: next to the gradebook, NAME-reports/).")
    Path reports;

    @Option(names = "--no-training", description = "Skip the training checks (LeNet, ResNet, learning a kernel): grades everything else in seconds.")
    boolean noTraining;

    @Option(names = "--grader", paramLabel = "DIR", description = "The grader's folder: rubric.csv, golden/, hidden/, standins/ (default: grader/).")
    Path graderDir;

    @Option(names = "--rubric", paramLabel = "FILE", description = "The rubric (default: rubric.csv in the grader's folder).")
    Path rubricFile;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "CPU-time limit of each check that does not train (default: the rubric's, else 60).")
    Double timeout;

    @Option(names = "--budget", paramLabel = "SECONDS", defaultValue = "3600",
            description = "CPU seconds one submission may use over all its checks (default: ${DEFAULT-VALUE}).")
    double budget;

    @Option(names = "--sandbox", paramLabel = "MODE", defaultValue = "auto",
            description = "required (refuse to grade without the bubblewrap sandbox), auto (use it when it can run) or off (default: ${DEFAULT-VALUE}).")
    String sandbox;

    @Option(names = {"--instructor", "--show-hidden"},
            description = "For the instructor, one submission: show each hidden check's failing case in full (its title, inputs,"
                    + " expected and actual values, messages), which students never see.")
    boolean instructor;

    @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "2g", description = "Heap cap of each submission's JVM (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of each submission's JVM (default: the cores divided among the jobs).")
    Integer threads;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST, for the training checks (default: $D2L_DATA, else the user cache).")
    Path data;

    @Option(names = "--logs", paramLabel = "DIR", defaultValue = "runs/grade",
            description = "Where the training checks' CSV logs go, one folder per submission (default: ${DEFAULT-VALUE}).")
    Path logs;

    @Override
    public Integer call() throws Exception {
        Set<Section> sections = checkOptions();
        Path root = Workbook.projectRoot();
        Path dir = workbook != null ? workbook : root.resolve("exercises");
        if (roster == null && !Files.isDirectory(dir) && !Files.isRegularFile(dir)) {
            throw new IllegalArgumentException("no such workbook directory: " + dir);
        }
        GraderFolder folder = GraderFolder.locate(root, graderDir);
        Path grader = folder.dir();
        String graderName = folder.shownName();
        boolean bundled = folder.bundled();
        Path rubricPath = rubricFile != null ? rubricFile : grader.resolve("rubric.csv");
        Rubric rubric = rubricFile != null ? Rubric.read(rubricPath, shown(root, rubricPath)) : folder.rubric();
        Catalogue catalogue = folder.catalogue();
        int cores = Runtime.getRuntime().availableProcessors();
        int perJob = threads != null ? threads : Math.max(1, cores / (roster != null ? jobs : 1));
        Grader g = new Grader(rubric, catalogue, new GradeOptions(grader, sections, !noTraining, timeout, memory, perJob, null, logs,
                SandboxMode.parse(sandbox), instructor, budget));
        if (g.trains()) {
            g = g.withDataDir(requireData());
        }
        System.err.println("grader: " + graderName + "/" + (bundled ? " (the visible checks the jar carries; --grader DIR for a full grader)" : ""));
        System.err.println("isolation: " + g.sandbox().isolation().description()
                + (g.sandbox().why().isEmpty() ? "" : " (" + g.sandbox().why() + ")"));
        return roster != null ? gradeRoster(g) : gradeOne(g, dir, shown(root, dir) + (Files.isDirectory(dir) ? "/" : ""), rubric);
    }

    /** Checks the options that do not need the rubric; returns the sections of {@code --only}. */
    private Set<Section> checkOptions() {
        if (!List.of("text", "json", "classroom", "csv").contains(format)) {
            throw new IllegalArgumentException("--format is text, json, classroom or csv, not " + format);
        }
        SandboxMode.parse(sandbox);
        if (!(budget > 0)) {
            throw new IllegalArgumentException("--budget must be a positive number of seconds, got " + budget);
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1, got " + jobs);
        }
        if (!memory.matches("\\d+[kKmMgG]?")) {
            throw new IllegalArgumentException("--memory is a size such as 2g or 1500m, not " + memory);
        }
        if (roster != null && workbook != null) {
            throw new IllegalArgumentException("give a workbook directory or --roster, not both");
        }
        if (roster != null && instructor) {
            throw new IllegalArgumentException("--instructor shows one submission's hidden cases; a roster's reports may reach"
                    + " students, so grade the one submission without --roster");
        }
        if (roster != null && out == null) {
            throw new IllegalArgumentException("--roster needs --out FILE, the gradebook to write");
        }
        if (roster != null && !Files.isDirectory(roster)) {
            throw new IllegalArgumentException("no such roster directory: " + roster);
        }
        Set<Section> sections = EnumSet.noneOf(Section.class);
        for (String s : only) {
            sections.add(Section.of(s));
        }
        return sections;
    }

    private int gradeRoster(Grader g) throws Exception {
        String name = out.getFileName().toString().replaceFirst("\\.csv$", "");
        Path reportsDir = reports != null ? reports : out.toAbsolutePath().resolveSibling(name + "-reports");
        Roster.Summary summary = new Roster(g, roster, out, reportsDir, jobs, System.err).run();
        System.err.printf("gradebook: %s (%d graded, %d already graded, %d could not be graded)%nreports:   %s%n", out,
                summary.graded(), summary.resumed(), summary.failed(), reportsDir);
        if (summary.failed() > 0) {
            return 1;
        }
        return below(summary.lowest(), "the lowest total");
    }

    private int gradeOne(Grader g, Path dir, String name, Rubric rubric) throws Exception {
        System.err.println("grading " + name + " ...");
        Report report = g.grade(dir, name, line -> System.err.println("  " + line));
        String text = switch (format) {
            case "json" -> GradescopeJson.of(report);
            case "classroom" -> ClassroomJson.of(report);
            case "csv" -> CheckCsv.of(report);
            default -> TextReport.of(report, rubric.shownName());
        };
        if (out == null) {
            System.out.print(text);
        } else {
            AtomicFile.write(out, text);
            System.err.println("report: " + out + " (Score: " + Report.points(report.score()) + "/" + Report.points(report.maxScore()) + ")");
        }
        return below(report.score(), "the score");
    }

    /** The exit code for {@code score}: 2, with a line saying so, when it is below {@code --fail-under}, else 0. */
    private int below(double score, String what) {
        if (failUnder == null || score >= failUnder) {
            return 0;
        }
        System.err.println("d2l: " + what + ", " + Report.points(score) + ", is below --fail-under " + Report.points(failUnder));
        return 2;
    }

    /** The Fashion-MNIST directory, which must hold the four files: grading never downloads. */
    private Path requireData() {
        DataDirectory d = DataDirectory.resolve(data);
        List<String> missing = d.missingFiles();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the training checks need Fashion-MNIST, and " + d.path() + " (" + d.source()
                    + ") lacks " + String.join(", ", missing) + ": give --data DIR, set D2L_DATA, or grade with --no-training");
        }
        return d.path().toAbsolutePath();
    }

    /** A path relative to the project directory when inside it. */
    private static String shown(Path root, Path p) {
        return GraderFolder.shown(root, p);
    }
}
