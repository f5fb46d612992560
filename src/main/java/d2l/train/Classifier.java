package d2l.train;

import d2l.nn.Module;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;

/**
 * A network trained for classification with its learning rate, as the book's {@code d2l.Classifier}:
 * the loss is the mean cross-entropy of the logits, accuracy is the fraction of arg-max predictions
 * that equal the label. Like the book's LeNet, VGG and ResNet (subclasses of {@code d2l.Classifier}
 * that hold {@code self.net}), the network is the child module {@code net}, so {@link #stateDict()}
 * names its weights {@code net.0.weight, net.0.bias, ...} and a PyTorch model of the book loads them.
 */
public class Classifier extends Module {

    private final String name;
    private final Module net;
    private final double lr;

    public Classifier(String name, Module net, double lr) {
        this.name = name;
        this.net = registerModule("net", net);
        this.lr = lr;
    }

    @Override
    public String name() {
        return name;
    }

    public Module net() {
        return net;
    }

    public double lr() {
        return lr;
    }

    /** The logits for a batch of images. */
    @Override
    public Tensor forward(Tensor images) {
        return net.forward(images);
    }

    /** Mean cross-entropy of {@code logits} against integer {@code labels}. */
    public Tensor loss(Tensor logits, Tensor labels) {
        return F.crossEntropy(logits, labels);
    }

    /** How many rows of {@code logits} have their largest value at the label's index. */
    public static int correct(Tensor logits, Tensor labels) {
        float[] predicted = logits.argmax(1).values();
        float[] truth = labels.values();
        int count = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == truth[i]) {
                count++;
            }
        }
        return count;
    }
}
