import static d2l.tensor.Torch.*;

import d2l.autograd.GradMode;
import d2l.nn.AvgPool2d;
import d2l.nn.Conv2d;
import d2l.nn.Flatten;
import d2l.nn.LazyConv2d;
import d2l.nn.LazyLinear;
import d2l.nn.Linear;
import d2l.nn.MaxPool2d;
import d2l.nn.Module;
import d2l.nn.ReLU;
import d2l.nn.Sequential;
import d2l.nn.Sigmoid;
import d2l.nn.init.Init;
import d2l.tensor.Tensor;
import d2l.workbook.NotImplementedYet;

/**
 * 7.6 Convolutional Neural Networks (LeNet): the book's LeNet-5, its initialisation and layer
 * summary, and the modernised variant of the documents' exercise.
 *
 * <p>Train them on Fashion-MNIST in JShell (needs the data, see the README's "Data"):
 * <pre>{@code
 * jshell> import d2l.data.FashionMNIST; import d2l.train.*;
 * jshell> var data = new FashionMNIST(128)
 * jshell> var net = applyInit(new LeNet(), data.trainBatches(1).iterator().next().images())
 * jshell> new Trainer(10).fit(new Classifier("lenet", net, 0.1), data)
 * }</pre>
 * or with the reference models: {@code ./d2l train lenet} and {@code ./d2l train lenet-modern}.
 *
 * <p>Book: {@code ../shared/book/000_3764b64cbf4f4687.txt}, "7.6 Convolutional Neural Networks
 * (LeNet)"; {@code ../shared/book/002_57cc1b6958d3ea8c.txt}, "7.6 LeNet" with the printed layer
 * summary, and its "Self Exercise" ({@code LeNet2}).
 *
 * <p>Below, [000], [001] and [002] stand for these files of {@code ../shared/book/}.
 *
 * <p>Check it: {@code check("7.6")} in {@code ./d2l jshell}, or run {@code CheckWorkbook.section7_6}
 * in your IDE.
 */
public class Sec7_6 {

    /**
     * The book's {@code init_cnn}: give every {@code Linear} and {@code Conv2d} layer (lazy ones
     * included once they have seen an input) Xavier-uniform weights with
     * {@code Init.xavierUniform_}; leave other modules and the biases alone.
     *
     * <p>Formula: Xavier-uniform draws from {@code U(-a, a)} with
     * {@code a = sqrt(6 / (fan_in + fan_out))}.
     *
     * <p>Book [000], 7.6 {@code init_cnn}.
     */
    public static void initCnn(Module module) {
        if (module instanceof Linear linear) {
            Init.xavierUniform_(linear.weight());
        } else if (module instanceof Conv2d conv) {
            Init.xavierUniform_(conv.weight());
        }
    }

