package d2l.nn.init;

import d2l.autograd.GradMode;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;

/**
 * Weight initialisation, {@code torch.nn.init}: each function fills a parameter in place from the
 * global generator, without recording, and returns it. Fans follow PyTorch: for a weight of shape
 * {@code [out, in, kh, kw]}, fan_in = in * kh * kw and fan_out = out * kh * kw.
 */
public final class Init {

    private Init() {}

    /**
     * Xavier/Glorot uniform: U(-a, a) with a = sqrt(3) * gain * sqrt(2 / (fan_in + fan_out)); the
     * book's {@code init_cnn}. The bound is computed in PyTorch's order, so that it rounds alike.
     */
    public static Tensor xavierUniform_(Tensor w) {
        return xavierUniform_(w, 1.0);
    }

    public static Tensor xavierUniform_(Tensor w, double gain) {
        int[] fans = fans(w, "xavier_uniform_");
        double std = gain * Math.sqrt(2.0 / (fans[0] + fans[1]));
        double bound = Math.sqrt(3.0) * std;
        return uniform_(w, -bound, bound);
    }

    /**
     * Kaiming/He uniform for leaky ReLU slope {@code a}: U(-b, b) with b = sqrt(3) * gain / sqrt(fan_in)
     * and gain = sqrt(2 / (1 + a^2)). PyTorch's default for conv and linear weights uses a = sqrt(5),
     * which gives b = 1 / sqrt(fan_in). The bound is computed in PyTorch's order, so that it rounds alike.
     */
    public static Tensor kaimingUniform_(Tensor w, double a) {
        int fanIn = fans(w, "kaiming_uniform_")[0];
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double std = gain / Math.sqrt(fanIn);
        double bound = Math.sqrt(3.0) * std;
        return uniform_(w, -bound, bound);
    }

    public static Tensor uniform_(Tensor w, double from, double to) {
        return GradMode.noGrad(() -> present(w, "uniform_").uniform_(from, to));
    }

    public static Tensor normal_(Tensor w, double mean, double std) {
        return GradMode.noGrad(() -> present(w, "normal_").normal_(mean, std));
    }

    public static Tensor zeros_(Tensor w) {
        return GradMode.noGrad(() -> present(w, "zeros_").zero_());
    }

    public static Tensor ones_(Tensor w) {
        return GradMode.noGrad(() -> present(w, "ones_").fill_(1));
    }

    public static Tensor constant_(Tensor w, double value) {
        return GradMode.noGrad(() -> present(w, "constant_").fill_(value));
    }

    /** {@code w}, or a clear error instead of a NullPointerException (a layer made with bias(false) has no bias). */
    private static Tensor present(Tensor w, String op) {
        if (w == null) {
            throw new TensorException(op + ": got null instead of a tensor (a layer made with bias(false) has no bias)");
        }
        return w;
    }

    /** {fan_in, fan_out} of a weight with at least 2 dimensions. */
    public static int[] fans(Tensor w, String op) {
        if (present(w, op).dim() < 2) {
            throw new TensorException(op + ": Fan in and fan out can not be computed for tensor with fewer than 2 "
                    + "dimensions (shape " + w.shape() + ")");
        }
        int receptive = 1;
        for (int d = 2; d < w.dim(); d++) {
            receptive *= w.size(d);
        }
        return new int[] {w.size(1) * receptive, w.size(0) * receptive};
    }
}
