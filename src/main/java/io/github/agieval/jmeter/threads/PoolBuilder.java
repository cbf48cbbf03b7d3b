package io.github.agieval.jmeter.threads;

import java.util.concurrent.TimeUnit;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The builder of an {@link ArrivalRun}'s pool: one thread ({@code <group> <n>-builder}, a daemon)
 * that builds and starts every user (a clone of the tree and a {@code JMeterThread}), so that the
 * dispatcher never spends an arrival's time on it.
 *
 * <p>What it builds: first the {@code initial_users}, started at once (idle until their first
 * arrival); then, whenever woken, <em>prepared</em> users (built, not started) until a few
 * <em>spare</em> ones wait, never beyond the pool's maximum. The dispatcher takes a prepared user
 * when an arrival finds none idle and starts it with that arrival (a thread start: no clone on
 * the dispatcher); one that no arrival needed is never started. The spare count is the number
 * of arrivals that come, at the schedule's peak rate, during two builds (a build's time
 * measured on the run's clock, a moving average), at least one: a pool that grows at the rate of
 * its arrivals finds a prepared user for each new arrival. An arrival that still finds no user
 * waits for the next one prepared or freed (counted as delayed if it waits over
 * {@link ArrivalRun#DELAYED_NANOS}).
 *
 * <p>Threading: only this thread builds, so {@link ArrivalRun#startUser} and
 * {@link ArrivalRun#prepareUser} have one caller. The
 * dispatcher and the users wake it with {@link #wake()} (an unpark, no lock); it reads the run's
 * counters (atomics and volatiles) and parks on the run's {@link StageClock} when nothing is to
 * build. It holds no lock while building or starting a user; a stop flips the run's state and
 * unparks it.
 * The build-time average and the spare count are written by this thread only (volatile, for the log).
 */
final class PoolBuilder implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ArrivalRateThreadGroup.class);

    /** The most spare idle users kept ahead of demand (each is a platform thread). */
    static final int MAX_SPARE = 64;

    private final ArrivalRun run;
    private final StageClock clock;
    private final JMeterVariables variables;
    private final int initialUsers;
    private final double peakRatePerNanos;
    private volatile Thread thread;
    /** Moving average of one build, clock nanoseconds; negative before the first one. */
    private volatile double buildNanos = -1;
    private volatile int spare;

    PoolBuilder(ArrivalRun run, StageClock clock, JMeterVariables variables, int initialUsers, double peakRate) {
        this.run = run;
        this.clock = clock;
        this.variables = variables;
        this.initialUsers = initialUsers;
        this.peakRatePerNanos = peakRate / 1e9;
    }

    void start(String name) {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    Thread thread() {
        return thread;
    }

    /** Any thread: something changed (an arrival waits, the idle users ran low, a stop). */
    void wake() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            clock.unpark(t);
        }
    }

    /** Idle users the builder keeps ahead of demand now. */
    int spare() {
        return spare;
    }

    @Override
    public void run() {
        JMeterContextService.getContext().setVariables(variables);
        try {
            for (int i = 0; i < initialUsers && run.running(); i++) {
                build(true);
            }
            while (run.running()) {
                if (run.needsUser(spare)) {
                    build(false);
                } else {
                    clock.park(Long.MAX_VALUE);
                    if (Thread.currentThread().isInterrupted()) {
                        log.warn("{}: pool builder interrupted; stopping the group's users", run.label());
                        run.stopAll(true);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("{}: building a user failed; stopping the group's users", run.label(), e);
            run.stopAll(true);
        }
    }

    private void build(boolean start) {
        long t0 = clock.nanoTime();
        if (start) {
            run.startUser();
        } else {
            run.prepareUser();
        }
        long took = clock.nanoTime() - t0;
        buildNanos = buildNanos < 0 ? took : 0.8 * buildNanos + 0.2 * took;
        spare = (int) Math.min(MAX_SPARE, Math.ceil(2 * buildNanos * peakRatePerNanos));
    }

    /** For the end-of-run log. */
    String describe() {
        return String.format("spare %d, build %.2f ms", spare,
                buildNanos < 0 ? 0.0 : buildNanos / TimeUnit.MILLISECONDS.toNanos(1));
    }
}
