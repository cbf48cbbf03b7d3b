package io.github.agieval.jmeter.sandbox;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's time: the wall clock it stamps jobs, tokens and users with, and the one-shot
 * timer that ends simulated jobs and service times. Tests give a virtual implementation, so the
 * job engine's and the capacity model's time logic runs without real sleeps.
 *
 * <p>Threading: implementations are thread-safe; a task runs on the clock's timer thread (the
 * real one) or on the thread that advances a virtual clock, never on the scheduling thread
 * inside {@link #schedule}.
 */
interface SandboxClock {

    /** Wall-clock time in epoch milliseconds. */
    long currentTimeMillis();

    /**
     * Runs {@code task} once, {@code delayMillis} from now (at once but never inline when 0 or
     * less).
     *
     * @return a handle that cancels the task if it has not run yet
     * @throws java.util.concurrent.RejectedExecutionException when the sandbox is stopping
     */
    Cancellable schedule(Runnable task, long delayMillis);

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /** The real clock: {@link System#currentTimeMillis()} and the sandbox's timer thread. */
    static SandboxClock system(ScheduledExecutorService timer) {
        return new SandboxClock() {
            @Override
            public long currentTimeMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public Cancellable schedule(Runnable task, long delayMillis) {
                ScheduledFuture<?> f = timer.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }
        };
    }
}
