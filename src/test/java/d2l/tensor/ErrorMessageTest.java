package d2l.tensor;

import static d2l.tensor.Torch.arange;
import static d2l.tensor.Torch.cat;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.scalar;
import static d2l.tensor.Torch.slice;
import static d2l.tensor.Torch.stack;
import static d2l.tensor.Torch.tensor;
import static d2l.tensor.Torch.zeros;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Every user mistake raises {@link TensorException} (never a NullPointerException,
 * ArrayIndexOutOfBoundsException or ClassCastException from inside the runtime), and its message
 * names the operation and the shapes involved, so a reader can fix the cell without a debugger.
 */
class ErrorMessageTest {

    private final Tensor X = zeros(2, 3);

    /** Asserts a TensorException; the message checks follow. */
    private static AbstractThrowableAssert<?, ? extends Throwable> raises(ThrowingCallable mistake) {
        return assertThatThrownBy(mistake).isInstanceOf(TensorException.class);
    }

    @Test
    void addOfShapesThatDoNotBroadcast() {
        raises(() -> X.add(zeros(4)))
                .hasMessageContaining("add")
                .hasMessageContaining("[2, 3]")
                .hasMessageContaining("[4]");
    }

    @Test
    void mulOfShapesThatDoNotBroadcast() {
        raises(() -> zeros(3, 2).mul(zeros(2, 3)))
                .hasMessageContaining("mul")
                .hasMessageContaining("[3, 2]")
                .hasMessageContaining("[2, 3]");
    }

    @Test
    void matmulOfMatricesThatDoNotFit() {
        raises(() -> X.matmul(zeros(4, 5)))
                .hasMessageContaining("matmul")
                .hasMessageContaining("2x3")
                .hasMessageContaining("4x5");
    }

    @Test
    void matmulOfAZeroDimTensor() {
        raises(() -> scalar(1).matmul(zeros(4))).hasMessageContaining("matmul").hasMessageContaining("0D");
    }

    @Test
    void reshapeToAnImpossibleShape() {
        raises(() -> X.reshape(4, 4))
                .hasMessageContaining("reshape")
                .hasMessageContaining("[4, 4]")
                .hasMessageContaining("6");
        raises(() -> X.reshape(-1, 4)).hasMessageContaining("[-1, 4]").hasMessageContaining("6");
        raises(() -> X.reshape(-1, -1)).hasMessageContaining("only one dimension can be inferred");
        raises(() -> X.view(5)).hasMessageContaining("view").hasMessageContaining("[5]");
    }

    @Test
    void indexOutOfRange() {
        raises(() -> X.get(5))
                .hasMessageContaining("index 5 is out of bounds for dimension 0 with size 2")
                .hasMessageContaining("[2, 3]");
        raises(() -> X.get(0, 3)).hasMessageContaining("index 3").hasMessageContaining("[2, 3]");
        raises(() -> X.get(-3)).hasMessageContaining("index -3");
        raises(() -> X.get("1, 7")).hasMessageContaining("index 7");
        raises(() -> X.select(1, 3)).hasMessageContaining("index 3").hasMessageContaining("[2, 3]");
        raises(() -> X.set(5, 1)).hasMessageContaining("index 5");
    }

    @Test
    void tooManyIndices() {
        raises(() -> X.get(0, 0, 0))
                .hasMessageContaining("too many indices for tensor of dimension 2")
                .hasMessageContaining("[2, 3]");
        raises(() -> scalar(1).get(0)).hasMessageContaining("too many indices");
    }

    @Test
    void badIndexString() {
        raises(() -> X.get("1:x")).hasMessageContaining("\"1:x\"");
        raises(() -> X.get("")).hasMessageContaining("index");
        raises(() -> X.get("1:2:3:4")).hasMessageContaining("1:2:3:4");
        raises(() -> X.get("::0")).hasMessageContaining("step");
        raises(() -> X.get("..., ...")).hasMessageContaining("ellipsis");
    }

    @Test
    void indexOfAnUnsupportedType() {
        raises(() -> X.get(1.5)).hasMessageContaining("Double");
        raises(() -> X.get((Object) null)).hasMessageContaining("null");
        raises(() -> X.get((Object[]) null)).hasMessageContaining("null");
        raises(() -> X.get(slice(0, 2, 0))).hasMessageContaining("step");
    }

    @Test
    void setWithAValueOfTheWrongShape() {
        raises(() -> X.set(0, ones(4)))
                .hasMessageContaining("index assignment")
                .hasMessageContaining("[4]")
                .hasMessageContaining("[3]");
        raises(() -> X.set(":, 0", ones(3))).hasMessageContaining("[3]").hasMessageContaining("[2]");
        raises(() -> zeros(2).copy_(zeros(3))).hasMessageContaining("copy_").hasMessageContaining("[3]");
    }

