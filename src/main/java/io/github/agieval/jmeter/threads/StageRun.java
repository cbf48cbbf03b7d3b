package io.github.agieval.jmeter.threads;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.JMeterVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a {@link StageThreadGroup}: the scheduler that makes the number of active users
 * follow the {@link StageSchedule}, retires users LIFO with a graceful deadline, and stops them.
 *
 * <p>Threading model.
 * <ul>
 * <li>One scheduler thread ({@code <group> <n>-stages}, a daemon) runs {@link #schedule()}: in a
 * loop it <em>decides</em> under {@link #lock} (users to start, to retire, to take back, to
 * interrupt at their graceful deadline), releases the lock, <em>performs</em> those actions,
 * and parks on the {@link StageClock} until the next change of the curve, the next graceful
 * deadline, or an {@link StageClock#unpark unpark}; it never polls.</li>
 * <li>The users' threads call {@link #finished} (from JMeter's {@code threadFinished}, while the
 * user holds its own interrupt lock); the engine's thread calls {@link #stopAll},
 * {@link #stopUser} and the waits.</li>
 * <li>Lock order: {@link #lock} is only ever taken last. Nothing that calls into a
 * {@link JMeterThread} ({@code stop}, {@code interrupt}) or interrupts a user's thread runs
 * while it is held, because {@code JMeterThread.interrupt()} takes the user's interrupt lock
 * and the user, holding that lock, waits for {@link #lock} in {@link #finished}. Under the
 * lock the run only reads and writes its own state, clones trees, builds threads and flips the
 * users' {@link StageLoopController} states (lock-free). Threads are started after the lock
 * is released too.</li>
 * <li>{@link #all} (every live user) is a concurrent map so the engine can join threads without
 * the lock; everything else mutable is guarded by {@link #lock}.</li>
 * </ul>
 */
final class StageRun {

    private static final Logger log = LoggerFactory.getLogger(StageThreadGroup.class);

    private final String label;
    private final int groupNumber;
    private final String threadName;
    private final StageSchedule schedule;
    private final long graceNanos;
    private final StageClock clock;
    private final JMeterVariables variables;
    /** Builds (does not start) the user with the given thread number. */
    private final IntFunction<StageUser> users;
    private final long startNanos;

    private final ReentrantLock lock = new ReentrantLock();
    /** Every live user (registered before its thread starts, removed when it ends). */
    private final Map<JMeterThread, StageUser> all = new ConcurrentHashMap<>();
    /** Active users, oldest first (guarded by lock). */
    private final Deque<StageUser> active = new ArrayDeque<>();
    /** Users asked to finish their iteration, in the order they were asked (guarded by lock). */
    private final Deque<StageUser> retiring = new ArrayDeque<>();
    private volatile boolean running = true;
    private volatile Thread scheduler;
    /** Guarded by lock. */
    private int nextThreadNumber;
    /** Active users that ended on their own (Stop Thread...): not replaced (guarded by lock). */
    private int lost;
    /** Whether the end of the last stage was handled (guarded by lock). */
    private boolean lastStageEnded;
    /** When the scheduler looks again, as decided by {@link #decide} (guarded by lock). */
    private long nextWakeNanos;

    /**
     * @param label       how the group calls itself in the log: {@code Stage Thread Group "name"}
     * @param groupNumber the group's number in the plan (for the log)
     * @param threadName  the scheduler thread's name
     * @param users       builds the user with a thread number (a clone of the tree and a new,
     *                    unstarted thread); called under the lock
     */
    StageRun(String label, int groupNumber, String threadName, StageSchedule schedule, long graceMs, StageClock clock,
            JMeterVariables variables, IntFunction<StageUser> users) {
        this.label = label;
        this.groupNumber = groupNumber;
        this.threadName = threadName;
        this.schedule = schedule;
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMs);
        this.clock = clock;
        this.variables = variables;
        this.users = users;
        this.startNanos = clock.nanoTime();
    }

    /** Starts the scheduler thread. */
    void start() {
        Thread t = new Thread(this::schedule, threadName);
        t.setDaemon(true);
        scheduler = t;
        t.start();
    }

    /** The scheduler thread (for tests). */
    Thread schedulerThread() {
        return scheduler;
    }

    /** Live users: active, retiring, or interrupted and not yet ended. */
    int liveUsers() {
        return all.size();
    }

    long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - startNanos);
    }

    // ---------------------------------------------------------------- the scheduler

    /** The scheduler thread's body. */
    private void schedule() {
        JMeterContextService.getContext().setVariables(variables);
        try {
            boolean more = true;
            while (more) {
                Actions actions = new Actions();
                long wakeNanos;
                lock.lock();
                try {
                    more = decide(actions);
                    wakeNanos = nextWakeNanos;
                } finally {
                    lock.unlock();
                }
                actions.perform();
                if (more && actions.isEmpty()) {
                    long wait = wakeNanos == Long.MAX_VALUE ? Long.MAX_VALUE : wakeNanos - clock.nanoTime();
                    if (wait > 0) {
                        clock.park(wait);
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        log.warn("{}: scheduler interrupted; stopping the group's users", label);
                        stopAll(true);
                        more = false;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            log.error("{}: scheduler failed; stopping the group's users", label, e);
            stopAll(true); // the lock is not held here
        } finally {
            log.info("{} #{}: schedule done after {} ms", label, groupNumber, elapsedMs());
        }
    }

    /**
     * Decides (lock held) what to do now; returns whether the scheduler goes on (false once the
     * run is stopped, or the schedule has ended and no retiring user is left to wait for).
     */
    private boolean decide(Actions actions) {
        if (!running) {
            return false;
        }
        long now = elapsedMs();
        long wake = Long.MAX_VALUE;
        boolean more;
        if (now < schedule.totalDurationMs()) {
            adjustTo(Math.max(0, schedule.targetAt(now) - lost), actions);
            collectOverdue(actions);
            wake = startNanos + TimeUnit.MILLISECONDS.toNanos(schedule.nextChangeAfter(now));
            more = true;
        } else {
            if (!lastStageEnded) {
                lastStageEnded = true;
                log.info("{}: last stage ended after {} ms; removing {} users", label, now, active.size());
                adjustTo(0, actions);
            }
            // the end of the schedule: wait for retiring users, interrupting late ones
            collectOverdue(actions);
            more = !retiring.isEmpty();
        }
        for (StageUser u : retiring) {
            wake = Math.min(wake, u.deadlineNanos);
        }
        nextWakeNanos = wake;
        return more;
    }

    /** Decides (lock held) which users to start, take back or retire so that {@code target} are active. */
    private void adjustTo(int target, Actions actions) {
        while (active.size() < target && running) {
            StageUser back = retiring.pollLast();
            if (back != null) {
                if (back.controller != null && back.controller.cancelRetire()) {
                    active.addLast(back);
                }
                continue;
            }
            StageUser u = users.apply(nextThreadNumber++);
            all.put(u.jmeterThread, u);
            active.addLast(u);
            actions.start.add(u);
        }
        long deadline = clock.nanoTime() + graceNanos;
        while (active.size() > target) {
            StageUser u = active.pollLast();
            u.deadlineNanos = deadline;
            if (u.controller == null) {
                actions.stop.add(u);
            } else {
                u.controller.requestRetire(); // a lock-free state flip on the user's controller clone
            }
            retiring.addLast(u);
        }
    }

    /** Moves (lock held) the retiring users whose graceful period is over to the interrupt list. */
    private void collectOverdue(Actions actions) {
        long now = clock.nanoTime();
        retiring.removeIf(u -> {
            if (now - u.deadlineNanos >= 0) {
                actions.interrupt.add(u);
                return true;
            }
            return false;
        });
    }

    /** What the scheduler decided under the lock; performed after releasing it. */
    private final class Actions {
        final List<StageUser> interrupt = new ArrayList<>();
        final List<StageUser> stop = new ArrayList<>();
        final List<StageUser> start = new ArrayList<>();

        boolean isEmpty() {
            return interrupt.isEmpty() && stop.isEmpty() && start.isEmpty();
        }

        /** Lock not held. */
        void perform() {
            for (StageUser u : interrupt) {
                log.info("{}: {} did not finish its iteration within the graceful ramp-down; interrupting", label,
                        u.name());
                u.interrupt();
            }
            for (StageUser u : stop) {
                u.stop();
            }
            for (StageUser u : start) {
                // a stop after the decision: stopAll has (or will have) stopped this user; do not
                // start a thread for nothing (if stopAll comes after this check, the thread starts
                // already stopped and ends at once)
                if (running) {
                    u.thread.start();
                } else {
                    all.remove(u.jmeterThread);
                }
            }
        }
    }

    // ---------------------------------------------------------------- callbacks and stops

    /**
     * A user's thread ended (called on that thread, inside JMeter's {@code threadFinished}, while
     * it holds its interrupt lock): only bookkeeping under the lock, then a wake-up.
     */
    void finished(JMeterThread thread) {
        StageUser u = all.remove(thread);
        if (u == null) {
            return;
        }
        lock.lock();
        try {
            if (!active.remove(u)) {
                retiring.remove(u);
            } else if (running) {
                lost++;
                log.info("{}: {} ended on its own; it is not replaced: the group now runs {} user(s) below its stages",
                        label, u.name(), lost);
            }
        } finally {
            lock.unlock();
        }
        wakeScheduler();
    }

    /** Stops the scheduler and every user; {@code interrupt} for a hard stop. Any thread; no lock held. */
    void stopAll(boolean interrupt) {
        List<StageUser> toStop;
        lock.lock();
        try {
            // under the lock: the scheduler decides no new user after this
            running = false;
            toStop = new ArrayList<>(all.values());
        } finally {
            lock.unlock();
        }
        wakeScheduler();
        for (StageUser u : toStop) {
            if (interrupt) {
                u.interrupt();
            } else {
                u.stop();
            }
        }
        log.info("{}: {} stop of {} users", label, interrupt ? "hard" : "graceful", toStop.size());
    }

    /** Stops the user named {@code name} (JMeter's per-thread stop); whether it was found. */
    boolean stopUser(String name, boolean now) {
        for (StageUser u : all.values()) {
            if (u.name().equals(name)) {
                if (now) {
                    u.interrupt();
                } else {
                    u.stop();
                }
                return true;
            }
        }
        return false;
    }

    private void wakeScheduler() {
        Thread t = scheduler;
        if (t != null) {
            clock.unpark(t);
        }
    }

    // ---------------------------------------------------------------- the engine's waits

    /** Waits for the scheduler and every user to end. */
    void waitStopped() {
        Threads.joinUninterruptibly(scheduler, 0);
        while (!all.isEmpty()) {
            for (StageUser u : all.values()) {
                Threads.joinUninterruptibly(u.thread, 0);
                // normally gone already; also if a thread listener threw before JMeter told the group
                all.remove(u.jmeterThread);
            }
        }
    }

    /** Waits at most {@code waitMs} for the scheduler and for each user; whether all ended. */
    boolean verifyStopped(long waitMs) {
        boolean stopped = Threads.joinUninterruptibly(scheduler, waitMs);
        for (StageUser u : all.values()) {
            if (!Threads.joinUninterruptibly(u.thread, waitMs)) {
                log.warn("Thread won't exit: {}", u.thread.getName());
                stopped = false;
            }
        }
        return stopped;
    }
}
