package d2l.tensor;

/**
 * The backward step of one operation: given dL/doutput, return dL/dinput for each input, in the
 * order the inputs were recorded ({@code null} for an input that needs no gradient). It runs with
 * recording off, so it may use any tensor operation.
 */
@FunctionalInterface
public interface Backward {
    Tensor[] apply(Tensor gradOutput);
}
