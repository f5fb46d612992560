package d2l.data;

/**
 * Bilinear resizing of a grey image with {@code align_corners=False}, the interpolation of
 * PyTorch's {@code F.interpolate(x, size, mode='bilinear')} and of torchvision's {@code Resize}
 * when it enlarges an image (the book enlarges 28x28 Fashion-MNIST to 96x96 for ResNet and to
 * 224x224 for VGG).
 *
 * <p>Output pixel {@code x} samples the input at {@code (x + 0.5) * in / out - 0.5}, so pixel
 * centres line up and the image is not shifted; positions before the first pixel are clamped to
 * it, and the neighbour past the last pixel is the last pixel. The value is the weighted mean of
 * the two rows and two columns around that position. The resize is computed in two passes, first
 * along each row, then down each column, which is the same arithmetic as the four-neighbour
 * formula and several times faster.
 *
 * <p>Two differences from torchvision's {@code Resize} on a PIL image: PIL rounds each pass to
 * whole grey levels (a difference of about one level at most), and when shrinking it averages all
 * the pixels an output pixel covers (antialiasing), where this class, like {@code F.interpolate}
 * with {@code antialias=False}, uses only the two nearest. The book only enlarges.
 */
public final class Resize {

    private final int inHeight;
    private final int inWidth;
    private final int outHeight;
    private final int outWidth;
    private final Axis rows;
    private final Axis columns;

    /** A resize of {@code inHeight x inWidth} images to {@code outHeight x outWidth}. */
    public Resize(int inHeight, int inWidth, int outHeight, int outWidth) {
        if (inHeight < 1 || inWidth < 1 || outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("image sizes must be positive, got " + inHeight + "x" + inWidth
                    + " -> " + outHeight + "x" + outWidth);
        }
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.rows = new Axis(inHeight, outHeight);
        this.columns = new Axis(inWidth, outWidth);
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    /**
     * Resizes the image of unsigned bytes at {@code source[sourceOffset ...]} (row-major, values
     * 0..255) into {@code target[targetOffset ...]}, dividing every value by {@code divisor}: 255
     * gives pixels in [0, 1] as {@code ToTensor} does, 1 keeps grey levels.
     */
    public void apply(byte[] source, int sourceOffset, float[] target, int targetOffset, float divisor) {
        // Pass 1: each input row becomes a row of outWidth values.
        float[] widened = new float[inHeight * outWidth];
        for (int r = 0; r < inHeight; r++) {
            int rowStart = sourceOffset + r * inWidth;
            for (int x = 0; x < outWidth; x++) {
                float left = source[rowStart + columns.first[x]] & 0xff;
                float right = source[rowStart + columns.second[x]] & 0xff;
                widened[r * outWidth + x] = columns.firstWeight[x] * left + columns.secondWeight[x] * right;
            }
        }
        // Pass 2: each output row mixes the two widened rows around it.
        for (int y = 0; y < outHeight; y++) {
            int top = rows.first[y] * outWidth;
            int bottom = rows.second[y] * outWidth;
            float topWeight = rows.firstWeight[y];
            float bottomWeight = rows.secondWeight[y];
            int out = targetOffset + y * outWidth;
            for (int x = 0; x < outWidth; x++) {
                target[out + x] = (topWeight * widened[top + x] + bottomWeight * widened[bottom + x]) / divisor;
            }
        }
    }

    /** The resized image as a new array of grey levels (floats from 0 to 255), for a single image or a test. */
    public float[] apply(byte[] source) {
        if (source.length != inHeight * inWidth) {
            throw new IllegalArgumentException("expected a " + inHeight + "x" + inWidth + " image (" + inHeight * inWidth
                    + " bytes), got " + source.length + " bytes");
        }
        float[] target = new float[outHeight * outWidth];
        apply(source, 0, target, 0, 1.0f);
        return target;
    }

    /**
     * For each output position along one axis: the two input positions around its sample point and
     * their weights, as PyTorch's {@code area_pixel_compute_source_index} computes them in float.
     */
    private static final class Axis {
        final int[] first;
        final int[] second;
        final float[] firstWeight;
        final float[] secondWeight;

        Axis(int in, int out) {
            first = new int[out];
            second = new int[out];
            firstWeight = new float[out];
            secondWeight = new float[out];
            float scale = (float) in / out;
            for (int i = 0; i < out; i++) {
                float position = Math.max(scale * (i + 0.5f) - 0.5f, 0.0f);
                int below = (int) position;
                first[i] = below;
                second[i] = below < in - 1 ? below + 1 : below;
                secondWeight[i] = position - below;
                firstWeight[i] = 1.0f - secondWeight[i];
            }
        }
    }
}
