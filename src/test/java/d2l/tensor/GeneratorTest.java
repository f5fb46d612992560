package d2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks {@link Generator} against PyTorch's floats bit for bit, against numbers as PyTorch prints
 * them (4 decimals, hence the 5e-5 tolerance), against the mt19937 reference, and for the
 * statistical sanity of its output.
 */
class GeneratorTest {

    private static final Offset<Float> PRINTED = within(5e-5f);

    private static float[] rand(Generator generator, int n) {
        float[] out = new float[n];
        generator.uniform(out, 0.0, 1.0);
        return out;
    }

    private static float[] randn(Generator generator, int n) {
        float[] out = new float[n];
        generator.normal(out, 0.0, 1.0);
        return out;
    }

    // ---- the engine -----------------------------------------------------------------------------

    @Test
    void mersenneTwisterPassesTheStandardCheck() {
        // The C++ standard's check for std::mt19937: the 10000th output from seed 5489.
        MersenneTwister engine = new MersenneTwister(5489);
        int output = 0;
        for (int i = 0; i < 10_000; i++) {
            output = engine.nextInt();
        }
        assertThat(Integer.toUnsignedLong(output)).isEqualTo(4123659995L);
    }

    @Test
    void firstRawOutputAfterSeedZeroMatchesPyTorch() {
        assertThat(new Generator(0).random()).isEqualTo(2357136044L);
    }

    @Test
    void random64PutsTheFirstOutputInTheHighHalf() {
        Generator pairs = new Generator(7);
        long high = pairs.random();
        long low = pairs.random();
        assertThat(new Generator(7).random64()).isEqualTo((high << 32) | low);
    }

    @Test
    void onlyTheLow32BitsOfTheSeedShapeTheStream() {
        Generator wide = new Generator((1L << 32) + 5);
        Generator narrow = new Generator(5);
        assertThat(rand(wide, 8)).containsExactly(rand(narrow, 8));
        assertThat(wide.initialSeed()).isEqualTo((1L << 32) + 5);
    }

    // ---- values printed by PyTorch --------------------------------------------------------------

    @Test
    void randMatchesPyTorch() {
        // torch.manual_seed(0); torch.rand(10)
        assertThat(rand(new Generator(0), 10)).containsExactly(new float[] {
                0.4963f, 0.7682f, 0.0885f, 0.1320f, 0.3074f, 0.6341f, 0.4901f, 0.8964f, 0.4556f, 0.6323f},
                PRINTED);
        // torch.manual_seed(42); torch.rand(5)
        assertThat(rand(new Generator(42), 5)).containsExactly(new float[] {
                0.8823f, 0.9150f, 0.3829f, 0.9593f, 0.3904f}, PRINTED);
    }

    @Test
    void randnOfFewerThan16ElementsMatchesPyTorch() {
        // torch.manual_seed(0); torch.randn(2, 3)
        assertThat(randn(new Generator(0), 6)).containsExactly(new float[] {
                1.5410f, -0.2934f, -2.1788f, 0.5684f, -1.0845f, -1.3986f}, PRINTED);
        // torch.manual_seed(42); torch.randn(5)
        assertThat(randn(new Generator(42), 5)).containsExactly(new float[] {
                0.3367f, 0.1288f, 0.2345f, 0.2303f, -1.1229f}, PRINTED);
    }

    @Test
    void randnOf16OrMoreElementsMatchesPyTorch() {
        // torch.manual_seed(0); torch.randn(4, 4)
        float[] first16 = {
                -1.1258f, -1.1524f, -0.2506f, -0.4339f, 0.8487f, 0.6920f, -0.3160f, -2.1152f,
                0.3223f, -1.2633f, 0.3500f, 0.3081f, 0.1198f, 1.2377f, 1.1168f, -0.2473f};
        assertThat(randn(new Generator(0), 16)).containsExactly(first16, PRINTED);

        // torch.manual_seed(0); torch.randn(2, 16): the first block again, then the next one.
        float[] second16 = {
                -1.3527f, -1.6959f, 0.5667f, 0.7935f, 0.5988f, -1.5551f, -0.3414f, 1.8530f,
                0.7502f, -0.5855f, -0.1734f, 0.1835f, 1.3894f, 1.5863f, 0.9463f, -0.8437f};
        float[] both = Arrays.copyOf(first16, 32);
        System.arraycopy(second16, 0, both, 16, 16);
        assertThat(randn(new Generator(0), 32)).containsExactly(both, PRINTED);
    }

