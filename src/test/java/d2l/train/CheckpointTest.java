package d2l.train;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.randn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import d2l.models.LeNet;
import d2l.models.ResNet;
import d2l.models.VGG;
import d2l.nn.BatchNorm2d;
import d2l.nn.Dropout;
import d2l.nn.Flatten;
import d2l.nn.LazyConv2d;
import d2l.nn.LazyLinear;
import d2l.nn.ReLU;
import d2l.nn.SafeTensors;
import d2l.nn.Sequential;
import d2l.optim.SGD;
import d2l.tensor.DType;
import d2l.tensor.Tensor;
import d2l.tensor.Torch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: the book's names, resuming momentum SGD exactly, and files that do not belong together. */
class CheckpointTest {

    @TempDir
    Path dir;

    private record Batch(Tensor images, Tensor labels) {}

    private static Batch batch() {
        return new Batch(randn(8, 1, 6, 6), Tensor.wrap(new float[] {0, 1, 2, 0, 1, 2, 2, 1}, DType.INT64, 8));
    }

    /** A small classifier with every kind of state: conv weights, batch norm statistics, a linear layer. */
    private static Classifier model() {
        Classifier model = new Classifier("small", new Sequential(new LazyConv2d(2, 3), new BatchNorm2d(2), new ReLU(),
                new Flatten(), new LazyLinear(3)), 0.1);
        model.forward(Torch.zeros(2, 1, 6, 6));
        return model;
    }

    private static void step(Classifier model, SGD optimizer, Batch b) {
        optimizer.zeroGrad();
        model.loss(model.forward(b.images()), b.labels()).backward();
        optimizer.step();
    }

    @Test
    void theBooksLeNetIsSavedUnderNet() {
        Classifier lenet = new Classifier("lenet", LeNet.classic(10), 0.1);
        lenet.forward(Torch.zeros(1, 1, 28, 28));

        // list(d2l.LeNet().state_dict().keys()) after a forward pass on a 1 x 1 x 28 x 28 sample
        assertThat(lenet.stateDict().keySet()).containsExactly("net.0.weight", "net.0.bias", "net.3.weight", "net.3.bias",
                "net.7.weight", "net.7.bias", "net.9.weight", "net.9.bias", "net.11.weight", "net.11.bias");
    }

    @Test
    void resNetAndVggAreNamedAsTheBooksModels() {
        Classifier resnet = new Classifier("resnet", ResNet.resnet(new int[][] {{1, 64}, {1, 16}}, 10), 0.01);
        resnet.forward(Torch.zeros(2, 1, 32, 32));
        Classifier vgg = new Classifier("vgg", VGG.vgg(new int[][] {{1, 4}, {2, 8}}, 16, 10), 0.01);
        vgg.forward(Torch.zeros(1, 1, 32, 32));

        // list(model.state_dict().keys()) of the book's ResNet(((1, 64), (1, 16))) and VGG(((1, 4), (2, 8))) in
        // PyTorch 2.13 after a forward pass (the full ResNet-18 and VGG of the book match too: 127 and 22 keys)
        String bn = " .weight .bias .running_mean .running_var .num_batches_tracked";
        String conv = " .weight .bias";
        assertThat(resnet.stateDict().keySet()).containsExactlyElementsOf(keys("net.0.0" + conv, "net.0.1" + bn,
                "net.b2.0.conv1" + conv, "net.b2.0.conv2" + conv, "net.b2.0.bn1" + bn, "net.b2.0.bn2" + bn,
                "net.b3.0.conv1" + conv, "net.b3.0.conv2" + conv, "net.b3.0.conv3" + conv, "net.b3.0.bn1" + bn,
                "net.b3.0.bn2" + bn, "net.last.2" + conv));
        assertThat(vgg.stateDict().keySet()).containsExactlyElementsOf(keys("net.0.0" + conv, "net.1.0" + conv,
                "net.1.2" + conv, "net.3" + conv, "net.6" + conv, "net.9" + conv));
    }

    /** "net.0.0 .weight .bias" gives net.0.0.weight, net.0.0.bias. */
    private static List<String> keys(String... modules) {
        List<String> keys = new ArrayList<>();
        for (String m : modules) {
            String[] parts = m.split(" ");
            for (int i = 1; i < parts.length; i++) {
                keys.add(parts[0] + parts[i]);
            }
        }
        return keys;
    }

    @Test
    void aResumedRunTakesTheSameNextStepAsOneThatKeptTraining() throws IOException {
        assertResumedStepIsTheKeptOne(CheckpointTest::model, 0.9);
    }

    /**
     * Dropout draws its masks from the global generator, so a resumed run continues the generator
     * where the save left it: its next step is the unbroken run's, mask for mask.
     */
    @Test
    void aResumedRunDrawsTheSameDropoutMasksAsOneThatKeptTraining() throws IOException {
        assertResumedStepIsTheKeptOne(CheckpointTest::withDropout, 0);
    }

