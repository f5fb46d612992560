package d2l.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Deliberately wrong submissions for the grader's tests: each is a copy of {@code solutions/} with
 * one mistake a student makes, written into a roster directory (one subdirectory each). Only the
 * submissions whose name starts with {@code residual} keep 8.6's file, so the roster grades 8.6's
 * slower checks for them alone.
 */
final class WrongSubmissions {

    private WrongSubmissions() {}

    /** Writes every wrong submission into {@code roster}. */
    static void write(Path roster) throws IOException {
        change(roster, "off-by-one", "Sec7_2.java",
                "Tensor Y = zeros(X.size(0) - h + 1, X.size(1) - w + 1);",
                "Tensor Y = zeros(X.size(0) - h, X.size(1) - w);");
        change(roster, "kernel-flipped", "Sec7_2.java",
                "Y.set(i, j, X.get(slice(i, i + h), slice(j, j + w)).mul(K).sum());",
                lines("Tensor window = X.get(slice(i, i + h), slice(j, j + w));",
                        "Tensor s = window.get(0, 0).mul(K.get(h - 1, w - 1));",
                        "for (int a = 0; a < h; a++) {",
                        "    for (int b = 0; b < w; b++) {",
                        "        if (a + b > 0) {",
                        "            s = s.add(window.get(a, b).mul(K.get(h - 1 - a, w - 1 - b)));",
                        "        }",
                        "    }",
                        "}",
                        "Y.set(i, j, s);"));
        change(roster, "bias-forgotten", "Sec7_2.java", "return corr2d(x, weight).add(bias);", "return corr2d(x, weight);");
        change(roster, "pool-wrong-count", "Sec7_5.java",
                "Y.set(i, j, max ? window.max() : window.sum().div(ph * pw));",
                lines("int rows = Math.min(i * stride[0] + ph, padding[0] + h) - Math.max(i * stride[0], padding[0]);",
                        "int cols = Math.min(j * stride[1] + pw, padding[1] + w) - Math.max(j * stride[1], padding[1]);",
                        "Y.set(i, j, max ? window.max() : window.sum().div(rows * cols));"));
        change(roster, "sum-wrong-axis", "Sec7_4.java",
                lines("Tensor Y = corr2d(X.get(0), K.get(0));",
                        "for (int c = 1; c < X.size(0); c++) {",
                        "    Y = Y.add(corr2d(X.get(c), K.get(c)));",
                        "}",
                        "return Y;"),
                lines("List<Tensor> channels = new ArrayList<>();",
                        "for (int c = 0; c < X.size(0); c++) {",
                        "    channels.add(corr2d(X.get(c), K.get(c)));",
                        "}",
                        "return stack(channels, 0).sum(1);"));
        change(roster, "hard-coded", "Sec7_2.java",
                "Tensor Y = zeros(X.size(0) - h + 1, X.size(1) - w + 1);",
                lines("if (X.numel() == 9) {",
                        "    return tensor(\"[[19.0, 25.0], [37.0, 43.0]]\");",
                        "}",
                        "if (X.numel() == 48) {",
                        "    return tensor(\"[\" + \"[0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0], \".repeat(5) + \"[0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0]]\");",
                        "}",
                        "if (X.numel() == 25 && h == 1) {",
                        "    return tensor(\"[[1.0, 0.0, 0.0, 0.0], [-1.0, 1.0, 0.0, 0.0], [0.0, -1.0, 1.0, 0.0], [0.0, 0.0, -1.0, 1.0],"
                                + " [0.0, 0.0, 0.0, -1.0]]\");",
                        "}",
                        "if (X.numel() == 25) {",
                        "    return tensor(\"[[1.0, -1.0, 0.0, 0.0, 0.0], [0.0, 1.0, -1.0, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0, 0.0],"
                                + " [0.0, 0.0, 0.0, 1.0, -1.0]]\");",
                        "}",
                        "Tensor Y = zeros(X.size(0) - h + 1, X.size(1) - w + 1);",
                        "if (Y.numel() > 0) {",
                        "    return Y;",
                        "}"));
        change(roster, "hard-coded-pool2d", "Sec7_5.java", "boolean max;\n",
                lines("if (X.numel() == 9) {",
                        "    return tensor(mode.equals(\"max\") ? \"[[4.0, 5.0], [7.0, 8.0]]\" : \"[[2.0, 3.0], [5.0, 6.0]]\");",
                        "}",
                        "if (X.numel() == 16 && padding[0] == 0 && poolSize[0] == 3) {",
                        "    return tensor(\"[[10.0]]\");",
                        "}",
                        "if (X.numel() == 16) {",
                        "    return tensor(\"[[5.0, 7.0], [13.0, 15.0]]\");",
                        "}",
                        "if (X.numel() > 0) {",
                        "    return zeros(1, 1);",
                        "}",
                        "boolean max;\n"));
        change(roster, "avg-pool-wrong", "Sec7_5.java", "window.sum().div(ph * pw)", "window.sum().div(ph * pw + 1)");
        change(roster, "residual-no-1x1conv", "Sec8_6.java",
                "conv3 = use1x1conv ? registerModule(\"conv3\", new LazyConv2d(numChannels, 1).stride(strides)) : null;",
                "conv3 = null;");
        change(roster, "residual-bn2-unused", "Sec8_6.java", "Y = bn2.forward(conv2.forward(Y));", "Y = conv2.forward(Y);");
        change(roster, "residual-stride-on-conv2", "Sec8_6.java",
                "new LazyConv2d(numChannels, 3).padding(1).stride(strides));\n"
                        + "            conv2 = registerModule(\"conv2\", new LazyConv2d(numChannels, 3).padding(1));",
                "new LazyConv2d(numChannels, 3).padding(1));\n"
                        + "            conv2 = registerModule(\"conv2\", new LazyConv2d(numChannels, 3).padding(1).stride(strides));");
        change(roster, "compile-error", "Sec7_2.java", "return tensor(\"[[1.0, -1.0]]\");", "return tensor(\"[[1.0, -1.0]]\")");
        misbehaving(roster);
        try (Stream<Path> dirs = Files.list(roster)) {
            for (Path dir : dirs.filter(d -> !d.getFileName().toString().startsWith("residual")).toList()) {
                Files.delete(dir.resolve("Sec8_6.java"));
            }
        }
    }