    @Test
    void setWithoutAValue() {
        raises(() -> X.set(":, 2:6")).hasMessageContaining("set(...)").hasMessageContaining("value");
        raises(() -> X.set()).hasMessageContaining("set(...)");
        raises(() -> X.set(0, null)).hasMessageContaining("value").hasMessageContaining("null");
        raises(() -> X.set((Object[]) null)).hasMessageContaining("set(...)");
    }

    @Test
    void tensorFromARaggedArray() {
        raises(() -> tensor(new float[][] {{1, 2}, {3}}))
                .hasMessageContaining("tensor()")
                .hasMessageContaining("expected sequence of length 2 at dim 1 (got 1)");
        raises(() -> tensor(new Object[] {new float[] {1}, new float[][] {{1}}})).hasMessageContaining("depth");
        raises(() -> tensor(new Object[] {1f, new float[] {1}})).hasMessageContaining("depth");
        raises(() -> tensor("[[1, 2], [3]]")).hasMessageContaining("expected sequence of length 2 at dim 1 (got 1)");
        raises(() -> tensor("[[1], 2]")).hasMessageContaining("nested");
    }

    @Test
    void tensorFromStrings() {
        raises(() -> tensor(new String[] {"1", "2"})).hasMessageContaining("tensor()").hasMessageContaining("String");
        raises(() -> tensor(new char[] {'a'})).hasMessageContaining("char[]");
        raises(() -> tensor(new Object[] {null})).hasMessageContaining("null");
    }

    @Test
    void tensorFromABadLiteral() {
        raises(() -> tensor("[1, 2")).hasMessageContaining("[1, 2");
        raises(() -> tensor("[1 2]")).hasMessageContaining("expected ',' or ']'");
        raises(() -> tensor("[1, x]")).hasMessageContaining("'x' is not a number");
    }

    @Test
    void itemOfMoreThanOneElement() {
        raises(() -> zeros(2).item())
                .hasMessageContaining("item()")
                .hasMessageContaining("2 elements")
                .hasMessageContaining("[2]");
        raises(() -> zeros(0).item()).hasMessageContaining("0 elements");
    }

    @Test
    void transposeDimOutOfRange() {
        raises(() -> X.transpose(0, 5))
                .hasMessageContaining("transpose(0, 5)")
                .hasMessageContaining("Dimension out of range")
                .hasMessageContaining("[2, 3]");
        raises(() -> zeros(2, 3, 4).t()).hasMessageContaining("t()").hasMessageContaining("[2, 3, 4]");
    }

    @Test
    void otherDimensionsOutOfRange() {
        raises(() -> X.permute(0, 2)).hasMessageContaining("permute").hasMessageContaining("[2, 3]");
        raises(() -> X.permute(0)).hasMessageContaining("permute");
        raises(() -> X.permute(1, 1)).hasMessageContaining("repeated dim 1");
        raises(() -> X.unsqueeze(5)).hasMessageContaining("unsqueeze(5)").hasMessageContaining("[2, 3]");
        raises(() -> X.squeeze(-3)).hasMessageContaining("squeeze(-3)").hasMessageContaining("[2, 3]");
        raises(() -> X.select(2, 0)).hasMessageContaining("select(2, 0)").hasMessageContaining("[2, 3]");
        raises(() -> X.flatten(1, 0)).hasMessageContaining("flatten");
        raises(() -> X.sum(5)).hasMessageContaining("Dimension out of range");
        raises(() -> X.argmax(2)).hasMessageContaining("Dimension out of range");
        raises(() -> X.shape().get(2)).hasMessageContaining("Dimension out of range");
    }

    @Test
    void expandToAnIncompatibleShape() {
        raises(() -> X.expand(4, 4)).hasMessageContaining("[4, 4]").hasMessageContaining("[2, 3]");
        raises(() -> X.expand(3)).hasMessageContaining("expand");
    }

    @Test
    void catOfMismatchedShapes() {
        raises(() -> cat(List.of(X, zeros(2, 4)), 0))
                .hasMessageContaining("cat")
                .hasMessageContaining("[2, 3]")
                .hasMessageContaining("[2, 4]");
        raises(() -> cat(List.of(X, zeros(3)), 0)).hasMessageContaining("[2, 3]").hasMessageContaining("[3]");
        raises(() -> cat(List.of(), 0)).hasMessageContaining("cat");
        raises(() -> cat(List.of(scalar(1)), 0)).hasMessageContaining("zero-dimensional");
    }

    @Test
    void stackOfDifferentShapes() {
        raises(() -> stack(X, zeros(3)))
                .hasMessageContaining("stack")
                .hasMessageContaining("[2, 3]")
                .hasMessageContaining("[3]");
        raises(() -> stack(List.of(), 0)).hasMessageContaining("stack");
    }

