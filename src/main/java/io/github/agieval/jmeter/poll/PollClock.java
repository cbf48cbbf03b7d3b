package io.github.agieval.jmeter.poll;

import java.util.concurrent.locks.LockSupport;

/**
 * The time source and the waiting primitive of the {@link JobPollController}, so that tests can
 * check every waiting rule with a virtual clock instead of real sleeps.
 *
 * <p>Threading: {@link #SYSTEM} is stateless and shared by every virtual user; a test clock is
 * used by the one thread that drives the controller under test.
 */
public interface PollClock {

    /** Wall-clock time in epoch milliseconds (sample time stamps, time-outs). */
    long currentTimeMillis();

    /** Monotonic time in nanoseconds (waits). */
    long nanoTime();

    /**
     * Blocks the calling thread for at most {@code nanos}; it may return earlier (for example
     * when a {@linkplain StopWatcher stop watcher} wakes it), so callers loop on their deadline.
     * Never spins: the thread is parked.
     *
     * @throws InterruptedException if the thread is (or becomes) interrupted, as JMeter does on
     *         "Stop" (stop now); the interrupt flag is cleared as {@link Thread#sleep} does
     */
    void park(long nanos) throws InterruptedException;

    /** The real clock: {@link System} time and {@link LockSupport#parkNanos(Object, long)}. */
    PollClock SYSTEM = new PollClock() {
        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void park(long nanos) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(this, nanos);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }

        @Override
        public String toString() {
            return "PollClock.SYSTEM";
        }
    };
}