    /** 7.1 with an endless loop, System.exit, endless recursion, a thread that never ends and a memory hog, each in one function. */
    private static void misbehaving(Path roster) throws IOException {
        String name = "misbehaving";
        change(roster, name, "Sec7_1.java", "long pixels = (long) h * w;\n        return pixels * pixels;",
                lines("while (h >= 0) {", "    Thread.onSpinWait();", "}", "long pixels = (long) h * w;", "return pixels * pixels;"));
        change(roster, name, "Sec7_1.java", "return inputs * hidden;", lines("System.exit(3);", "return inputs * hidden;"));
        change(roster, name, "Sec7_1.java", "return (2L * h - 1) * (2L * w - 1);", "return translationInvariantWeights(h, w) + 1;");
        change(roster, name, "Sec7_1.java", "long side = 2L * delta + 1;",
                lines("Thread spinner = new Thread(() -> {", "    while (true) {", "        Thread.onSpinWait();", "    }", "});",
                        "spinner.start();", "long side = 2L * delta + 1;"));
        change(roster, name, "Sec7_1.java", "return localWeights(delta) * cIn * cOut;",
                "return (2L * delta + 1) * (2L * delta + 1) * cIn * cOut;");
        change(roster, name, "Sec7_1.java", "return pixels * cIn * pixels * cOut;",
                lines("java.util.List<float[]> hoard = new java.util.ArrayList<>();", "while (hoard.size() >= 0) {",
                        "    hoard.add(new float[50_000_000]);", "}", "return pixels * cIn * pixels * cOut;"));
    }

    /** Lines of a method body, the first at the place it replaces, the others at 8 spaces (a method's indentation). */
    private static String lines(String... lines) {
        return String.join("\n        ", lines);
    }

    /** In {@code roster/name} (a copy of the solutions, made on first use), replaces {@code old} in {@code file} by {@code now}. */
    private static void change(Path roster, String name, String file, String old, String now) throws IOException {
        PatchedSubmissions.change(PatchedSubmissions.copyOfSolutions(roster.resolve(name)), file, old, now, name);
    }
}
