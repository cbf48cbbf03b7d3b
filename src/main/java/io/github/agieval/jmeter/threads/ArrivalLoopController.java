package io.github.agieval.jmeter.threads;

import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.control.NextIsNullException;
import org.apache.jmeter.samplers.Sampler;

/**
 * The main controller of an {@link ArrivalRateThreadGroup}: every iteration of its user is one
 * arrival. At each iteration boundary (the start, the end of the children, "Start next thread
 * loop", "Break current loop") it waits, on the user's own thread, until the group's dispatcher
 * hands the user its next arrival; when the group stops instead, the controller is done and the
 * user's {@code JMeterThread} ends as usual (thread listeners, {@code threadFinished}).
 *
 * <p>Between two arrivals it returns {@code null} to the user's {@code JMeterThread} rather than
 * recursing into {@code next()}, so a user keeps a flat stack over any number of arrivals.
 * Iteration events ({@code LoopIterationListener}s, the iteration counter, the per-iteration
 * cookie and cache clearing) fire after the arrival is taken, as for any loop.
 *
 * <p>Threading: each user runs its own clone (JMeter clones the group's tree per thread); the
 * group attaches the clone to the user's {@link PoolUser} and {@link ArrivalRun} through
 * {@link #attach} before the user's thread starts. The link is a transient field, not a property.
 */
public class ArrivalLoopController extends LoopController {

    private static final long serialVersionUID = 1L;

    private transient volatile ArrivalRun run;
    private transient volatile PoolUser user;

    public ArrivalLoopController() {
        setLoops(INFINITE_LOOP_COUNT);
        setContinueForever(false);
    }

    /** Links this (per-user) clone to its run and user; before the user's thread starts. */
    void attach(ArrivalRun run, PoolUser user) {
        this.run = run;
        this.user = user;
    }

    @Override
    public Sampler next() {
        if (isFirst() && !isDone()) {
            ArrivalRun r = run;
            PoolUser u = user;
            // a clone not started by the group (e.g. a validation run) runs one iteration
            if (r != null && u != null && !r.awaitArrival(u)) {
                setDone(true);
                return null;
            }
        }
        return super.next();
    }

    /** End of the children: the end of this arrival; the next one starts at the next {@code next()}. */
    @Override
    protected Sampler nextIsNull() throws NextIsNullException {
        reInitialize();
        if (run == null) {
            setDone(true); // not in a pool: one arrival only
        }
        return null;
    }

    /** "Break current loop" on the group's level ends this arrival, not the user. */
    @Override
    public void breakLoop() {
        startNextLoop();
    }
}
