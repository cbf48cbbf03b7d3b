package io.github.agieval.jmeter.threads;

import java.util.concurrent.locks.LockSupport;

/**
 * The time source and the waiting primitive of a {@link StageThreadGroup}'s scheduler, so that
 * tests can run the schedule, the graceful deadlines and the stops in virtual time instead of
 * real sleeps (the same model as the polling controller's clock).
 *
 * <p>The scheduler waits with {@link #park(long)} holding no lock, and whoever changes the run's
 * state (a user ending, a stop) wakes it with {@link #unpark(Thread)} after releasing the lock;
 * as with {@link LockSupport}, an unpark that comes before the park makes that park return at
 * once, so no wake-up is lost.
 *
 * <p>Threading: {@link #SYSTEM} is stateless and shared by every group; an implementation must
 * allow {@link #unpark} from any thread while another parks.
 */
public interface StageClock {

    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /**
     * Parks the calling thread for at most {@code nanos}; it may return earlier (an
     * {@link #unpark}, an interrupt, or spuriously): callers loop on their own state and
     * deadline. Never spins. Does not throw on interrupt and leaves the interrupt flag as is.
     */
    void park(long nanos);

    /** Makes {@code thread}'s current or next {@link #park} return. */
    void unpark(Thread thread);

    /** The real clock: {@link System#nanoTime()} and {@link LockSupport}. */
    StageClock SYSTEM = new StageClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void park(long nanos) {
            LockSupport.parkNanos(this, nanos);
        }

        @Override
        public void unpark(Thread thread) {
            LockSupport.unpark(thread);
        }

        @Override
        public String toString() {
            return "StageClock.SYSTEM";
        }
    };
}
