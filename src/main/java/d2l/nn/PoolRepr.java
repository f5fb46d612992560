package d2l.nn;

/** Pooling layers print a size as one number when both directions agree, as PyTorch does: {@code kernel_size=2}. */
final class PoolRepr {

    private PoolRepr() {}

    static String of(int[] pair) {
        return pair[0] == pair[1] ? String.valueOf(pair[0]) : Pair.toString(pair);
    }
}
