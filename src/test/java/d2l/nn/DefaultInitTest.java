package d2l.nn;

import static d2l.tensor.Torch.manualSeed;
import static d2l.tensor.Torch.zeros;
import static org.assertj.core.api.Assertions.assertThat;

import d2l.models.Initializers;
import d2l.models.LeNet;
import d2l.nn.init.Init;
import d2l.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * After {@code manualSeed}, a layer's default parameters are torch 2.13's floats bit for bit
 * (x86-64 wheel), so a network built here starts exactly where the book's PyTorch one does. The
 * expected bits come from
 * <pre>{@code
 * def bits(t, k=None):  # all elements, or the first k and the last k
 *     v = t.detach().contiguous().view(-1).numpy().view(np.int32).tolist()
 *     if k and len(v) > 2 * k: v = v[:k] + v[-k:]
 *     return ', '.join('0x%08x' % (x & 0xffffffff) for x in v)
 * }</pre>
 * and the PyTorch lines above each check.
 */
class DefaultInitTest {

    /** The bits of all of {@code t}'s elements, or of its first and last {@code expected.length / 2}. */
    private static void assertBits(Tensor t, int... expected) {
        float[] values = t.toArray();
        int half = expected.length / 2;
        for (int i = 0; i < expected.length; i++) {
            int index = values.length == expected.length || i < half ? i : values.length - expected.length + i;
            assertThat(String.format("0x%08x", Float.floatToIntBits(values[index])))
                    .as("element %d of %s", index, t.shape())
                    .isEqualTo(String.format("0x%08x", expected[i]));
        }
    }

    @Test
    void conv2dOfOneByTwo() {
        // torch.manual_seed(0); c = nn.Conv2d(1, 1, (1, 2)); bits(c.weight), bits(c.bias)
        // (c.weight prints as [[[[-0.0053, 0.3793]]]])
        manualSeed(0);
        Conv2d conv = new Conv2d(1, 1, new int[] {1, 2});

        assertBits(conv.weight(), 0xbbad7922, 0x3ec2369c);
        assertBits(conv.bias(), 0xbf14fcb1);
    }

    @Test
    void conv2dOfLeNet() {
        // torch.manual_seed(0); c = nn.Conv2d(3, 6, 5); bits(c.weight, 4), bits(c.bias)
        manualSeed(0);
        Conv2d conv = new Conv2d(3, 6, 5);

        assertBits(conv.weight(), 0xba629fd9, 0x3d7db81f, 0xbdc2a2cb, 0xbdae096d, 0xbd3d326b, 0x3d0a8627, 0x3bac8c7e, 0xbdd53dae);
        assertBits(conv.bias(), 0x3dc41f37, 0x3d7eaa43, 0x3deb1010, 0x3d6ef2a6, 0xbd9c184a, 0x3dc55d56);
    }

    @Test
    void linear() {
        // torch.manual_seed(42); l = nn.Linear(84, 10); bits(l.weight, 4), bits(l.bias, 2)
        manualSeed(42);
        Linear linear = new Linear(84, 10);
        assertBits(linear.weight(), 0x3daad70e, 0x3db97832, 0xbcd165c5, 0x3dcd44b6, 0xbd95d662, 0xbc14f16e, 0x3cc0d8d3, 0xbd75154d);
        assertBits(linear.bias(), 0x3d00eb93, 0xbdda2fd3, 0x3d5215a1, 0x3dccdcd5);

        // torch.manual_seed(1); l = nn.LazyLinear(10); l(torch.zeros(2, 84)); bits(l.weight, 2), bits(l.bias, 2)
        manualSeed(1);
        LazyLinear lazy = new LazyLinear(10);
        lazy.forward(zeros(2, 84));
        assertBits(lazy.weight(), 0x3d6646c2, 0xbd4541a7, 0xbcd11fce, 0x3dad4b62);
        assertBits(lazy.bias(), 0x3d415571, 0xbd5ef798, 0xbcb74fc2, 0x3d8f9fb2);
    }

