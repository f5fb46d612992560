package d2l.grader;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;

import d2l.models.LeNet;
import d2l.models.ResNeXtBlock;
import d2l.models.ResNet;
import d2l.models.Residual;
import d2l.models.VGG;
import d2l.autograd.GradMode;
import d2l.nn.Module;
import d2l.tensor.Tensor;
import d2l.workbook.ModuleView;
import d2l.workbook.Probe;
import d2l.workbook.Section;
import java.util.List;
import java.util.Random;

/**
 * The structure checks: each of the student's networks against the runtime's model of the book's
 * network ({@code d2l.models}), by {@link ModuleStructure}: layer types in order, parameter names
 * and shapes, parameter counts and output shapes. The blocks are built with random sizes (from
 * the rubric's {@code seed}) as well as the book's, so that only the general code passes.
 */
final class StructureChecks {

    private StructureChecks() {}

    static List<CodedCheck> all() {
        return List.of(
                check(Section.S7_6, "LeNet has the book's layers, parameter shapes and parameter count",
                        "000_3764b64cbf4f4687.txt, 7.6 class LeNet", run -> {
                            manualSeed(0);
                            for (int classes : new int[] {10, 3}) {
                                String made = "new LeNet(" + (classes == 10 ? "" : classes) + ")";
                                Tensor x = randn(2, 1, 28, 28);
                                assertSame(run, made, x, LeNet.classic(classes),
                                        c -> classes == 10 ? c.construct("LeNet") : c.construct("LeNet", classes));
                            }
                            return null;
                        }),
                network(Section.S7_6, "LeNet2 has ReLU, max pooling and LeNet's parameter shapes",
                        "002_57cc1b6958d3ea8c.txt, 7.6 Self Exercise", "LeNet2", () -> LeNet.modern(10), 2, 1, 28, 28),
                check(Section.S8_2, "vggBlock has the book's layers for random sizes", "002_57cc1b6958d3ea8c.txt, 8.2 vgg_block", run -> {
                    Random random = new Random(run.integer("seed", 8));
                    manualSeed(run.integer("seed", 8));
                    for (int i = 0; i < 4; i++) {
                        int convs = 1 + random.nextInt(3);
                        int channels = 1 + random.nextInt(24);
                        int[] in = {1 + random.nextInt(2), 1 + random.nextInt(5), 2 + random.nextInt(11), 2 + random.nextInt(11)};
                        assertSame(run, "vggBlock(" + convs + ", " + channels + ") on a " + shape(in) + " input", randn(in),
                                VGG.vggBlock(convs, channels), c -> c.call("vggBlock", convs, channels));
                    }
                    return null;
                }),
                check(Section.S8_2, "VGG has the book's blocks, dense layers and parameter shapes", "002_57cc1b6958d3ea8c.txt, 8.2 class VGG",
                        run -> {
                            manualSeed(2);
                            int[][] arch = {{1, 16}, {1, 32}, {2, 64}};
                            assertSame(run, "new VGG({{1, 16}, {1, 32}, {2, 64}}, 7) on (1, 1, 64, 64)", randn(1, 1, 64, 64),
                                    VGG.vgg(arch, 7), c -> c.construct("VGG", arch, 7));
                            return null;
                        }),
                check(Section.S8_6, "Residual has the book's layers for random sizes", "002_57cc1b6958d3ea8c.txt, 8.6 class Residual", run -> {
                    Random random = new Random(run.integer("seed", 86));
                    manualSeed(run.integer("seed", 86));
                    for (int i = 0; i < 4; i++) {
                        int channels = 1 + random.nextInt(12);
                        boolean project = i % 2 == 1;
                        int stride = project ? 1 + random.nextInt(2) : 1;
                        int[] in = {2, project ? 1 + random.nextInt(6) : channels, 3 + random.nextInt(6), 3 + random.nextInt(6)};
                        assertSame(run, "new Residual(" + channels + (project ? ", true, " + stride : "") + ") on a "
                                + shape(in) + " input", randn(in), new Residual(channels, project, stride),
                                c -> project ? c.construct("Residual", channels, true, stride) : c.construct("Residual", channels));
                    }
                    return null;
                }),
                network(Section.S8_6, "ResNet18 has the book's stages, layers and parameter shapes",
                        "002_57cc1b6958d3ea8c.txt, 8.6 class ResNet18", "ResNet18", () -> ResNet.resnet18(10), 2, 1, 96, 96),
                check(Section.S8_6, "ResNeXtBlock has the book's layers for random sizes", "002_57cc1b6958d3ea8c.txt, 8.6 class ResNeXtBlock",
                        run -> {
                            Random random = new Random(run.integer("seed", 87));
                            manualSeed(run.integer("seed", 87));
                            for (int i = 0; i < 3; i++) {
                                int groups = 1 + random.nextInt(4);
                                int bottleneck = groups * (1 + random.nextInt(4));
                                double botMul = 0.5 * (1 + random.nextInt(2));
                                int channels = (int) Math.round(bottleneck / botMul);
                                boolean project = i > 0;
                                int stride = project ? 1 + random.nextInt(2) : 1;
                                int[] in = {2, project ? 1 + random.nextInt(8) : channels, 4 + random.nextInt(5), 4 + random.nextInt(5)};
                                String made = "new ResNeXtBlock(" + channels + ", " + groups + ", " + botMul
                                        + (project ? ", true, " + stride : "") + ")";
                                assertSame(run, made + " on a " + shape(in) + " input", randn(in),
                                        new ResNeXtBlock(channels, groups, botMul, project, stride),
                                        c -> project ? c.construct("ResNeXtBlock", channels, groups, botMul, true, stride)
                                                : c.construct("ResNeXtBlock", channels, groups, botMul));
                            }
                            return null;
                        }));
    }

    /** The student's class {@code className}, made with no arguments, against {@code reference} on a random input of {@code shape}. */
    private static CodedCheck network(Section section, String name, String source, String className,
                                      java.util.function.Supplier<Module> reference, int... shape) {
        return check(section, name, source, run -> {
            manualSeed(0);
            assertSame(run, "new " + className + "()", randn(shape), reference.get(), c -> c.construct(className));
            return null;
        });
    }

    private static CodedCheck check(Section section, String name, String source, CodedCheck.Body body) {
        return new CodedCheck(GraderCheck.coded(section, name, CheckKind.STRUCTURE, source), body);
    }

    /**
     * Observes the network {@code make} builds in the student's section, run on {@code input} (so its
     * lazy layers have their sizes), and compares it with {@code reference} on the same input.
     */
    private static void assertSame(CodedCheck.Run run, String what, Tensor input, Module reference, Probe.StudentCode make) {
        Object observed = run.probe().observe(what, c -> {
            Object made = make.run(c);
            if (!(made instanceof Module m)) {
                return made;
            }
            Tensor output = GradMode.noGrad(() -> m.forward(input));
            return List.of(ModuleView.of(m, false), output.shape());
        });
        if (observed instanceof List<?> pair && pair.size() == 2) {
            ModuleStructure.assertSame(what, pair.get(0), pair.get(1), reference, input);
        } else {
            ModuleStructure.assertSame(what, observed, null, reference, input);
        }
    }

    /** The student's object as a module, or the failure that says what it is instead (next to the student's code). */
    static Module module(Object o) {
        if (!(o instanceof Module m)) {
            throw new AssertionError("expected a Module, got " + (o == null ? "null" : o.getClass().getName()));
        }
        return m;
    }

    private static String shape(int[] dims) {
        return java.util.Arrays.toString(dims).replace('[', '(').replace(']', ')');
    }
}
