package io.github.agieval.jmeter.threads;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.jmeter.threads.JMeterThread;

/**
 * One started user of an {@link ArrivalRateThreadGroup}'s pool: its {@link JMeterThread}, the
 * platform thread that runs it, and the hand-over of arrivals between the group's dispatcher and
 * the user.
 *
 * <p>Threading: the hand-over is one atomic state, never a lock. The user's thread (in its
 * {@link ArrivalLoopController}) marks itself {@code IDLE}, offers itself to the run and parks;
 * the dispatcher takes it with a compare-and-set {@code IDLE -> ASSIGNED} and unparks it; the
 * user moves {@code ASSIGNED -> BUSY} and runs one iteration. A stop sets {@code STOPPED}
 * whatever the state was, so an assignment and a stop can race without losing either: the user
 * sees {@code STOPPED} and ends. {@link #stop()} and {@link #interrupt()} call into the
 * {@code JMeterThread}, which takes the user's interrupt lock; no lock of the run exists, so
 * nothing can be held while they do.
 */
final class PoolUser {

    static final int BUSY = 0;
    static final int IDLE = 1;
    static final int ASSIGNED = 2;
    static final int STOPPED = 3;

    final JMeterThread jmeterThread;
    final Thread thread;
    private final AtomicInteger state;
    /** When the assigned arrival was due, in {@link StageClock#nanoTime()}; written before the state. */
    private volatile long dueNanos;

    /** A new user, already holding the arrival due at {@code dueNanos} (or idle if {@code dueNanos} is absent). */
    PoolUser(JMeterThread jmeterThread, Thread thread, boolean assigned, long dueNanos) {
        this.jmeterThread = jmeterThread;
        this.thread = thread;
        this.dueNanos = dueNanos;
        this.state = new AtomicInteger(assigned ? ASSIGNED : BUSY);
    }

    String name() {
        return jmeterThread.getThreadName();
    }

    int state() {
        return state.get();
    }

    /** User's thread: between two arrivals. False if the user was stopped meanwhile. */
    boolean markIdle() {
        return state.compareAndSet(BUSY, IDLE);
    }

    /** Dispatcher: hands the arrival due at {@code due} to this user if it is idle. */
    boolean assign(long due) {
        dueNanos = due;
        return state.compareAndSet(IDLE, ASSIGNED);
    }

    /** Dispatcher, before the (prepared) user's thread starts: its first arrival, due at {@code due}. */
    void assignNew(long due) {
        dueNanos = due;
        state.set(ASSIGNED);
    }

    /** User's thread: takes its assigned arrival (false if there is none, or it was stopped). */
    boolean take() {
        return state.compareAndSet(ASSIGNED, BUSY);
    }

    long dueNanos() {
        return dueNanos;
    }

    /** Marks the user stopped; it takes no more arrivals. Whether it was idle (or assigned but not started). */
    boolean markStopped() {
        int before = state.getAndSet(STOPPED);
        return before == IDLE || before == ASSIGNED;
    }

    boolean isStopped() {
        return state.get() == STOPPED;
    }

    /** Graceful stop: no new sample or arrival; a running sample ends normally. No lock may be held. */
    void stop() {
        jmeterThread.stop();
    }

    /** Hard stop: as {@link #stop()}, then interrupts the running sampler and the thread. No lock may be held. */
    void interrupt() {
        jmeterThread.stop();
        jmeterThread.interrupt();
        thread.interrupt();
    }

    @Override
    public String toString() {
        return name();
    }
}
