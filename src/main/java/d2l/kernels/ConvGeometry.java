package d2l.kernels;

/**
 * The shape of one 2-D convolution or pooling problem on NCHW data: the batch, the channels in and
 * out, the input plane, the kernel window, the stride, the zero padding (added on both sides) and
 * the number of groups. The output plane follows PyTorch's formula
 * {@code out = floor((in + 2 * padding - kernel) / stride) + 1} in each direction.
 *
 * <p>With {@code groups = G}, the input channels are cut into G consecutive blocks of
 * {@code inChannels / G}, and output channel block g sees only input block g; the weight therefore
 * has shape {@code [outChannels, inChannels / G, kernelHeight, kernelWidth]}. Depthwise
 * convolution is {@code G = inChannels}. For pooling, {@code outChannels == inChannels} and
 * {@code groups == 1} (each plane is pooled on its own).
 *
 * <p>The constructor rejects impossible problems with PyTorch's wording, so a mistake in a model
 * reads the same as it would in PyTorch.
 */
public record ConvGeometry(int batch, int inChannels, int outChannels, int inHeight, int inWidth,
                           int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                           int padHeight, int padWidth, int groups) {

    /** Checks that every size makes sense and that the kernel fits in the padded input. */
    public ConvGeometry {
        if (batch < 0 || inChannels < 1 || outChannels < 1 || inHeight < 1 || inWidth < 1) {
            throw new IllegalArgumentException("Expected a non-empty input and at least one channel in and out, got batch "
                    + batch + ", channels " + inChannels + " -> " + outChannels + ", input " + inHeight + " x " + inWidth);
        }
        if (kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException("non-positive kernel size: (" + kernelHeight + " x " + kernelWidth + ")");
        }
        if (strideHeight < 1 || strideWidth < 1) {
            throw new IllegalArgumentException("non-positive stride is not supported: (" + strideHeight + ", "
                    + strideWidth + ")");
        }
        if (padHeight < 0 || padWidth < 0) {
            throw new IllegalArgumentException("negative padding is not supported: (" + padHeight + ", " + padWidth + ")");
        }
        if (groups < 1) {
            throw new IllegalArgumentException("non-positive groups is not supported: " + groups);
        }
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException("in_channels must be divisible by groups (in_channels = " + inChannels
                    + ", groups = " + groups + ")");
        }
        if (outChannels % groups != 0) {
            throw new IllegalArgumentException("out_channels must be divisible by groups (out_channels = " + outChannels
                    + ", groups = " + groups + ")");
        }
        int paddedHeight = inHeight + 2 * padHeight;
        int paddedWidth = inWidth + 2 * padWidth;
        if (kernelHeight > paddedHeight || kernelWidth > paddedWidth) {
            throw new IllegalArgumentException("Calculated padded input size per channel: (" + paddedHeight + " x "
                    + paddedWidth + "). Kernel size: (" + kernelHeight + " x " + kernelWidth
                    + "). Kernel size can't be greater than actual input size");
        }
    }

    /** A convolution: weight {@code [outChannels, inChannels / groups, kernelHeight, kernelWidth]}. */
    public static ConvGeometry convolution(int batch, int inChannels, int outChannels, int inHeight, int inWidth,
                                           int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                                           int padHeight, int padWidth, int groups) {
        return new ConvGeometry(batch, inChannels, outChannels, inHeight, inWidth, kernelHeight, kernelWidth,
                strideHeight, strideWidth, padHeight, padWidth, groups);
    }

    /**
     * A pooling window over {@code channels} planes. PyTorch also requires the padding to be at most
     * half the window, so that no window lies entirely in the padding.
     */
    public static ConvGeometry pooling(int batch, int channels, int inHeight, int inWidth, int kernelHeight,
                                       int kernelWidth, int strideHeight, int strideWidth, int padHeight, int padWidth) {
        checkPoolingPadding(padHeight, kernelHeight);
        checkPoolingPadding(padWidth, kernelWidth);
        int outHeight = outputSize(inHeight, kernelHeight, strideHeight, padHeight);
        int outWidth = outputSize(inWidth, kernelWidth, strideWidth, padWidth);
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("Given input size: (" + channels + "x" + inHeight + "x" + inWidth
                    + "). Calculated output size: (" + channels + "x" + outHeight + "x" + outWidth
                    + "). Output size is too small");
        }
        return new ConvGeometry(batch, channels, channels, inHeight, inWidth, kernelHeight, kernelWidth,
                strideHeight, strideWidth, padHeight, padWidth, 1);
    }

    private static void checkPoolingPadding(int padding, int kernel) {
        if (padding > kernel / 2) {
            throw new IllegalArgumentException("pad should be at most half of effective kernel size, but got pad="
                    + padding + ", kernel_size=" + kernel + " and dilation=1");
        }
    }

    /** PyTorch's output length: {@code floor((in + 2 * padding - kernel) / stride) + 1}. */
    public static int outputSize(int in, int kernel, int stride, int padding) {
        return Math.floorDiv(in + 2 * padding - kernel, stride) + 1;
    }

    /** The output height. */
    public int outHeight() {
        return outputSize(inHeight, kernelHeight, strideHeight, padHeight);
    }

    /** The output width. */
    public int outWidth() {
        return outputSize(inWidth, kernelWidth, strideWidth, padWidth);
    }

    /** Input channels seen by each output channel. */
    public int inChannelsPerGroup() {
        return inChannels / groups;
    }

    /** Output channels in each group. */
    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    /** Elements in one input image: {@code inChannels * inHeight * inWidth}. */
    public int inputImageSize() {
        return inChannels * inHeight * inWidth;
    }

    /** Elements in one output image: {@code outChannels * outHeight * outWidth}. */
    public int outputImageSize() {
        return outChannels * outHeight() * outWidth();
    }

    /** Elements in the whole input {@code [batch, inChannels, inHeight, inWidth]}. */
    public int inputSize() {
        return batch * inputImageSize();
    }

    /** Elements in the whole output {@code [batch, outChannels, outHeight, outWidth]}. */
    public int outputSize() {
        return batch * outputImageSize();
    }

    /** Elements in the convolution weight {@code [outChannels, inChannels / groups, kernelHeight, kernelWidth]}. */
    public int weightSize() {
        return outChannels * inChannelsPerGroup() * kernelHeight * kernelWidth;
    }

    /** Whether the convolution is a plain channel mix: 1x1 kernel, stride 1, no padding. */
    public boolean isPointwise() {
        return kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1
                && padHeight == 0 && padWidth == 0;
    }

    /**
     * Whether the convolution is a single-group 3x3 with stride 1 and padding 1 (dilation is always
     * 1), so that the output plane is the input plane: the case of {@link Winograd} and
     * {@link DirectConvolution3x3}.
     */
    public boolean isSame3x3() {
        return kernelHeight == 3 && kernelWidth == 3 && strideHeight == 1 && strideWidth == 1
                && padHeight == 1 && padWidth == 1 && groups == 1;
    }

    @Override
    public String toString() {
        return "ConvGeometry[batch=" + batch + ", channels=" + inChannels + "->" + outChannels + ", input="
                + inHeight + "x" + inWidth + ", kernel=" + kernelHeight + "x" + kernelWidth + ", stride=("
                + strideHeight + ", " + strideWidth + "), padding=(" + padHeight + ", " + padWidth + "), groups="
                + groups + "]";
    }
}
