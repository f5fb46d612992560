package d2l.train;

import d2l.json.Json;
import d2l.json.JsonParser;
import d2l.nn.Module;
import d2l.nn.SafeTensors;
import d2l.optim.SGD;
import d2l.tensor.Generator;
import d2l.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training checkpoint in two safetensors files. {@code FILE} holds exactly the model's
 * {@link Module#stateDict()} ({@code net.0.weight, ...}), so PyTorch loads it into the book's model
 * with {@code model.load_state_dict(safetensors.torch.load_file(FILE))}; extra optimizer keys there
 * would make that strict load fail. The optimizer's state goes beside it, in
 * {@link #optimizerFile(Path) FILE.optimizer.safetensors}: its momentum buffers as
 * {@code state.INDEX.momentum_buffer} and its {@code param_groups} as JSON in the metadata, PyTorch's
 * {@code optimizer.state_dict()} laid flat. Both files carry the same metadata ({@code epoch}, the
 * run's settings), which is how a resume checks that they belong together. The optimizer file's
 * metadata also holds the global generator's state ({@code rng_state}, base64), so a resumed run
 * draws the same dropout masks as one that kept training.
 */
public final class Checkpoint {

    private static final String STATE = "state.";
    private static final String MOMENTUM_BUFFER = ".momentum_buffer";
    private static final String RNG_STATE = "rng_state";

    private Checkpoint() {}

    /** Where the optimizer's state of the checkpoint {@code file} goes: {@code lenet.safetensors} gives {@code lenet.optimizer.safetensors}. */
    public static Path optimizerFile(Path file) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return file.resolveSibling(stem + ".optimizer.safetensors");
    }

    /** Saves the model's state dict to {@code file} and the optimizer's state beside it, both with {@code metadata}. */
    public static void save(Path file, Module model, SGD optimizer, Map<String, String> metadata) throws IOException {
        Map<String, Object> state = optimizer.stateDict();
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<Integer, Map<String, Tensor>> perParameter = (Map<Integer, Map<String, Tensor>>) state.get("state");
        perParameter.forEach((index, s) -> s.forEach((key, t) -> buffers.put(STATE + index + "." + key, t)));
        Map<String, String> optimizerMetadata = new LinkedHashMap<>(metadata);
        optimizerMetadata.put("param_groups", paramGroupsJson(state.get("param_groups")));
        optimizerMetadata.put(RNG_STATE, Base64.getEncoder().encodeToString(Generator.global().getState().toBytes()));
        SafeTensors.save(buffers, optimizerMetadata, optimizerFile(file));
        SafeTensors.save(model.stateDict(), metadata, file);
    }

    /** The metadata of the checkpoint {@code file} (the run's settings and its {@code epoch}), without loading weights. */
    public static Map<String, String> metadata(Path file) throws IOException {
        return SafeTensors.load(file).metadata();
    }

    /**
     * Restores {@code model} from {@code file}, and {@code optimizer} and the global generator from the
     * file beside it; returns the metadata. A model without optimizer file, or files of different
     * epochs, is an error naming both. (A file saved before the generator's state was kept leaves
     * the generator as it is.)
     */
    public static Map<String, String> load(Path file, Module model, SGD optimizer) throws IOException {
        SafeTensors.Contents weights = SafeTensors.load(file);
        Path optimizerFile = optimizerFile(file);
        if (!optimizerFile.toFile().isFile()) {
            throw new IOException(file + " has no optimizer state beside it (" + optimizerFile + "); a run is resumed "
                    + "from both files that --save writes");
        }
        SafeTensors.Contents saved = SafeTensors.load(optimizerFile);
        String epoch = weights.metadata().get("epoch");
        if (epoch == null || !epoch.equals(saved.metadata().get("epoch"))) {
            throw new IOException(file + " (epoch " + epoch + ") and " + optimizerFile + " (epoch "
                    + saved.metadata().get("epoch") + ") are not from the same save");
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", perParameter(saved.tensors(), optimizerFile));
        String groups = saved.metadata().get("param_groups");
        if (groups == null) {
            throw new IOException(optimizerFile + " has no param_groups in its metadata");
        }
        state.put("param_groups", JsonParser.objects(JsonParser.parse(groups)));
        try {
            model.loadStateDict(weights.tensors());
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        try {
            optimizer.loadStateDict(state);
        } catch (RuntimeException e) {
            throw new IOException(optimizerFile + ": " + e.getMessage(), e);
        }
        String rng = saved.metadata().get(RNG_STATE);
        if (rng != null) {
            try {
                Generator.global().setState(Generator.State.fromBytes(Base64.getDecoder().decode(rng)));
            } catch (IllegalArgumentException e) {
                throw new IOException(optimizerFile + ": its " + RNG_STATE + " is not a generator state: " + e.getMessage(), e);
            }
        }
        return weights.metadata();
    }

    private static Map<Integer, Map<String, Tensor>> perParameter(Map<String, Tensor> tensors, Path file) throws IOException {
        Map<Integer, Map<String, Tensor>> state = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(STATE) || !key.endsWith(MOMENTUM_BUFFER)) {
                throw new IOException(file + ": unexpected key '" + key + "' (expected state.INDEX.momentum_buffer)");
            }
            String index = key.substring(STATE.length(), key.length() - MOMENTUM_BUFFER.length());
            try {
                state.put(Integer.parseInt(index), Map.of(MOMENTUM_BUFFER.substring(1), e.getValue()));
            } catch (NumberFormatException notIndex) {
                throw new IOException(file + ": unexpected key '" + key + "' (expected state.INDEX.momentum_buffer)");
            }
        }
        return state;
    }

    @SuppressWarnings("unchecked")
    private static String paramGroupsJson(Object groups) {
        StringBuilder json = new StringBuilder("[");
        for (Map<String, Object> group : (List<Map<String, Object>>) groups) {
            json.append(json.length() > 1 ? "," : "").append('{');
            String sep = "";
            for (Map.Entry<String, Object> e : group.entrySet()) {
                Object v = e.getValue();
                String value = v instanceof List<?> list ? list.toString().replace(" ", "") : String.valueOf(v);
                json.append(sep).append(Json.string(e.getKey())).append(':').append(value);
                sep = ",";
            }
            json.append('}');
        }
        return json.append(']').toString();
    }
}
