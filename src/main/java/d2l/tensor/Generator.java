package d2l.tensor;

import java.nio.ByteBuffer;

/**
 * A seedable random number generator that reproduces PyTorch's CPU random numbers, so that
 * {@code Generator.global().manualSeed(0)} followed by a {@code rand}/{@code randn} gives the same
 * values as {@code torch.manual_seed(0)} followed by {@code torch.rand}/{@code torch.randn}. The
 * book's printed outputs can then be checked number for number.
 *
 * <p>The algorithms follow the PyTorch 2.x sources (main branch, 2024-2025; the uniform, normal
 * and bernoulli kernels are the same back to 1.6, except that older releases computed {@code log(1 - u)} in
 * {@code normal_distribution} where newer ones compute {@code log1p(-u)}; as {@code 1 - u} is exact
 * there, that moves at most the last bit of a double):
 * <ul>
 *   <li>{@code aten/src/ATen/core/MT19937RNGEngine.h}: the mt19937 engine, see
 *       {@link MersenneTwister}. Only the low 32 bits of the seed shape the stream.</li>
 *   <li>{@code aten/src/ATen/CPUGeneratorImpl.cpp}: {@code random()} is one engine output,
 *       {@code random64()} is two, the first one in the high half; {@code manual_seed} rebuilds the
 *       engine and forgets the cached Box-Muller sample.</li>
 *   <li>{@code aten/src/ATen/core/DistributionsHelper.h} and {@code TransformationHelper.h}:
 *       {@code uniform_real_distribution} (24 random bits for float, 53 for double),
 *       {@code normal_distribution<double>} (Box-Muller with a cached second sample) and
 *       {@code bernoulli_distribution<double>}.</li>
 *   <li>{@code aten/src/ATen/native/cpu/DistributionTemplates.h}: the {@code uniform_},
 *       {@code normal_} (including the vectorised {@code normal_fill} for 16 or more elements) and
 *       scalar {@code bernoulli_} kernels.</li>
 *   <li>{@code aten/src/ATen/native/TensorFactories.cpp}: {@code randperm_cpu}.</li>
 * </ul>
 *
 * <p>The numbers are those of PyTorch's Linux x86-64 wheels on a CPU with AVX2, checked bit for
 * bit against torch 2.13 in {@code GeneratorTest}. There, every {@code x * (to - from) + from} and
 * {@code x * std + mean} is one fused multiply-add ({@link Math#fma}, one rounding), because GCC
 * compiles the kernels with FMA enabled and fuses a multiply into the add that uses it. Other
 * builds can differ in the last bit of some samples: ARM (Apple silicon) computes large
 * {@code randn}s with the C library's {@code logf}/{@code sinf}/{@code cosf} instead of
 * {@link AvxMathFun}, and compilers that do not fuse round twice. {@link #bernoulli} on Intel
 * CPUs differs, see there. Transcendental functions use
 * {@link StrictMath} or plain float arithmetic, so a seed gives identical numbers on every JVM.
 * All methods are synchronized, like the generator's mutex in PyTorch.
 */
public final class Generator {

    /**
     * {@code default_rng_seed_val} from {@code c10/core/GeneratorImpl.h}: the seed of a freshly
     * constructed {@code torch.Generator()}.
     */
    public static final long DEFAULT_SEED = 67280421310721L;

    /** Tensors with at least this many elements take the vectorised {@code normal_fill} path. */
    private static final int NORMAL_FILL_MIN_SIZE = 16;

    /** {@code randperm_cpu} switches to a 64-bit algorithm at {@code UINT32_MAX / 20} elements. */
    private static final long RANDPERM_SMALL_N_LIMIT = 0xFFFFFFFFL / 20;

    private static final int FLOAT_RANDOM_BITS = 24; // std::numeric_limits<float>::digits
    private static final int DOUBLE_RANDOM_BITS = 53; // std::numeric_limits<double>::digits
    private static final float FLOAT_UNIT = 0x1.0p-24f;
    private static final double DOUBLE_UNIT = 0x1.0p-53;
    /** {@code _mm256_set1_ps(2.0f * c10::pi<double>)}: 2 pi in double, rounded to float. */
    private static final float TWO_PI = (float) (2.0 * Math.PI);

