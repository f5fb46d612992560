package d2l.models;

import d2l.autograd.GradMode;
import d2l.nn.Conv2d;
import d2l.nn.Linear;
import d2l.nn.Module;
import d2l.nn.init.Init;
import d2l.tensor.Tensor;
import java.util.function.Consumer;

/** The book's initialisation helpers: {@code init_cnn} and {@code Module.apply_init}. */
public final class Initializers {

    private Initializers() {}

    /**
     * Xavier-uniform weights for every Linear and Conv2d layer, the book's {@code init_cnn}. A lazy
     * layer that has not seen an input yet has no weight to fill, and says so (as PyTorch does).
     */
    public static void initCnn(Module module) {
        if (module instanceof Linear linear) {
            Init.xavierUniform_(linear.weight());
        } else if (module instanceof Conv2d conv) {
            Init.xavierUniform_(conv.weight());
        }
    }

    /**
     * Runs {@code sample} through {@code net} once so lazy layers create their parameters, then applies
     * {@code init} to every module, as the book's {@code model.apply_init([X], init_cnn)} (in the current
     * mode, so a network in training mode moves its batch-norm running statistics once). Returns the net.
     */
    public static <M extends Module> M applyInit(M net, Tensor sample, Consumer<Module> init) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            net.forward(sample);
        }
        net.apply(init);
        return net;
    }
}
