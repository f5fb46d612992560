package d2l.autograd;

import java.util.function.Supplier;

/**
 * Whether operations are recorded for backward, per thread, like {@code torch.no_grad()}.
 * Parameter updates and evaluation run with recording off:
 * <pre>{@code
 * try (var noGrad = GradMode.noGrad()) {
 *     w.sub_(w.grad().mul(lr));
 * }
 * }</pre>
 */
public final class GradMode {

    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** A scope that restores the previous mode when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** True when new operations are recorded for backward. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Switches recording off until the returned scope is closed. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Switches recording on until the returned scope is closed (inside a no-grad block). */
    public static Scope enableGrad() {
        return set(true);
    }

    /** Runs {@code body} with recording off and returns its result. */
    public static <T> T noGrad(Supplier<T> body) {
        try (Scope ignored = noGrad()) {
            return body.get();
        }
    }

    /** Runs {@code body} with recording off. */
    public static void noGrad(Runnable body) {
        try (Scope ignored = noGrad()) {
            body.run();
        }
    }

    private static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }
}
