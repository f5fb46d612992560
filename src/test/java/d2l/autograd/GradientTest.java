package d2l.autograd;

import static d2l.tensor.Torch.cat;
import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.noGrad;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.rand;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.scalar;
import static d2l.tensor.Torch.slice;
import static d2l.tensor.Torch.stack;
import static d2l.tensor.Torch.tensor;
import static d2l.tensor.Torch.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every differentiable operation, one line each (tinygrad-style): the gradient {@code backward}
 * computes must match central finite differences ({@link GradCheck}). Inputs avoid the points where
 * an op has a kink (relu and abs at 0, ties in max, min, maximum and minimum). The last group pins
 * the semantics of autograd itself, as the book relies on them.
 */
class GradientTest {

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

    /** Uniform values in [0.5, 1.5): safe for log, sqrt, division and fractional powers. */
    private static Tensor positive(int... shape) {
        return rand(shape).add(0.5);
    }

    /** Normal values pushed at least 0.3 away from 0: safe for relu and abs. */
    private static Tensor awayFromZero(int... shape) {
        Tensor x = randn(shape);
        return x.add(x.sign().mul(0.3));
    }

    /** Distinct values at least 0.1 apart in shuffled order: no ties for max and min. */
    private static Tensor distinct(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.1f * i - 0.05f * n;
        }
        Random random = new Random(7);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.wrap(v, shape);
    }

    /** A tensor that differs from {@code a} by at least 0.2 in every element, either way. */
    private static Tensor notTying(Tensor a) {
        Tensor gap = rand(a.shape().toArray()).add(0.2);
        Tensor sign = randn(a.shape().toArray()).sign();
        return a.add(gap.mul(sign));
    }

    /** The book's corr2d (section 7.2), written with index assignment. */
    static Tensor corr2d(Tensor X, Tensor K) {
        int h = K.size(0);
        int w = K.size(1);
        Tensor Y = zeros(X.size(0) - h + 1, X.size(1) - w + 1);
        for (int i = 0; i < Y.size(0); i++) {
            for (int j = 0; j < Y.size(1); j++) {
                Y.set(i, j, X.get(slice(i, i + h), slice(j, j + w)).mul(K).sum());
            }
        }
        return Y;
    }

    // ---- the checker ----------------------------------------------------------------------------

    @Test
    void catchesAWrongGradientAndSaysWhere() {
        // forward 2x, backward claiming 3: the kind of slip GradCheck exists to find
        Tensor x = randn(2, 3);
        assertThatThrownBy(() -> GradCheck.check(t -> Tensor.fromOperation("WrongBackward",
                t.detach().mul(2).toArray(), new int[] {2, 3}, g -> new Tensor[] {g.mul(3)}, t), x))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("WrongBackward")
                .hasMessageContaining("[2, 3]")
                .hasMessageContaining("analytic")
                .hasMessageContaining("numeric");
    }

    @Test
    void catchesAMissingGradient() {
        Tensor x = randn(3);
        assertThatThrownBy(() -> GradCheck.check((a, b) -> Tensor.fromOperation("ForgetsB",
                a.detach().mul(b.detach()).toArray(), new int[] {3}, g -> new Tensor[] {g.mul(b.detach()), null}, a, b),
                x, randn(3)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("input 1")
                .hasMessageContaining("no gradient");
    }

    @Test
    void leavesTheCallersTensorsAlone() {
        Tensor x = randn(2, 2);
        float[] before = x.toArray();
        GradCheck.check(t -> t.exp(), x);
        assertThat(x.toArray()).containsExactly(before);
        assertThat(x.requiresGrad()).isFalse();
    }

    // ---- arithmetic -----------------------------------------------------------------------------

    @Test void addSameShape() { GradCheck.check((a, b) -> a.add(b), randn(2, 3), randn(2, 3)); }
    @Test void addRowBroadcast() { GradCheck.check((a, b) -> a.add(b), randn(2, 3), randn(3)); }
    @Test void addBroadcastOnTheLeft() { GradCheck.check((a, b) -> a.add(b), randn(3), randn(2, 3)); }
    @Test void addColumnAndRowBroadcastBothWays() { GradCheck.check((a, b) -> a.add(b), randn(3, 1), randn(1, 4)); }
    @Test void addZeroDimTensor() { GradCheck.check((a, b) -> a.add(b), randn(2, 3), scalar(0.7)); }
    @Test void addScalar() { GradCheck.check(x -> x.add(2.5), randn(2, 3)); }

    @Test void subSameShape() { GradCheck.check((a, b) -> a.sub(b), randn(2, 3), randn(2, 3)); }
    @Test void subRowBroadcast() { GradCheck.check((a, b) -> a.sub(b), randn(2, 3), randn(3)); }
    @Test void subBroadcastOnTheLeft() { GradCheck.check((a, b) -> a.sub(b), randn(3, 1), randn(2, 1, 4)); }
    @Test void subScalar() { GradCheck.check(x -> x.sub(1.5), randn(4)); }

    @Test void mulSameShape() { GradCheck.check((a, b) -> a.mul(b), randn(2, 3), randn(2, 3)); }
    @Test void mulRowBroadcast() { GradCheck.check((a, b) -> a.mul(b), randn(2, 3), randn(3)); }
    @Test void mulBroadcastOnTheLeft() { GradCheck.check((a, b) -> a.mul(b), randn(4, 1), randn(3, 4, 5)); }
    @Test void mulScalar() { GradCheck.check(x -> x.mul(-3), randn(2, 3)); }

    @Test void divSameShape() { GradCheck.check((a, b) -> a.div(b), randn(2, 3), positive(2, 3)); }
    @Test void divRowBroadcast() { GradCheck.check((a, b) -> a.div(b), randn(2, 3), positive(3)); }
    @Test void divBroadcastOnTheLeft() { GradCheck.check((a, b) -> a.div(b), randn(3), positive(2, 3)); }
    @Test void divScalar() { GradCheck.check(x -> x.div(4), randn(2, 3)); }

    @Test void powSquare() { GradCheck.check(x -> x.pow(2), randn(2, 3)); }
    @Test void powCube() { GradCheck.check(x -> x.pow(3), randn(2, 3)); }
    @Test void powFractionalOnPositiveInputs() { GradCheck.check(x -> x.pow(0.5), positive(2, 3)); }
    @Test void powNegativeExponent() { GradCheck.check(x -> x.pow(-1.5), positive(2, 3)); }
    @Test void powTensorExponentOnPositiveInputs() { GradCheck.check((a, b) -> a.pow(b), positive(2, 3), randn(2, 3)); }
    @Test void powBroadcastTensorExponent() { GradCheck.check((a, b) -> a.pow(b), positive(2, 3), randn(3)); }

    @Test void maximumWithoutTies() { Tensor a = randn(2, 3); GradCheck.check((x, y) -> x.maximum(y), a, notTying(a)); }
    @Test void minimumWithoutTies() { Tensor a = randn(2, 3); GradCheck.check((x, y) -> x.minimum(y), a, notTying(a)); }
    @Test void maximumBroadcast() { GradCheck.check((x, y) -> x.maximum(y), distinct(2, 3), tensor(0.03f, -0.48f, 0.27f)); }

    // ---- unary ----------------------------------------------------------------------------------

    @Test void neg() { GradCheck.check(x -> x.neg(), randn(2, 3)); }
    @Test void exp() { GradCheck.check(x -> x.exp(), randn(2, 3)); }
    @Test void logOfPositiveInputs() { GradCheck.check(x -> x.log(), positive(2, 3)); }
    @Test void absAwayFromZero() { GradCheck.check(x -> x.abs(), awayFromZero(2, 3)); }
    @Test void sqrtOfPositiveInputs() { GradCheck.check(x -> x.sqrt(), positive(2, 3)); }
    @Test void sigmoid() { GradCheck.check(x -> x.sigmoid(), randn(3, 4)); }
    @Test void reluAwayFromZero() { GradCheck.check(x -> x.relu(), awayFromZero(3, 4)); }
    @Test void tanh() { GradCheck.check(x -> x.tanh(), randn(3, 4)); }
    @Test void unaryOfANonContiguousView() { GradCheck.check(x -> x.t().exp(), randn(2, 3)); }

    // ---- reductions -----------------------------------------------------------------------------

    @Test void sumOfAll() { GradCheck.check(x -> x.sum(), randn(2, 3)); }
    @Test void sumAlongADim() { GradCheck.check(x -> x.sum(1), randn(2, 3)); }
    @Test void sumAlongANegativeDim() { GradCheck.check(x -> x.sum(-2), randn(2, 3, 4)); }
    @Test void sumKeepdim() { GradCheck.check(x -> x.sum(0, true), randn(2, 3)); }
    @Test void sumOverSeveralDims() { GradCheck.check(x -> x.sum(new int[] {0, 2}, false), randn(2, 3, 4)); }
    @Test void sumOverSeveralDimsKeepdim() { GradCheck.check(x -> x.sum(new int[] {1, 2}, true), randn(2, 3, 4)); }
    @Test void sumOfANonContiguousView() { GradCheck.check(x -> x.t().sum(1), randn(2, 3)); }

    @Test void meanOfAll() { GradCheck.check(x -> x.mean(), randn(2, 3)); }
    @Test void meanAlongADim() { GradCheck.check(x -> x.mean(1), randn(2, 3)); }
    @Test void meanKeepdim() { GradCheck.check(x -> x.mean(0, true), randn(2, 3)); }
    @Test void meanOverSeveralDims() { GradCheck.check(x -> x.mean(new int[] {0, 2}, false), randn(2, 3, 4)); }
    @Test void meanOverSeveralDimsKeepdim() { GradCheck.check(x -> x.mean(new int[] {0, 1}, true), randn(2, 3, 4)); }

    @Test void maxOfAll() { GradCheck.check(x -> x.max(), distinct(3, 4)); }
    @Test void minOfAll() { GradCheck.check(x -> x.min(), distinct(3, 4)); }
    @Test void maxAlongADim() { GradCheck.check(x -> x.max(1), distinct(3, 4)); }
    @Test void maxAlongTheFirstDimKeepdim() { GradCheck.check(x -> x.max(0, true), distinct(3, 4)); }
    @Test void minAlongADim() { GradCheck.check(x -> x.min(0), distinct(3, 4)); }
    @Test void minAlongAMiddleDimKeepdim() { GradCheck.check(x -> x.min(1, true), distinct(2, 3, 4)); }
    @Test void maxAlongADimOfANonContiguousView() { GradCheck.check(x -> x.t().max(1), distinct(3, 4)); }

    // ---- matrix product -------------------------------------------------------------------------

    @Test void matrixTimesMatrix() { GradCheck.check((a, b) -> a.matmul(b), randn(2, 3), randn(3, 4)); }
    @Test void vectorTimesMatrix() { GradCheck.check((a, b) -> a.matmul(b), randn(3), randn(3, 4)); }
    @Test void matrixTimesVector() { GradCheck.check((a, b) -> a.matmul(b), randn(2, 3), randn(3)); }
    @Test void vectorDotVector() { GradCheck.check((a, b) -> a.matmul(b), randn(5), randn(5)); }
    @Test void batchedTimesBatched() { GradCheck.check((a, b) -> a.matmul(b), randn(2, 2, 3), randn(2, 3, 4)); }
    @Test void batchedTimesMatrixBroadcastsTheBatch() { GradCheck.check((a, b) -> a.matmul(b), randn(2, 2, 3), randn(3, 4)); }
    @Test void batchOfOneBroadcastsAgainstABatch() { GradCheck.check((a, b) -> a.matmul(b), randn(1, 2, 3), randn(3, 3, 4)); }
    @Test void transposedLeftOperand() { GradCheck.check((a, b) -> a.t().matmul(b), randn(3, 2), randn(3, 4)); }
    @Test void transposedRightOperand() { GradCheck.check((a, b) -> a.matmul(b.t()), randn(2, 3), randn(4, 3)); }
    @Test void batchedTransposedOperand() { GradCheck.check((a, b) -> a.matmul(b.transpose(-1, -2)), randn(2, 2, 3), randn(2, 4, 3)); }
    @Test void theSameMatrixOnBothSides() { GradCheck.check(a -> a.matmul(a.t()), randn(3, 2)); }

    // ---- views ----------------------------------------------------------------------------------

    @Test void reshape() { GradCheck.check(x -> x.reshape(3, -1), randn(2, 3, 2)); }
    @Test void reshapeOfANonContiguousView() { GradCheck.check(x -> x.t().reshape(-1), randn(2, 3)); }
    @Test void view() { GradCheck.check(x -> x.view(6), randn(2, 3)); }
    @Test void t() { GradCheck.check(x -> x.t(), randn(2, 3)); }
    @Test void transpose() { GradCheck.check(x -> x.transpose(0, 2), randn(2, 3, 4)); }
    @Test void permute() { GradCheck.check(x -> x.permute(2, 0, 1), randn(2, 3, 4)); }
    @Test void flatten() { GradCheck.check(x -> x.flatten(), randn(2, 3, 4)); }
    @Test void flattenFromDimOne() { GradCheck.check(x -> x.flatten(1), randn(2, 3, 4)); }
    @Test void unsqueeze() { GradCheck.check(x -> x.unsqueeze(1), randn(2, 3)); }
    @Test void squeezeAll() { GradCheck.check(x -> x.squeeze(), randn(2, 1, 3, 1)); }
    @Test void squeezeOneDim() { GradCheck.check(x -> x.squeeze(1), randn(2, 1, 3)); }
    @Test void expand() { GradCheck.check(x -> x.expand(4, 2, 3), randn(2, 1)); }
    @Test void select() { GradCheck.check(x -> x.select(1, 2), randn(2, 3, 4)); }
    @Test void selectWithANegativeIndex() { GradCheck.check(x -> x.select(0, -1), randn(2, 3)); }
    @Test void sliceWithStep() { GradCheck.check(x -> x.slice(1, 1, 6, 2), randn(2, 7)); }
    @Test void getColumnsOneToThree() { GradCheck.check(x -> x.get(":, 1:3"), randn(3, 4)); }
    @Test void getWithIntAndSlice() { GradCheck.check(x -> x.get(1, slice(0, 3, 2)), randn(3, 4)); }
    @Test void getWithEllipsis() { GradCheck.check(x -> x.get("..., -1"), randn(2, 3, 4)); }
    @Test void viewOfAViewOfAView() { GradCheck.check(x -> x.t().get("1:, :").unsqueeze(0).mul(x.get(0, 0)), randn(3, 4)); }
    @Test void cloneOfAView() { GradCheck.check(x -> x.get(":, 1").clone(), randn(3, 4)); }
    @Test void contiguousOfATranspose() { GradCheck.check(x -> x.t().contiguous(), randn(3, 4)); }

    // ---- joining --------------------------------------------------------------------------------

    @Test void catAlongDimZero() { GradCheck.check((a, b) -> cat(List.of(a, b), 0), randn(2, 3), randn(1, 3)); }
    @Test void catAlongTheLastDim() { GradCheck.check((a, b) -> cat(List.of(a, b, a), -1), randn(2, 3), randn(2, 2)); }
    @Test void stackAlongANewFirstDim() { GradCheck.check((a, b) -> stack(a, b), randn(2, 3), randn(2, 3)); }
    @Test void stackAlongANewMiddleDim() { GradCheck.checkAll(xs -> stack(List.of(xs.get(0), xs.get(1), xs.get(2)), 1), randn(2, 3), randn(2, 3), randn(2, 3)); }
    /** The book's {@code d2l.stack((K, K + 1, K + 2), 0)} (section 7.4). */
    @Test void stackOfTheSameTensorShifted() { GradCheck.check(k -> stack(k, k.add(1), k.add(2)), randn(2, 2, 2)); }

    // ---- in-place writes ------------------------------------------------------------------------

    /** {@code Y[i, j] = (X[i:i+h, j:j+w] * K).sum()}: gradients reach both X and K through the writes into Y. */
    @Test void indexAssignmentInTheBooksCorr2d() { GradCheck.check(GradientTest::corr2d, randn(4, 5), randn(2, 3)); }

    @Test
    void corr2dGradientWithRespectToTheKernel() {
        Tensor X = ones(6, 8).set(":, 2:6", 0);
        GradCheck.check("corr2d(X, K) for K", K -> corr2d(X, K), randn(1, 2));
    }

    @Test
    void indexAssignmentOverwritesEarlierHistory() {
        // the overwritten region of Y gets no gradient from the value that was there before
        GradCheck.check((a, b) -> a.mul(2).set(":, 1:3", b.exp()), randn(3, 4), randn(3, 2));
    }

    @Test
    void indexAssignmentBroadcastsTheValue() {
        GradCheck.check((a, b) -> a.mul(1).set(0, b), randn(2, 3), randn(1));
    }

    @Test
    void addInPlaceRebasesANonLeaf() {
        GradCheck.check((a, b) -> {
            Tensor y = a.mul(b);
            y.add_(b.exp());
            return y.mul(a);
        }, randn(2, 3), randn(2, 3));
    }

    @Test
    void addInPlaceWithAlphaRebasesANonLeaf() {
        GradCheck.check((a, b) -> a.mul(1).add_(b.exp(), -2.5).mul(a), randn(2, 3), randn(2, 3));
    }

    @Test
    void subInPlaceRebasesANonLeaf() {
        GradCheck.check(x -> {
            Tensor y = x.mul(3);
            y.sub_(x.pow(2));
            return y;
        }, randn(2, 3));
    }

    @Test
    void inPlaceWriteToATensorSavedForBackwardIsRejected() {
        // PyTorch: "one of the variables needed for gradient computation has been modified by an inplace operation"
        Tensor x = randn(3).requiresGrad_();
        Tensor y = x.exp();
        assertThatThrownBy(() -> {
            y.add_(1);
            y.sum().backward();
        }).isInstanceOf(TensorException.class).hasMessageContaining("modified by an inplace operation");
    }

    // ---- autograd semantics ---------------------------------------------------------------------

    @Test
    void gradientsAccumulateOverTwoBackwardCalls() {
        Tensor x = tensor(1f, 2f, 3f).requiresGrad_();
        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        assertThat(x.grad().toArray()).containsExactly(6f, 6f, 6f);
    }

    @Test
    void zeroGradClearsTheAccumulatedGradient() {
        Tensor x = tensor(1f, 2f, 3f).requiresGrad_();
        x.mul(3).sum().backward();
        x.zeroGrad();
        assertThat(x.grad()).isNull();
        x.mul(2).sum().backward();
        assertThat(x.grad().toArray()).containsExactly(2f, 2f, 2f);
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor x = tensor(1f, -2f, 3f).requiresGrad_();
        x.mul(x).sum().backward();
        assertThat(x.grad().toArray()).containsExactly(2f, -4f, 6f);
    }

    @Test
    void aBranchingGraphSumsThePaths() {
        // y = x * 2 feeds both z1 = y * y and z2 = y * 3: dL/dx = 2 * (2y + 3)
        Tensor x = tensor(1f, 2f).requiresGrad_();
        Tensor y = x.mul(2);
        y.mul(y).add(y.mul(3)).sum().backward();
        assertThat(x.grad().toArray()).containsExactly(14f, 22f);
    }

    @Test
    void detachStopsGradients() {
        Tensor x = tensor(1f, 2f, 3f).requiresGrad_();
        Tensor d = x.detach();
        assertThat(d.requiresGrad()).isFalse();
        assertThat(d.gradFn()).isNull();
        d.mul(x).sum().backward();
        assertThat(x.grad().toArray()).containsExactly(1f, 2f, 3f); // not 2x: the detached copy is a constant
    }

    @Test
    void noGradStopsRecording() {
        Tensor x = tensor(1f, 2f).requiresGrad_();
        Tensor y = noGrad(() -> x.mul(2).add(1));
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.gradFn()).isNull();
        assertThat(GradMode.isEnabled()).isTrue();
    }

    @Test
    void noGradScopeRestoresRecordingWhenClosed() {
        Tensor x = tensor(1f, 2f).requiresGrad_();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            assertThat(x.exp().requiresGrad()).isFalse();
            try (GradMode.Scope inner = GradMode.enableGrad()) {
                assertThat(x.exp().requiresGrad()).isTrue();
            }
            assertThat(GradMode.isEnabled()).isFalse();
        }
        assertThat(x.exp().requiresGrad()).isTrue();
    }

    @Test
    void backwardWithAnExplicitUpstreamGradient() {
        Tensor x = tensor(1f, 2f, 3f).requiresGrad_();
        x.mul(2).backward(tensor(1f, 0.1f, 0.01f));
        assertThat(x.grad().allclose(tensor(2f, 0.2f, 0.02f))).isTrue();
    }

    @Test
    void backwardOnANonScalarWithoutAGradientNamesTheShape() {
        Tensor x = randn(2, 3).requiresGrad_();
        Tensor y = x.mul(2);
        assertThatThrownBy(y::backward)
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("scalar")
                .hasMessageContaining("[2, 3]");
    }

    @Test
    void inPlaceOnALeafThatRequiresGradRaises() {
        Tensor w = tensor(1f, 2f).requiresGrad_();
        assertThatThrownBy(() -> w.sub_(1)).isInstanceOf(TensorException.class).hasMessageContaining("leaf");
        assertThatThrownBy(() -> w.set(0, 5)).isInstanceOf(TensorException.class).hasMessageContaining("leaf");
        assertThat(w.toArray()).containsExactly(1f, 2f);
    }

    @Test
    void inPlaceOnALeafIsAllowedUnderNoGrad() {
        Tensor w = tensor(1f, 2f).requiresGrad_();
        noGrad(() -> {
            w.sub_(tensor(0.5f, 0.5f));
        });
        assertThat(w.toArray()).containsExactly(0.5f, 1.5f);
        assertThat(w.isLeaf()).isTrue();
        assertThat(w.requiresGrad()).isTrue();
    }

    /** The book's update {@code conv2d.weight.data[:] -= lr * conv2d.weight.grad} (section 7.2). */
    @Test
    void theBooksParameterUpdateThroughData() {
        Tensor w = tensor(1f, 2f).requiresGrad_();
        w.mul(w).sum().backward(); // grad = 2w = [2, 4]
        float lr = 0.25f;
        w.data().sub_(w.grad().mul(lr));
        assertThat(w.toArray()).containsExactly(0.5f, 1f);
        assertThat(w.isLeaf()).isTrue();
        assertThat(w.requiresGrad()).isTrue();
        assertThat(w.gradFn()).isNull();
    }

    @Test
    void gradFnNamesArePrintedAsPyTorchPrintsThem() {
        Tensor x = tensor(1f, 2f).requiresGrad_();
        assertThat(x.sum().toString()).isEqualTo("tensor(3., grad_fn=<SumBackward0>)");
        assertThat(x.mul(2).toString()).isEqualTo("tensor([2., 4.], grad_fn=<MulBackward0>)");
        assertThat(x.add(x).toString()).isEqualTo("tensor([2., 4.], grad_fn=<AddBackward0>)");
        assertThat(x.mean().gradFn().name()).isEqualTo("MeanBackward0");
        assertThat(x.exp().gradFn().name()).isEqualTo("ExpBackward0");
    }

    @Test
    void aLeafThatRequiresGradPrintsTheSuffix() {
        assertThat(tensor(1f, 2f).requiresGrad_().toString()).isEqualTo("tensor([1., 2.], requires_grad=True)");
        assertThat(tensor(1f, 2f).toString()).isEqualTo("tensor([1., 2.])");
    }

    @Test
    void resultsOfOpsOnConstantsDoNotRequireGrad() {
        Tensor y = tensor(1f, 2f).mul(3);
        assertThat(y.requiresGrad()).isFalse();
        assertThat(y.gradFn()).isNull();
    }

    @Test
    void gradientOfAnIntermediateIsNotKept() {
        Tensor x = tensor(1f, 2f).requiresGrad_();
        Tensor y = x.mul(2);
        y.sum().backward();
        assertThat(y.isLeaf()).isFalse();
        assertThat(y.grad()).isNull();
        assertThat(x.grad().toArray()).containsExactly(2f, 2f);
    }

    @Test
    void onlyFloatTensorsCanRequireGrad() {
        assertThatThrownBy(() -> tensor(new int[] {1, 2}).requiresGrad_())
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("torch.int64");
    }

    @Test
    void aDeepChainDoesNotOverflowTheStack() {
        Tensor x = tensor(1f).requiresGrad_();
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.add(0);
        }
        y.sum().backward();
        assertThat(x.grad().item()).isEqualTo(1f);
    }
}