    /**
     * Trains a model two steps; saves it after the first, loads that into a new model (built after
     * another seed, with another learning rate) and takes the second step there: the weights must
     * be the same bits.
     */
    private void assertResumedStepIsTheKeptOne(Supplier<Classifier> model, double momentum) throws IOException {
        manualSeed(0);
        Batch first = batch();
        Batch second = batch();
        Classifier kept = model.get();
        SGD keptOptimizer = new SGD(kept.net().parameters(), 0.1, momentum, 0);
        step(kept, keptOptimizer, first);
        Path file = dir.resolve("model.safetensors");
        Checkpoint.save(file, kept, keptOptimizer, Map.of("epoch", "1"));
        step(kept, keptOptimizer, second);

        manualSeed(42);
        Classifier resumed = model.get();
        SGD resumedOptimizer = new SGD(resumed.net().parameters(), 0.5);
        Map<String, String> metadata = Checkpoint.load(file, resumed, resumedOptimizer);
        step(resumed, resumedOptimizer, second);

        assertThat(metadata).containsEntry("epoch", "1");
        assertThat(resumed.stateDict().keySet()).containsExactlyElementsOf(kept.stateDict().keySet());
        kept.stateDict().forEach((name, t) ->
                assertThat(resumed.stateDict().get(name).toArray()).as(name).containsExactly(t.toArray()));
    }

    @Test
    void aGeneratorStateThatIsNotOneIsRefusedByName() throws IOException {
        manualSeed(0);
        Classifier model = model();
        SGD optimizer = new SGD(model.net().parameters(), 0.1);
        Path file = dir.resolve("small.safetensors");
        Checkpoint.save(file, model, optimizer, Map.of("epoch", "1"));
        Path optimizerFile = Checkpoint.optimizerFile(file);
        SafeTensors.Contents saved = SafeTensors.load(optimizerFile);
        Map<String, String> metadata = new LinkedHashMap<>(saved.metadata());
        metadata.put("rng_state", Base64.getEncoder().encodeToString(new byte[12]));
        SafeTensors.save(saved.tensors(), metadata, optimizerFile);
        assertThatThrownBy(() -> Checkpoint.load(file, model, optimizer)).isInstanceOf(IOException.class)
                .hasMessageContaining(optimizerFile + ": its rng_state is not a generator state: not a saved generator state: 12 bytes");
    }

    /** A classifier whose output depends on a dropout mask. */
    private static Classifier withDropout() {
        Classifier model = new Classifier("dropout", new Sequential(new Flatten(), new LazyLinear(16), new ReLU(), new Dropout(0.5),
                new LazyLinear(3)), 0.1);
        model.forward(Torch.zeros(2, 1, 6, 6));
        return model;
    }

    @Test
    void theOptimizerStateGoesBesideTheWeightsSoPyTorchLoadsTheWeightsStrictly() throws IOException {
        manualSeed(0);
        Classifier model = model();
        SGD optimizer = new SGD(model.net().parameters(), 0.1, 0.9, 0);
        step(model, optimizer, batch());
        Path file = dir.resolve("small.safetensors");

        Checkpoint.save(file, model, optimizer, Map.of("epoch", "1"));

        assertThat(Checkpoint.optimizerFile(file)).hasFileName("small.optimizer.safetensors");
        assertThat(SafeTensors.load(file).tensors().keySet()).containsExactlyElementsOf(model.stateDict().keySet());
        SafeTensors.Contents state = SafeTensors.load(Checkpoint.optimizerFile(file));
        assertThat(state.tensors()).containsOnlyKeys("state.0.momentum_buffer", "state.1.momentum_buffer",
                "state.2.momentum_buffer", "state.3.momentum_buffer", "state.4.momentum_buffer", "state.5.momentum_buffer");
        assertThat(state.metadata()).containsEntry("param_groups", "[{\"lr\":0.1,\"momentum\":0.9,\"dampening\":0.0,"
                + "\"weight_decay\":0.0,\"nesterov\":false,\"params\":[0,1,2,3,4,5]}]");
    }

    @Test
    void weightsWithoutTheirOptimizerStateOrFromAnotherSaveAreRefused() throws IOException {
        manualSeed(0);
        Classifier model = model();
        SGD optimizer = new SGD(model.net().parameters(), 0.1, 0.9, 0);
        Path file = dir.resolve("a.safetensors");
        Checkpoint.save(file, model, optimizer, Map.of("epoch", "2"));
        Path other = dir.resolve("b.safetensors");
        Checkpoint.save(other, model, optimizer, Map.of("epoch", "3"));

        Files.copy(Checkpoint.optimizerFile(other), Checkpoint.optimizerFile(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> Checkpoint.load(file, model, optimizer)).hasMessage(file + " (epoch 2) and "
                + Checkpoint.optimizerFile(file) + " (epoch 3) are not from the same save");
        Files.delete(Checkpoint.optimizerFile(file));
        assertThatThrownBy(() -> Checkpoint.load(file, model, optimizer)).hasMessageContaining("has no optimizer state beside it");
    }

    @Test
    void weightsOfAnotherModelAreRefusedNamingTheFile() throws IOException {
        manualSeed(0);
        Classifier model = model();
        SGD optimizer = new SGD(model.net().parameters(), 0.1);
        Path file = dir.resolve("a.safetensors");
        Checkpoint.save(file, model, optimizer, Map.of("epoch", "1"));
        Classifier lenet = new Classifier("lenet", LeNet.classic(10), 0.1);
        lenet.forward(Torch.zeros(1, 1, 28, 28));

        assertThatThrownBy(() -> Checkpoint.load(file, lenet, new SGD(lenet.net().parameters(), 0.1)))
                .hasMessageStartingWith(file + ": Error(s) in loading state_dict for lenet:\n\tMissing key(s) in state_dict: "
                        + "\"net.3.weight\"")
                .hasMessageContaining("size mismatch for net.0.weight: copying a param with shape torch.Size([2, 1, 3, 3]) "
                        + "from checkpoint, the shape in current model is torch.Size([6, 1, 5, 5]).");
    }
}
