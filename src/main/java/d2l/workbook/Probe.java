package d2l.workbook;

/**
 * What a check sees of a student's code. A check touches the student's section only inside
 * {@link #observe}, and what comes back is an <em>observation</em>: a copy of the returned value
 * that has crossed {@link Observed}'s encoding (tensors, sizes, numbers, booleans, text, lists,
 * maps, {@link ModuleView}s of networks). Everything else a check does (making inputs, computing
 * expected values, comparing) runs outside the student's code.
 *
 * <p>That split is what lets the grader trust a verdict: the same check runs twice, once in the
 * sandbox recording observations ({@link RecordingProbe}) and once in the grader replaying them
 * ({@link ReplayingProbe}), and only the second run decides pass or fail. Whatever the student's
 * process sends back, it can only change observations, never a verdict, and any observation it
 * sends is one its own code could have returned. In JShell ({@code check("7.2")}) both runs happen
 * in one JVM, so students see exactly the grader's verdicts.
 *
 * <p>The random generator is saved before each observation and restored after it, so the code of a
 * check draws the same random inputs whether or not the student's code ran in between.
 */
public interface Probe {

    /**
     * Runs {@code code} against the student's section (in the sandbox) and returns what it
     * returned, as an observation. An exception the student's code throws is observed too, and
     * thrown again here: a {@link NotImplementedYet} as itself, anything else as a
     * {@link StudentException} with its type, message and line.
     *
     * @param what names the observation in messages, e.g. {@code corr2d(X, K)}
     */
    Object observe(String what, StudentCode code);

    /** What the student's code printed during this check so far (an observation too). */
    String printed();

    /** Code that calls the student's section. */
    @FunctionalInterface
    interface StudentCode {
        Object run(LoadedSection section) throws Exception;
    }
}
