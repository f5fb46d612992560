package d2l.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Generator} against numbers printed by PyTorch (which shows 4 decimals, hence the
 * 5e-5 tolerance), against the mt19937 reference, and for the statistical sanity of its output.
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
