package d2l.autograd;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the time of a training step goes, op by op and direction by direction, in the spirit of
 * {@code torch.autograd.profiler}: while a profiler is open on a thread, every recorded operation of
 * that thread is timed in the forward pass, and every backward node the engine runs is timed in the
 * backward pass. {@code ./d2l bench --layers} uses it.
 *
 * <p>Forward times are gaps: an operation is charged the time since the previous operation was
 * recorded (or since the last {@link #mark(String)}, or the end of the last backward node), which is
 * its computation plus the little Java in between (argument checks, module code). Backward times are
 * exact: each node's {@link Node#apply()} is timed. Time outside both (an optimizer step) is charged
 * to the label of the {@link #mark(String)} that ends it.
 *
 * <p>Entries are keyed by direction, op (the grad_fn name without {@code Backward0}: {@code Convolution},
 * {@code NativeBatchNorm}, {@code Relu}, ...) and detail (the shapes, {@code [32, 64, 24, 24] x [64, 64, 3, 3]
 * -> [32, 64, 24, 24]}); a backward node gets the detail its forward operation had.
 *
 * <p>When no profiler is open the cost is one volatile read per operation and per backward node.
 */
public final class Profiler implements AutoCloseable {

    /** Forward, backward, or time outside both (charged by {@link #mark(String)}). */
    public enum Direction { FORWARD, BACKWARD, OTHER }

    /** What one entry times: an op in one direction, on tensors of given shapes. */
    public record Key(Direction direction, String op, String detail) {}

    /** The time charged to a key and how many operations it was charged for. */
    public record Entry(long nanos, int calls) {}

    private static volatile Profiler active;

    private final Thread owner = Thread.currentThread();
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private final Map<Node, String> details = new IdentityHashMap<>();
    private long clock = System.nanoTime();

    private Profiler() {}

    /**
     * Opens a profiler on the calling thread (the only one it times); close it to stop.
     *
     * @throws IllegalStateException if a profiler is open already
     */
    public static synchronized Profiler open() {
        if (active != null) {
            throw new IllegalStateException("a profiler is open already (on thread " + active.owner.getName() + ")");
        }
        active = new Profiler();
        return active;
    }

    @Override
    public void close() {
        synchronized (Profiler.class) {
            if (active == this) {
                active = null;
            }
        }
    }

    /** Whether a profiler times the calling thread: callers check it before gathering what {@link #forward} needs. */
    public static boolean timing() {
        return current() != null;
    }

    /** The profiler timing the calling thread, or null (the usual case). */
    private static Profiler current() {
        Profiler p = active;
        return p != null && p.owner == Thread.currentThread() ? p : null;
    }

    /**
     * Charges the time since the previous operation (or mark) to {@code label} in direction OTHER, and
     * starts the forward clock anew; a no-op when no profiler times this thread. A training step calls
     * it after {@code optimizer.step()}, e.g. {@code Profiler.mark("SGD step")}.
     */
    public static void mark(String label) {
        Profiler p = current();
        if (p != null) {
            long now = System.nanoTime();
            p.add(new Key(Direction.OTHER, label, ""), now - p.clock);
            p.clock = now;
        }
    }

    /**
     * Called when {@code node} (named {@code name}) is recorded for an output of shape {@code outShape}
     * from inputs of shapes {@code inShapes} (null entries skipped): charges the gap since the previous
     * operation to this op's forward.
     */
    public static void forward(Node node, String name, int[][] inShapes, int[] outShape) {
        Profiler p = current();
        if (p == null) {
            return;
        }
        long now = System.nanoTime();
        StringBuilder detail = new StringBuilder();
        for (int[] shape : inShapes) {
            if (shape != null) {
                detail.append(detail.length() == 0 ? "" : " x ").append(java.util.Arrays.toString(shape));
            }
        }
        detail.append(" -> ").append(java.util.Arrays.toString(outShape));
        String d = detail.toString();
        p.details.put(node, d);
        p.add(new Key(Direction.FORWARD, op(name), d), now - p.clock);
        p.clock = System.nanoTime();
    }

    /** Runs {@code node.apply()}, timing it if a profiler times this thread (used by the {@link Engine}). */
    static void apply(Node node) {
        Profiler p = current();
        if (p == null) {
            node.apply();
            return;
        }
        long start = System.nanoTime();
        node.apply();
        long end = System.nanoTime();
        String detail = p.details.getOrDefault(node, "");
        p.add(new Key(Direction.BACKWARD, op(node.name()), detail), end - start);
        p.clock = System.nanoTime();
    }

    /** The grad_fn name without its {@code Backward0} suffix: {@code ConvolutionBackward0 -> Convolution}. */
    static String op(String gradFnName) {
        int at = gradFnName.lastIndexOf("Backward");
        return at > 0 ? gradFnName.substring(0, at) : gradFnName;
    }

    private void add(Key key, long ns) {
        entries.merge(key, new Entry(ns, 1), (a, b) -> new Entry(a.nanos() + b.nanos(), a.calls() + b.calls()));
    }

    /**
     * What was charged to each key since the profiler opened or since the last call, in the order the
     * keys first appeared; then starts counting anew.
     */
    public Map<Key, Entry> take() {
        Map<Key, Entry> taken = new LinkedHashMap<>(entries);
        entries.clear();
        details.clear();
        clock = System.nanoTime();
        return taken;
    }
}