    @Test
    void backwardWithoutRequiresGrad() {
        raises(() -> ones(3).sum().backward())
                .hasMessageContaining("does not require grad")
                .hasMessageContaining("call requiresGrad_() on the leaf tensors")
                .hasMessageNotContaining("no history");
        Tensor edges = ones(6, 8);
        edges.set(":, 2:6", 0);
        raises(() -> edges.mul(tensor("[[1.0, -1.0]]").get(0, 0)).sum().backward())
                .hasMessageContaining("call requiresGrad_() on the leaf tensors")
                .hasMessageNotContaining("no history");
    }

    /** A student's corr2d that writes Y[i, j] as a number: the inputs require grad, but Y has no history. */
    @Test
    void backwardThroughElementsSetFromNumbers() {
        Tensor image = tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]");
        Tensor kernel = tensor("[[0.0, 1.0], [2.0, 3.0]]").requiresGrad_();
        Tensor Y = zeros(2, 2);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                Y.set(i, j, image.get(slice(i, i + 2), slice(j, j + 2)).mul(kernel).sum().item());
            }
        }
        raises(() -> Y.sub(tensor("[[19.0, 25.0], [37.0, 43.0]]")).pow(2).sum().backward())
                .hasMessageContaining("no history")
                .hasMessageContaining("set(i, j, number)")
                .hasMessageContaining("not its .item()");
    }

    @Test
    void backwardThroughATensorMadeFromNumbers() {
        Tensor kernel = ones(2).requiresGrad_();
        float[] out = {kernel.mul(2).sum().item(), kernel.mul(3).sum().item()};
        raises(() -> tensor(out).sum().backward())
                .hasMessageContaining("no history")
                .hasMessageContaining("plain Java numbers")
                .hasMessageContaining("tensor(...)");
        raises(() -> tensor(new float[][] {{kernel.sum().item()}}).sum().backward()).hasMessageContaining("tensor(...)");
        Tensor Y = zeros(1);
        Y.set(0, tensor(kernel.sum().item()));
        raises(() -> Y.sum().backward()).hasMessageContaining("tensor(...)");
    }

    @Test
    void backwardThroughADetachedTensor() {
        Tensor w = ones(2).requiresGrad_();
        raises(() -> w.mul(2).detach().sum().backward()).hasMessageContaining("no history").hasMessageContaining("detach()");
        raises(() -> tensor(w.mul(2)).sum().backward()).hasMessageContaining("detach()");
    }

    @Test
    void backwardOfALossComputedWithoutRecording() {
        Tensor w = ones(2).requiresGrad_();
        Tensor loss = Torch.noGrad(() -> w.mul(2).sum());
        raises(loss::backward).hasMessageContaining("no history").hasMessageContaining("noGrad");
    }

    @Test
    void backwardWithAGradientOfTheWrongShape() {
        Tensor y = ones(2).requiresGrad_().mul(2);
        raises(() -> y.backward(ones(3))).hasMessageContaining("[3]").hasMessageContaining("[2]");
        raises(() -> ones(2).setGrad(ones(3))).hasMessageContaining("[3]").hasMessageContaining("[2]");
    }

    @Test
    void gradientsOnlyForFloats() {
        raises(() -> arange(3).requiresGrad_()).hasMessageContaining("torch.int64");
    }

    @Test
    void inPlaceMistakesUnderAutograd() {
        raises(() -> ones(2).requiresGrad_().add_(1)).hasMessageContaining("leaf");
        raises(() -> ones(2).requiresGrad_().mul(1).mul_(2)).hasMessageContaining("in place");
        raises(() -> ones(2, 2).requiresGrad_().mul(1).get(0).add_(1)).hasMessageContaining("view");
        raises(() -> zeros(2).add_(zeros(3, 2))).hasMessageContaining("[2]").hasMessageContaining("[3, 2]");
    }

    @Test
    void creationWithNegativeOrMismatchedSizes() {
        raises(() -> zeros(2, -1)).hasMessageContaining("zeros").hasMessageContaining("[2, -1]");
        raises(() -> Tensor.wrap(new float[3], 2, 2)).hasMessageContaining("wrap").hasMessageContaining("[2, 2]");
        raises(() -> Torch.arange(0, 5, -1)).hasMessageContaining("arange");
    }

    @Test
    void creationLargerThanAnArrayOrTheHeap() {
        raises(() -> zeros(100_000, 100_000))
                .hasMessageContaining("zeros of shape [100000, 100000] (10,000,000,000 floats, 37 GiB)")
                .hasMessageContaining("more than a Java array can hold");
        long max = Runtime.getRuntime().maxMemory();
        org.junit.jupiter.api.Assumptions.assumeTrue(max / 4 < Integer.MAX_VALUE - 8, "a heap of 8 GiB or more");
        raises(() -> ones((int) (max / 4) + 1)).hasMessageContaining("full of shape").hasMessageContaining("heap");
    }

    @Test
    void reductionOfAnEmptyTensor() {
        raises(() -> zeros(0).max()).hasMessageContaining("max");
        raises(() -> zeros(0, 3).max(0)).hasMessageContaining("[0, 3]");
    }
}
