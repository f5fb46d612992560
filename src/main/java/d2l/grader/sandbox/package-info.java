/**
 * The operating-system sandbox around a submission's child JVM, and what the grader needs to
 * watch and clean up after it.
 *
 * <ul>
 *   <li>{@link d2l.grader.sandbox.Sandbox} wraps the child's command in bubblewrap (namespaces,
 *       read-only JDK and runtime, private /tmp, {@link d2l.grader.sandbox.Limits}), or in process
 *       isolation where bubblewrap cannot run ({@link d2l.grader.sandbox.SandboxMode},
 *       {@link d2l.grader.sandbox.Isolation});</li>
 *   <li>{@link d2l.grader.sandbox.ProcessTree} measures the CPU time of the child and all it
 *       started, and kills them;</li>
 *   <li>{@link d2l.grader.sandbox.BoundedLines} reads the child's output without letting it
 *       flood the grader;</li>
 *   <li>{@link d2l.grader.sandbox.GradingTemp} makes the scratch directories and removes those a
 *       killed grader left behind, never following a link a submission planted.</li>
 * </ul>
 */
package d2l.grader.sandbox;
