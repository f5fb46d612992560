package d2l.optim;

import static d2l.tensor.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import d2l.tensor.Torch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optimizer's state, {@code optimizer.state[p]} and {@code optimizer.state_dict()}. PyTorch 2.13 for
 * the layout: after {@code opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)},
 * {@code opt.state[p]} is {@code {}}; after one step {@code opt.state_dict()} has {@code 'state'} keyed
 * 0, 1, ... each with {@code 'momentum_buffer'}, and one param group {@code {'lr': 0.1, 'momentum': 0.9,
 * 'dampening': 0, 'weight_decay': 0, 'nesterov': False, ..., 'params': [0, 1, ...]}}.
 */
class SGDStateTest {

    private static Tensor parameter(float... values) {
        return tensor(values).requiresGrad_();
    }

    /** loss = sum(w^2), gradient 2w, then one step. */
    private static void stepOnSquare(SGD optimizer, Tensor w) {
        optimizer.zeroGrad();
        w.pow(2).sum().backward();
        optimizer.step();
    }

    @Test
    void theStateIsEmptyBeforeTheFirstStepThenHoldsTheMomentumBuffer() {
        Tensor w = parameter(1f, 3f);
        SGD sgd = new SGD(List.of(w), 0.1, 0.9, 0);

        assertThat(sgd.state(w)).isEmpty();
        stepOnSquare(sgd, w);

        assertThat(sgd.state(w)).containsOnlyKeys("momentum_buffer");
        assertThat(sgd.state(w).get("momentum_buffer").toArray()).containsExactly(2f, 6f);
    }

    @Test
    void withoutMomentumTheStateStaysEmpty() {
        Tensor w = parameter(1f);
        SGD sgd = new SGD(List.of(w), 0.1);

        stepOnSquare(sgd, w);

        assertThat(sgd.state(w)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStateDictHasPyTorchsLayout() {
        Tensor w = parameter(1f);
        Tensor unused = parameter(2f);
        SGD sgd = new SGD(List.of(w, unused), 0.1, 0.9, 0);
        stepOnSquare(sgd, w);

        Map<String, Object> dict = sgd.stateDict();

        Map<Integer, Map<String, Tensor>> state = (Map<Integer, Map<String, Tensor>>) dict.get("state");
        assertThat(state).containsOnlyKeys(0);
        assertThat(state.get(0).get("momentum_buffer").item()).isEqualTo(2f);
        assertThat((List<Map<String, Object>>) dict.get("param_groups")).containsExactly(Map.of("lr", 0.1, "momentum", 0.9,
                "dampening", 0.0, "weight_decay", 0.0, "nesterov", false, "params", List.of(0, 1)));
    }

    @Test
    void aRestoredOptimizerTakesTheSameNextStepAsTheOriginal() {
        Tensor original = parameter(1f, -2f);
        SGD sgd = new SGD(List.of(original), 0.1, 0.9, 0);
        stepOnSquare(sgd, original);
        Tensor restored = original.detach().clone().requiresGrad_();
        SGD fresh = new SGD(List.of(restored), 0.5);

        fresh.loadStateDict(sgd.stateDict());
        stepOnSquare(sgd, original);
        stepOnSquare(fresh, restored);

        assertThat(fresh.lr()).isEqualTo(0.1);
        assertThat(fresh.momentum()).isEqualTo(0.9);
        assertThat(restored.toArray()).containsExactly(original.toArray());
        assertThat(fresh.state(restored).get("momentum_buffer").toArray())
                .containsExactly(sgd.state(original).get("momentum_buffer").toArray());
    }

    @Test
    void aStateForOtherParametersIsRefused() {
        Tensor w = parameter(1f, 2f);
        SGD sgd = new SGD(List.of(w), 0.1, 0.9, 0);
        stepOnSquare(sgd, w);
        Map<String, Object> dict = sgd.stateDict();

        assertThatThrownBy(() -> new SGD(List.of(parameter(1f, 2f), parameter(3f)), 0.1).loadStateDict(dict))
                .isInstanceOf(TensorException.class)
                .hasMessage("SGD.loadStateDict: loaded state dict contains a parameter group that doesn't match the size of "
                        + "optimizer's group (1 parameters saved, 2 in this optimizer)");
        assertThatThrownBy(() -> new SGD(List.of(Torch.zeros(3).requiresGrad_()), 0.1).loadStateDict(dict))
                .hasMessage("SGD.loadStateDict: momentum_buffer of parameter 0 has shape torch.Size([2]), the parameter has "
                        + "shape torch.Size([3])");
    }
}
