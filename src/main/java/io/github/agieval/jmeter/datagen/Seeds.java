package io.github.agieval.jmeter.datagen;

import java.nio.charset.StandardCharsets;

/**
 * Pure functions that derive independent random streams from a seed and a position
 * (engine, thread, iteration, record number), so that a generated value depends only on where
 * it is generated, never on which thread happened to run first.
 *
 * <p>{@link #mix(long)} is the SplitMix64 finalizer (a bijection on 64-bit values); chaining
 * it over the position components gives well-spread, collision-resistant stream seeds.
 * Stateless and thread-safe.
 */
public final class Seeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** SplitMix64 finalizer: a bijective 64-bit mixing function. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The seed of the stream at {@code parts} below {@code seed}. */
    public static long derive(long seed, long... parts) {
        long h = mix(seed + GOLDEN);
        for (long part : parts) {
            h = mix(h ^ mix(part + GOLDEN));
        }
        return h;
    }

    /** A stable 64-bit hash of {@code text} (FNV-1a over UTF-8, then mixed); 0 for null. */
    public static long hash(String text) {
        if (text == null) {
            return 0L;
        }
        long h = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return mix(h);
    }
}
