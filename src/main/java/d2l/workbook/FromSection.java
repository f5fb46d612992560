package d2l.workbook;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that stands for a function of an earlier section, so that a section's file
 * compiles on its own and still uses the student's earlier work, as the book does when 7.4 calls
 * {@code d2l.corr2d}:
 *
 * <pre>{@code
 * @FromSection("7.2")
 * private static Tensor corr2d(Tensor X, Tensor K) {
 *     return Earlier.call("7.2", "corr2d", X, K);
 * }
 * }</pre>
 *
 * In JShell, where every section is loaded together, such a method is left out when the earlier
 * section loaded, so the call reaches the student's own definition (or the one they just retyped).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.METHOD)
public @interface FromSection {

    /** The earlier section, e.g. {@code "7.2"}. */
    String value();
}