    @Test
    void randnWithATailRecomputesTheLast16LikePyTorch() {
        // torch.manual_seed(0); torch.randn(4, 5): 20 elements, so elements 4..19 are redrawn.
        assertThat(randn(new Generator(0), 20)).containsExactly(new float[] {
                -1.1258f, -1.1524f, -0.2506f, -0.4339f, 0.5988f,
                -1.5551f, -0.3414f, 1.8530f, 0.4681f, -0.1577f,
                1.4437f, 0.2660f, 1.3894f, 1.5863f, 0.9463f,
                -0.8437f, 0.9318f, 1.2590f, 2.0050f, 0.0537f}, PRINTED);
    }

    // ---- PyTorch's floats, bit for bit --------------------------------------------------------

    /**
     * {@code normal_} and {@code uniform_} give torch 2.13's exact floats (x86-64 wheel): the bits
     * of the first and last element and the CRC-32 of all of them, for both normal paths (below 16
     * elements, at 16, with a tail of 1, a long tail) and several ranges. Made by:
     * <pre>{@code
     * torch.manual_seed(seed); t = torch.empty(n)
     * t.normal_(a, b)  # or t.uniform_(a, b)
     * v = t.numpy().view(np.uint32)
     * print('%08x, %08x, %08x' % (v[0], v[-1], zlib.crc32(t.numpy().astype('>f4').tobytes())))
     * }</pre>
     */
    @ParameterizedTest(name = "{0}_ with seed {1}, {2} elements, ({3}, {4})")
    @CsvSource({
            "normal, 0, 1, 0.0, 1.0, 3fc53f5c, 3fc53f5c, 246b54a3",
            "normal, 0, 2, 0.0, 1.0, 3fc53f5c, be963c50, b38e6cc6",
            "normal, 0, 15, 0.0, 1.0, 3fc53f5c, bf891cab, 76a7e2af",
            "normal, 0, 16, 0.0, 1.0, bf901b85, be7d367c, d306b207",
            "normal, 0, 17, 0.0, 1.0, bf901b85, 3f6e8c30, 6930e709",
            "normal, 0, 100, 0.0, 1.0, bf901b85, 3e6e8222, e21765f4",
            "normal, 0, 1000, 0.0, 1.0, bf901b85, bf160f60, 652877dc",
            "normal, 42, 1, 0.0, 1.0, 3eac62ae, 3eac62ae, 87777340",
            "normal, 42, 2, 0.0, 1.0, 3eac62ae, 3e03e69d, 6b6d22c2",
            "normal, 42, 15, 0.0, 1.0, 3eac62ae, bf7d2c7a, 03a4fad4",
            "normal, 42, 16, 0.0, 1.0, 3ff6a529, 3f432f9f, 96b4575a",
            "normal, 42, 17, 0.0, 1.0, 3ff6a529, be9e9482, 238d9615",
            "normal, 42, 100, 0.0, 1.0, 3ff6a529, 3f1e061c, 1d4b1570",
            "normal, 42, 1000, 0.0, 1.0, 3ff6a529, bf5a7bfd, 0ebe6135",
            "normal, 1, 1, 2.0, 3.0, 407efac8, 407efac8, 9fd381ce",
            "normal, 1, 2, 2.0, 3.0, 407efac8, 40333fda, 1e653d95",
            "normal, 1, 15, 2.0, 3.0, 407efac8, 40511a8f, bdedfd04",
            "normal, 1, 16, 2.0, 3.0, c024ea17, 4059c938, 99bab3f7",
            "normal, 1, 17, 2.0, 3.0, c024ea17, beca674e, c0dbbefb",
            "normal, 1, 100, 2.0, 3.0, c024ea17, bf1f6f22, ee64ad8e",
            "normal, 1, 1000, 2.0, 3.0, c024ea17, 400b94b3, de72d1ba",
            "normal, 7, 100003, 2.0, 3.0, beebba04, 40835a9e, b42f96e4",
            "normal, 3, 50, 0.5, 0.01, 3eff9b8a, 3f02ed7a, 32f15840",
            "normal, 3, 5, 0.5, 0.01, 3f020e6f, 3f001e44, 82095ba6",
            "uniform, 0, 1, 0.0, 1.0, 3efe1558, 3efe1558, dcef3186",
            "uniform, 0, 17, 0.0, 1.0, 3efe1558, 3f329a58, 583fae84",
            "uniform, 0, 1000, 0.0, 1.0, 3efe1558, 3ecec730, 7d1b66db",
            "uniform, 42, 1, 0.0, 1.0, 3f61dc66, 3f61dc66, 4945d882",
            "uniform, 42, 17, 0.0, 1.0, 3f61dc66, 3f62ac63, c5155b26",
            "uniform, 42, 1000, 0.0, 1.0, 3f61dc66, 3cf2f340, 90b6cd8a",
            "uniform, 1, 2, -0.7071067811865476, 0.7071067811865476, 3eba8b92, be9fcbc6, ff3ab1c7",
            "uniform, 1, 16, -0.7071067811865476, 0.7071067811865476, 3eba8b92, bd825f9e, 62b1982c",
            "uniform, 1, 1000, -0.7071067811865476, 0.7071067811865476, 3eba8b92, 3e9e472f, 2ee3245f",
            "uniform, 5, 100, 1.0, 2.0, 3fea45b2, 3fe9f75e, 4d018b7b",
            "uniform, 5, 100, -3.0, 0.25, be9a75fc, be9e7040, ad76d784"
    })
    void samplesArePyTorchsFloatsBitForBit(String op, long seed, int n, double a, double b, String first, String last,
            String crc32) {
        float[] out = new float[n];
        if (op.equals("normal")) {
            new Generator(seed).normal(out, a, b);
        } else {
            new Generator(seed).uniform(out, a, b);
        }
        assertThat(String.format("%08x", Float.floatToIntBits(out[0]))).isEqualTo(first);
        assertThat(String.format("%08x", Float.floatToIntBits(out[n - 1]))).isEqualTo(last);
        ByteBuffer bigEndian = ByteBuffer.allocate(4 * n);
        bigEndian.asFloatBuffer().put(out);
        CRC32 crc = new CRC32();
        crc.update(bigEndian);
        assertThat(String.format("%08x", crc.getValue())).isEqualTo(crc32);
    }

