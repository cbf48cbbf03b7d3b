package io.github.agieval.jmeter.threads;

import io.github.agieval.jmeter.common.StartFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.jmeter.control.Controller;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.threads.ListenerNotifier;
import org.apache.jorphan.collections.ListedHashTree;
import org.apache.jorphan.util.JMeterStopTestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage Thread Group: the number of running virtual users follows a piecewise-linear curve of
 * stages, with k6 {@code ramping-vus} semantics (see {@link StageSchedule} for the exact curve).
 * Users are added and removed while the test runs; the most recently started user is the first
 * removed (LIFO); a removed user finishes its current iteration and is interrupted only if that
 * takes longer than the graceful ramp-down period; at the end of the last stage every user is
 * removed the same way and the group ends.
 *
 * <p>Threading model. Configuration lives in properties only; everything of a run lives in one
 * transient {@link Run} created by {@link #start} on the engine's (un-cloned) group, so the element
 * stays {@code Serializable} for distributed mode, where every engine runs the full schedule.
 * <ul>
 * <li>One scheduler thread per run ({@code <group>-stages}) computes the target at each moment
 * the curve changes and sleeps on a condition until the next change, the next graceful deadline,
 * or a signal (a user ended, the test stops); it never polls.</li>
 * <li>Each user is a {@link JMeterThread} on its own platform thread, running a per-thread clone
 * of the group's tree; its {@link StageLoopController} clone is the retirement handle.</li>
 * <li>{@link #threadFinished} runs on the user's thread; the engine's thread calls
 * {@link #stop()}, {@link #tellThreadsToStop()} and the wait/verify methods. All shared run
 * state is guarded by {@link Run#lock}; the registry of live threads is a concurrent map so the
 * engine can join threads without the lock.</li>
 * </ul>
 */
public class StageThreadGroup extends AbstractThreadGroup {

    private static final long serialVersionUID = 1L;

    private static final Logger log = LoggerFactory.getLogger(StageThreadGroup.class);

    /** Users running at time 0 (k6 {@code startVUs}); default {@value #DEFAULT_START_USERS}. */
    public static final String START_USERS = "StageThreadGroup.start_users";
    /** Stage text or k6 JSON stages, see {@link StageSchedule#parseStages(String)}. */
    public static final String STAGES = "StageThreadGroup.stages";
    /** Factor applied to every duration (stages and graceful ramp-down); default {@value #DEFAULT_TIME_SCALE}. */
    public static final String TIME_SCALE = "StageThreadGroup.time_scale";
    /** How long a removed user may take to finish its iteration (k6 {@code gracefulRampDown}). */
    public static final String GRACEFUL_RAMP_DOWN = "StageThreadGroup.graceful_ramp_down";

    public static final String DEFAULT_START_USERS = "0";
    public static final String DEFAULT_TIME_SCALE = "1";
    public static final String DEFAULT_GRACEFUL_RAMP_DOWN = "30s";

    /** How this element calls itself in error messages. */
    static final String ELEMENT = "Stage Thread Group";

    private transient volatile Run run;

    public StageThreadGroup() {
        super();
        setSamplerController(new StageLoopController());
    }

    // ---------------------------------------------------------------- properties

    public String getStartUsers() {
        return getPropertyAsString(START_USERS, DEFAULT_START_USERS);
    }

    public void setStartUsers(String startUsers) {
        setProperty(START_USERS, startUsers, DEFAULT_START_USERS);
    }

    public String getStages() {
        return getPropertyAsString(STAGES, "");
    }

    public void setStages(String stages) {
        setProperty(STAGES, stages);
    }

    public String getTimeScale() {
        return getPropertyAsString(TIME_SCALE, DEFAULT_TIME_SCALE);
    }

    public void setTimeScale(String timeScale) {
        setProperty(TIME_SCALE, timeScale, DEFAULT_TIME_SCALE);
    }

    public String getGracefulRampDown() {
        return getPropertyAsString(GRACEFUL_RAMP_DOWN, DEFAULT_GRACEFUL_RAMP_DOWN);
    }

    public void setGracefulRampDown(String gracefulRampDown) {
        setProperty(GRACEFUL_RAMP_DOWN, gracefulRampDown, DEFAULT_GRACEFUL_RAMP_DOWN);
    }

    /** The schedule this group runs: stages parsed and scaled, or a message naming the element, property and value. */
    public StageSchedule schedule() {
        int startUsers = parseStartUsers();
        double scale = parseTimeScale();
        String stages = getStages();
        try {
            return StageSchedule.parse(startUsers, stages).scaled(scale);
        } catch (IllegalArgumentException e) {
            throw invalid(STAGES, stages, e.getMessage());
        }
    }

    /** The graceful ramp-down period in milliseconds, already scaled. */
    public long gracefulRampDownMs() {
        double scale = parseTimeScale();
        String value = getGracefulRampDown();
        try {
            return Math.round(StageSchedule.parseDurationMs(value) * scale);
        } catch (IllegalArgumentException e) {
            throw invalid(GRACEFUL_RAMP_DOWN, value, e.getMessage());
        }
    }

    private int parseStartUsers() {
        String value = getStartUsers().trim();
        try {
            int users = Integer.parseInt(value);
            if (users >= 0 && users <= StageSchedule.MAX_USERS) {
                return users;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(START_USERS, value, "not a whole number between 0 and " + StageSchedule.MAX_USERS);
    }

    private double parseTimeScale() {
        String value = getTimeScale().trim();
        try {
            double scale = Double.parseDouble(value);
            if (scale > 0 && !Double.isInfinite(scale)) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(TIME_SCALE, value, "not a positive number");
    }

    private IllegalArgumentException invalid(String property, String value, String why) {
        return new IllegalArgumentException(ELEMENT + " \"" + getName() + "\": property " + property + " = \""
                + value + "\": " + why);
    }

    /**
     * The most users the schedule asks for (what JMeter adds to its total thread count at start);
     * 0 if the configuration is invalid, which {@link #start} then reports.
     */
    @Override
    public int getNumThreads() {
        try {
            return schedule().maxUsers();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------- engine contract

    @Override
    public void start(int groupNumber, ListenerNotifier notifier, ListedHashTree threadGroupTree,
            StandardJMeterEngine engine) {
        StageSchedule schedule;
        long graceMs;
        try {
            schedule = schedule();
            graceMs = gracefulRampDownMs();
        } catch (IllegalArgumentException e) {
            JMeterStopTestException failure = StartFailure.report(log,
                    new JMeterStopTestException(e.getMessage() + "; the test is stopped"));
            if (engine != null) {
                engine.stopTest(true);
            }
            throw failure;
        }
        if (!(getSamplerController() instanceof StageLoopController)) {
            log.warn("{} \"{}\": main controller is a {}, not a StageLoopController: removed users stop after their"
                    + " current sample instead of their current iteration", ELEMENT, getName(),
                    getSamplerController().getClass().getName());
        }
        log.info("Starting {} \"{}\" #{}: {} over {} ms (peak {} users), graceful ramp-down {} ms", ELEMENT,
                getName(), groupNumber, schedule, schedule.totalDurationMs(), schedule.maxUsers(), graceMs);
        Run r = new Run(schedule, graceMs, groupNumber, notifier, threadGroupTree, engine,
                JMeterContextService.getContext().getVariables());
        this.run = r;
        r.scheduler = new Thread(r::schedule, getName() + " " + groupNumber + "-stages");
        r.scheduler.setDaemon(true);
        r.scheduler.start();
    }

    @Override
    public void threadFinished(JMeterThread thread) {
        Run r = run;
        if (r != null) {
            r.finished(thread);
        }
    }

    @Override
    public JMeterThread addNewThread(int delay, StandardJMeterEngine engine) {
        throw new UnsupportedOperationException(ELEMENT + " \"" + getName()
                + "\" starts and stops users by its stages; threads cannot be added to it");
    }

    @Override
    public boolean stopThread(String threadName, boolean now) {
        Run r = run;
        if (r == null) {
            return false;
        }
        for (Worker w : r.all.values()) {
            if (w.jmeterThread.getThreadName().equals(threadName)) {
                w.stop(now);
                return true;
            }
        }
        return false;
    }

    @Override
    public int numberOfActiveThreads() {
        Run r = run;
        return r == null ? 0 : r.all.size();
    }

    /** Graceful stop: no new users or iterations; running samples end normally. */
    @Override
    public void stop() {
        Run r = run;
        if (r != null) {
            r.stopAll(false);
        }
    }

    /** Hard stop: as {@link #stop()}, and interrupts running samplers and threads. */
    @Override
    public void tellThreadsToStop() {
        Run r = run;
        if (r != null) {
            r.stopAll(true);
        }
    }

    @Override
    public void waitThreadsStopped() {
        Run r = run;
        if (r == null) {
            return;
        }
        joinUninterruptibly(r.scheduler, 0);
        while (!r.all.isEmpty()) {
            for (Worker w : r.all.values()) {
                joinUninterruptibly(w.thread, 0);
            }
        }
    }

    @Override
    public boolean verifyThreadsStopped() {
        Run r = run;
        if (r == null) {
            return true;
        }
        long waitMs = DEFAULT_THREAD_STOP_TIMEOUT.toMillis();
        boolean stopped = joinUninterruptibly(r.scheduler, waitMs);
        for (Worker w : r.all.values()) {
            if (!joinUninterruptibly(w.thread, waitMs)) {
                log.warn("Thread won't exit: {}", w.thread.getName());
                stopped = false;
            }
        }
        return stopped;
    }

    /** Joins {@code t} (forever if {@code ms} is 0); returns whether it ended. */
    private static boolean joinUninterruptibly(Thread t, long ms) {
        if (t == null) {
            return true;
        }
        boolean interrupted = false;
        try {
            if (ms == 0) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } else {
                try {
                    t.join(ms);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return !t.isAlive();
    }

    // ---------------------------------------------------------------- runtime

    /** One virtual user; {@link #deadlineNanos} is guarded by the run's lock. */
    private static final class Worker {
        final JMeterThread jmeterThread;
        final Thread thread;
        /** The user's clone of the main controller, or {@code null} if it is not a {@link StageLoopController}. */
        final StageLoopController controller;
        /** When a retiring user is interrupted (System.nanoTime() based). */
        long deadlineNanos;

        Worker(JMeterThread jmeterThread, Thread thread, StageLoopController controller) {
            this.jmeterThread = jmeterThread;
            this.thread = thread;
            this.controller = controller;
        }

        void stop(boolean interrupt) {
            jmeterThread.stop();
            if (interrupt) {
                jmeterThread.interrupt();
                thread.interrupt();
            }
        }
    }

    /** Everything of one run of the group; created by {@link #start}. */
    private final class Run {
        final StageSchedule schedule;
        final long graceNanos;
        final int groupNumber;
        final ListenerNotifier notifier;
        final ListedHashTree tree;
        final StandardJMeterEngine engine;
        final JMeterVariables variables;
        final long startNanos = System.nanoTime();
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        /** Every live user, for the engine's joins. */
        final Map<JMeterThread, Worker> all = new ConcurrentHashMap<>();
        /** Active users, oldest first (guarded by lock). */
        final Deque<Worker> active = new ArrayDeque<>();
        /** Users asked to finish their iteration, in the order they were asked (guarded by lock). */
        final Deque<Worker> retiring = new ArrayDeque<>();
        volatile boolean running = true;
        volatile Thread scheduler;
        int nextThreadNumber;
        /** Active users that ended on their own (Stop Thread...): not replaced (guarded by lock). */
        int lost;

        Run(StageSchedule schedule, long graceMs, int groupNumber, ListenerNotifier notifier, ListedHashTree tree,
                StandardJMeterEngine engine, JMeterVariables variables) {
            this.schedule = schedule;
            this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMs);
            this.groupNumber = groupNumber;
            this.notifier = notifier;
            this.tree = tree;
            this.engine = engine;
            this.variables = variables;
        }

        long elapsedMs() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }

        /** The scheduler thread's body. */
        void schedule() {
            JMeterContextService.getContext().setVariables(variables);
            lock.lock();
            try {
                long total = schedule.totalDurationMs();
                while (running) {
                    long now = elapsedMs();
                    if (now >= total) {
                        break;
                    }
                    adjustTo(Math.max(0, schedule.targetAt(now) - lost));
                    enforceDeadlines();
                    long nextChange = schedule.nextChangeAfter(now);
                    awaitUntil(startNanos + TimeUnit.MILLISECONDS.toNanos(nextChange));
                }
                if (running) {
                    log.info("{} \"{}\": last stage ended after {} ms; removing {} users", ELEMENT, getName(),
                            elapsedMs(), active.size());
                    adjustTo(0);
                }
                // the end of the schedule (or a stop): wait for retiring users, interrupting late ones
                while (running && !retiring.isEmpty()) {
                    enforceDeadlines();
                    awaitUntil(Long.MAX_VALUE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                log.error("{} \"{}\": scheduler failed; stopping the group's users", ELEMENT, getName(), e);
                stopAll(true);
            } finally {
                lock.unlock();
                log.info("{} \"{}\" #{}: schedule done after {} ms", ELEMENT, getName(), groupNumber, elapsedMs());
            }
        }

        /** Waits (lock held) until {@code wakeNanos}, the earliest graceful deadline or a signal. */
        private void awaitUntil(long wakeNanos) throws InterruptedException {
            long wake = wakeNanos;
            for (Worker w : retiring) {
                wake = Math.min(wake, w.deadlineNanos);
            }
            long wait = wake - System.nanoTime();
            if (wait > 0 && running) {
                changed.awaitNanos(wait);
            }
        }

        /** Starts or retires users (lock held) so that {@code target} are active. */
        private void adjustTo(int target) {
            while (active.size() < target && running) {
                Worker back = retiring.pollLast();
                if (back != null) {
                    if (back.controller != null && back.controller.cancelRetire()) {
                        active.addLast(back);
                    }
                    continue;
                }
                active.addLast(startUser());
            }
            long deadline = System.nanoTime() + graceNanos;
            while (active.size() > target) {
                Worker w = active.pollLast();
                w.deadlineNanos = deadline;
                if (w.controller == null) {
                    w.stop(false);
                } else {
                    w.controller.requestRetire();
                }
                retiring.addLast(w);
            }
        }

        /** Interrupts retiring users (lock held) whose graceful period is over. */
        private void enforceDeadlines() {
            long now = System.nanoTime();
            retiring.removeIf(w -> {
                if (now - w.deadlineNanos >= 0) {
                    log.info("{} \"{}\": {} did not finish its iteration within the graceful ramp-down; interrupting",
                            ELEMENT, getName(), w.jmeterThread.getThreadName());
                    w.stop(true);
                    return true;
                }
                return false;
            });
        }

        private Worker startUser() {
            int threadNumber = nextThreadNumber++;
            ListedHashTree clonedTree = cloneTree(tree);
            Object root = clonedTree.getArray()[0];
            StageLoopController controller = null;
            if (root instanceof AbstractThreadGroup group) {
                Controller c = group.getSamplerController();
                if (c instanceof StageLoopController slc) {
                    controller = slc;
                }
            }
            JMeterThread jmeterThread = makeThread(engine, StageThreadGroup.this, notifier, groupNumber, threadNumber,
                    clonedTree, variables);
            Thread thread = new Thread(jmeterThread, jmeterThread.getThreadName());
            thread.setDaemon(false); // the scheduler is a daemon; users must not be
            Worker w = new Worker(jmeterThread, thread, controller);
            all.put(jmeterThread, w);
            thread.start();
            return w;
        }

        /** A user's thread ended (on that thread). */
        void finished(JMeterThread thread) {
            Worker w = all.remove(thread);
            if (w == null) {
                return;
            }
            lock.lock();
            try {
                if (!active.remove(w)) {
                    retiring.remove(w);
                } else if (running) {
                    lost++;
                    log.info("{} \"{}\": {} ended on its own; it is not replaced: the group now runs {} user(s)"
                            + " below its stages", ELEMENT, getName(), thread.getThreadName(), lost);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Stops the scheduler and every user; {@code interrupt} for a hard stop. */
        void stopAll(boolean interrupt) {
            List<Worker> workers;
            lock.lock();
            try {
                // under the lock: the scheduler starts no user after this
                running = false;
                changed.signalAll();
                workers = new ArrayList<>(all.values());
            } finally {
                lock.unlock();
            }
            for (Worker w : workers) {
                w.stop(interrupt);
            }
            if (log.isInfoEnabled()) {
                log.info("{} \"{}\": {} stop of {} users", ELEMENT, getName(),
                        interrupt ? "hard" : "graceful", workers.size());
            }
        }
    }
}
