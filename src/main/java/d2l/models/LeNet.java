package d2l.models;

import d2l.nn.AvgPool2d;
import d2l.nn.Flatten;
import d2l.nn.LazyConv2d;
import d2l.nn.LazyLinear;
import d2l.nn.MaxPool2d;
import d2l.nn.Module;
import d2l.nn.ReLU;
import d2l.nn.Sequential;
import d2l.nn.Sigmoid;

/**
 * LeNet-5 as in section 7.6: two convolution + pooling stages (6 then 16 channels, 5x5 kernels)
 * followed by dense layers of 120, 84 and 10 units. The book's version uses sigmoid and average
 * pooling; {@link #modern} uses ReLU and max pooling, the documents' exercise.
 */
public final class LeNet {

    private LeNet() {}

    /** The book's LeNet: sigmoid activations and average pooling. */
    public static Sequential classic(int numClasses) {
        return build(numClasses, Sigmoid::new, () -> new AvgPool2d(2).stride(2));
    }

    /** LeNet with ReLU and max pooling. */
    public static Sequential modern(int numClasses) {
        return build(numClasses, ReLU::new, () -> new MaxPool2d(2).stride(2));
    }

    private static Sequential build(int numClasses, java.util.function.Supplier<Module> activation,
                                    java.util.function.Supplier<Module> pool) {
        return new Sequential(
                new LazyConv2d(6, 5).padding(2), activation.get(), pool.get(),
                new LazyConv2d(16, 5), activation.get(), pool.get(),
                new Flatten(),
                new LazyLinear(120), activation.get(),
                new LazyLinear(84), activation.get(),
                new LazyLinear(numClasses));
    }
}