    @Test
    void randpermAndRandomIntMatchPyTorch() {
        // torch.manual_seed(0); torch.randperm(10).tolist()
        int[] permutation = new int[10];
        new Generator(0).randperm(permutation);
        assertThat(permutation).containsExactly(4, 1, 7, 5, 3, 9, 0, 8, 6, 2);
        // torch.manual_seed(0); torch.randint(0, 10, (10,)).tolist(): random() % 10 each
        Generator generator = new Generator(0);
        int[] digits = new int[10];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = generator.randomInt(10);
        }
        assertThat(digits).containsExactly(4, 9, 3, 0, 3, 9, 7, 3, 7, 3);
    }

    // ---- behaviour taken from the PyTorch sources -----------------------------------------------

    @Test
    void theSpareBoxMullerSampleCarriesOverToTheNextCall() {
        Generator split = new Generator(0);
        float[] firstThree = randn(split, 3);
        float[] nextThree = randn(split, 3);
        float[] together = randn(new Generator(0), 6);
        assertThat(firstThree).containsExactly(Arrays.copyOfRange(together, 0, 3));
        assertThat(nextThree).containsExactly(Arrays.copyOfRange(together, 3, 6));
    }

    @Test
    void manualSeedForgetsTheSpareSample() {
        Generator generator = new Generator(0);
        float[] first = randn(generator, 1); // leaves the sine half cached
        generator.manualSeed(0);
        assertThat(randn(generator, 1)).containsExactly(first);
    }

    @Test
    void normalScalesAndShiftsBothPaths() {
        float[] small = new float[6];
        new Generator(0).normal(small, 2.0, 3.0);
        float[] standardSmall = randn(new Generator(0), 6);
        float[] large = new float[40];
        new Generator(0).normal(large, 2.0, 3.0);
        float[] standardLarge = randn(new Generator(0), 40);
        for (int i = 0; i < small.length; i++) {
            assertThat(small[i]).isCloseTo(standardSmall[i] * 3 + 2, within(1e-5f));
        }
        for (int i = 0; i < large.length; i++) {
            assertThat(large[i]).isCloseTo(standardLarge[i] * 3 + 2, within(1e-5f));
        }
    }

    // ---- reproducibility ------------------------------------------------------------------------

    @Test
    void sameSeedGivesIdenticalNumbers() {
        Generator a = new Generator(1234);
        Generator b = new Generator(1234);
        assertThat(rand(a, 100)).containsExactly(rand(b, 100));
        assertThat(randn(a, 7)).containsExactly(randn(b, 7));
        assertThat(randn(a, 1000)).containsExactly(randn(b, 1000));
        int[] permutationA = new int[50];
        int[] permutationB = new int[50];
        a.randperm(permutationA);
        b.randperm(permutationB);
        assertThat(permutationA).containsExactly(permutationB);
        float[] maskA = new float[64];
        float[] maskB = new float[64];
        a.dropoutMask(maskA, 0.5);
        b.dropoutMask(maskB, 0.5);
        assertThat(maskA).containsExactly(maskB);
        assertThat(a.randomInt(1000)).isEqualTo(b.randomInt(1000));
    }

    @Test
    void reseedingRestartsTheStream() {
        Generator generator = new Generator(99);
        float[] first = rand(generator, 20);
        rand(generator, 5);
        generator.manualSeed(99);
        assertThat(rand(generator, 20)).containsExactly(first);
        assertThat(generator.initialSeed()).isEqualTo(99);
    }

    @Test
    void theGlobalGeneratorIsASingleton() {
        assertThat(Generator.global()).isSameAs(Generator.global());
        assertThat(new Generator(Generator.DEFAULT_SEED).initialSeed()).isEqualTo(67280421310721L);
    }

    // ---- statistics and ranges ------------------------------------------------------------------

    @Test
    void normalFillOf10000HasMeanZeroAndStdOne() {
        float[] samples = randn(new Generator(3), 10_000);
        double mean = 0;
        for (float x : samples) {
            mean += x;
        }
        mean /= samples.length;
        double variance = 0;
        for (float x : samples) {
            variance += (x - mean) * (x - mean);
        }
        double std = Math.sqrt(variance / (samples.length - 1));
        assertThat(mean).isCloseTo(0.0, within(0.05));
        assertThat(std).isCloseTo(1.0, within(0.05));
    }

    @Test
    void uniformStaysInsideFromTo() {
        float[] samples = new float[10_000];
        new Generator(5).uniform(samples, -1.0, 1.0);
        double mean = 0;
        for (float x : samples) {
            assertThat(x).isGreaterThanOrEqualTo(-1.0f).isLessThan(1.0f);
            mean += x;
        }
        assertThat(mean / samples.length).isCloseTo(0.0, within(0.05));

        float[] unit = rand(new Generator(6), 10_000);
        for (float x : unit) {
            assertThat(x).isGreaterThanOrEqualTo(0.0f).isLessThan(1.0f);
        }
    }

    @Test
    void randpermIsAPermutation() {
        int[] permutation = new int[1000];
        new Generator(8).randperm(permutation);
        int[] sorted = permutation.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(permutation).isNotEqualTo(sorted);

        int[] empty = new int[0];
        new Generator(8).randperm(empty);
        int[] single = new int[1];
        new Generator(8).randperm(single);
        assertThat(single).containsExactly(0);
    }

    @Test
    void randomIntStaysBelowItsBound() {
        Generator generator = new Generator(9);
        boolean[] seen = new boolean[10];
        for (int i = 0; i < 1000; i++) {
            int value = generator.randomInt(10);
            assertThat(value).isBetween(0, 9);
            seen[value] = true;
        }
        for (boolean digitSeen : seen) {
            assertThat(digitSeen).isTrue();
        }
    }

    @Test
    void bernoulliGivesOnesWithProbabilityP() {
        Generator generator = new Generator(10);
        float[] mask = new float[10_000];
        generator.bernoulli(mask, 0.3);
        assertThat(fractionOfOnes(mask)).isCloseTo(0.3, within(0.02));

        generator.dropoutMask(mask, 0.3); // keeps 70 %
        assertThat(fractionOfOnes(mask)).isCloseTo(0.7, within(0.02));

        generator.bernoulli(mask, 0.0);
        assertThat(fractionOfOnes(mask)).isZero();
        generator.bernoulli(mask, 1.0);
        assertThat(fractionOfOnes(mask)).isEqualTo(1.0);
    }

    private static double fractionOfOnes(float[] mask) {
        int ones = 0;
        for (float m : mask) {
            assertThat(m).isIn(0.0f, 1.0f);
            ones += (int) m;
        }
        return (double) ones / mask.length;
    }

    @Test
    void invalidArgumentsAreRejectedLikePyTorch() {
        Generator generator = new Generator(0);
        float[] out = new float[4];
        assertThatThrownBy(() -> generator.uniform(out, 1.0, 0.0))
                .isInstanceOf(TensorException.class).hasMessageContaining("from=1.0 > to=0.0");
        assertThatThrownBy(() -> generator.normal(out, 0.0, -1.0))
                .isInstanceOf(TensorException.class).hasMessageContaining("std >= 0.0");
        assertThatThrownBy(() -> generator.bernoulli(out, 1.5))
                .isInstanceOf(TensorException.class).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> generator.dropoutMask(out, -0.1))
                .isInstanceOf(TensorException.class).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> generator.randomInt(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
