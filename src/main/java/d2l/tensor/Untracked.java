package d2l.tensor;

/**
 * Why a tensor that does not require grad has no history, remembered so that {@code backward()} on
 * it can name the step that broke the graph instead of only repeating PyTorch's advice to call
 * {@code requires_grad_()}, which is wrong when the inputs do require grad. An output computed from
 * inputs without history keeps the reason listed first here (the most telling one).
 */
enum Untracked {

    /** {@code Y.set(i, j, number)}: one element written from a Java number, e.g. {@code (...).sum().item()}. */
    SET_NUMBER("the tensor has no history: it was filled with plain numbers (set(i, j, number)), so gradients cannot "
            + "flow back to the inputs. Use Y.set(i, j, tensor) with the tensor from the computation "
            + "(e.g. X.get(...).mul(K).sum()), not its .item()"),

    /** {@code detach()}, {@code data()} or {@code tensor(t)} of a tensor that requires grad. */
    DETACHED("the tensor has no history: it was computed from a detached tensor (detach(), data(), or tensor(t) of a "
            + "tensor), which shares the values but not the graph, so gradients cannot flow back through it. "
            + "Use the tensor itself"),

    /** An operation on a tensor that requires grad, run while recording was off. */
    NO_GRAD("the tensor has no history: it was computed inside GradMode.noGrad(...) (torch.no_grad() in the book), "
            + "where operations are not recorded. Compute it outside the no-grad block"),

    /** {@code tensor(float[]...)}: made from Java numbers, which may have been computed from tensors. */
    FROM_NUMBERS("the tensor has no history: it was made from plain Java numbers by tensor(...), so gradients cannot "
            + "flow back to whatever computed them. If those numbers came from tensors (e.g. with .item()), keep them "
            + "as tensors: Y.set(i, j, tensor) or stack(...) instead of tensor(numbers)");

    private final String explanation;

    Untracked(String explanation) {
        this.explanation = explanation;
    }

    /** What {@code backward()} says after PyTorch's first words. */
    String explanation() {
        return explanation;
    }

    /** The more telling of two reasons, either of which may be null. */
    static Untracked first(Untracked a, Untracked b) {
        return a == null ? b : b == null ? a : a.ordinal() <= b.ordinal() ? a : b;
    }
}
