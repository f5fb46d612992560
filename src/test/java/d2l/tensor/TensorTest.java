package d2l.tensor;

import static d2l.tensor.Torch.FLOAT32;
import static d2l.tensor.Torch.arange;
import static d2l.tensor.Torch.cat;
import static d2l.tensor.Torch.eye;
import static d2l.tensor.Torch.full;
import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.matmul;
import static d2l.tensor.Torch.normal;
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

import d2l.autograd.GradMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What tensors hold and how they behave, written as the book's cells would be in Java. The printed
 * strings in {@link TheBooksCells} are copied from the book's outputs, cited by document and cell.
 */
class TensorTest {

    // ---- the book's helpers (section 7.2 and 7.4), written the way a reader would ---------------

    /** {@code corr2d(X, K)}: 2-D cross-correlation with index assignment, section 7.2. */
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

    /** {@code sum(corr2d(x, k) for x, k in zip(X, K))}, section 7.4. */
    static Tensor corr2dMultiIn(Tensor X, Tensor K) {
        Tensor sum = corr2d(X.get(0), K.get(0));
        for (int c = 1; c < X.size(0); c++) {
            sum = sum.add(corr2d(X.get(c), K.get(c)));
        }
        return sum;
    }

    /** {@code stack([corr2d_multi_in(X, k) for k in K], 0)}, section 7.4. */
    static Tensor corr2dMultiInOut(Tensor X, Tensor K) {
        List<Tensor> outputs = new ArrayList<>();
        for (int o = 0; o < K.size(0); o++) {
            outputs.add(corr2dMultiIn(X, K.get(o)));
        }
        return stack(outputs, 0);
    }

    /** The 1x1 convolution as a matrix product, section 7.4. */
    static Tensor corr2dMultiInOut1x1(Tensor X, Tensor K) {
        int ci = X.size(0);
        int h = X.size(1);
        int w = X.size(2);
        int co = K.size(0);
        Tensor Y = matmul(K.reshape(co, ci), X.reshape(ci, h * w));
        return Y.reshape(co, h, w);
    }

    /** {@code pool2d(X, pool_size, mode)}, section 7.5. */
    static Tensor pool2d(Tensor X, int ph, int pw, String mode) {
        Tensor Y = zeros(X.size(0) - ph + 1, X.size(1) - pw + 1);
        for (int i = 0; i < Y.size(0); i++) {
            for (int j = 0; j < Y.size(1); j++) {
                Tensor window = X.get(slice(i, i + ph), slice(j, j + pw));
                Y.set(i, j, mode.equals("max") ? window.max() : window.mean());
            }
        }
        return Y;
    }

    // ---- the book's cells -----------------------------------------------------------------------