    private static final Generator GLOBAL = new Generator(DEFAULT_SEED);

    private MersenneTwister engine;
    /** The second Box-Muller sample kept for the next call, {@code next_double_normal_sample_}. */
    private double cachedNormal;
    private boolean hasCachedNormal;

    /**
     * A generator seeded like {@code torch.Generator().manual_seed(seed)}. The seed is taken as
     * the 64 bits of an unsigned number, as PyTorch does for negative Python ints.
     */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /**
     * The generator that {@code rand}, {@code randn}, parameter initialisation, dropout and
     * shuffling use when none is given, like {@code torch.default_generator}. Unlike PyTorch, which
     * seeds its default generator from {@code /dev/urandom}, it starts from {@link #DEFAULT_SEED},
     * so that runs are repeatable even without a {@code manualSeed} call.
     */
    public static Generator global() {
        return GLOBAL;
    }

    /** Reseeds and forgets any cached normal sample, like {@code torch.manual_seed(seed)}. */
    public synchronized void manualSeed(long seed) {
        engine = new MersenneTwister(seed);
        hasCachedNormal = false;
        cachedNormal = 0.0;
    }

    /** Where a generator is in its stream, like {@code torch.get_rng_state()}: give it to {@link #setState} to go back there. */
    public static final class State {
        private final MersenneTwister engine;
        private final double cachedNormal;
        private final boolean hasCachedNormal;

        private State(MersenneTwister engine, double cachedNormal, boolean hasCachedNormal) {
            this.engine = engine;
            this.cachedNormal = cachedNormal;
            this.hasCachedNormal = hasCachedNormal;
        }

        /**
         * The state as bytes, to save with a checkpoint: the engine's seed, counters and 624 words,
         * then the cached normal sample and whether it is valid (big-endian; this project's layout,
         * not {@code torch.get_rng_state()}'s).
         */
        public byte[] toBytes() {
            ByteBuffer out = ByteBuffer.allocate(MersenneTwister.BYTES + 8 + 1);
            engine.writeTo(out);
            out.putDouble(cachedNormal).put((byte) (hasCachedNormal ? 1 : 0));
            return out.array();
        }

        /**
         * The state that {@link #toBytes()} gave.
         *
         * @throws IllegalArgumentException when {@code bytes} is not such a state (its length or counters are wrong)
         */
        public static State fromBytes(byte[] bytes) {
            int expected = MersenneTwister.BYTES + 8 + 1;
            if (bytes.length != expected) {
                throw new IllegalArgumentException("not a saved generator state: " + bytes.length + " bytes, expected " + expected);
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            MersenneTwister engine = MersenneTwister.readFrom(in);
            return new State(engine, in.getDouble(), in.get() != 0);
        }
    }

    /** This generator's state, like {@code torch.get_rng_state()}. */
    public synchronized State getState() {
        return new State(engine.copy(), cachedNormal, hasCachedNormal);
    }

    /** Puts this generator back where {@code state} was taken, like {@code torch.set_rng_state(state)}. */
    public synchronized void setState(State state) {
        engine = state.engine.copy();
        cachedNormal = state.cachedNormal;
        hasCachedNormal = state.hasCachedNormal;
    }

    /**
     * The seed last given, like {@code torch.initial_seed()}; read it with
     * {@link Long#toUnsignedString(long)} if it may exceed {@link Long#MAX_VALUE}.
     */
    public synchronized long initialSeed() {
        return engine.seed();
    }

    /** The next raw 32-bit output, in [0, 2<sup>32</sup>): {@code CPUGeneratorImpl::random()}. */
    public synchronized long random() {
        return Integer.toUnsignedLong(engine.nextInt());
    }

    /**
     * The next 64 raw bits, {@code CPUGeneratorImpl::random64()}: two 32-bit outputs, the first in
     * the high half. The result is an unsigned 64-bit number held in a {@code long}.
     */
    public synchronized long random64() {
        return nextRandom64();
    }

