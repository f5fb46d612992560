package d2l.grader;

import d2l.grader.sandbox.SandboxMode;
import d2l.workbook.Section;
import java.nio.file.Path;
import java.util.Set;

/**
 * How to grade.
 *
 * @param graderDir the folder with the rubric, case files and stand-ins ({@code grader/})
 * @param only      the sections to grade; empty for all
 * @param training  whether to run the training checks
 * @param timeout   the time limit in seconds of each check that does not train; null for the rubric's (else 60)
 * @param memory    the child JVM's heap cap, as {@code -Xmx} takes it ({@code 2g})
 * @param threads   the threads each child JVM's kernels use
 * @param dataDir   where Fashion-MNIST is, for the training checks; null when they do not run
 * @param logsDir   where the training checks' CSV logs go, one folder per submission
 * @param sandbox    whether submissions run in the OS sandbox: required, auto (when it can) or off
 * @param showHidden whether reports show hidden cases' inputs, values and messages (for the instructor only)
 * @param budget     the CPU seconds one submission may use in all, over all its checks
 */
public record GradeOptions(Path graderDir, Set<Section> only, boolean training, Double timeout, String memory, int threads,
                           Path dataDir, Path logsDir, SandboxMode sandbox, boolean showHidden, double budget) {

    /** The CPU seconds a submission may use in all, unless set: enough for every check and LeNet's training. */
    public static final double DEFAULT_BUDGET = 3600;

    /** The options with the sandbox where it can run, hidden cases hidden and the default budget. */
    public GradeOptions(Path graderDir, Set<Section> only, boolean training, Double timeout, String memory, int threads, Path dataDir,
                        Path logsDir) {
        this(graderDir, only, training, timeout, memory, threads, dataDir, logsDir, SandboxMode.AUTO, false, DEFAULT_BUDGET);
    }

    /** The CPU-time limit of a check that does not train, unless its rubric row sets one. */
    static final double DEFAULT_TIMEOUT = 60;

    /** The CPU-time limit of a training check, unless its rubric row sets one. */
    static final double DEFAULT_TRAINING_TIMEOUT = 900;

    /** Whether {@code section} is graded. */
    boolean includes(Section section) {
        return only.isEmpty() || only.contains(section);
    }
}
