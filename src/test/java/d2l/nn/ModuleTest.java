package d2l.nn;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.models.Initializers;
import d2l.models.LeNet;
import d2l.models.ResNet;
import d2l.nn.functional.F;
import d2l.optim.SGD;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code nn.Module} and {@code nn.Sequential}: dotted parameter names, parameter counts, train/eval,
 * {@code apply}, {@code zero_grad} and the printed module tree.
 */
class ModuleTest {

    @BeforeEach
    void seed() {
        manualSeed(0);
    }

    private static int countParameters(Module net) {
        int total = 0;
        for (Tensor p : net.parameters()) {
            total += p.numel();
        }
        return total;
    }

    private static List<Module> allModules(Module net) {
        List<Module> modules = new ArrayList<>();
        net.apply(modules::add);
        return modules;
    }

    /** LeNet with its lazy layers initialised by one (1, 1, 28, 28) input. */
    private static Sequential initialisedLeNet() {
        return Initializers.applyInit(LeNet.classic(10), randn(1, 1, 28, 28), Initializers::initCnn);
    }

    /** ResNet-18 initialised on a small input (the names and counts do not depend on the image size); built once. */
    private static Sequential resNet18;

    @BeforeAll
    static void buildResNet18() {
        manualSeed(0);
        resNet18 = Initializers.applyInit(ResNet.resnet18(10), randn(2, 1, 32, 32), Initializers::initCnn);
    }

    // ------------------------------------------------------------------ names and counts

    @Test
    void resNet18ParameterNamesAreDotted() {
        Map<String, Tensor> named = resNet18.namedParameters();

        assertThat(named).containsKeys("0.0.weight", "0.0.bias", "0.1.weight", "0.1.bias",
                "b2.0.conv1.weight", "b2.0.conv1.bias", "b2.1.bn2.bias",
                "b3.0.conv3.weight", "b5.1.conv2.weight", "last.2.weight", "last.2.bias");
        assertThat(named).doesNotContainKey("b2.0.conv3.weight");
        assertThat(new ArrayList<>(named.keySet()).subList(4, 14)).as("registration order inside a block")
                .containsExactly("b2.0.conv1.weight", "b2.0.conv1.bias", "b2.0.conv2.weight", "b2.0.conv2.bias",
                        "b2.0.bn1.weight", "b2.0.bn1.bias", "b2.0.bn2.weight", "b2.0.bn2.bias",
                        "b2.1.conv1.weight", "b2.1.conv1.bias");
        assertThat(named).hasSize(76);
        assertThat(named.get("b3.0.conv3.weight").shape()).hasToString("torch.Size([128, 64, 1, 1])");
        assertThat(named.get("last.2.weight").shape()).hasToString("torch.Size([10, 512])");
    }

    @Test
    void resNet18BuffersAreDotted() {
        assertThat(resNet18.namedBuffers()).containsKeys("0.1.running_mean", "b2.0.bn1.running_var");
    }

    @Test
    void resNet18ParameterCount() {
        // stem 3,328 + b2 148,224 + b3 525,952 + b4 2,100,480 + b5 8,395,264 + last 5,130
        assertThat(countParameters(resNet18)).isEqualTo(11_178_378);
    }

    @Test
    void leNetParameterCount() {
        // 156 + 2,416 + 48,120 + 10,164 + 850
        assertThat(countParameters(initialisedLeNet())).isEqualTo(61_706);
    }

    @Test
    void lazyNetworkHasNoParametersBeforeItsFirstInput() {
        assertThat(LeNet.classic(10).parameters()).isEmpty();
    }

    @Test
    void anOptimizerMadeBeforeALazyLayersFirstForwardTrainsItToo() {
        Sequential net = new Sequential(new Linear(4, 3), new ReLU(), new LazyLinear(2));
        List<Tensor> parameters = net.parameters();
        SGD optimizer = new SGD(parameters, 0.1);
        assertThat(parameters).hasSize(2);

        Tensor loss = net.forward(randn(5, 4)).sum();
        float[] lazyWeight = net.namedParameters().get("2.weight").toArray();
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();

        assertThat(parameters).hasSize(4).containsExactlyElementsOf(net.namedParameters().values());
        assertThat(net.namedParameters().get("2.weight").toArray()).isNotEqualTo(lazyWeight);
    }

    @Test
    void sharedLayerIsCountedOnce() {
        Linear shared = new Linear(4, 4);
        Sequential net = new Sequential(shared, new ReLU(), shared);

        assertThat(net.namedParameters()).containsOnlyKeys("0.weight", "0.bias");
    }

