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
 */
final class GroupRig {

    final StageThreadGroup group = new StageThreadGroup();
    final ListedHashTree tree = new ListedHashTree();

    GroupRig(String name, String startUsers, String stages, String grace) {
        group.setName(name);
        group.setStartUsers(startUsers);
        group.setStages(stages);
        group.setGracefulRampDown(grace);
        group.setTimeScale("1");
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

    /** The group's scheduler thread, or {@code null} once it has ended. */
    Thread scheduler() {
        String name = group.getName() + " 1-stages";
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElse(null);
    }

    /** Whether the scheduler and every user have ended. */
    boolean ended() {
        Thread s = scheduler();
        return (s == null || !s.isAlive()) && group.numberOfActiveThreads() == 0;
    }

    /** Waits (bounded) for the group to end, asserting meanwhile that no thread is deadlocked. */
    void awaitEnd(Duration timeout) {
        Deadlocks.awaitWithoutDeadlock(this::ended, timeout, () -> "group \"" + group.getName() + "\" ended ("
                + group.numberOfActiveThreads() + " users alive)");
    }
}
