package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.samplers.AbstractSampler;
import org.apache.jmeter.samplers.Entry;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.AbstractTestElement;
import org.apache.jmeter.testelement.ThreadListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lock order between the group's scheduler and its users (issue 16, defect 0): JMeter calls
 * {@link StageThreadGroup#threadFinished} from inside the user's thread while it holds that
 * user's interrupt lock, and {@code JMeterThread.interrupt()} takes the same lock; so the group
 * must never interrupt (or stop) a user while it holds its own run lock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StageThreadGroupDeadlockTest {

    /** Hands out the group's retirement requests (the controller is cloned per user: shared state is static). */
    public static class SignallingLoopController extends StageLoopController {
        private static final long serialVersionUID = 1L;
        static volatile CountDownLatch retired = new CountDownLatch(1);

        public SignallingLoopController() {
            super();
        }

        @Override
        public boolean requestRetire() {
            boolean asked = super.requestRetire();
            retired.countDown();
            return asked;
        }
    }

    /** One sample per iteration that lasts until the group asks the user to retire; shared by the users. */
    public static class UntilRetiredSampler extends AbstractSampler implements NoThreadClone {
        private static final long serialVersionUID = 1L;

        public UntilRetiredSampler() {
            setName("until retired");
        }

        @Override
        public SampleResult sample(Entry e) {
            SampleResult r = new SampleResult();
            r.setSampleLabel(getName());
            r.sampleStart();
            try {
                SignallingLoopController.retired.await();
                r.setSuccessful(true);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                r.setSuccessful(false);
            }
            r.sampleEnd();
            return r;
        }
    }

    /**
     * A thread listener (JMeter calls it on the user's thread, holding the user's interrupt lock,
     * just before the group's {@code threadFinished}) that waits until the scheduler blocks on a
     * lock: the scheduler then is trying to interrupt this user, which is the interleaving of the
     * hang. It waits at most 10 s, then lets the user go on.
     */
    public static class WaitForSchedulerListener extends AbstractTestElement implements ThreadListener, NoThreadClone {
        private static final long serialVersionUID = 1L;
        final transient AtomicBoolean sawSchedulerBlocked = new AtomicBoolean();
        transient volatile String schedulerName;

        @Override
        public void threadStarted() {
        }

        @Override
        public void threadFinished() {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() - end < 0) {
                Thread scheduler = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals(schedulerName)).findFirst().orElse(null);
                if (scheduler != null && LockSupport.getBlocker(scheduler) instanceof AbstractQueuedSynchronizer) {
                    sawSchedulerBlocked.set(true);
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    @Test
    void shouldEndWhenGracefulDeadlinePassesWhileRetiredUserIsFinishing() {
        SignallingLoopController.retired = new CountDownLatch(1);
        GroupRig rig = new GroupRig("Deadline race", "1", "100ms,1", "1s");
        rig.group.setSamplerController(new SignallingLoopController());
        WaitForSchedulerListener listener = new WaitForSchedulerListener();
        listener.schedulerName = "Deadline race 1-stages";
        rig.add(listener).add(new UntilRetiredSampler());

        rig.start();
        // at 100 ms the last stage ends: the user is asked to retire, ends its iteration at once and
        // sits in its thread listener (interrupt lock held) until the 1 s grace is over and the
        // scheduler tries to interrupt it; then it reports to the group (the grace is long enough
        // for the user to reach its listener first even on a busy machine)
        rig.awaitEnd(Duration.ofSeconds(20));

        assertThat(listener.sawSchedulerBlocked).as("the scheduler tried to interrupt the finishing user").isTrue();
    }
}
