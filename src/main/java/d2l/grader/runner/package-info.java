/**
 * The side of the grader that runs inside the sandbox, with the student's code:
 * {@link d2l.grader.runner.Runner} answers the grader's requests with observations only, over the
 * plain-text protocol of {@link d2l.grader.runner.Wire}. Nothing here holds an expected value or
 * decides a verdict.
 */
package d2l.grader.runner;
