package io.github.agieval.jmeter.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.JMeterVariables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A test stopped while virtual users wait between polls stops at once: the wait is a real park of
 * one hour here, and JMeter's two ways of stopping a thread (Shutdown: the running flag only;
 * Stop: plus an interrupt) must each end it within a fraction of a second.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JobPollStopTest {

    private final CountDownLatch parked = new CountDownLatch(1);
    private final CountDownLatch woke = new CountDownLatch(1);
    private PollRig rig;
    private ScriptedStatusSampler status;
    private SnapshotSampler after;

    /** The real clock, telling the test when the virtual user starts to wait. */
    private final PollClock signallingClock = new PollClock() {
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
            parked.countDown();
            try {
                PollClock.SYSTEM.park(nanos);
            } finally {
                woke.countDown();
            }
        }
    };

    @BeforeEach
    void setUp() {
        JMeterContextService.getContext().setVariables(new JMeterVariables());
        rig = new PollRig(1);
        JobPollController controller = new JobPollController();
        controller.setName("Wait for job");
        controller.setInterval("3600000");
        controller.setMaxInterval("3600000");
        controller.setWaitBeforeFirstPoll(false);
        controller.setClock(signallingClock);
        status = new ScriptedStatusSampler("GET job status", null, 0);
        after = new SnapshotSampler("after");
        rig.add(rig.root, controller);
        rig.add(controller, status);
        rig.add(rig.root, after);
    }

    private Thread startInBackground(JMeterThread jmeterThread) {
        Thread t = new Thread(jmeterThread, "Users 1-1");
        t.start();
        return t;
    }

    @Test
    void shouldEndWaitWithinAFractionOfASecondOnShutdown() throws Exception {
        JMeterThread jmeterThread = rig.newThread();
        Thread t = startInBackground(jmeterThread);
        assertThat(parked.await(10, TimeUnit.SECONDS)).isTrue();

        long stopAt = System.nanoTime();
        jmeterThread.stop(); // what Shutdown, scheduler end and "Stop Thread" do: no interrupt
        t.join(5000);

        assertThat(t.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt)).isLessThan(1000);
        assertThat(status.calls).isEqualTo(1);
        assertThat(rig.listener.labels()).containsExactly("GET job status");
        assertThat(after.calls).isZero();
        assertThat(StopWatcher.waiting()).isZero();
    }

    @Test
    void shouldEndWaitAtOnceWhenThreadIsInterrupted() throws Exception {
        JMeterThread jmeterThread = rig.newThread();
        Thread t = startInBackground(jmeterThread);
        assertThat(parked.await(10, TimeUnit.SECONDS)).isTrue();

        long stopAt = System.nanoTime();
        t.interrupt(); // what Stop (stop now) does besides clearing the flag
        t.join(5000);

        assertThat(t.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt)).isLessThan(1000);
        assertThat(status.calls).isEqualTo(1);
        assertThat(rig.listener.labels()).containsExactly("GET job status");
        assertThat(after.calls).isZero();
    }

    /**
     * The deadlock pattern of issue 16 (a watcher calling into a JMeterThread while holding a lock
     * that the thread's own callbacks take) cannot happen here: the stop watcher only reads the
     * running flag and unparks the waiting JVM thread; it takes no lock of the JMeterThread (its
     * monitor, its interrupt lock) and holds none of its own while waking. Proved by holding both
     * of the JMeterThread's locks while JMeter shuts the thread down: the wait still ends.
     */
    @Test
    void shouldWakeWaitingUserWhileItsJMeterThreadLocksAreHeldAndNeverDeadlock() throws Exception {
        JMeterThread jmeterThread = rig.newThread();
        Thread t = startInBackground(jmeterThread);
        assertThat(parked.await(10, TimeUnit.SECONDS)).isTrue();
        java.lang.reflect.Field field = JMeterThread.class.getDeclaredField("interruptLock");
        field.setAccessible(true);
        java.util.concurrent.locks.ReentrantLock interruptLock =
                (java.util.concurrent.locks.ReentrantLock) field.get(jmeterThread);

        boolean wokeWhileLocked;
        long[] deadlocked;
        interruptLock.lock();
        try {
            synchronized (jmeterThread) {
                jmeterThread.stop();
                wokeWhileLocked = woke.await(5, TimeUnit.SECONDS);
                deadlocked = java.lang.management.ManagementFactory.getThreadMXBean().findDeadlockedThreads();
            }
        } finally {
            interruptLock.unlock();
        }
        t.join(5000);

        assertThat(wokeWhileLocked).isTrue();
        assertThat(deadlocked).isNull();
        assertThat(t.isAlive()).isFalse();
        assertThat(after.calls).isZero();
    }

    @Test
    void shouldReadTheRunningFlagOfJMeterThread() {
        JMeterThread jmeterThread = rig.newThread();
        assertThat(StopWatcher.isStopping(jmeterThread)).isFalse();
        jmeterThread.stop();
        assertThat(StopWatcher.isStopping(jmeterThread)).isTrue();
    }
}
