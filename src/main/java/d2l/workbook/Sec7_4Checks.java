package d2l.workbook;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.normal;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.stack;
import static d2l.tensor.Torch.tensor;
import static d2l.workbook.SectionChecks.*;

import d2l.nn.functional.F;
import d2l.tensor.Tensor;
import d2l.workbook.Checks.Check;
import java.util.List;

/** The checks of section 7.4. Sources as in {@link SectionChecks}. */
final class Sec7_4Checks {

    private Sec7_4Checks() {}

    private static final String X_TWO_CHANNELS = "[[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],"
            + " [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]";
    private static final String K_TWO_CHANNELS = "[[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]]";

    static List<Check> all() {
        Section s = Section.S7_4;
        return List.of(
                check(s, "corr2dMultiIn on the book's two-channel example", "[000] 7.4; [002] 7.4", p -> {
                    Tensor X = tensor(X_TWO_CHANNELS);
                    Tensor K = tensor(K_TWO_CHANNELS);
                    Expect.tensor("corr2dMultiIn(X, K)", p.observe("corr2dMultiIn(X, K)", c -> c.call("corr2dMultiIn", X, K)),
                            "[[56.0, 72.0], [104.0, 120.0]]");
                }),
                check(s, "corr2dMultiInOut with K, K + 1 and K + 2", "[000] 7.4; [002] 7.4", p -> {
                    Tensor X = tensor(X_TWO_CHANNELS);
                    Tensor K = tensor(K_TWO_CHANNELS);
                    Tensor K3 = stack(K, K.add(1), K.add(2));
                    Expect.tensor("corr2dMultiInOut(X, stack(K, K + 1, K + 2))",
                            p.observe("corr2dMultiInOut(X, stack(K, K + 1, K + 2))", c -> c.call("corr2dMultiInOut", X, K3)),
                            "[[[56.0, 72.0], [104.0, 120.0]], [[76.0, 100.0], [148.0, 172.0]], [[96.0, 128.0], [192.0, 224.0]]]");
                }),
                check(s, "corr2dMultiInOut agrees with the runtime's convolution", "", p -> {
                    manualSeed(2);
                    Tensor X = randn(3, 5, 6);
                    Tensor K = randn(4, 3, 2, 3);
                    Tensor expected = F.conv2d(X.unsqueeze(0), K, null).squeeze(0);
                    Expect.tensor("corr2dMultiInOut(randn(3, 5, 6), randn(4, 3, 2, 3))",
                            p.observe("corr2dMultiInOut(randn(3, 5, 6), randn(4, 3, 2, 3))", c -> c.call("corr2dMultiInOut", X, K)),
                            expected, 1e-4);
                }),
                check(s, "corr2dMultiInOut1x1 agrees with corr2dMultiInOut (to 1e-6 in total)", "[000] 7.4 1x1 Convolutional Layer",
                        p -> {
                            manualSeed(0);
                            Tensor X = normal(0, 1, 3, 3, 3);
                            Tensor K = normal(0, 1, 2, 3, 1, 1);
                            Tensor Y1 = Expect.shape("corr2dMultiInOut1x1(X, K)",
                                    p.observe("corr2dMultiInOut1x1(X, K)", c -> c.call("corr2dMultiInOut1x1", X, K)), 2, 3, 3);
                            Tensor Y2 = Expect.shape("corr2dMultiInOut(X, K)",
                                    p.observe("corr2dMultiInOut(X, K)", c -> c.call("corr2dMultiInOut", X, K)), 2, 3, 3);
                            double difference = Y1.sub(Y2).abs().sum().item();
                            Expect.isTrue("float(abs(Y1 - Y2).sum()) < 1e-6, got " + difference, difference < 1e-6);
                        }),
                check(s, "corr2dMultiInOut1x1 agrees with a 1 x 1 Conv2d", "", p -> {
                    manualSeed(3);
                    Tensor X = randn(4, 6, 7);
                    Tensor K = randn(5, 4, 1, 1);
                    Tensor expected = F.conv2d(X.unsqueeze(0), K, null).squeeze(0);
                    Expect.tensor("corr2dMultiInOut1x1(randn(4, 6, 7), randn(5, 4, 1, 1))",
                            p.observe("corr2dMultiInOut1x1(randn(4, 6, 7), randn(5, 4, 1, 1))",
                                    c -> c.call("corr2dMultiInOut1x1", X, K)), expected, 1e-4);
                }));
    }

}
