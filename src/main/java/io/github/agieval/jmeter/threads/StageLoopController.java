package io.github.agieval.jmeter.threads;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.control.NextIsNullException;
import org.apache.jmeter.samplers.Sampler;

/**
 * The main controller of a {@link StageThreadGroup}: loops forever, like a Loop Controller set to
 * "Infinite", and lets the group retire its user at the next iteration boundary (k6's graceful
 * ramp-down: the current iteration is finished, no new one is started).
 *
 * <p>Threading: each virtual user runs its own clone (JMeter clones the thread group's tree per
 * thread). The group's scheduler thread calls {@link #requestRetire()} / {@link #cancelRetire()}
 * on that clone while the user's thread runs {@link #next()}; the hand-over is one atomic state
 * ({@code ACTIVE → RETIRING → RETIRED}), so a retirement is either cancelled before the boundary
 * or takes effect at it, never both. The state is a transient field, not a property: it is
 * runtime state and never reaches the {@code .jmx}.
 */
public class StageLoopController extends LoopController {

    private static final long serialVersionUID = 1L;

    private static final int ACTIVE = 0;
    private static final int RETIRING = 1;
    private static final int RETIRED = 2;

    private static final AtomicIntegerFieldUpdater<StageLoopController> STATE =
            AtomicIntegerFieldUpdater.newUpdater(StageLoopController.class, "state");

    private transient volatile int state;

    public StageLoopController() {
        setLoops(INFINITE_LOOP_COUNT);
        setContinueForever(false);
    }

    /**
     * Asks the user to stop at the end of its current iteration.
     *
     * @return {@code false} if it was not active (already retiring or retired)
     */
    public boolean requestRetire() {
        return STATE.compareAndSet(this, ACTIVE, RETIRING);
    }

    /**
     * Takes back a retirement that has not yet reached an iteration boundary.
     *
     * @return {@code true} if the user keeps running; {@code false} if it already stopped iterating
     */
    public boolean cancelRetire() {
        return STATE.compareAndSet(this, RETIRING, ACTIVE);
    }

    /** Whether the user has passed the iteration boundary after a retirement request. */
    public boolean isRetired() {
        return state == RETIRED;
    }

    /** End of an iteration: stop here if retirement was requested. */
    @Override
    protected Sampler nextIsNull() throws NextIsNullException {
        if (retireAtBoundary()) {
            return null;
        }
        return super.nextIsNull();
    }

    /** "Start next thread loop" (sampler error action, Flow Control Action) is a boundary too. */
    @Override
    public void startNextLoop() {
        if (retireAtBoundary()) {
            return;
        }
        super.startNextLoop();
    }

    private boolean retireAtBoundary() {
        if (STATE.compareAndSet(this, RETIRING, RETIRED) || state == RETIRED) {
            setDone(true);
            return true;
        }
        return false;
    }
}
