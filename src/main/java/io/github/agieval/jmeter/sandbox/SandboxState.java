package io.github.agieval.jmeter.sandbox;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Everything one running sandbox holds: configuration, current faults, tokens, users, jobs and
 * counters. Each part is thread-safe on its own; the fault configuration is swapped atomically.
 */
final class SandboxState {

    final SandboxConfig config;
    /** The sandbox's time: wall clock and one-shot timer (virtual in tests). */
    final SandboxClock ticker;
    final LongSupplier clock;
    final long startedAtMillis;
    final AtomicReference<Faults> faults;
    final RequestCounters counters = new RequestCounters();
    final TokenStore tokens;
    final UserStore users;
    final JobEngine jobs;
    /** The capacity knob's slots (see {@link ServiceModel}). */
    final CapacityGate capacity;
    /** The modelled database connection pool (see {@link ServiceModel}). */
    final DbPool db;
    /** {@code GET /metrics}. */
    final SandboxMetrics metrics;

    SandboxState(SandboxConfig config, SandboxClock ticker) {
        this.config = config;
        this.ticker = ticker;
        this.clock = ticker::currentTimeMillis;
        this.startedAtMillis = clock.getAsLong();
        this.faults = new AtomicReference<>(config.faults());
        this.tokens = new TokenStore(config.maxTokens(), clock);
        this.users = new UserStore(clock);
        this.jobs = new JobEngine(ticker, faults::get, users, config);
        this.capacity = new CapacityGate(() -> faults.get().maxConcurrentRequests());
        this.db = new DbPool(faults::get, ticker);
        this.metrics = new SandboxMetrics(this);
    }

    /** Swaps in a new fault configuration and lets the capacity model follow it at once. */
    void faults(Faults next) {
        faults.set(next);
        capacity.limitChanged();
        db.settingsChanged();
    }

    Faults faults() {
        return faults.get();
    }

    long uptimeSeconds() {
        return (clock.getAsLong() - startedAtMillis) / 1000;
    }

    /** Periodic clean-up: expired tokens, old jobs, idle users. */
    void housekeeping() {
        tokens.sweep();
        jobs.expire();
        long idle = config.jobRetention().toMillis() + faults().tokenLifetimeSeconds() * 1000;
        users.sweep(idle);
    }

    /** Back to the state right after start: no jobs, tokens, users or counts; start-up faults. */
    void reset() {
        jobs.clear();
        tokens.clear();
        users.clear();
        counters.reset();
        db.resetCounts();
        faults(config.faults());
    }
}