    @Test
    void batchNormDrawsNoRandomNumbers() {
        // torch.manual_seed(0); net = nn.Sequential(nn.Conv2d(1, 6, 5), nn.BatchNorm2d(6), nn.Linear(84, 10))
        // bits(net[2].weight, 4): the Linear starts where it would without the BatchNorm2d, whose
        // weight is ones and bias zeros
        manualSeed(0);
        new Conv2d(1, 6, 5);
        BatchNorm2d norm = new BatchNorm2d(6);
        Linear linear = new Linear(84, 10);

        assertBits(norm.weight(), 0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000);
        assertBits(norm.bias(), 0, 0, 0, 0, 0, 0);
        assertBits(linear.weight(), 0x3d8b6326, 0xbdaedb12, 0xbcbcf67d, 0xbd3535ba, 0x3ca7812e, 0xbd0fb585, 0x3d975a8a, 0x3bc35f1b);
    }

    @Test
    void xavierUniform() {
        // torch.manual_seed(0); w = torch.empty(16, 6, 5, 5); nn.init.xavier_uniform_(w); bits(w, 4)
        manualSeed(0);
        Tensor w = Init.xavierUniform_(zeros(16, 6, 5, 5));

        assertBits(w, 0xba4cfd4f, 0x3d657f67, 0xbdb00e07, 0xbd9d6c17, 0x3dce5faf, 0x3d502f70, 0xbd7fe44d, 0xbd9c1da2);
    }

    @Test
    void theBooksLeNetWithInitCnn() {
        // torch.manual_seed(0)
        // net = nn.Sequential(nn.LazyConv2d(6, 5, padding=2), nn.Sigmoid(), nn.AvgPool2d(2, 2),
        //     nn.LazyConv2d(16, 5), nn.Sigmoid(), nn.AvgPool2d(2, 2), nn.Flatten(),
        //     nn.LazyLinear(120), nn.Sigmoid(), nn.LazyLinear(84), nn.Sigmoid(), nn.LazyLinear(10))
        // net(torch.zeros(1, 1, 28, 28)); net.apply(init_cnn)  # the book's model.apply_init([X], init_cnn)
        // for i in [0, 3, 7, 9, 11]: bits(net[i].weight, 2), bits(net[i].bias, 2)
        manualSeed(0);
        Sequential net = Initializers.applyInit(LeNet.classic(10), zeros(1, 1, 28, 28), Initializers::initCnn);

        int[][] weights = {
            {0xbcfceefa, 0x3d76ca1a, 0xbe347bc2, 0xbd2b043a}, {0xbc6cda1e, 0xbbb00e95, 0x3d3921f5, 0xbb0938bb},
            {0x3bb6335b, 0xbdbe5dff, 0x3d8aef86, 0x3d88c995}, {0x3e1f106a, 0xbcc0bbd8, 0xbe2f028c, 0x3d2b2f4a},
            {0xbdde6b29, 0xbdd8af8b, 0xbc9d9734, 0x3e7708f0}};
        int[][] biases = {
            {0xbe3fa99a, 0xbe2cda57, 0x3ddd7253, 0xbe458402}, {0xbda5bbaa, 0xbc49624a, 0x3cc299b4, 0xbb36c4d9},
            {0xbc141fa7, 0x3d23e465, 0x3bc9b25a, 0x3d48c937}, {0xbd916335, 0xbc5ccb99, 0x3dab107d, 0xbd731cb8},
            {0xbd13d234, 0xbd885854, 0xb91f5709, 0x3dc00bc7}};
        int[] layers = {0, 3, 7, 9, 11};
        for (int k = 0; k < layers.length; k++) {
            Module layer = net.get(layers[k]);
            Tensor weight = layer instanceof Conv2d conv ? conv.weight() : ((Linear) layer).weight();
            Tensor bias = layer instanceof Conv2d conv ? conv.bias() : ((Linear) layer).bias();
            assertBits(weight, weights[k]);
            assertBits(bias, biases[k]);
        }
    }
}
