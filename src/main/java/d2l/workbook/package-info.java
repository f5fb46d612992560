/**
 * The workbook: the student's files ({@code exercises/}), the reference answers
 * ({@code solutions/}), and what loads and checks them.
 *
 * <ul>
 *   <li>{@link d2l.workbook.Workbook} compiles a directory's section files, each on its own, and
 *       {@link d2l.workbook.LoadedSection} calls their functions;</li>
 *   <li>{@link d2l.workbook.Checks} holds each section's checks against the book's documents, run by
 *       {@code check("7.2")} in JShell, by {@code CheckWorkbook} in an IDE and by the tests;</li>
 *   <li>{@link d2l.workbook.Shell} is {@code ./d2l jshell}: the workbook's members become JShell
 *       snippets, reloaded by {@code /reload};</li>
 *   <li>{@link d2l.workbook.Earlier} lets a later section use an earlier one's function;</li>
 *   <li>{@link d2l.workbook.Pictures} draws tensors as text or PNG files.</li>
 * </ul>
 */
package d2l.workbook;
