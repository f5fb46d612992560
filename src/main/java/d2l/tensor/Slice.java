package d2l.tensor;

/**
 * A Python slice {@code start:stop:step} for indexing, e.g. {@code X.get(Slice.of(i, i + h), Slice.of(j, j + w))}
 * for {@code X[i:i+h, j:j+w]}. A null bound means "from the beginning" or "to the end".
 */
public record Slice(Integer start, Integer stop, int step) {

    /** {@code :} — every index. */
    public static final Slice ALL = new Slice(null, null, 1);

    /** {@code start:stop}. */
    public static Slice of(int start, int stop) {
        return new Slice(start, stop, 1);
    }

    /** {@code start:stop:step}. */
    public static Slice of(int start, int stop, int step) {
        return new Slice(start, stop, step);
    }

    @Override
    public String toString() {
        return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == 1 ? "" : ":" + step);
    }
}
