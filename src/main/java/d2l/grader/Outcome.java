package d2l.grader;

/**
 * How one check of the rubric went for one submission.
 *
 * @param entry    the rubric's row (points, visibility)
 * @param check    the check
 * @param status   how it ended
 * @param score    the points it scored, between 0 and the row's points
 * @param feedback what the student should know: the mistake, the values, the place in their file; empty when it passed
 * @param seconds  how long it ran
 * @param measured what the grader measured for partial credit (LeNet's validation accuracy), or null;
 *                 Gradescope's leaderboard shows it
 */
public record Outcome(RubricEntry entry, GraderCheck check, Status status, double score, String feedback, double seconds,
                      Measurement measured) {

    /** An outcome with no measurement. */
    public Outcome(RubricEntry entry, GraderCheck check, Status status, double score, String feedback, double seconds) {
        this(entry, check, status, score, feedback, seconds, null);
    }

    /** A quantity the grader measured, such as {@code validation accuracy} 0.7432. */
    public record Measurement(String name, double value) {}

    /** How a check ended. */
    public enum Status {
        /** Full marks. */
        PASSED("ok"),
        /** Some of the points (LeNet's accuracy between two thresholds). */
        PARTIAL("part"),
        /** A wrong value or shape, an exception, a thread left running. */
        FAILED("FAIL"),
        /** The code still throws {@code NotImplementedYet}. */
        NOT_IMPLEMENTED("todo"),
        /** It ran past its time limit. */
        TIMED_OUT("TIME"),
        /** The JVM running it stopped ({@code System.exit}, a crash). */
        CRASHED("CRASH"),
        /** The section's file is missing, or was refused (a link, too large, handed in twice): its section was not run. */
        MISSING("NOFILE"),
        /** The section's file does not compile. */
        COMPILE_ERROR("ERROR"),
        /** The grader itself failed: not the student's fault, the instructor should look. */
        GRADER_ERROR("GRADER");

        private final String mark;

        Status(String mark) {
            this.mark = mark;
        }

        /** The word the text report shows, e.g. {@code ok} or {@code FAIL}. */
        public String mark() {
            return mark;
        }
    }

    /** The row's points. */
    public double maxScore() {
        return entry.points();
    }
}
