package d2l.train;

import d2l.nn.Module;
import d2l.nn.functional.F;
import d2l.tensor.Tensor;

/**
 * A network trained for classification with its learning rate, as the book's {@code d2l.Classifier}:
 * the loss is the mean cross-entropy of the logits, accuracy is the fraction of arg-max predictions
 * that equal the label.
 */
public class Classifier {

    private final String name;
    private final Module net;
    private final double lr;

    public Classifier(String name, Module net, double lr) {
        this.name = name;
        this.net = net;
        this.lr = lr;
    }

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
