package d2l.tensor;

/**
 * The element types a tensor can have. Values are always stored as {@code float}; the type decides
 * how they print and how arithmetic promotes them, as in PyTorch: {@code argmax} gives
 * {@code INT64} indices, comparisons give {@code BOOL}, and everything else is {@code FLOAT32}.
 * Whole numbers up to 2^24 are exact in a float, which covers labels, indices and counts here.
 */
public enum DType {
    FLOAT32("torch.float32"),
    INT64("torch.int64"),
    BOOL("torch.bool");

    private final String torchName;

    DType(String torchName) {
        this.torchName = torchName;
    }

    /** The name PyTorch prints, e.g. {@code torch.float32}. */
    public String torchName() {
        return torchName;
    }

    /** The type of {@code a op b} for arithmetic: integer only when both sides are integers. */
    public static DType promote(DType a, DType b) {
        if (a == FLOAT32 || b == FLOAT32) {
            return FLOAT32;
        }
        return INT64;
    }
}