    // ------------------------------------------------------------------ modes, apply, zero_grad

    @Test
    void trainAndEvalReachEverySubmodule() {
        Sequential net = resNet18;

        net.eval();
        assertThat(allModules(net)).allSatisfy(m -> assertThat(m.isTraining()).as("%s", m.name()).isFalse());

        net.train();
        assertThat(allModules(net)).allSatisfy(m -> assertThat(m.isTraining()).as("%s", m.name()).isTrue());
    }

    @Test
    void evalSwitchesDropoutOffInsideANetwork() {
        Sequential net = new Sequential(new Sequential(new Dropout(0.5)));
        Tensor x = randn(100);

        net.eval();
        assertThat(net.forward(x).equal(x)).isTrue();
        net.train();
        assertThat(net.forward(x).equal(x)).isFalse();
    }

    @Test
    void applyVisitsChildrenBeforeTheirParent() {
        Sequential inner = new Sequential(new ReLU(), new Sigmoid());
        Sequential outer = new Sequential(inner, new Tanh());
        List<String> visited = new ArrayList<>();

        Module returned = outer.apply(m -> visited.add(m == outer ? "outer" : m == inner ? "inner" : m.name()));

        assertThat(visited).containsExactly("ReLU", "Sigmoid", "inner", "Tanh", "outer");
        assertThat(returned).isSameAs(outer);
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Sequential net = initialisedLeNet();
        Tensor loss = F.crossEntropy(net.forward(randn(2, 1, 28, 28)), tensor(new int[] {3, 7}));
        loss.backward();
        assertThat(net.parameters()).allSatisfy(p -> assertThat(p.grad()).isNotNull());

        net.zeroGrad();

        assertThat(net.parameters()).allSatisfy(p -> assertThat(p.grad()).isNull());
    }

    @Test
    void gradientsAccumulateUntilCleared() {
        Linear layer = new Linear(2, 1);
        Tensor x = tensor(new float[][] {{1, 2}});

        layer.forward(x).sum().backward();
        layer.forward(x).sum().backward();

        assertThat(layer.weight().grad().equal(tensor(new float[][] {{2, 4}}))).isTrue();
    }

    // ------------------------------------------------------------------ Sequential

    @Test
    void sequentialIndexing() {
        Sequential net = LeNet.classic(10);

        assertThat(net.size()).isEqualTo(12);
        assertThat(net.get(0)).isInstanceOf(LazyConv2d.class);
        assertThat(net.get(-1)).isInstanceOf(LazyLinear.class);
        assertThatThrownBy(() -> net.get(12))
                .isInstanceOf(TensorException.class)
                .hasMessageContaining("index 12 is out of range for a Sequential of 12 layers");
    }

    @Test
    void namedChildrenKeepAddModuleNames() {
        assertThat(ResNet.resnet18(10).namedChildren()).containsOnlyKeys("0", "b2", "b3", "b4", "b5", "last");
    }

    // ------------------------------------------------------------------ printing

    @Test
    void leNetPrintsLikePyTorch() {
        assertThat(initialisedLeNet()).hasToString(String.join("\n",
                "Sequential(",
                "  (0): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))",
                "  (1): Sigmoid()",
                "  (2): AvgPool2d(kernel_size=2, stride=2, padding=0)",
                "  (3): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))",
                "  (4): Sigmoid()",
                "  (5): AvgPool2d(kernel_size=2, stride=2, padding=0)",
                "  (6): Flatten(start_dim=1, end_dim=-1)",
                "  (7): Linear(in_features=400, out_features=120, bias=True)",
                "  (8): Sigmoid()",
                "  (9): Linear(in_features=120, out_features=84, bias=True)",
                "  (10): Sigmoid()",
                "  (11): Linear(in_features=84, out_features=10, bias=True)",
                ")"));
    }

    @Test
    void lazyLeNetPrintsLikePyTorchBeforeItsFirstInput() {
        String repr = LeNet.classic(10).toString();

        assertThat(repr).contains("\n  (0): LazyConv2d(0, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))\n");
        assertThat(repr).contains("\n  (7): LazyLinear(in_features=0, out_features=120, bias=True)\n");
    }

    @Test
    void nestedModulesAreIndented() {
        Sequential net = new Sequential(new Sequential(new Linear(2, 3)), new ReLU());

        assertThat(net).hasToString(String.join("\n",
                "Sequential(",
                "  (0): Sequential(",
                "    (0): Linear(in_features=2, out_features=3, bias=True)",
                "  )",
                "  (1): ReLU()",
                ")"));
    }
}