    /**
     * The book's {@code model.apply_init([X], init_cnn)}: run {@code sample} through {@code net}
     * once without recording gradients (so that the lazy layers create their parameters), then
     * apply {@link #initCnn} to every module with {@code net.apply(...)}. Returns {@code net}.
     *
     * <p>Book [000], 7.6 Training LeNet on Fashion-MNIST.
     *
     * <pre>{@code
     * jshell> var net = applyInit(new LeNet(), randn(1, 1, 28, 28))
     * }</pre>
     */
    public static <M extends Module> M applyInit(M net, Tensor sample) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            net.forward(sample);
        }
        net.apply(m -> initCnn(m));
        return net;
    }

    /**
     * LeNet-5 as the book builds it, a {@code Sequential} of: a 5 x 5 convolution to 6 channels
     * with padding 2, sigmoid, 2 x 2 average pooling with stride 2; a 5 x 5 convolution to 16
     * channels, sigmoid, the same pooling; {@code Flatten}; dense layers of 120 and 84 units each
     * followed by a sigmoid; and a dense layer of {@code numClasses} units. Use the lazy layers
     * ({@code LazyConv2d}, {@code LazyLinear}), as the book does.
     *
     * <p>Book [000], 7.6 {@code class LeNet}; [002], 7.6.
     *
     * <pre>{@code
     * jshell> layerSummary(new LeNet(), 1, 1, 28, 28)
     * Conv2d output shape:	 torch.Size([1, 6, 28, 28])
     * Sigmoid output shape:	 torch.Size([1, 6, 28, 28])
     * AvgPool2d output shape:	 torch.Size([1, 6, 14, 14])
     * ...
     * Linear output shape:	 torch.Size([1, 10])
     * }</pre>
     */
    public static class LeNet extends Sequential {

        /** LeNet for the 10 classes of Fashion-MNIST. */
        public LeNet() {
            this(10);
        }

        public LeNet(int numClasses) {
            super(new LazyConv2d(6, 5).padding(2), new Sigmoid(),
                    new AvgPool2d(2).stride(2),
                    new LazyConv2d(16, 5), new Sigmoid(),
                    new AvgPool2d(2).stride(2),
                    new Flatten(),
                    new LazyLinear(120), new Sigmoid(),
                    new LazyLinear(84), new Sigmoid(),
                    new LazyLinear(numClasses));
        }
    }

    /**
     * The book's {@code layer_summary}: run a random input of shape {@code inputShape}
     * ({@code randn}) through the layers of {@code net} one after another, without recording
     * gradients, and after each layer print its name and the shape of its output, as
     * {@code layer.name() + " output shape:\t " + X.shape()}. Use {@code name()} rather than
     * the Java class name: a {@code LazyConv2d} calls itself {@code Conv2d} once it has seen an
     * input, as PyTorch's does. Returns the printed lines, each ending in a newline.
     *
     * <p>Book [000], 7.6 Inspecting the Model; [002], 7.6 (its output shows the tab as spaces).
     *
     * <pre>{@code
     * jshell> layerSummary(new LeNet(), 1, 1, 28, 28)
     * Conv2d output shape:	 torch.Size([1, 6, 28, 28])
     * Sigmoid output shape:	 torch.Size([1, 6, 28, 28])
     * AvgPool2d output shape:	 torch.Size([1, 6, 14, 14])
     * Conv2d output shape:	 torch.Size([1, 16, 10, 10])
     * Sigmoid output shape:	 torch.Size([1, 16, 10, 10])
     * AvgPool2d output shape:	 torch.Size([1, 16, 5, 5])
     * Flatten output shape:	 torch.Size([1, 400])
     * Linear output shape:	 torch.Size([1, 120])
     * Sigmoid output shape:	 torch.Size([1, 120])
     * Linear output shape:	 torch.Size([1, 84])
     * Sigmoid output shape:	 torch.Size([1, 84])
     * Linear output shape:	 torch.Size([1, 10])
     * }</pre>
     */
    public static String layerSummary(Sequential net, int... inputShape) {
        StringBuilder text = new StringBuilder();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor X = randn(inputShape);
            for (Module layer : net.children()) {
                X = layer.forward(X);
                String line = layer.name() + " output shape:\t " + X.shape();
                System.out.println(line);
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * The documents' modernised LeNet ([002] calls it {@code LeNet2}): {@link LeNet} with every
     * sigmoid replaced by {@code ReLU} and the average pooling by 2 x 2 maximum pooling with
     * stride 2. The shapes stay the same; it learns much faster.
     *
     * <p>Book [002], 7.6 "Self Exercise": "Replace average pooling with max-pooling. Replace the
     * softmax layer with ReLU."
     *
     * <pre>{@code
     * jshell> layerSummary(new LeNet2(), 1, 1, 28, 28)
     * Conv2d output shape:	 torch.Size([1, 6, 28, 28])
     * ReLU output shape:	 torch.Size([1, 6, 28, 28])
     * MaxPool2d output shape:	 torch.Size([1, 6, 14, 14])
     * ...
     * }</pre>
     */
    public static class LeNet2 extends Sequential {

        /** The modern LeNet for the 10 classes of Fashion-MNIST. */
        public LeNet2() {
            this(10);
        }

        public LeNet2(int numClasses) {
            super(new LazyConv2d(6, 5).padding(2), new ReLU(),
                    new MaxPool2d(2).stride(2),
                    new LazyConv2d(16, 5), new ReLU(),
                    new MaxPool2d(2).stride(2),
                    new Flatten(),
                    new LazyLinear(120), new ReLU(),
                    new LazyLinear(84), new ReLU(),
                    new LazyLinear(numClasses));
        }
    }
}
