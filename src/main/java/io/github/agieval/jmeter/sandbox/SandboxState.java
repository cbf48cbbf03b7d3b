package io.github.agieval.jmeter.sandbox;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Everything one running sandbox holds: configuration, current faults, tokens, users, jobs and
 * counters. Each part is thread-safe on its own; the fault configuration is swapped atomically.
 */
final class SandboxState {

    final SandboxConfig config;
    final LongSupplier clock = System::currentTimeMillis;
    final long startedAtMillis = clock.getAsLong();
    final AtomicReference<Faults> faults;
    final RequestCounters counters = new RequestCounters();
    final TokenStore tokens;
    final UserStore users;
    final JobEngine jobs;
    final SandboxClock ticker;
    /** The capacity knob's slots (see {@link ServiceModel}). */
    final CapacityGate capacity;

    SandboxState(SandboxConfig config, ScheduledExecutorService timer) {
        this.config = config;
        this.faults = new AtomicReference<>(config.faults());
        this.tokens = new TokenStore(config.maxTokens(), clock);
        this.users = new UserStore(clock);
        this.jobs = new JobEngine(timer, faults::get, users, clock, config);
        this.ticker = SandboxClock.system(timer);
        this.capacity = new CapacityGate(() -> faults.get().maxConcurrentRequests());
    }

    /** Swaps in a new fault configuration and lets the capacity model follow it at once. */
    void faults(Faults next) {
        faults.set(next);
        capacity.limitChanged();
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
        faults(config.faults());
    }
}
