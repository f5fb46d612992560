/**
 * The autograder's judging side: {@code ./d2l grade} grades one workbook or a whole class against
 * the rubric ({@code grader/rubric.csv}), and {@code ./d2l release} writes the student handout.
 * Nothing in this package ever loads a student's class.
 *
 * <p>The trust boundary runs between three packages:
 * <ul>
 *   <li>{@link d2l.grader.runner} runs inside the sandbox: it loads the student's code, calls it
 *       and returns <em>observations</em> (values, exceptions, printed text), nothing else;</li>
 *   <li>{@link d2l.grader.sandbox} starts, confines (bubblewrap), limits (CPU time, memory,
 *       processes, files) and ends that process and everything it starts;</li>
 *   <li>this package judges: {@link d2l.grader.Catalogue} knows every check (the workbook's own,
 *       the case files of {@code grader/golden/} and {@code grader/hidden/}, the randomized,
 *       structure and training checks), {@link d2l.grader.Rubric} gives them points and visibility,
 *       {@link d2l.grader.Grader} and {@link d2l.grader.CheckRun} decide every verdict from the
 *       observations with the expected values, which never leave this process
 *       ({@link d2l.grader.Comparison}, {@link d2l.workbook.Checks#judge}); reports
 *       ({@link d2l.grader.TextReport}, {@link d2l.grader.GradescopeJson}, {@link d2l.grader.CheckCsv}),
 *       the files of a submission as handed in ({@link d2l.grader.SubmissionLayout}, {@link d2l.grader.ZipSubmission}),
 *       the class ({@link d2l.grader.Roster}) and the handout ({@link d2l.grader.Handout}).</li>
 * </ul>
 */
package d2l.grader;
