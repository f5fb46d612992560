package d2l.workbook;

import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a wrong {@code learnKernel} (7.2, "Learning a Kernel") most likely gets wrong, told from its
 * epoch losses. The book's protocol is replayed from the same starting kernel: 10 epochs of
 * {@code l = (conv2d(X, K) - Y)^2}, {@code l.sum().backward()}, {@code K -= 3e-2 * K.grad}, the
 * gradient cleared before each backward pass, and each epoch's loss taken before its update. The
 * common mistakes leave distinct marks on the losses:
 * <ul>
 *   <li>the mean instead of the sum: every loss is the summed one divided by the number of outputs;</li>
 *   <li>no {@code zeroGrad()}: epochs 1 and 2 agree (the first gradient is the same), epoch 3 does not;</li>
 *   <li>a smaller step (a learning rate 10 times too small, or the mean's gradient): epoch 1 agrees,
 *       epoch 2 matches the protocol run with that smaller step.</li>
 * </ul>
 */
public final class LearnKernelDiagnosis {

    /** The book's learning rate. */
    static final double LR = 3e-2;

    private LearnKernelDiagnosis() {}

    /**
     * The student's losses beside the protocol's, and the likely mistake, or an empty string when
     * the losses agree with the book's protocol (to 1e-3, relative).
     *
     * @param X       the input image
     * @param Y       the target, {@code corr2d(X, [[1, -1]])}
     * @param initial the 1 x 2 kernel both runs start from
     * @param losses  the student's epoch losses
     */
    public static String explain(Tensor X, Tensor Y, Tensor initial, List<Double> losses) {
        List<Double> book = protocol(X, Y, initial, 1.0, true);
        if (losses.size() == book.size() && agree(losses, book, book.size())) {
            return "";
        }
        StringBuilder s = new StringBuilder("epoch losses from the same starting kernel " + initial.reshape(1, 2) + ":\n");
        s.append("  epoch      yours   the book's protocol\n");
        for (int i = 0; i < Math.max(losses.size(), book.size()); i++) {
            s.append(String.format(Locale.ROOT, "  %5d %10s %10s%n", i + 1, i < losses.size() ? format(losses.get(i)) : "-",
                    i < book.size() ? format(book.get(i)) : "-"));
        }
        return s.append(likelyMistake(X, Y, initial, losses, book)).toString();
    }

    private static String likelyMistake(Tensor X, Tensor Y, Tensor initial, List<Double> losses, List<Double> book) {
        if (losses.size() != book.size()) {
            return "hint: the book trains exactly 10 epochs and records each epoch's loss once";
        }
        int outputs = (int) Y.numel();
        if (close(losses.get(0), book.get(0) / outputs)) {
            return "hint: your losses are the mean of the squared errors; the book sums them (l.sum()) for the backward"
                    + " pass and the printed loss";
        }
        if (!close(losses.get(0), book.get(0))) {
            return "hint: already the first loss differs, before any update: it is the squared error (Y_hat - Y)^2 summed"
                    + " over the output, from the starting kernel (X and Y reshaped to (1, 1, height, width))";
        }
        if (close(losses.get(1), book.get(1)) && !close(losses.get(2), book.get(2))
                && agree(losses, protocol(X, Y, initial, 1.0, false), losses.size())) {
            return "hint: the gradients add up from epoch to epoch: call zeroGrad() on the layer before each backward()";
        }
        if (agree(losses, protocol(X, Y, initial, 1.0 / outputs, true), losses.size())) {
            return "hint: the steps are " + outputs + " times too small, as with the gradient of the mean: the book calls"
                    + " l.sum().backward()";
        }
        for (double scale : new double[] {0.1, 0.01, 10, 100}) {
            if (agree(losses, protocol(X, Y, initial, scale, true), losses.size())) {
                return "hint: your run matches a learning rate of " + new BigDecimal(LR * scale).round(new MathContext(2))
                        .stripTrailingZeros().toPlainString() + "; the book's is 3e-2 (0.03)";
            }
        }
        return "hint: the first loss agrees, so the update goes wrong: the book's is weight.data() -= 3e-2 * weight.grad(),"
                + " with the gradient cleared before each backward()";
    }

    /** The book's protocol from {@code initial}, its step scaled by {@code scale}, clearing the gradient or not. */
    static List<Double> protocol(Tensor X, Tensor Y, Tensor initial, double scale, boolean zeroGrad) {
        Tensor X4 = X.detach().reshape(1, 1, X.size(0), X.size(1));
        Tensor Y4 = Y.detach().reshape(1, 1, Y.size(0), Y.size(1));
        Tensor K = initial.detach().reshape(1, 1, 1, 2).clone().requiresGrad_();
        List<Double> losses = new ArrayList<>();
        for (int epoch = 0; epoch < 10; epoch++) {
            Tensor l = F.conv2d(X4, K, null).sub(Y4).pow(2).sum();
            if (zeroGrad) {
                K.zeroGrad();
            }
            l.backward();
            K.data().sub_(K.grad().mul(LR * scale));
            losses.add((double) l.item());
        }
        return losses;
    }

    private static boolean agree(List<Double> a, List<Double> b, int n) {
        if (a.size() < n || b.size() < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!close(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-3 * Math.max(Math.abs(b), 1e-6);
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
