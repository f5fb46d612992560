package d2l.workbook;

import static d2l.tensor.Torch.cat;
import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static d2l.workbook.SectionChecks.*;

import d2l.nn.AvgPool2d;
import d2l.nn.MaxPool2d;
import d2l.tensor.DType;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.util.List;

/** The checks of section 7.5. Sources as in {@link SectionChecks}. */
final class Sec7_5Checks {

    private Sec7_5Checks() {}

    static List<Check> all() {
        Section s = Section.S7_5;
        return List.of(
                check(s, "pool2d(X, (2, 2)) takes the maximum", "[000] 7.5; [002] 7.5", p -> {
                    Tensor X = x3();
                    String what = "pool2d(X, new int[] {2, 2}, \"max\")";
                    Expect.tensor(what, p.observe(what, c -> c.call("pool2d", X, new int[] {2, 2}, "max")),
                            "[[4.0, 5.0], [7.0, 8.0]]");
                }),
                check(s, "pool2d(X, (2, 2), 'avg') takes the mean", "[000] 7.5; [002] 7.5", p -> {
                    Tensor X = x3();
                    String what = "pool2d(X, new int[] {2, 2}, \"avg\")";
                    Expect.tensor(what, p.observe(what, c -> c.call("pool2d", X, new int[] {2, 2}, "avg")),
                            "[[2.0, 3.0], [5.0, 6.0]]");
                }),
                check(s, "pool2d with padding and stride gives the book's MaxPool2d outputs", "[000] 7.5 Padding and Stride; [002] 7.5",
                        p -> {
                            Tensor X = d2l.tensor.Torch.arange(16, DType.FLOAT32).reshape(4, 4);
                            Expect.tensor("pool2d(X, {3, 3}, padding {0, 0}, stride {3, 3}, \"max\") (nn.MaxPool2d(3))",
                                    p.observe("pool2d(X, {3, 3}, padding {0, 0}, stride {3, 3}, \"max\")",
                                            c -> c.call("pool2d", X, new int[] {3, 3}, new int[] {0, 0}, new int[] {3, 3}, "max")),
                                    "[[10.0]]");
                            Expect.tensor("pool2d(X, {3, 3}, padding {1, 1}, stride {2, 2}, \"max\")",
                                    p.observe("pool2d(X, {3, 3}, padding {1, 1}, stride {2, 2}, \"max\")",
                                            c -> c.call("pool2d", X, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, "max")),
                                    "[[5.0, 7.0], [13.0, 15.0]]");
                            Expect.tensor("pool2d(X, {2, 3}, padding {0, 1}, stride {2, 3}, \"max\")",
                                    p.observe("pool2d(X, {2, 3}, padding {0, 1}, stride {2, 3}, \"max\")",
                                            c -> c.call("pool2d", X, new int[] {2, 3}, new int[] {0, 1}, new int[] {2, 3}, "max")),
                                    "[[5.0, 7.0], [13.0, 15.0]]");
                        }),
                check(s, "pool2d with padding and stride agrees with MaxPool2d and AvgPool2d", "", p -> {
                    manualSeed(4);
                    Tensor X = randn(7, 9).sub(2);
                    int[][] configs = {{2, 2, 0, 0, 2, 2}, {3, 3, 1, 1, 2, 2}, {3, 2, 1, 0, 1, 2}, {2, 3, 1, 1, 3, 1}};
                    for (int[] k : configs) {
                        int[] pool = {k[0], k[1]};
                        int[] pad = {k[2], k[3]};
                        int[] stride = {k[4], k[5]};
                        String desc = "pool " + k[0] + "x" + k[1] + ", padding (" + k[2] + ", " + k[3] + "), stride (" + k[4] + ", "
                                + k[5] + ")";
                        Tensor max = new MaxPool2d(pool).padding(pad).stride(stride).forward(X.reshape(1, 1, 7, 9));
                        Tensor avg = new AvgPool2d(pool).padding(pad).stride(stride).forward(X.reshape(1, 1, 7, 9));
                        String maxWhat = "pool2d(randn(7, 9) - 2, " + desc + ", \"max\")";
                        String avgWhat = "pool2d(randn(7, 9) - 2, " + desc + ", \"avg\")";
                        Expect.tensor(maxWhat + " against MaxPool2d", p.observe(maxWhat, c -> c.call("pool2d", X, pool, pad, stride, "max")),
                                max.reshape(max.size(2), max.size(3)), 1e-5);
                        Expect.tensor(avgWhat + " against AvgPool2d", p.observe(avgWhat, c -> c.call("pool2d", X, pool, pad, stride, "avg")),
                                avg.reshape(avg.size(2), avg.size(3)), 1e-5);
                    }
                }),
                check(s, "pool2dChannels pools each channel on its own", "[000] 7.5 Multiple Channels; [002] 7.5", p -> {
                    Tensor X1 = d2l.tensor.Torch.arange(16, DType.FLOAT32).reshape(1, 1, 4, 4);
                    Tensor X = cat(List.of(X1, X1.add(1)), 1);
                    String what = "pool2dChannels(cat(X, X + 1), {3, 3}, padding {1, 1}, stride {2, 2}, \"max\")";
                    Expect.tensor(what,
                            p.observe(what, c -> c.call("pool2dChannels", X, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, "max")),
                            "[[[[5.0, 7.0], [13.0, 15.0]], [[6.0, 8.0], [14.0, 16.0]]]]");
                }),
                check(s, "pool2dChannels agrees with MaxPool2d on a batch", "", p -> {
                    manualSeed(5);
                    Tensor X = randn(2, 3, 6, 5);
                    Tensor expected = new MaxPool2d(3).padding(1).stride(2).forward(X);
                    String what = "pool2dChannels(randn(2, 3, 6, 5), {3, 3}, padding {1, 1}, stride {2, 2}, \"max\")";
                    Expect.tensor(what,
                            p.observe(what, c -> c.call("pool2dChannels", X, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, "max")),
                            expected, 1e-5);
                }));
    }

}
