package d2l.train;

import d2l.models.LeNet;
import d2l.models.ResNet;
import d2l.models.VGG;
import d2l.nn.Module;
import java.util.List;
import java.util.function.Supplier;

/**
 * The networks {@code d2l train} knows, with the book's learning rate and image size for each:
 * LeNet (7.6, lr 0.1, 28x28), LeNet with ReLU and max pooling (the documents' exercise), the narrow
 * VGG of 8.2 (lr 0.01, 224x224) and ResNet-18 of 8.6 (lr 0.01, 96x96).
 */
public enum Models {
    LENET("lenet", 0.1, 28, () -> LeNet.classic(10)),
    LENET_MODERN("lenet-modern", 0.1, 28, () -> LeNet.modern(10)),
    VGG_SMALL("vgg-small", 0.01, 224, () -> VGG.vgg(VGG.small(), 10)),
    RESNET18("resnet18", 0.01, 96, () -> ResNet.resnet18(10));

    private final String cliName;
    private final double lr;
    private final int imageSize;
    private final Supplier<Module> factory;

    Models(String cliName, double lr, int imageSize, Supplier<Module> factory) {
        this.cliName = cliName;
        this.lr = lr;
        this.imageSize = imageSize;
        this.factory = factory;
    }

    public String cliName() {
        return cliName;
    }

    /** The book's learning rate for this network. */
    public double lr() {
        return lr;
    }

    /** The book's input size (images are resized to size x size). */
    public int imageSize() {
        return imageSize;
    }

    /** A fresh, uninitialised network (lazy layers take their sizes from the first batch). */
    public Module create() {
        return factory.get();
    }

    /** The model called {@code name} on the command line. */
    public static Models byName(String name) {
        for (Models m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; choose one of " + names());
    }

    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(Models::cliName).toList();
    }
}
