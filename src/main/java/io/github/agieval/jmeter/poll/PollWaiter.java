package io.github.agieval.jmeter.poll;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jorphan.util.JMeterStopThreadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waits between polls: how long ({@link WaitPolicy}, with the jitter's random numbers) and the
 * wait itself, parked on the virtual user's own thread through a {@link PollClock}, never
 * spinning.
 *
 * <p>"Stop" interrupts the thread and ends the wait at once; "Shutdown" and the "Stop Thread"
 * actions are seen through the {@link StopWatcher}; a wait that would outlast the thread group's
 * scheduled end lasts until that end (the user is not stopped early). In those three cases the
 * wait ends by throwing a {@link JMeterStopThreadException}: the thread ends, no further poll is
 * made and no job sample is recorded. Waits are computed without overflow.
 *
 * <p>Threading: one instance per controller clone, used only by that clone's thread; the
 * {@link PollClock#SYSTEM system clock} it usually holds is shared and stateless.
 */
final class PollWaiter {

    private static final Logger log = LoggerFactory.getLogger(PollWaiter.class);

    private final PollClock clock;
    private final DoubleSupplier random;
    private final String elementName;

    /**
     * @param clock       the time source and sleeper, or {@code null} for {@link PollClock#SYSTEM}
     * @param random      uniform numbers in [0, 1) for the jitter, or {@code null} for the thread's own
     * @param elementName the controller's name, for logs and the stop message
     */
    PollWaiter(PollClock clock, DoubleSupplier random, String elementName) {
        this.clock = clock != null ? clock : PollClock.SYSTEM;
        this.random = random != null ? random : () -> ThreadLocalRandom.current().nextDouble();
        this.elementName = elementName;
    }

    /** Wall-clock time in epoch milliseconds. */
    long now() {
        return clock.currentTimeMillis();
    }

    /** The next wait of {@code job} ({@link WaitPolicy}), counting it. */
    long nextWait(JobRun job, long retryAfterMs) {
        long wait = WaitPolicy.waitMillis(job.settings, job.waits, retryAfterMs, random.getAsDouble());
        job.waits++;
        return wait;
    }

    /**
     * Waits {@code millis} for {@code job} on the calling (virtual user's) thread; see the class
     * comment for how the wait ends early.
     *
     * @param thread the JMeter thread, or {@code null} outside a test (no scheduled end, no stop watch)
     * @throws JMeterStopThreadException when the thread is stopped or reaches its scheduled end
     */
    void pause(JobRun job, long millis, JMeterThread thread) {
        if (millis <= 0) {
            return;
        }
        long endTime = thread == null ? 0 : thread.getEndTime();
        long now = clock.currentTimeMillis();
        boolean untilEnd = endTime > 0 && millis > endTime - now;
        if (untilEnd) {
            // wait (the user stays) until the thread group's scheduled end, then end the thread cleanly
            millis = Math.max(0, endTime - now);
        }
        long start = clock.nanoTime();
        long waitNanos = millis >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : millis * 1_000_000L;
        try (StopWatcher.Registration ignored = StopWatcher.watch(thread)) {
            while (true) {
                if (StopWatcher.isStopping(thread)) {
                    throw stopThread(job, "the thread was asked to stop");
                }
                long remaining = waitNanos - (clock.nanoTime() - start); // overflow-safe: elapsed time is small
                if (remaining <= 0) {
                    break;
                }
                clock.park(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopThread(job, "the thread was interrupted (test stopped)");
        }
        job.waitedMillis += millis;
        if (untilEnd) {
            throw stopThread(job, "the thread group's scheduled end came during the wait between polls");
        }
    }

    private JMeterStopThreadException stopThread(JobRun job, String why) {
        log.info("Job Polling Controller '{}': {} while waiting after {} polls of job {}; no job sample recorded",
                elementName, why, job.polls, job.jobId);
        return new JMeterStopThreadException("Job Polling Controller '" + elementName + "': " + why);
    }
}
