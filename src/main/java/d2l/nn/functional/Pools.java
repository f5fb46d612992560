package d2l.nn.functional;

import d2l.kernels.ConvGeometry;
import d2l.kernels.Pooling;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;

/**
 * Max, average and adaptive average pooling over the last two dimensions of a {@code [N, C, H, W]}
 * (or {@code [C, H, W]}) tensor, each channel on its own, as differentiable operations.
 */
public final class Pools {

    private Pools() {}

    /** {@code Y[.., i, j] = max over the window}; padding counts as -inf. The gradient goes to the max's position. */
    public static Tensor maxPool2d(String layer, Tensor x, int[] kernel, int[] stride, int[] padding) {
        ConvGeometry g = geometry(layer, x, kernel, stride, padding);
        float[] out = new float[g.batch() * g.inChannels() * g.outHeight() * g.outWidth()];
        int[] argmax = new int[out.length];
        Pooling.maxForward(g, x.values(), out, argmax);
        return Tensor.fromOperation("MaxPool2DWithIndicesBackward0", out, outputShape(x, g.outHeight(), g.outWidth()), grad -> {
            float[] dx = new float[x.numel()];
            Pooling.maxBackward(g, grad.values(), argmax, dx);
            return new Tensor[] {Tensor.wrap(dx, x.shape().toArray())};
        }, x);
    }

    /**
     * {@code Y[.., i, j] = mean over the window}; with {@code countIncludePad} (PyTorch's default) the
     * padding's zeros count in the divisor.
     */
    public static Tensor avgPool2d(String layer, Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        ConvGeometry g = geometry(layer, x, kernel, stride, padding);
        float[] out = new float[g.batch() * g.inChannels() * g.outHeight() * g.outWidth()];
        Pooling.avgForward(g, countIncludePad, x.values(), out);
        return Tensor.fromOperation("AvgPool2DBackward0", out, outputShape(x, g.outHeight(), g.outWidth()), grad -> {
            float[] dx = new float[x.numel()];
            Pooling.avgBackward(g, countIncludePad, grad.values(), dx);
            return new Tensor[] {Tensor.wrap(dx, x.shape().toArray())};
        }, x);
    }

    /** Averages over windows chosen so the output is {@code outH x outW}: {@code [floor(i*in/out), ceil((i+1)*in/out))}. */
    public static Tensor adaptiveAvgPool2d(String layer, Tensor x, int outH, int outW) {
        checkInput(layer, x);
        int planes = x.numel() / (x.size(-2) * x.size(-1));
        int inH = x.size(-2);
        int inW = x.size(-1);
        if (outH < 1 || outW < 1) {
            throw new TensorException(layer + ": output size must be positive, got (" + outH + ", " + outW + ")");
        }
        float[] out = new float[planes * outH * outW];
        Pooling.adaptiveAvgForward(planes, inH, inW, outH, outW, x.values(), out);
        return Tensor.fromOperation("AdaptiveAvgPool2DBackward0", out, outputShape(x, outH, outW), grad -> {
            float[] dx = new float[x.numel()];
            Pooling.adaptiveAvgBackward(planes, inH, inW, outH, outW, grad.values(), dx);
            return new Tensor[] {Tensor.wrap(dx, x.shape().toArray())};
        }, x);
    }

    private static ConvGeometry geometry(String layer, Tensor x, int[] kernel, int[] stride, int[] padding) {
        checkInput(layer, x);
        int batch = x.dim() == 4 ? x.size(0) : 1;
        try {
            return ConvGeometry.pooling(batch, x.size(-3), x.size(-2), x.size(-1), kernel[0], kernel[1],
                    stride[0], stride[1], padding[0], padding[1]);
        } catch (IllegalArgumentException e) {
            throw new TensorException(layer + " on input of shape " + x.shape() + ": " + e.getMessage());
        }
    }

    private static void checkInput(String layer, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new TensorException(layer + ": expected a 3-D [channels, height, width] or 4-D [batch, channels, "
                    + "height, width] input, got shape " + x.shape());
        }
        if (x.numel() == 0) {
            throw new TensorException(layer + ": expected a non-empty input, got shape " + x.shape());
        }
    }

    private static int[] outputShape(Tensor x, int outH, int outW) {
        int[] shape = x.shape().toArray();
        shape[shape.length - 2] = outH;
        shape[shape.length - 1] = outW;
        return shape;
    }
}
