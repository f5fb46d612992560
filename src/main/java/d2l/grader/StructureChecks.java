package d2l.grader;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;

import d2l.models.LeNet;
import d2l.models.ResNeXtBlock;
import d2l.models.ResNet;
import d2l.models.Residual;
import d2l.models.VGG;
import d2l.nn.Module;
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
                                Object net = classes == 10 ? run.section().construct("LeNet") : run.section().construct("LeNet", classes);
                                ModuleStructure.assertSame("new LeNet(" + (classes == 10 ? "" : classes) + ")", module(net),
                                        LeNet.classic(classes), randn(2, 1, 28, 28));
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
                        ModuleStructure.assertSame("vggBlock(" + convs + ", " + channels + ") on a " + shape(in) + " input",
                                module(run.section().call("vggBlock", convs, channels)), VGG.vggBlock(convs, channels), randn(in));
                    }
                    return null;
                }),
                check(Section.S8_2, "VGG has the book's blocks, dense layers and parameter shapes", "002_57cc1b6958d3ea8c.txt, 8.2 class VGG",
                        run -> {
                            manualSeed(2);
                            int[][] arch = {{1, 16}, {1, 32}, {2, 64}};
                            ModuleStructure.assertSame("new VGG({{1, 16}, {1, 32}, {2, 64}}, 7) on (1, 1, 64, 64)",
                                    module(run.section().construct("VGG", arch, 7)), VGG.vgg(arch, 7), randn(1, 1, 64, 64));
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
                        Object blk = project ? run.section().construct("Residual", channels, true, stride)
                                : run.section().construct("Residual", channels);
                        ModuleStructure.assertSame("new Residual(" + channels + (project ? ", true, " + stride : "") + ") on a "
                                + shape(in) + " input", module(blk), new Residual(channels, project, stride), randn(in));
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
                                Object blk = project ? run.section().construct("ResNeXtBlock", channels, groups, botMul, true, stride)
                                        : run.section().construct("ResNeXtBlock", channels, groups, botMul);
                                ModuleStructure.assertSame(made + " on a " + shape(in) + " input", module(blk),
                                        new ResNeXtBlock(channels, groups, botMul, project, stride), randn(in));
                            }
                            return null;
                        }));
    }

    /** The student's class {@code className}, made with no arguments, against {@code reference} on a random input of {@code shape}. */
    private static CodedCheck network(Section section, String name, String source, String className,
                                      java.util.function.Supplier<Module> reference, int... shape) {
        return check(section, name, source, run -> {
            manualSeed(0);
            ModuleStructure.assertSame("new " + className + "()", module(run.section().construct(className)), reference.get(),
                    randn(shape));
            return null;
        });
    }

    private static CodedCheck check(Section section, String name, String source, CodedCheck.Body body) {
        return new CodedCheck(GraderCheck.coded(section, name, CheckKind.STRUCTURE, source), body);
    }

    /** The student's object as a module, or the failure that says what it is instead. */
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
