package d2l.nn.functional;

import d2l.kernels.ConvGeometry;
import d2l.kernels.Convolution;
import d2l.tensor.Memory;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;

/**
 * 2-D cross-correlation as one differentiable operation, {@code F.conv2d}:
 * {@code Y[n, o, i, j] = b[o] + sum_{c, a, b} W[o, c, a, b] * X[n, g(o)*C/G + c, i*s + a - p, j*s + b - p]}.
 * The kernels ({@link Convolution}) compute the forward pass and the gradients for the input, the
 * weight and the bias.
 */
public final class Convolutions {

    private Convolutions() {}

    public static Tensor conv2d(String layer, Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int groups) {
        if (x.dim() != 4) {
            throw new TensorException(layer + ": expected a 4-D input [batch, channels, height, width], got shape "
                    + x.shape() + (x.dim() == 3 ? " (add a batch dimension with unsqueeze(0) or reshape(1, ...))" : ""));
        }
        if (weight.dim() != 4) {
            throw new TensorException(layer + ": expected a 4-D weight [out_channels, in_channels/groups, kh, kw], got "
                    + weight.shape());
        }
        int inChannels = weight.size(1) * groups;
        if (x.size(1) != inChannels) {
            throw new TensorException(layer + ": Given groups=" + groups + ", weight of size " + shape(weight)
                    + ", expected input" + shape(x) + " to have " + inChannels + " channels, but got " + x.size(1)
                    + " channels instead");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0))) {
            throw new TensorException(layer + ": expected a bias of shape [" + weight.size(0) + "], got " + bias.shape());
        }
        ConvGeometry g;
        try {
            g = ConvGeometry.convolution(x.size(0), inChannels, weight.size(0), x.size(2), x.size(3),
                    weight.size(2), weight.size(3), stride[0], stride[1], padding[0], padding[1], groups);
        } catch (IllegalArgumentException e) {
            throw new TensorException(layer + " on input of shape " + x.shape() + ": " + e.getMessage());
        }
        float[] input = x.values();
        float[] w = weight.values();
        int[] outShape = {g.batch(), g.outChannels(), g.outHeight(), g.outWidth()};
        float[] out = Memory.floats(layer + " output", outShape, "was a pooling layer or a stride left out? Without them a"
                + " network keeps the full input resolution (224 x 224 in VGG) in every layer; a smaller batch also needs less");
        Convolution.forward(g, input, w, bias == null ? null : bias.values(), out);
        return Tensor.fromOperation("ConvolutionBackward0", out, outShape, grad -> {
            float[] dy = grad.values();
            Tensor dx = null;
            Tensor dw = null;
            Tensor db = null;
            if (x.requiresGrad()) {
                float[] gradInput = new float[input.length];
                Convolution.backwardInput(g, dy, w, gradInput);
                dx = Tensor.wrap(gradInput, x.shape().toArray());
            }
            if (weight.requiresGrad()) {
                float[] gradWeight = new float[w.length];
                Convolution.backwardWeight(g, input, dy, gradWeight);
                dw = Tensor.wrapUnshared(gradWeight, weight.shape().toArray());
            }
            if (bias != null && bias.requiresGrad()) {
                float[] gradBias = new float[bias.numel()];
                Convolution.backwardBias(g, dy, gradBias);
                db = Tensor.wrapUnshared(gradBias, bias.numel());
            }
            return new Tensor[] {dx, dw, db};
        }, x, weight, bias).saveForBackward(x, weight);
    }

    /** {@code [128, 3, 28, 28]}, as PyTorch writes shapes in this message. */
    private static String shape(Tensor t) {
        return t.shape().toString().replace("torch.Size(", "").replace(")", "");
    }
}
