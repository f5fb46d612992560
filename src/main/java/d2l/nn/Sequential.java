package d2l.nn;

import d2l.autograd.GradMode;
import d2l.tensor.Tensor;
import d2l.tensor.TensorException;
import d2l.tensor.Torch;
import java.util.List;

/**
 * Modules applied one after another, like {@code nn.Sequential}: children are named {@code 0, 1, ...}
 * unless added with a name through {@link #addModule}, as the book's ResNet does with {@code b2} and {@code last}.
 */
public class Sequential extends Module {

    public Sequential(Module... layers) {
        for (Module layer : layers) {
            add(layer);
        }
    }

    public Sequential(List<? extends Module> layers) {
        for (Module layer : layers) {
            add(layer);
        }
    }

    /** Appends a layer named by its position; returns this. */
    public Sequential add(Module layer) {
        registerModule(String.valueOf(children().size()), layer);
        return this;
    }

    /** Appends a layer under a name, like {@code net.add_module('b2', block)}; returns this. */
    public Sequential addModule(String name, Module layer) {
        registerModule(name, layer);
        return this;
    }

    /** The layer at position {@code index}, like {@code net[index]}. */
    public Module get(int index) {
        List<Module> layers = children();
        if (index < 0) {
            index += layers.size();
        }
        if (index < 0 || index >= layers.size()) {
            throw new TensorException("index " + index + " is out of range for a Sequential of "
                    + layers.size() + " layers");
        }
        return layers.get(index);
    }

    /** The number of layers. */
    public int size() {
        return children().size();
    }

    /**
     * Runs a random input of {@code inputShape} through the layers and prints each layer's class and
     * output shape, as the book's {@code layer_summary} does:
     * {@code Conv2d output shape:\t torch.Size([1, 6, 28, 28])}. Returns the printed text.
     */
    public String layerSummary(int... inputShape) {
        StringBuilder text = new StringBuilder();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor x = Torch.randn(inputShape);
            for (Module layer : children()) {
                x = layer.forward(x);
                String line = layer.name() + " output shape:\t " + x.shape();
                System.out.println(line);
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module layer : children()) {
            x = layer.forward(x);
        }
        return x;
    }
}
