package io.github.agieval.jmeter.kpi.engine;

import java.util.Arrays;

/**
 * Where sampler threads record their samples: a fixed number of stripes, each with its own lock
 * and its own {@link Stats} per scope. A thread always uses the same stripe (chosen from its
 * id), so a stripe's lock is almost never contended and its data stays in one core's cache: a
 * sample costs one uncontended lock and a few plain array increments per scope, no shared
 * atomic counter that every thread would fight over.
 *
 * <p>Once a second the evaluating thread {@linkplain #drainInto drains} every stripe: under the
 * stripe's lock it only swaps the stripe's active set with its spare one, then it adds the
 * swapped-out set to the time slot outside the lock and clears it for the next swap. No sample is
 * lost or counted twice: each is recorded under the lock into exactly one set, and each set is
 * drained exactly once.
 */
final class SampleRecorder {

    private final ScopeRegistry scopes;
    private final Stripe[] stripes;
    private final int mask;

    SampleRecorder(ScopeRegistry scopes, int stripeCount) {
        this.scopes = scopes;
        int n = Integer.highestOneBit(Math.max(1, stripeCount - 1)) << 1;
        this.stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
        this.mask = n - 1;
    }

    /** Stripes for this machine: four per processor, at least 4, at most 64. */
    static int defaultStripes() {
        return Math.min(64, Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
    }

    int stripes() {
        return stripes.length;
    }

    void record(String label, long start, long end, long elapsed, long latency, long connect, boolean ok,
            String errorType, String engine, int allThreads, int subSamples) {
        int[] ids = scopes.idsFor(label);
        long h = Thread.currentThread().getId() * 0x9E3779B97F4A7C15L;
        Stripe stripe = stripes[(int) (h >>> 40) & mask];
        synchronized (stripe) {
            Stats[] active = stripe.active;
            for (int id : ids) {
                if (id >= active.length || active[id] == null) {
                    active = stripe.ensure(id, scopes);
                }
                active[id].record(start, end, elapsed, latency, connect, ok, errorType, engine, allThreads, subSamples);
            }
        }
    }

    /** Adds everything recorded since the last drain to {@code target} (indexed by scope id). */
    void drainInto(Stats[] target) {
        for (Stripe stripe : stripes) {
            Stats[] taken;
            synchronized (stripe) {
                taken = stripe.active;
                stripe.active = stripe.spare;
                stripe.spare = null;
            }
            for (int id = 0; id < taken.length && id < target.length; id++) {
                Stats s = taken[id];
                if (s != null && s.count() > 0) {
                    target[id].add(s);
                    s.reset();
                }
            }
            synchronized (stripe) {
                stripe.spare = taken;
            }
        }
    }

    /** One stripe's two sets of per-scope stats. Guarded by the stripe's monitor. */
    private static final class Stripe {
        Stats[] active = new Stats[0];
        Stats[] spare = new Stats[0];

        Stats[] ensure(int id, ScopeRegistry scopes) {
            if (id >= active.length) {
                active = Arrays.copyOf(active, Math.max(id + 1, scopes.size()));
            }
            if (active[id] == null) {
                active[id] = new Stats(scopes.entry(id).allFields());
            }
            return active;
        }
    }
}
