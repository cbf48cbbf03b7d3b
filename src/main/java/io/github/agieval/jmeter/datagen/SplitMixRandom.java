package io.github.agieval.jmeter.datagen;

import java.util.Random;

/**
 * A {@link Random} whose state is one plain {@code long} advanced by the SplitMix64 sequence,
 * for Datafaker's {@code RandomService}: same API, fully determined by {@link #setSeed(long)},
 * but without {@code java.util.Random}'s atomic compare-and-set on every draw (the generator
 * makes about a hundred draws per request).
 *
 * <p><b>Not thread-safe</b>, deliberately: every instance belongs to one thread's
 * {@link EvalDataFaker}.
 */
final class SplitMixRandom extends Random {

    private static final long serialVersionUID = 1L;
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMixRandom(long seed) {
        super(0L);
        state = seed;
    }

    @Override
    public synchronized void setSeed(long seed) {
        // called once by Random's constructor, before this class is initialised; the field write is then overwritten
        state = seed;
    }

    /** Re-positions the sequence without the lock of {@link #setSeed(long)}. */
    void reseed(long seed) {
        state = seed;
    }

    /** The current position in the sequence, for {@link #reseed(long)} to come back to. */
    long state() {
        return state;
    }

    @Override
    public long nextLong() {
        state += GAMMA;
        return Seeds.mix(state);
    }

    @Override
    protected int next(int bits) {
        return (int) (nextLong() >>> (64 - bits));
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // Lemire's nearly divisionless method: unbiased, one multiplication in the common case
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }
}
