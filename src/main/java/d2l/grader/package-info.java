/**
 * The autograder: {@code ./d2l grade} grades one workbook or a whole class against the rubric
 * ({@code grader/rubric.csv}), and {@code ./d2l release} writes the student handout.
 *
 * <ul>
 *   <li>{@link d2l.grader.Catalogue} knows every check: the workbook's own, the case files of
 *       {@code grader/golden/} (the book's printed outputs, with their provenance) and
 *       {@code grader/hidden/} (the instructor's), and the randomized, structure and training checks
 *       written in Java; {@link d2l.grader.Rubric} gives them points and visibility;</li>
 *   <li>{@link d2l.grader.Grader} runs them for one submission in a child JVM
 *       ({@link d2l.grader.ChildJvm}, {@link d2l.grader.GradingChild}) with a heap cap and a time limit
 *       per check, and judges the values it sends back ({@link d2l.grader.Comparison});</li>
 *   <li>{@link d2l.grader.TextReport}, {@link d2l.grader.GradescopeJson} and {@link d2l.grader.CheckCsv}
 *       write the report; {@link d2l.grader.Roster} grades a class into a gradebook;
 *       {@link d2l.grader.Handout} writes the handout.</li>
 * </ul>
 */
package d2l.grader;
