package io.github.agieval.jmeter.threads;

import java.time.Duration;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.threads.ListenerNotifier;
import org.apache.jorphan.collections.ListedHashTree;

/**
 * Runs a {@link StageThreadGroup} in-process on JMeter's own engine pieces, as the engine does
 * (without a {@code StandardJMeterEngine}): the group is the root of its tree, {@link #start}
 * hands the tree to {@link StageThreadGroup#start}, and every user is a real
 * {@link org.apache.jmeter.threads.JMeterThread} on its own thread running a clone of the tree.
 * With a {@link VirtualClock} the run is in virtual time ({@link #runUntil}).
 */
final class GroupRig {

    /** Real-time bound of one virtual step, and of a whole real run's end. */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    final StageThreadGroup group = new StageThreadGroup();
    final ListedHashTree tree = new ListedHashTree();
    final VirtualClock clock;

    /** A rig on the real clock. */
    GroupRig(String name, String startUsers, String stages, String grace) {
        this(name, startUsers, stages, grace, null);
    }

    /** A rig on {@code clock} ({@code null}: the real clock). */
    GroupRig(String name, String startUsers, String stages, String grace, VirtualClock clock) {
        this.clock = clock;
        group.setName(name);
        group.setStartUsers(startUsers);
        group.setStages(stages);
        group.setGracefulRampDown(grace);
        group.setTimeScale("1");
        if (clock != null) {
            group.setClock(clock);
        }
        tree.add(group);
    }

    /** Adds {@code child} under the group. */
    GroupRig add(Object child) {
        tree.add(group, child);
        return this;
    }

    /** Starts the group as JMeter's engine would (group number 1). */
    void start() {
        JMeterContextService.getContext().setVariables(new JMeterVariables());
        group.start(1, new ListenerNotifier(), tree, null);
    }

    /** Whether the scheduler and every user have ended. */
    boolean ended() {
        Thread s = group.schedulerThread();
        return (s == null || !s.isAlive()) && group.numberOfActiveThreads() == 0;
    }

    /**
     * After a failed test: stops the group hard if it still runs (unless threads are deadlocked,
     * when stopping would block the caller too), so it does not run on into the next test.
     */
    void stopIfRunning() {
        if (!ended() && java.lang.management.ManagementFactory.getThreadMXBean().findDeadlockedThreads() == null) {
            group.tellThreadsToStop();
            if (clock != null) {
                clock.runUntil(clock.millis() + 3_600_000, () -> true, STEP_TIMEOUT);
            }
        }
    }

    /** Waits (bounded) for the group to end, asserting meanwhile that no thread is deadlocked. */
    void awaitEnd(Duration timeout) {
        Deadlocks.awaitWithoutDeadlock(this::ended, timeout, () -> "group \"" + group.getName() + "\" ended ("
                + group.numberOfActiveThreads() + " users alive)");
    }

    /**
     * Virtual time: every thread of the run waits for virtual time (the scheduler parked or
     * ended, every live user in its sample), so nothing more happens until time moves on.
     */
    boolean quiet() {
        Thread s = group.schedulerThread();
        boolean schedulerQuiet = s == null || !s.isAlive() || clock.parked(s);
        return schedulerQuiet && clock.sleepers() == group.numberOfActiveThreads();
    }

    /** Virtual time: moves on to {@code ms} after the start, letting every thread react at each step. */
    void runUntil(long ms) {
        clock.runUntil(ms, this::quiet, STEP_TIMEOUT);
        clock.awaitQuiet(this::quiet, STEP_TIMEOUT, "at " + ms + " ms");
    }

    /** Virtual time: runs until the group has ended (at most {@code maxMs} of virtual time). */
    void runToEnd(long maxMs) {
        runUntil(maxMs);
        awaitEnd(STEP_TIMEOUT);
    }
}
