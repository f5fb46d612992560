package d2l.tensor;

import java.nio.ByteBuffer;

/**
 * The 32-bit Mersenne Twister (mt19937) exactly as PyTorch's CPU generator runs it, so that a seed
 * gives the same stream of raw numbers here as in {@code torch.manual_seed}.
 *
 * <p>Follows {@code aten/src/ATen/core/MT19937RNGEngine.h} (PyTorch 2.x): the state is seeded with
 * Knuth's multiplier 1812433253 from the <em>low 32 bits</em> of the 64-bit seed (the full seed is
 * only remembered, for {@link #seed()}), and the whole 624-word state is regenerated once every
 * 624 outputs. Its outputs are those of the reference mt19937 and of C++'s {@code std::mt19937}.
 *
 * <p>Java has no unsigned int, so outputs are returned as {@code int} holding the 32 bits; use
 * {@link Integer#toUnsignedLong(int)} to read one as a number in [0, 2<sup>32</sup>).
 * Not thread-safe: {@link Generator} does the locking, as {@code CPUGeneratorImpl} does.
 */
final class MersenneTwister {

    private static final int STATE_SIZE = 624; // MERSENNE_STATE_N
    private static final int SHIFT_SIZE = 397; // MERSENNE_STATE_M
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[STATE_SIZE];
    private final long seed;
    /** Outputs left before the state must be regenerated; starts at 1 so the first call twists. */
    private int left;
    /** Index into {@link #state} of the next word to temper and return. */
    private int next;

    MersenneTwister(long seed) {
        this.seed = seed;
        state[0] = (int) seed; // seed & 0xffffffff
        for (int j = 1; j < STATE_SIZE; j++) {
            int previous = state[j - 1];
            state[j] = 1812433253 * (previous ^ (previous >>> 30)) + j; // wraps mod 2^32 like uint32_t
        }
        left = 1;
        next = 0;
    }

    /** An independent copy of this engine, at the same point of its stream. */
    MersenneTwister copy() {
        MersenneTwister c = new MersenneTwister(seed);
        System.arraycopy(state, 0, c.state, 0, STATE_SIZE);
        c.left = left;
        c.next = next;
        return c;
    }

    /** Bytes of this engine's place in its stream: the seed, {@code left}, {@code next} and the 624 state words. */
    static final int BYTES = 8 + 4 + 4 + 4 * STATE_SIZE;

    /** Writes this engine's place in its stream into {@code out}, {@link #BYTES} bytes. */
    void writeTo(ByteBuffer out) {
        out.putLong(seed).putInt(left).putInt(next);
        for (int word : state) {
            out.putInt(word);
        }
    }

    /**
     * The engine that {@link #writeTo} wrote into {@code in}.
     *
     * @throws IllegalArgumentException when the counters are out of their range (not a saved engine)
     */
    static MersenneTwister readFrom(ByteBuffer in) {
        MersenneTwister engine = new MersenneTwister(in.getLong());
        engine.left = in.getInt();
        engine.next = in.getInt();
        for (int i = 0; i < STATE_SIZE; i++) {
            engine.state[i] = in.getInt();
        }
        if (engine.left < 1 || engine.left > STATE_SIZE || engine.next < 0 || engine.next >= STATE_SIZE) {
            throw new IllegalArgumentException("not a saved generator state: left " + engine.left + ", next " + engine.next);
        }
        return engine;
    }

    /** The 64-bit seed this engine was built from (only its low 32 bits shaped the state). */
    long seed() {
        return seed;
    }

    /** The next 32 random bits. */
    int nextInt() {
        if (--left == 0) {
            regenerateState();
        }
        int y = state[next++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private static int mixBits(int upper, int lower) {
        return (upper & UPPER_MASK) | (lower & LOWER_MASK);
    }

    private static int twist(int upper, int lower) {
        return (mixBits(upper, lower) >>> 1) ^ ((lower & 1) != 0 ? MATRIX_A : 0);
    }

    private void regenerateState() {
        left = STATE_SIZE;
        next = 0;
        int k = 0;
        for (; k < STATE_SIZE - SHIFT_SIZE; k++) {
            state[k] = state[k + SHIFT_SIZE] ^ twist(state[k], state[k + 1]);
        }
        for (; k < STATE_SIZE - 1; k++) {
            state[k] = state[k + SHIFT_SIZE - STATE_SIZE] ^ twist(state[k], state[k + 1]);
        }
        state[k] = state[k + SHIFT_SIZE - STATE_SIZE] ^ twist(state[k], state[0]);
    }
}