    /**
     * Fills {@code out} with uniform samples from [from, to), as {@code torch.rand} (from = 0,
     * to = 1) and {@code Tensor.uniform_(from, to)} do for a float32 tensor of
     * {@code out.length} elements: each element takes one 32-bit output, keeps its low 24 bits
     * {@code x}, and becomes {@code fma(x * 2^-24, to - from, from)} in float, with from and to
     * rounded to float first. As in PyTorch, rounding can occasionally yield exactly {@code to}
     * (e.g. from = 1, to = 2).
     *
     * @throws TensorException if {@code from > to}
     */
    public synchronized void uniform(float[] out, double from, double to) {
        float lower = (float) from;
        float upper = (float) to;
        if (!(lower <= upper)) {
            throw new TensorException("uniform_ expects to return a [from, to) range, but found from="
                    + from + " > to=" + to);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.fma(nextUniformFloat(), upper - lower, lower);
        }
    }

    /**
     * Fills {@code out} with normal samples, as {@code torch.randn}, {@code torch.normal} and
     * {@code Tensor.normal_(mean, std)} do for a contiguous float32 tensor of {@code out.length}
     * elements. PyTorch uses two algorithms, chosen by size:
     * <ul>
     *   <li>fewer than 16 elements: {@code normal_distribution<double>}, Box-Muller on two 53-bit
     *       uniforms in double precision, one pair per two elements, each sample
     *       {@code fma(r cos(theta), std, mean)} rounded to float; the spare sample
     *       {@code r sin(theta)} is cached in the generator and used by the next call;</li>
     *   <li>16 or more: {@code normal_fill_AVX2}, which first fills the array with 24-bit uniforms
     *       and then turns each block of 16 into normals in float precision (element j and j + 8 of
     *       a block form one Box-Muller pair), with the log, sine and cosine of {@link AvxMathFun}.
     *       When the length is not a multiple of 16, the last 16 elements are refilled with fresh
     *       uniforms and transformed again.</li>
     * </ul>
     *
     * @throws TensorException if {@code std < 0}
     */
    public synchronized void normal(float[] out, double mean, double std) {
        if (!(std >= 0.0)) {
            throw new TensorException("normal expects std >= 0.0, but found std " + std);
        }
        if (out.length >= NORMAL_FILL_MIN_SIZE) {
            normalFill(out, (float) mean, (float) std);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) nextNormal(mean, std);
            }
        }
    }

    /**
     * A random int in [0, bound): one 32-bit output modulo {@code bound}, the draw
     * {@code randperm_cpu} makes for each swap. The modulo makes small numbers more likely by at
     * most {@code bound / 2^32}, which is negligible for shuffling datasets.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public synchronized int randomInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) (Integer.toUnsignedLong(engine.nextInt()) % bound);
    }

    /**
     * Fills {@code out} with a random permutation of 0 .. out.length - 1, exactly as
     * {@code torch.randperm(out.length)} does on the CPU. For n below {@code 2^32 / 20} elements
     * (every practical size) that is a Fisher-Yates shuffle starting from the identity: for each
     * i from 0 to n - 2, swap element i with element {@code i + random() % (n - i)}. Larger n use
     * PyTorch's "inside-out" variant with {@code random64() % (i + 1)}.
     */
    public synchronized void randperm(int[] out) {
        int n = out.length;
        if (n < RANDPERM_SMALL_N_LIMIT) {
            for (int i = 0; i < n; i++) {
                out[i] = i;
            }
            for (int i = 0; i < n - 1; i++) {
                int offset = (int) (Integer.toUnsignedLong(engine.nextInt()) % (n - i));
                int saved = out[i];
                out[i] = out[i + offset];
                out[i + offset] = saved;
            }
        } else {
            for (int i = 0; i < n; i++) {
                int z = (int) Long.remainderUnsigned(nextRandom64(), i + 1L);
                out[i] = out[z];
                out[z] = i;
            }
        }
    }

    /**
     * Fills {@code out} with 1 with probability {@code p} and 0 otherwise, like
     * {@code Tensor.bernoulli_(p)}: each element compares one 53-bit uniform double (two 32-bit
     * outputs) with {@code p}. This is PyTorch's portable kernel ({@code bernoulli_kernel} in
     * {@code DistributionTemplates.h}), used on ARM and AMD CPUs. Builds with MKL running on an
     * Intel CPU instead draw the mask from MKL's own MCG31 stream, seeded by one
     * {@code random()} output ({@code bernoulli_scalar_kernel} in {@code DistributionKernels.cpp});
     * those masks are not reproduced.
     *
     * @throws TensorException if {@code p} is not in [0, 1]
     */
    public synchronized void bernoulli(float[] out, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new TensorException("bernoulli_ expects p to be in [0, 1], but got p=" + p);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = nextUniformDouble() < p ? 1.0f : 0.0f;
        }
    }

    /**
     * The keep-mask of dropout: 1 with probability {@code 1 - dropProbability}, else 0, drawn as
     * PyTorch's {@code _dropout_impl} ({@code Dropout.cpp}) does with
     * {@code noise.bernoulli_(1 - p)}. PyTorch draws no mask at all when p is 0 or 1, so a dropout
     * layer should skip this call in those cases to stay in step with it.
     *
     * @throws TensorException if {@code dropProbability} is not in [0, 1]
     */
    public void dropoutMask(float[] mask, double dropProbability) {
        if (!(dropProbability >= 0.0 && dropProbability <= 1.0)) {
            throw new TensorException("dropout probability has to be between 0 and 1, but got "
                    + dropProbability);
        }
        bernoulli(mask, 1.0 - dropProbability);
    }

    // ---------------------------------------------------------------------------------------------
    // Building blocks; callers hold the lock.

    private long nextRandom64() {
        long high = Integer.toUnsignedLong(engine.nextInt());
        long low = Integer.toUnsignedLong(engine.nextInt());
        return (high << 32) | low;
    }

    /** {@code uniform_real_distribution<float>(0, 1)}: the low 24 bits of one output, times 2^-24. */
    private float nextUniformFloat() {
        return (engine.nextInt() & ((1 << FLOAT_RANDOM_BITS) - 1)) * FLOAT_UNIT;
    }

    /** {@code uniform_real_distribution<double>(0, 1)}: the low 53 bits of random64(), times 2^-53. */
    private double nextUniformDouble() {
        return (nextRandom64() & ((1L << DOUBLE_RANDOM_BITS) - 1)) * DOUBLE_UNIT;
    }

    /** One sample of {@code normal_distribution<double>(mean, std)}, using and refilling the cache. */
    private double nextNormal(double mean, double std) {
        if (hasCachedNormal) {
            hasCachedNormal = false;
            return Math.fma(cachedNormal, std, mean);
        }
        double u1 = nextUniformDouble();
        double u2 = nextUniformDouble();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log1p(-u2));
        double theta = 2.0 * Math.PI * u1;
        cachedNormal = radius * StrictMath.sin(theta);
        hasCachedNormal = true;
        return Math.fma(radius * StrictMath.cos(theta), std, mean);
    }

    /** {@code normal_fill}: uniforms first, then Box-Muller on blocks of 16, tail recomputed. */
    private void normalFill(float[] data, float mean, float std) {
        int size = data.length;
        for (int i = 0; i < size; i++) {
            data[i] = nextUniformFloat();
        }
        for (int start = 0; start < size - 15; start += 16) {
            boxMullerBlockOf16(data, start, mean, std);
        }
        if (size % 16 != 0) {
            int start = size - 16;
            for (int i = 0; i < 16; i++) {
                data[start + i] = nextUniformFloat();
            }
            boxMullerBlockOf16(data, start, mean, std);
        }
    }

    /**
     * {@code normal_fill_16_AVX2}: Box-Muller on element j and j + 8 of a block of uniforms, in
     * float: u1 = 1 - x[j] (so that the log is finite), r = sqrt(-2 log u1), theta = 2 pi x[j + 8],
     * then x[j] = fma(r cos theta, std, mean) and x[j + 8] = fma(r sin theta, std, mean).
     */
    private static void boxMullerBlockOf16(float[] data, int start, float mean, float std) {
        float[] sinCos = new float[2];
        for (int j = start; j < start + 8; j++) {
            float u1 = 1.0f - data[j];
            float radius = (float) Math.sqrt(-2.0f * AvxMathFun.log(u1));
            AvxMathFun.sincos(TWO_PI * data[j + 8], sinCos);
            data[j] = Math.fma(radius * sinCos[1], std, mean);
            data[j + 8] = Math.fma(radius * sinCos[0], std, mean);
        }
    }
}
