package d2l.workbook;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.rand;
import static d2l.tensor.Torch.tensor;
import static d2l.tensor.Torch.zeros;
import static d2l.workbook.SectionChecks.*;

import d2l.nn.Conv2d;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.util.List;

/** The checks of section 7.1. Sources as in {@link SectionChecks}. */
final class Sec7_1Checks {

    private Sec7_1Checks() {}

    /** Expect.equal for a weight count, naming an int product that overflowed (the value is the count cut to 32 bits). */
    private static void count(String what, Object got, long expected) {
        boolean overflowed = got instanceof Number n && n.longValue() != expected && n.longValue() == (int) expected;
        Expect.equal(what + (overflowed ? " (" + got + " is " + expected + " cut to 32 bits: the product was computed in int"
                + " and overflowed before it became a long; make the first factor a long, e.g. (long) h * w * h * w)" : ""),
                got, expected);
    }

    static List<Check> all() {
        Section s = Section.S7_1;
        return List.of(
                check(s, "fullyConnectedWeights(1000, 1000) is 10^12", "[001] Constraining the MLP", p ->
                        count("fullyConnectedWeights(1000, 1000)",
                                p.observe("fullyConnectedWeights(1000, 1000)", c -> c.call("fullyConnectedWeights", 1000, 1000)),
                                1_000_000_000_000L)),
                check(s, "denseWeights(10^6, 1000) is 10^9", "[000] 7.1 KEY INSIGHT", p ->
                        Expect.equal("denseWeights(1000000, 1000)",
                                p.observe("denseWeights(1000000, 1000)", c -> c.call("denseWeights", 1_000_000L, 1000L)), 1_000_000_000L)),
                check(s, "translationInvariantWeights(1000, 1000) is 1999^2, about 4 x 10^6", "[001] Locality", p -> {
                    Expect.equal("translationInvariantWeights(1000, 1000)", p.observe("translationInvariantWeights(1000, 1000)",
                            c -> c.call("translationInvariantWeights", 1000, 1000)), 3_996_001L);
                    Expect.equal("translationInvariantWeights(3, 5)", p.observe("translationInvariantWeights(3, 5)",
                            c -> c.call("translationInvariantWeights", 3, 5)), 45L);
                }),
                check(s, "localWeights(delta) is (2 delta + 1)^2", "[001] Locality", p -> {
                    for (int delta = 0; delta <= 10; delta++) {
                        int d = delta;
                        Expect.equal("localWeights(" + delta + ")", p.observe("localWeights(" + delta + ")", c -> c.call("localWeights", d)),
                                (long) (2 * delta + 1) * (2 * delta + 1));
                    }
                }),
                check(s, "convolutionWeights counts the weights of a Conv2d", "[001] Channels", p -> {
                    int[][] cases = {{1, 3, 64}, {2, 1, 6}, {0, 4, 5}, {3, 16, 16}};
                    for (int[] k : cases) {
                        long expected = new Conv2d(k[1], k[2], 2 * k[0] + 1).weight().numel();
                        Expect.equal("convolutionWeights(" + k[0] + ", " + k[1] + ", " + k[2] + ") (the weight of new Conv2d("
                                + k[1] + ", " + k[2] + ", " + (2 * k[0] + 1) + "))",
                                p.observe("convolutionWeights(" + k[0] + ", " + k[1] + ", " + k[2] + ")",
                                        c -> c.call("convolutionWeights", k[0], k[1], k[2])), expected);
                    }
                }),
                check(s, "fullyConnectedWeights(h, w, cIn, cOut) counts every channel", "[002] Channels", p -> {
                    count("fullyConnectedWeights(1000, 1000, 3, 3)", p.observe("fullyConnectedWeights(1000, 1000, 3, 3)",
                            c -> c.call("fullyConnectedWeights", 1000, 1000, 3, 3)), 9_000_000_000_000L);
                    Expect.equal("fullyConnectedWeights(2, 3, 4, 5)", p.observe("fullyConnectedWeights(2, 3, 4, 5)",
                            c -> c.call("fullyConnectedWeights", 2, 3, 4, 5)), 24L * 30);
                    count("fullyConnectedWeights(1024, 1024, 3, 1)", p.observe("fullyConnectedWeights(1024, 1024, 3, 1)",
                            c -> c.call("fullyConnectedWeights", 1024, 1024, 3, 1)), 3L * 1024 * 1024 * 1024 * 1024);
                }),
                check(s, "shift moves a tensor and fills with zeros", "", p -> {
                    Tensor X = tensor("[[1.0, 2.0], [3.0, 4.0]]");
                    int[][] moves = {{1, 0}, {0, -1}, {-1, 1}, {0, 0}, {5, 0}};
                    String[] expected = {"[[0.0, 0.0], [1.0, 2.0]]", "[[2.0, 0.0], [4.0, 0.0]]", "[[0.0, 3.0], [0.0, 0.0]]",
                            "[[1.0, 2.0], [3.0, 4.0]]", "[[0.0, 0.0], [0.0, 0.0]]"};
                    for (int i = 0; i < moves.length; i++) {
                        int[] m = moves[i];
                        String what = "shift([[1, 2], [3, 4]], " + m[0] + ", " + m[1] + ")";
                        Expect.tensor(what, p.observe(what, c -> c.call("shift", X, m[0], m[1])), expected[i]);
                    }
                    Expect.tensor("X after shift(X, 1, 0) (shift must not change X)", p.observe("X after shift(X, 1, 0)", c -> {
                        c.call("shift", X, 1, 0);
                        return X;
                    }), "[[1.0, 2.0], [3.0, 4.0]]");
                }),
                check(s, "crossCorrelation gives the book's 3 x 3 example", "[001] In [3]", p ->
                        Expect.tensor("crossCorrelation(X, K)", p.observe("crossCorrelation(X, K)", c -> c.call("crossCorrelation",
                                tensor("[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]"), tensor("[[0.0, 1.0], [2.0, 3.0]]"))),
                                "[[19.0, 25.0], [37.0, 43.0]]")),
                check(s, "shiftCommutes: a pattern in the middle moves with the input", "[001] Translation Invariance", p -> {
                    Tensor dot = zeros(6, 6).set(2, 2, 1);
                    Tensor K = tensor("[[1.0, 2.0], [3.0, 4.0]]");
                    Expect.equal("shiftCommutes(dot, K, 1, 2)", p.observe("shiftCommutes(dot, K, 1, 2)",
                            c -> c.call("shiftCommutes", dot, K, 1, 2)), true);
                    manualSeed(0);
                    Tensor blob = zeros(9, 9);
                    blob.set(d2l.tensor.Torch.slice(3, 6), d2l.tensor.Torch.slice(3, 6), rand(3, 3));
                    Tensor K2 = rand(3, 2);
                    Expect.equal("shiftCommutes(blob, K, -1, 2)", p.observe("shiftCommutes(blob, K, -1, 2)",
                            c -> c.call("shiftCommutes", blob, K2, -1, 2)), true);
                }),
                check(s, "shiftCommutes: false when the pattern leaves the picture", "", p ->
                        Expect.equal("shiftCommutes(ones(4, 4), ones(2, 2), 0, 1)", p.observe("shiftCommutes(ones(4, 4), ones(2, 2), 0, 1)",
                                c -> c.call("shiftCommutes", ones(4, 4), ones(2, 2), 0, 1)), false)));
    }

}