    /** Document 001_8174f7e01dfee399.txt (section 7.2), cell In [3]. */
    @Test
    void corr2dOfTheBookExample() {
        Tensor X = tensor(new float[][] {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}});
        Tensor K = tensor(new float[][] {{0, 1}, {2, 3}});
        assertThat(corr2d(X, K).toString()).isEqualTo("""
                tensor([[19., 25.],
                        [37., 43.]])""");
    }

    /** Document 001_8174f7e01dfee399.txt, cell In [5]: {@code X = torch.ones((6, 8)); X[:, 2:6] = 0}. */
    @Test
    void edgeDetectionImageIsOnesWithAZeroBand() {
        Tensor X = ones(6, 8);
        X.set(":, 2:6", 0);
        assertThat(X.toString()).isEqualTo("""
                tensor([[1., 1., 0., 0., 0., 0., 1., 1.],
                        [1., 1., 0., 0., 0., 0., 1., 1.],
                        [1., 1., 0., 0., 0., 0., 1., 1.],
                        [1., 1., 0., 0., 0., 0., 1., 1.],
                        [1., 1., 0., 0., 0., 0., 1., 1.],
                        [1., 1., 0., 0., 0., 0., 1., 1.]])""");
    }

    /** Document 001_8174f7e01dfee399.txt, cells In [6] and In [7]: {@code Y = corr2d(X, K)} with K = [[1, -1]]. */
    @Test
    void edgeDetectorFindsBothEdges() {
        Tensor X = ones(6, 8).set(":, 2:6", 0);
        Tensor K = tensor(new float[][] {{1.0f, -1.0f}});
        assertThat(corr2d(X, K).toString()).isEqualTo("""
                tensor([[ 0.,  1.,  0.,  0.,  0., -1.,  0.],
                        [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
                        [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
                        [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
                        [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
                        [ 0.,  1.,  0.,  0.,  0., -1.,  0.]])""");
    }

    /** Document 001_8174f7e01dfee399.txt, cell In [8]: {@code corr2d(X.t(), K)} sees no vertical edge. */
    @Test
    void edgeDetectorOnTheTransposedImageGivesZeros() {
        Tensor X = ones(6, 8).set(":, 2:6", 0);
        Tensor K = tensor(new float[][] {{1.0f, -1.0f}});
        assertThat(corr2d(X.t(), K).toString()).isEqualTo("""
                tensor([[0., 0., 0., 0., 0.],
                        [0., 0., 0., 0., 0.],
                        [0., 0., 0., 0., 0.],
                        [0., 0., 0., 0., 0.],
                        [0., 0., 0., 0., 0.],
                        [0., 0., 0., 0., 0.],
                        [0., 0., 0., 0., 0.],
                        [0., 0., 0., 0., 0.]])""");
    }

    /**
     * Document 001_8174f7e01dfee399.txt, cell In [9]: learning the kernel by gradient descent,
     * with corr2d standing in for the convolution layer. The book's losses depend on PyTorch's
     * random initial kernel, so this checks what holds for any start: the loss falls every two
     * epochs and the kernel approaches [1, -1].
     */
    @Test
    void learningTheEdgeDetectorKernel() {
        Tensor X = ones(6, 8).set(":, 2:6", 0);
        Tensor Y = corr2d(X, tensor(new float[][] {{1, -1}}));
        Tensor K = tensor(new float[][] {{0.5f, 0.2f}}).requiresGrad_();
        float lr = 3e-2f;
        float previous = Float.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            Tensor l = corr2d(X, K).sub(Y).pow(2);
            K.zeroGrad();
            l.sum().backward();
            K.data().sub_(K.grad().mul(lr));
            float loss = l.sum().item();
            assertThat(loss).isLessThan(previous);
            previous = loss;
        }
        assertThat(previous).isLessThan(0.2f);
        assertThat(K.allclose(tensor(new float[][] {{1, -1}}), 0, 0.1)).isTrue();
    }

    /** Document 000_3764b64cbf4f4687.txt (section 7.4), {@code corr2d_multi_in(X, K)}; output from 002_57cc1b6958d3ea8c.txt. */
    @Test
    void corr2dMultiInSumsOverChannels() {
        Tensor X = tensor(new float[][][] {{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}});
        Tensor K = tensor(new float[][][] {{{0, 1}, {2, 3}}, {{1, 2}, {3, 4}}});
        assertThat(corr2dMultiIn(X, K).toString()).isEqualTo("""
                tensor([[ 56.,  72.],
                        [104., 120.]])""");
    }

    /** Document 002_57cc1b6958d3ea8c.txt (section 7.4): {@code K = torch.stack((K, K + 1, K + 2), 0); K.shape}. */
    @Test
    void stackingThreeKernelsGivesFourDimensions() {
        Tensor K = tensor(new float[][][] {{{0, 1}, {2, 3}}, {{1, 2}, {3, 4}}});
        Tensor K3 = stack(K, K.add(1), K.add(2));
        assertThat(K3.shape().toString()).isEqualTo("torch.Size([3, 2, 2, 2])");
    }

    /**
     * Document 002_57cc1b6958d3ea8c.txt (section 7.4), {@code corr2d_multi_in_out(X, K)}. The
     * notebook prints four brackets because its X had an extra dimension; with the book's
     * 2x3x3 X the values are the same in shape (3, 2, 2).
     */
    @Test
    void corr2dMultiInOutGivesOneMapPerOutputChannel() {
        Tensor X = tensor(new float[][][] {{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}, {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}});
        Tensor K = tensor(new float[][][] {{{0, 1}, {2, 3}}, {{1, 2}, {3, 4}}});
        Tensor Y = corr2dMultiInOut(X, stack(K, K.add(1), K.add(2)));
        assertThat(Y.shape()).isEqualTo(Size.of(3, 2, 2));
        assertThat(Y.toArray()).containsExactly(56, 72, 104, 120, 76, 100, 148, 172, 96, 128, 192, 224);
    }

    /** Document 000_3764b64cbf4f4687.txt (section 7.4): the 1x1 convolution as a matmul equals the general form. */
    @Test
    void oneByOneConvolutionIsAMatrixProduct() {
        manualSeed(0);
        Tensor X = normal(0, 1, 3, 3, 3);
        Tensor K = normal(0, 1, 2, 3, 1, 1);
        Tensor Y1 = corr2dMultiInOut1x1(X, K);
        Tensor Y2 = corr2dMultiInOut(X, K);
        assertThat(Y1.shape()).isEqualTo(Size.of(2, 3, 3));
        assertThat(Y1.sub(Y2).abs().sum().item()).isLessThan(1e-6f);
    }

    /** Document 002_57cc1b6958d3ea8c.txt (section 7.5): {@code pool2d(X, (2, 2))} and {@code 'avg'}. */
    @Test
    void maxAndAveragePoolingOfTheBookExample() {
        Tensor X = tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]");
        assertThat(pool2d(X, 2, 2, "max").toString()).isEqualTo("""
                tensor([[4., 5.],
                        [7., 8.]])""");
        assertThat(pool2d(X, 2, 2, "avg").toString()).isEqualTo("""
                tensor([[2., 3.],
                        [5., 6.]])""");
    }

    /** Document 002_57cc1b6958d3ea8c.txt (section 7.5): {@code torch.arange(16, dtype=torch.float32).reshape((1, 1, 4, 4))}. */
    @Test
    void arangeReshapedToAnImageBatch() {
        Tensor X = arange(16, FLOAT32).reshape(1, 1, 4, 4);
        assertThat(X.toString()).isEqualTo("""
                tensor([[[[ 0.,  1.,  2.,  3.],
                          [ 4.,  5.,  6.,  7.],
                          [ 8.,  9., 10., 11.],
                          [12., 13., 14., 15.]]]])""");
        assertThat(cat(List.of(X, X.add(1)), 1).shape()).isEqualTo(Size.of(1, 2, 4, 4));
    }

    // ---- creation -------------------------------------------------------------------------------

    @Test
    void tensorFromFloatRows() {
        Tensor X = tensor(new float[][] {{0, 1, 2}, {3, 4, 5}});
        assertThat(X.shape()).isEqualTo(Size.of(2, 3));
        assertThat(X.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(X.toArray()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void tensorFromThreeDimensionalDoubles() {
        Tensor X = tensor(new double[][][] {{{1, 2}}, {{3, 4}}});
        assertThat(X.shape()).isEqualTo(Size.of(2, 1, 2));
        assertThat(X.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(X.toArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void tensorFromIntsIsInt64() {
        Tensor X = tensor(new int[] {1, 2, 3});
        assertThat(X.dtype()).isEqualTo(DType.INT64);
        assertThat(X.toString()).isEqualTo("tensor([1, 2, 3])");
    }

    @Test
    void tensorFromVarargsFloats() {
        assertThat(tensor(1f, -1f).toString()).isEqualTo("tensor([ 1., -1.])");
    }

    @Test
    void tensorFromAPythonLiteral() {
        Tensor X = tensor("[[0.0, 1.0], [2.0, 3.0]]");
        assertThat(X.shape()).isEqualTo(Size.of(2, 2));
        assertThat(X.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(X.toArray()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void literalOfWholeNumbersIsInt64AndOfTrueFalseIsBool() {
        assertThat(tensor("[[1, 2], [3, 4]]").dtype()).isEqualTo(DType.INT64);
        assertThat(tensor("[[1, 2], [3, 4]]").shape()).isEqualTo(Size.of(2, 2));
        assertThat(tensor("[True, False]").toString()).isEqualTo("tensor([ True, False])");
        assertThat(tensor("[[[1.5]], [[2.5]]]").shape()).isEqualTo(Size.of(2, 1, 1));
        assertThat(tensor("3.5").shape()).isEqualTo(Size.of());
        assertThat(tensor("[[], []]").shape()).isEqualTo(Size.of(2, 0));
    }

    @Test
    void zerosOnesAndFull() {
        assertThat(zeros(2, 3).toArray()).containsOnly(0f).hasSize(6);
        assertThat(ones(2, 3).toArray()).containsOnly(1f).hasSize(6);
        assertThat(full(new int[] {2, 2}, 7).toString()).isEqualTo("""
                tensor([[7., 7.],
                        [7., 7.]])""");
        assertThat(zeros(Size.of(1, 6, 28, 28)).shape().toString()).isEqualTo("torch.Size([1, 6, 28, 28])");
    }

    @Test
    void arangeCountsFromZeroAsInt64() {
        assertThat(arange(4).toString()).isEqualTo("tensor([0, 1, 2, 3])");
        assertThat(arange(4).dtype()).isEqualTo(DType.INT64);
        assertThat(arange(0, 1, 0.25).toArray()).containsExactly(0f, 0.25f, 0.5f, 0.75f);
        assertThat(arange(5, 0, -2).toArray()).containsExactly(5f, 3f, 1f);
    }

    @Test
    void eyeIsTheIdentity() {
        assertThat(eye(3).toString()).isEqualTo("""
                tensor([[1., 0., 0.],
                        [0., 1., 0.],
                        [0., 0., 1.]])""");
    }

    @Test
    void randomTensorsRepeatWithTheSameSeed() {
        manualSeed(42);
        float[] first = randn(3, 4).toArray();
        manualSeed(42);
        assertThat(randn(3, 4).toArray()).containsExactly(first);
        Tensor u = rand(1000);
        assertThat(u.min().item()).isGreaterThanOrEqualTo(0f);
        assertThat(u.max().item()).isLessThan(1f);
    }

    // ---- reshaping ------------------------------------------------------------------------------

    @Test
    void reshapeInfersMinusOne() {
        Tensor X = arange(12).reshape(-1, 4);
        assertThat(X.shape()).isEqualTo(Size.of(3, 4));
        assertThat(X.size(0)).isEqualTo(3);
        assertThat(X.size(-1)).isEqualTo(4);
        assertThat(X.dim()).isEqualTo(2);
        assertThat(X.numel()).isEqualTo(12);
    }

    @Test
    void reshapeOfAFreshTensorIsAView() {
        Tensor X = zeros(2, 3);
        X.reshape(6).set(4, 9);
        assertThat(X.get(1, 1).item()).isEqualTo(9f);
    }

    @Test
    void reshapeOfANonContiguousTensorCopies() {
        Tensor X = arange(6, FLOAT32).reshape(2, 3);
        assertThat(X.t().reshape(-1).toArray()).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void viewOfANonContiguousTensorRaises() {
        Tensor X = zeros(2, 3).t();
        assertThat(X.isContiguous()).isFalse();
        assertThatThrownBy(() -> X.view(6))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("view")
                .hasMessageContaining("reshape");
    }

    @Test
    void tTransposesAMatrix() {
        Tensor X = tensor(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(X.t().shape()).isEqualTo(Size.of(3, 2));
        assertThat(X.t().toArray()).containsExactly(1, 4, 2, 5, 3, 6);
        assertThat(X.t().t().equal(X)).isTrue();
    }

    @Test
    void permuteReordersDimensions() {
        Tensor X = arange(24, FLOAT32).reshape(2, 3, 4);
        Tensor P = X.permute(2, 0, 1);
        assertThat(P.shape()).isEqualTo(Size.of(4, 2, 3));
        assertThat(P.get(3, 1, 2).item()).isEqualTo(X.get(1, 2, 3).item());
        assertThat(X.transpose(0, 2).shape()).isEqualTo(Size.of(4, 3, 2));
    }

    @Test
    void flattenFromDimOneKeepsTheBatch() {
        assertThat(zeros(2, 3, 4, 5).flatten(1).shape()).isEqualTo(Size.of(2, 60));
        assertThat(zeros(2, 3, 4).flatten().shape()).isEqualTo(Size.of(24));
    }

    @Test
    void unsqueezeAndSqueeze() {
        Tensor x = arange(3, FLOAT32);
        assertThat(x.unsqueeze(0).shape()).isEqualTo(Size.of(1, 3));
        assertThat(x.unsqueeze(-1).shape()).isEqualTo(Size.of(3, 1));
        assertThat(zeros(1, 3, 1).squeeze().shape()).isEqualTo(Size.of(3));
        assertThat(zeros(1, 3, 1).squeeze(0).shape()).isEqualTo(Size.of(3, 1));
        assertThat(zeros(1, 3, 1).squeeze(1).shape()).isEqualTo(Size.of(1, 3, 1));
        assertThat(x.unsqueeze(1).squeeze(1).equal(x)).isTrue();
    }

    @Test
    void expandRepeatsWithoutCopying() {
        Tensor col = tensor(new float[][] {{1}, {2}});
        Tensor E = col.expand(2, 3);
        assertThat(E.toArray()).containsExactly(1, 1, 1, 2, 2, 2);
        col.set(0, 0, 5);
        assertThat(E.get(0, 2).item()).isEqualTo(5f);
    }

    @Test
    void shapePrintsAsTorchSize() {
        assertThat(zeros(2, 3).shape().toString()).isEqualTo("torch.Size([2, 3])");
        assertThat(scalar(1).shape().toString()).isEqualTo("torch.Size([])");
    }

    // ---- indexing and views ---------------------------------------------------------------------

    @Test
    void writingThroughASliceChangesTheTensor() {
        Tensor X = ones(6, 8);
        X.get(":, 2:6").zero_();
        assertThat(X.equal(ones(6, 8).set(":, 2:6", 0))).isTrue();
        assertThat(X.get(0).toArray()).containsExactly(1, 1, 0, 0, 0, 0, 1, 1);
    }

    @Test
    void setWritesIntoTheTensorAndReturnsIt() {
        Tensor X = zeros(2, 3);
        assertThat(X.set(1, 2, 7)).isSameAs(X);
        assertThat(X.toArray()).containsExactly(0, 0, 0, 0, 0, 7);
        X.set(0, tensor(1f, 2f, 3f));
        assertThat(X.toArray()).containsExactly(1, 2, 3, 0, 0, 7);
    }

    @Test
    void setBroadcastsAColumnIntoASlice() {
        Tensor X = zeros(2, 4);
        X.set(":, 1:3", tensor(new float[][] {{5}, {6}}));
        assertThat(X.toArray()).containsExactly(0, 5, 5, 0, 0, 6, 6, 0);
    }

    @Test
    void getOfAnIndexIsAView() {
        Tensor X = zeros(2, 3);
        Tensor row = X.get(0);
        row.fill_(5);
        assertThat(X.toArray()).containsExactly(5, 5, 5, 0, 0, 0);
        X.set(0, 1, -1);
        assertThat(row.toArray()).containsExactly(5, -1, 5);
    }

    @Test
    void sliceSeesLaterWritesToTheTensor() {
        Tensor X = zeros(3, 4);
        Tensor band = X.get(":, 1:3");
        X.fill_(2);
        assertThat(band.toArray()).containsOnly(2f).hasSize(6);
    }

    @Test
    void stepSlices() {
        Tensor x = arange(10);
        assertThat(x.get("1:8:3").toArray()).containsExactly(1, 4, 7);
        assertThat(x.get("::2").toArray()).containsExactly(0, 2, 4, 6, 8);
        assertThat(x.get(slice(1, 10, 4)).toArray()).containsExactly(1, 5, 9);
        assertThat(x.slice(0, 0, 5, 2).toArray()).containsExactly(0, 2, 4);
        Tensor X = arange(12).reshape(3, 4);
        assertThat(X.get("::2, 1::2").toArray()).containsExactly(1, 3, 9, 11);
    }

    @Test
    void writingThroughAStepSlice() {
        Tensor x = zeros(6);
        x.get("::2").fill_(1);
        assertThat(x.toArray()).containsExactly(1, 0, 1, 0, 1, 0);
    }

    @Test
    void addInPlaceWithAlphaAddsAlphaTimesOther() {
        // torch.tensor([1., 2.]).add_(torch.tensor([10., 20.]), alpha=-0.5) -> tensor([-4., -8.])
        Tensor x = tensor(1f, 2f);
        int version = x.version[0];
        assertThat(x.add_(tensor(10f, 20f), -0.5)).isSameAs(x);
        assertThat(x.toArray()).containsExactly(-4f, -8f);
        assertThat(x.version[0]).as("an in-place write bumps the version").isEqualTo(version + 1);
    }

    @Test
    void addInPlaceWithAlphaHasTheBitsOfSubtractingTheScaledOperand() {
        // 100,000 elements: split across threads; the one-pass update must equal p - g * lr bit for bit
        manualSeed(7);
        Tensor p = randn(100_000);
        Tensor g = randn(100_000);
        float[] twoStep = p.sub(g.mul(0.03)).toArray();
        p.add_(g, -0.03);
        assertThat(p.toArray()).containsExactly(twoStep);
    }

    @Test
    void addInPlaceWithAlphaReadsAnyLayout() {
        // a transposed operand and a shifted window on the target's own storage take the general path
        Tensor x = arange(6).reshape(2, 3).clone();
        Tensor other = arange(6).reshape(3, 2).t();
        x.add_(other, 2);
        assertThat(x.toArray()).containsExactly(0, 5, 10, 5, 10, 15);
        Tensor y = arange(6);
        y.get("1:").add_(y.get(":5"), 1);
        assertThat(y.toArray()).as("computed from the old values, as out of place").containsExactly(0, 1, 3, 5, 7, 9);
    }

    @Test
    void mulInPlaceByAScalarHasTheBitsOfMul() {
        manualSeed(8);
        Tensor x = randn(100_000);
        float[] outOfPlace = x.mul(0.9).toArray();
        int version = x.version[0];
        x.mul_(0.9);
        assertThat(x.toArray()).containsExactly(outOfPlace);
        assertThat(x.version[0]).isEqualTo(version + 1);
        assertThat(x.t().t().mul_(2).toArray()).as("through a view").containsExactly(x.toArray());
    }

    @Test
    void addInPlaceWithAlphaOnALeafThatRequiresGradIsRejected() {
        Tensor w = ones(2).requiresGrad_();
        assertThatThrownBy(() -> w.add_(ones(2), -0.1)).isInstanceOf(TensorException.class)
                .hasMessageContaining("leaf Variable that requires grad");
        GradMode.noGrad(() -> {
            w.add_(ones(2), -0.1);
        });
        assertThat(w.toArray()).containsExactly(0.9f, 0.9f);
    }

    @Test
    void aLeafKeepsAnUnsharedGradientAndCopiesOneThatIsShared() {
        // one op whose backward hands the same freshly computed tensor to both of its inputs
        Tensor a = ones(3).requiresGrad_();
        Tensor b = ones(3).requiresGrad_();
        Tensor fresh = Tensor.wrapUnshared(new float[] {1f, 2f, 3f}, 3);
        Tensor y = Tensor.fromOperation("TwinBackward", new float[3], new int[] {3}, g -> new Tensor[] {fresh, fresh}, a, b);
        y.backward(ones(3));
        assertThat(a.grad()).as("the first leaf takes it without a copy").isSameAs(fresh);
        assertThat(b.grad()).as("the second gets its own copy").isNotSameAs(fresh);
        a.grad().zero_();
        assertThat(b.grad().toArray()).containsExactly(1f, 2f, 3f);

        Tensor c = ones(3).requiresGrad_();
        Tensor plain = Tensor.wrap(new float[] {4f, 5f, 6f}, 3);
        Tensor.fromOperation("PlainBackward", new float[3], new int[] {3}, g -> new Tensor[] {plain}, c).backward(ones(3));
        assertThat(c.grad()).as("a gradient not known to be unshared is copied").isNotSameAs(plain);
        assertThat(c.grad().toArray()).containsExactly(4f, 5f, 6f);
    }

    @Test
    void negativeIndicesCountFromTheEnd() {
        Tensor X = arange(12).reshape(3, 4);
        assertThat(X.get(-1).toArray()).containsExactly(8, 9, 10, 11);
        assertThat(X.get("-2:").shape()).isEqualTo(Size.of(2, 4));
        assertThat(X.get(":, -1").toArray()).containsExactly(3, 7, 11);
        assertThat(X.get(-1, -1).item()).isEqualTo(11f);
        assertThat(X.get("..., -1").toArray()).containsExactly(3, 7, 11);
        assertThat(X.get(":-1, :").shape()).isEqualTo(Size.of(2, 4));
    }

    @Test
    void slicesClampToTheEndsAsInPython() {
        Tensor x = arange(5);
        assertThat(x.get("3:100").toArray()).containsExactly(3, 4);
        assertThat(x.get("4:2").numel()).isZero();
    }

    @Test
    void selectRemovesTheDimension() {
        Tensor X = arange(24).reshape(2, 3, 4);
        assertThat(X.select(1, 2).shape()).isEqualTo(Size.of(2, 4));
        assertThat(X.select(1, 2).toArray()).containsExactly(8, 9, 10, 11, 20, 21, 22, 23);
    }

    @Test
    void cloneHasItsOwnStorage() {
        Tensor X = zeros(2, 2);
        Tensor C = X.clone();
        C.fill_(1);
        assertThat(X.toArray()).containsOnly(0f);
        assertThat(X.t().contiguous().isContiguous()).isTrue();
        assertThat(X.contiguous()).isSameAs(X);
    }

    @Test
    void detachSharesStorage() {
        Tensor w = ones(2).requiresGrad_();
        GradMode.noGrad(() -> {
            w.detach().fill_(3);
        });
        assertThat(w.toArray()).containsExactly(3, 3);
    }

    // ---- broadcasting ---------------------------------------------------------------------------

    @Test
    void columnPlusRowGivesAMatrix() {
        Tensor a = arange(3).reshape(3, 1);
        Tensor b = arange(2).reshape(1, 2);
        Tensor c = a.add(b);
        assertThat(c.shape()).isEqualTo(Size.of(3, 2));
        assertThat(c.toString()).isEqualTo("""
                tensor([[0, 1],
                        [1, 2],
                        [2, 3]])""");
        assertThat(zeros(3, 1).add(zeros(1, 4)).shape()).isEqualTo(Size.of(3, 4));
    }

    @Test
    void matrixPlusRowVector() {
        Tensor X = tensor(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(X.add(tensor(10f, 20f, 30f)).toArray()).containsExactly(11, 22, 33, 14, 25, 36);
        assertThat(tensor(10f, 20f, 30f).sub(X).toArray()).containsExactly(9, 18, 27, 6, 15, 24);
    }

    @Test
    void scalarsBroadcastEverywhere() {
        Tensor X = tensor(new float[][] {{1, 2}, {3, 4}});
        assertThat(X.mul(2).toArray()).containsExactly(2, 4, 6, 8);
        assertThat(X.add(scalar(1)).toArray()).containsExactly(2, 3, 4, 5);
        assertThat(X.div(2).toArray()).containsExactly(0.5f, 1, 1.5f, 2);
        assertThat(X.pow(2).toArray()).containsExactly(1, 4, 9, 16);
    }

    @Test
    void incompatibleShapesRaiseNamingBoth() {
        assertThatThrownBy(() -> zeros(2, 3).add(zeros(4)))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("[2, 3]")
                .hasMessageContaining("[4]");
    }

    @Test
    void integerArithmeticStaysInteger() {
        assertThat(arange(3).add(arange(3)).dtype()).isEqualTo(DType.INT64);
        assertThat(arange(3).add(0.5).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(arange(4).div(2).toString()).isEqualTo("tensor([0.0000, 0.5000, 1.0000, 1.5000])");
    }

    @Test
    void elementwiseFunctions() {
        Tensor x = tensor(-1f, 0f, 2f);
        assertThat(x.relu().toArray()).containsExactly(0, 0, 2);
        assertThat(x.abs().toArray()).containsExactly(1, 0, 2);
        assertThat(x.neg().toString()).isEqualTo("tensor([ 1., -0., -2.])"); // IEEE negative zero, as PyTorch prints it
        assertThat(x.sigmoid().get(1).item()).isEqualTo(0.5f);
        assertThat(x.tanh().get(1).item()).isEqualTo(0f);
        assertThat(x.exp().get(1).item()).isEqualTo(1f);
        assertThat(tensor(4f, 9f).sqrt().toArray()).containsExactly(2, 3);
        assertThat(tensor(1f).log().item()).isEqualTo(0f);
        assertThat(x.maximum(scalar(0.5)).toArray()).containsExactly(0.5f, 0.5f, 2);
        assertThat(x.minimum(scalar(0.5)).toArray()).containsExactly(-1, 0, 0.5f);
    }

    // ---- reducing -------------------------------------------------------------------------------

    /** The matrix the reduction tests reduce: [[1, 5, 3], [4, 2, 6]]. */
    private static final float[][] R = {{1, 5, 3}, {4, 2, 6}};

    @Test
    void sumOfAllAndAlongDims() {
        Tensor X = tensor(R);
        assertThat(X.sum().item()).isEqualTo(21f);
        assertThat(X.sum().dim()).isZero();
        assertThat(X.sum(0).toArray()).containsExactly(5, 7, 9);
        assertThat(X.sum(1).toArray()).containsExactly(9, 12);
        assertThat(X.sum(1, true).shape()).isEqualTo(Size.of(2, 1));
        assertThat(X.sum(new int[] {0, 1}, false).item()).isEqualTo(21f);
        assertThat(arange(24).reshape(2, 3, 4).sum(new int[] {0, 2}, true).shape()).isEqualTo(Size.of(1, 3, 1));
    }

    @Test
    void meanOfAllAndAlongDims() {
        Tensor X = tensor(R);
        assertThat(X.mean().item()).isEqualTo(3.5f);
        assertThat(X.mean(0).toArray()).containsExactly(2.5f, 3.5f, 4.5f);
        assertThat(X.mean(1, true).toArray()).containsExactly(3, 4);
        assertThat(X.mean(1, true).shape()).isEqualTo(Size.of(2, 1));
    }

    @Test
    void maxAndMinAlongDims() {
        Tensor X = tensor(R);
        assertThat(X.max().item()).isEqualTo(6f);
        assertThat(X.min().item()).isEqualTo(1f);
        assertThat(X.max(0).toArray()).containsExactly(4, 5, 6);
        assertThat(X.max(1, true).shape()).isEqualTo(Size.of(2, 1));
        assertThat(X.min(1).toArray()).containsExactly(1, 2);
        assertThat(X.t().max(1).toArray()).containsExactly(4, 5, 6);
    }

    @Test
    void argmaxGivesInt64Indices() {
        Tensor X = tensor(R);
        assertThat(X.argmax().item()).isEqualTo(5f);
        assertThat(X.argmax(1).toString()).isEqualTo("tensor([1, 2])");
        assertThat(X.argmax(0, true).shape()).isEqualTo(Size.of(1, 3));
        assertThat(X.argmin(0).toArray()).containsExactly(0, 1, 0);
    }

    @Test
    void argmaxOnTiesPicksTheFirst() {
        Tensor ties = tensor(new float[][] {{3, 1, 3}, {2, 2, 2}});
        assertThat(ties.argmax(1).toArray()).containsExactly(0, 0);
        assertThat(ties.argmax().item()).isEqualTo(0f);
        assertThat(ties.argmin(1).toArray()).containsExactly(1, 0);
    }

    @Test
    void sumOfAMillionOnesIsExact() {
        assertThat(ones(1_000_000).sum().item()).isEqualTo(1_000_000f);
        // 0 + 1 + ... + (2^20 - 1) is exact in a double accumulator, then rounded once to float
        int n = 1 << 20;
        assertThat(arange(n, FLOAT32).sum().item()).isEqualTo((float) ((double) n * (n - 1) / 2));
        assertThat(full(new int[] {1000, 1000}, 0.1).sum().item()).isEqualTo((float) (1_000_000 * (double) 0.1f));
    }

    @Test
    void sumOfBoolCountsTheTrueOnes() {
        Tensor hits = tensor(1f, 2f, 3f, 4f).gt(2);
        assertThat(hits.sum().item()).isEqualTo(2f);
        assertThat(hits.sum().dtype()).isEqualTo(DType.INT64);
    }

    // ---- matrix product -------------------------------------------------------------------------

    @Test
    void matrixTimesMatrix() {
        Tensor A = tensor(new float[][] {{1, 2}, {3, 4}});
        Tensor B = tensor(new float[][] {{5, 6}, {7, 8}});
        assertThat(A.matmul(B).toString()).isEqualTo("""
                tensor([[19., 22.],
                        [43., 50.]])""");
    }

    @Test
    void rectangularMatrices() {
        Tensor A = arange(6, FLOAT32).reshape(2, 3);        // [[0, 1, 2], [3, 4, 5]]
        Tensor B = arange(12, FLOAT32).reshape(3, 4);       // [[0..3], [4..7], [8..11]]
        assertThat(A.matmul(B).toArray()).containsExactly(20, 23, 26, 29, 56, 68, 80, 92);
    }

    @Test
    void vectorsAndMatrices() {
        Tensor A = tensor(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor v = tensor(1f, 0f, -1f);
        assertThat(A.matmul(v).toArray()).containsExactly(-2, -2);
        assertThat(tensor(1f, 1f).matmul(A).toArray()).containsExactly(5, 7, 9);
        assertThat(tensor(1f, 2f, 3f).matmul(tensor(4f, 5f, 6f)).item()).isEqualTo(32f);
        assertThat(tensor(1f, 2f, 3f).matmul(tensor(4f, 5f, 6f)).dim()).isZero();
    }

    @Test
    void transposedOperands() {
        Tensor A = tensor(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(A.matmul(A.t()).toArray()).containsExactly(14, 32, 32, 77);
        assertThat(A.t().matmul(A).toArray()).containsExactly(17, 22, 27, 22, 29, 36, 27, 36, 45);
        assertThat(A.get(":, 1:").matmul(A.get(":, :2").t()).toArray()).containsExactly(8, 23, 17, 50);
    }

    @Test
    void batchedWithABroadcastBatch() {
        Tensor batch = stack(eye(2), eye(2).mul(2), eye(2).mul(3));  // (3, 2, 2)
        Tensor M = tensor(new float[][] {{1, 2}, {3, 4}});
        Tensor P = batch.matmul(M);
        assertThat(P.shape()).isEqualTo(Size.of(3, 2, 2));
        assertThat(P.get(2).toArray()).containsExactly(3, 6, 9, 12);
        assertThat(M.matmul(batch).get(1).toArray()).containsExactly(2, 4, 6, 8);
        assertThat(zeros(2, 1, 4, 5).matmul(zeros(3, 5, 6)).shape()).isEqualTo(Size.of(2, 3, 4, 6));
    }

    @Test
    void stridedAndPermutedOperandsMatchAPlainLoop() {
        manualSeed(5);
        Tensor big = randn(6, 8);
        Tensor[][] pairs = {
                {big.get("::2, 1::2"), big.get("1:5, ::2")},        // step slices: (3, 4) @ (4, 4)
                {big.get(":, 2:5").t(), big.get(":, :4")},          // transposed slice: (3, 6) @ (6, 4)
                {big.reshape(2, 3, 8).permute(0, 2, 1), big.get(":3, :5")},  // permuted batch: (2, 8, 3) @ (3, 5)
                {big.get(0).get("::2"), big.get("2:6, 1:7")},       // strided vector: (4) @ (4, 6)
        };
        for (Tensor[] pair : pairs) {
            assertThat(pair[0].matmul(pair[1]).allclose(plainMatmul(pair[0], pair[1]), 1e-5, 1e-5)).isTrue();
        }
    }

    /** {@code a @ b} by the textbook triple loop, after lifting a 1-D {@code a} to a row and broadcasting a 2-D {@code b}. */
    private Tensor plainMatmul(Tensor a, Tensor b) {
        boolean vector = a.dim() == 1;
        Tensor left = vector ? a.unsqueeze(0) : a;
        Tensor lifted = left.dim() == 2 ? left.unsqueeze(0) : left;
        int batch = lifted.size(0);
        int m = lifted.size(1);
        int k = lifted.size(2);
        int n = b.size(1);
        float[] out = new float[batch * m * n];
        for (int s = 0; s < batch; s++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += lifted.get(s, i, p).item() * b.get(p, j).item();
                    }
                    out[(s * m + i) * n + j] = (float) sum;
                }
            }
        }
        Tensor result = Tensor.wrap(out, batch, m, n);
        return vector ? result.reshape(n) : left.dim() == 2 ? result.reshape(m, n) : result;
    }

    @Test
    void identityLeavesAMatrixUnchanged() {
        manualSeed(1);
        Tensor A = randn(4, 5);
        assertThat(eye(4).matmul(A).equal(A)).isTrue();
        assertThat(A.matmul(eye(5)).equal(A)).isTrue();
    }

    // ---- joining and comparing ------------------------------------------------------------------

    @Test
    void catAlongEachDim() {
        Tensor X = arange(6, FLOAT32).reshape(2, 3);
        Tensor Y = ones(2, 3);
        assertThat(cat(List.of(X, Y), 0).shape()).isEqualTo(Size.of(4, 3));
        assertThat(cat(List.of(X, Y), 1).toArray()).containsExactly(0, 1, 2, 1, 1, 1, 3, 4, 5, 1, 1, 1);
        assertThat(cat(new Tensor[] {X, zeros(1, 3)}, 0).get(2).toArray()).containsExactly(0, 0, 0);
    }

    @Test
    void stackAlongANewDim() {
        Tensor a = tensor(1f, 2f);
        Tensor b = tensor(3f, 4f);
        assertThat(stack(a, b).toArray()).containsExactly(1, 2, 3, 4);
        assertThat(stack(List.of(a, b), 1).toString()).isEqualTo("""
                tensor([[1., 3.],
                        [2., 4.]])""");
    }

    @Test
    void comparisonsGiveBool() {
        Tensor c = tensor(1f, 3f).lt(tensor(2f, 2f));
        assertThat(c.dtype()).isEqualTo(DType.BOOL);
        assertThat(c.toString()).isEqualTo("tensor([ True, False])");
        assertThat(tensor(1f, 3f).eq(3).toString()).isEqualTo("tensor([False,  True])");
        assertThat(tensor(1f, 3f).ge(1).toArray()).containsExactly(1, 1);
        assertThat(tensor(1f, 3f).ne(1).toArray()).containsExactly(0, 1);
        assertThat(tensor(1f, 3f).gt(1).to(DType.FLOAT32).toString()).isEqualTo("tensor([0., 1.])");
    }

    @Test
    void itemReadsAOneElementTensor() {
        assertThat(scalar(2.5).item()).isEqualTo(2.5f);
        assertThat(tensor(new float[][] {{7}}).item()).isEqualTo(7f);
        assertThat(arange(6).reshape(2, 3).get(1, 2).item()).isEqualTo(5f);
    }

    @Test
    void toArrayIsAFreshRowMajorCopy() {
        Tensor X = tensor(new float[][] {{1, 2}, {3, 4}});
        float[] values = X.toArray();
        values[0] = 100;
        assertThat(X.get(0, 0).item()).isEqualTo(1f);
        assertThat(X.t().toArray()).containsExactly(1, 3, 2, 4);
    }

    @Test
    void allcloseToleratesRounding() {
        Tensor a = tensor(1f, 2f);
        assertThat(a.allclose(tensor(1.000001f, 2f))).isTrue();
        assertThat(a.allclose(tensor(1.01f, 2f))).isFalse();
        assertThat(a.allclose(tensor(1.01f, 2f), 0.02, 0)).isTrue();
        assertThat(tensor(0.1f).add(0.2).allclose(tensor(0.3f))).isTrue();
    }

    @Test
    void equalNeedsTheSameShapeAndValues() {
        assertThat(tensor(1f, 2f).equal(tensor(1f, 2f))).isTrue();
        assertThat(tensor(1f, 2f).equal(tensor(new float[][] {{1, 2}}))).isFalse();
        assertThat(tensor(1f, 2f).equal(tensor(1f, 2.0001f))).isFalse();
    }
}
