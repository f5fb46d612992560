package d2l.nn;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.ones;
import static d2l.tensor.Torch.randn;
import static d2l.tensor.Torch.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code Module.state_dict()} and {@code load_state_dict()}: PyTorch's names and order, copying, and
 * its error messages. Reference keys and messages from PyTorch 2.13:
 * <pre>
 * net = nn.Sequential(nn.Conv2d(1, 2, 2), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(8, 2))
 * list(net.state_dict().keys())
 * sd = net.state_dict(); sd["extra"] = torch.zeros(1); del sd["3.bias"]; sd["0.weight"] = torch.zeros(3, 1, 2, 2)
 * net.load_state_dict(sd)  # RuntimeError, message below
 * </pre>
 */
class StateDictTest {

    private static Sequential small() {
        return new Sequential(new Conv2d(1, 2, 2), new BatchNorm2d(2), new Flatten(), new Linear(8, 2));
    }

    @Test
    void namesAndOrderArePyTorchs() {
        assertThat(small().stateDict().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias",
                "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.weight", "3.bias");
    }

    @Test
    void loadingCopiesEveryValueBitForBit() {
        manualSeed(1);
        Sequential trained = small();
        trained.forward(randn(4, 1, 3, 3));
        Sequential fresh = small();

        fresh.loadStateDict(trained.stateDict());

        trained.stateDict().forEach((name, t) ->
                assertThat(fresh.stateDict().get(name).toArray()).as(name).containsExactly(t.toArray()));
        assertThat(fresh.stateDict().get("1.num_batches_tracked").toString()).isEqualTo("tensor(1)");
        assertThat(fresh.parameters()).allMatch(Tensor::requiresGrad);
    }

    @Test
    void theStateDictSharesTheModulesStorage() {
        Linear layer = new Linear(2, 1);

        layer.stateDict().get("bias").fill_(5);

        assertThat(layer.bias().item()).isEqualTo(5f);
    }

    @Test
    void missingUnexpectedAndMisshapenKeysAreAllReportedInPyTorchsWords() {
        Sequential net = small();
        Map<String, Tensor> state = new LinkedHashMap<>(net.stateDict());
        state.put("extra", zeros(1));
        state.remove("3.bias");
        state.put("0.weight", zeros(3, 1, 2, 2));
        Tensor before = net.stateDict().get("0.bias").clone();
        state.put("0.bias", ones(2));

        assertThatThrownBy(() -> net.loadStateDict(state)).isInstanceOf(TensorException.class).hasMessage(
                "Error(s) in loading state_dict for Sequential:\n"
                        + "\tMissing key(s) in state_dict: \"3.bias\". \n"
                        + "\tUnexpected key(s) in state_dict: \"extra\". \n"
                        + "\tsize mismatch for 0.weight: copying a param with shape torch.Size([3, 1, 2, 2]) from checkpoint, "
                        + "the shape in current model is torch.Size([2, 1, 2, 2]).");
        assertThat(net.stateDict().get("0.bias").toArray()).as("nothing copied").containsExactly(before.toArray());
    }

    @Test
    void aLazyLayerMustSeeASampleBeforeItsStateIsSavedOrLoaded() {
        Sequential net = new Sequential(new LazyConv2d(6, 5), new Flatten(), new LazyLinear(10));

        assertThatThrownBy(net::stateDict).isInstanceOf(TensorException.class)
                .hasMessageStartingWith("LazyConv2d at '0': a lazy layer has no weights before its first forward pass: "
                        + "initialise it first by running a sample batch through the model");
        assertThatThrownBy(() -> net.loadStateDict(Map.of())).hasMessageStartingWith("LazyConv2d at '0'");
        net.forward(zeros(1, 1, 28, 28));
        assertThat(net.stateDict()).containsOnlyKeys("0.weight", "0.bias", "2.weight", "2.bias");
    }
}
