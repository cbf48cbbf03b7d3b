package io.github.agieval.jmeter.threads;

import org.apache.jmeter.threads.JMeterThread;

/**
 * One virtual user of a {@link StageThreadGroup}: its {@link JMeterThread}, the platform thread
 * that runs it, and its clone of the group's {@link StageLoopController} (the retirement handle).
 *
 * <p>Threading: the fields are final except {@link #deadlineNanos}, which only the
 * {@link StageRun}'s lock guards. {@link #stop()} and {@link #interrupt()} call into the
 * {@code JMeterThread}: {@code JMeterThread.interrupt()} takes the user's interrupt lock, which
 * the user holds while JMeter calls the group's {@code threadFinished} (and every thread
 * listener) from its own thread, and that callback takes the run's lock. So both methods must
 * be called with no lock of the run held; the run decides under its lock and acts after
 * releasing it.
 */
final class StageUser {

    final JMeterThread jmeterThread;
    final Thread thread;
    /** The user's clone of the main controller, or {@code null} if it is not a {@link StageLoopController}. */
    final StageLoopController controller;
    /** When a retiring user is interrupted, in {@link StageClock#nanoTime()} (guarded by the run's lock). */
    long deadlineNanos;

    StageUser(JMeterThread jmeterThread, Thread thread, StageLoopController controller) {
        this.jmeterThread = jmeterThread;
        this.thread = thread;
        this.controller = controller;
    }

    String name() {
        return jmeterThread.getThreadName();
    }

    /** Graceful stop: no new sample or iteration; the running sample ends normally. No lock may be held. */
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
