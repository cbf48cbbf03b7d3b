package io.github.agieval.jmeter.threads;

import io.github.agieval.jmeter.common.Durations;
import io.github.agieval.jmeter.common.JMeterVersionCheck;
import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.common.TimeScale;
import io.github.agieval.jmeter.common.StartFailure;
import io.github.agieval.jmeter.common.StageTimeline;
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
 * transient {@link StageRun} created by {@link #start} on the engine's (un-cloned) group, so the
 * element stays {@code Serializable} for distributed mode, where every engine runs the full
 * schedule.
 * <ul>
 * <li>One scheduler thread per run ({@code <group> <n>-stages}) decides under the run's lock and
 * acts (starts, retires, interrupts users) after releasing it, then parks on the
 * {@link StageClock} until the next change of the curve, the next graceful deadline, or a
 * wake-up (a user ended, the test stops); it never polls. See {@link StageRun} for the lock
 * order: nothing calls into a {@link JMeterThread} while the run's lock is held, because JMeter
 * calls {@link #threadFinished} holding the user's interrupt lock.</li>
 * <li>Each user ({@link StageUser}) is a {@link JMeterThread} on its own platform thread, running
 * a per-thread clone of the group's tree; its {@link StageLoopController} clone is the
 * retirement handle.</li>
 * <li>{@link #threadFinished} runs on the user's thread; the engine's thread calls
 * {@link #stop()}, {@link #tellThreadsToStop()} and the wait/verify methods.</li>
 * <li>The clock is {@link StageClock#SYSTEM}; tests inject a virtual one with
 * {@link #setClock}.</li>
 * </ul>
 *
 * <p>Settings: an empty value (as the GUI writes for an empty field) means the default for the
 * start users, the time scale and the graceful ramp-down; a bad value stops the test in
 * {@link #start}, before any user of the group runs, through {@link StartFailure}.
 */
public class StageThreadGroup extends AbstractThreadGroup {

    private static final long serialVersionUID = 1L;

    private static final Logger log = LoggerFactory.getLogger(StageThreadGroup.class);

    /** Users running at time 0 (k6 {@code startVUs}); default {@value #DEFAULT_START_USERS}. */
    public static final String START_USERS = "StageThreadGroup.start_users";
    /** Stage text or k6 JSON stages, see {@link StageSchedule#parseStages(String)}. */
    public static final String STAGES = "StageThreadGroup.stages";
    /**
     * Factor applied to every duration (stages and graceful ramp-down); empty (the default) means the
     * {@code TIME_SCALE} JMeter property, or 1 when that is unset.
     */
    public static final String TIME_SCALE = "StageThreadGroup.time_scale";
    /** How long a removed user may take to finish its iteration (k6 {@code gracefulRampDown}). */
    public static final String GRACEFUL_RAMP_DOWN = "StageThreadGroup.graceful_ramp_down";

    public static final String DEFAULT_START_USERS = "0";
    public static final String DEFAULT_TIME_SCALE = "";
    public static final String DEFAULT_GRACEFUL_RAMP_DOWN = "30s";

    /** How this element calls itself in error messages. */
    static final String ELEMENT = "Stage Thread Group";

    private transient volatile StageRun run;
    /** The run's time source; {@code null} (after deserialization) means {@link StageClock#SYSTEM}. */
    private transient volatile StageClock clock;

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
        Settings settings = settings();
        int startUsers = settings.wholeInt(START_USERS, getStartUsers(), 0, 0, StageSchedule.MAX_USERS);
        double scale = timeScale(settings);
        String stages = settings.required(STAGES, getStages(), "");
        try {
            return StageSchedule.parse(startUsers, stages).scaled(scale);
        } catch (IllegalArgumentException e) {
            throw settings.bad(STAGES, stages, e.getMessage());
        }
    }

    /** The graceful ramp-down period in milliseconds, already scaled. */
    public long gracefulRampDownMs() {
        Settings settings = settings();
        double scale = timeScale(settings);
        long ms = settings.durationMs(GRACEFUL_RAMP_DOWN, getGracefulRampDown(),
                Durations.parseMillis(DEFAULT_GRACEFUL_RAMP_DOWN), 0, Durations.MAX_MS);
        return Math.round(ms * scale);
    }

    /** How this element reads its settings: empty means default; errors name the element, property and value. */
    private Settings settings() {
        return Settings.of(ELEMENT, getName());
    }

    /** The field's factor; empty means the plan's {@code TIME_SCALE} property (see {@link TimeScale}), else 1. */
    private double timeScale(Settings settings) {
        String raw = getTimeScale();
        if (Settings.isBlank(raw)) {
            return TimeScale.current(settings);
        }
        return settings.positive(TIME_SCALE, raw, 1.0);
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
        this.run = null; // nothing of an earlier run (GUI) is left if this start fails
        JMeterVersionCheck.requireSupported(Settings.of(ELEMENT, getName()).element());
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
        JMeterVariables variables = JMeterContextService.getContext().getVariables();
        StageClock runClock = clock();
        if (runClock == StageClock.SYSTEM) {
            // the run's time 0 is "now": the run reads its clock when it is built, just below
            publishTimeline(schedule, groupNumber);
        }
        StageRun r = new StageRun(ELEMENT + " \"" + getName() + "\"", groupNumber,
                getName() + " " + groupNumber + "-stages", schedule, graceMs, runClock, variables,
                threadNumber -> newUser(engine, notifier, groupNumber, threadNumber, threadGroupTree, variables));
        this.run = r;
        r.start();
    }

    /**
     * Tells listeners in this JVM (KPI Assertions' stage-by-stage verdicts) when each stage runs;
     * the first stage group of a test is the one published.
     */
    private void publishTimeline(StageSchedule schedule, int groupNumber) {
        String group = getName() + " " + groupNumber;
        if (!StageTimeline.publish(schedule.timeline(group, System.currentTimeMillis()))) {
            log.info("{} \"{}\": another stage group's stages are judged stage by stage, not this group's", ELEMENT,
                    getName());
        }
    }

    /** Builds (does not start) one user: a clone of the group's tree run by a new JMeter thread. */
    private StageUser newUser(StandardJMeterEngine engine, ListenerNotifier notifier, int groupNumber,
            int threadNumber, ListedHashTree tree, JMeterVariables variables) {
        ListedHashTree clonedTree = cloneTree(tree);
        Object root = clonedTree.getArray()[0];
        StageLoopController controller = null;
        if (root instanceof AbstractThreadGroup group && group.getSamplerController() instanceof StageLoopController slc) {
            controller = slc;
        }
        JMeterThread jmeterThread = makeThread(engine, this, notifier, groupNumber, threadNumber, clonedTree,
                variables);
        Thread thread = new Thread(jmeterThread, jmeterThread.getThreadName());
        thread.setDaemon(false); // the scheduler is a daemon; users must not be
        return new StageUser(jmeterThread, thread, controller);
    }

    @Override
    public void threadFinished(JMeterThread thread) {
        StageRun r = run;
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
        StageRun r = run;
        return r != null && r.stopUser(threadName, now);
    }

    @Override
    public int numberOfActiveThreads() {
        StageRun r = run;
        return r == null ? 0 : r.liveUsers();
    }

    /** Graceful stop: no new users or iterations; running samples end normally. */
    @Override
    public void stop() {
        StageRun r = run;
        if (r != null) {
            r.stopAll(false);
        }
    }

    /** Hard stop: as {@link #stop()}, and interrupts running samplers and threads. */
    @Override
    public void tellThreadsToStop() {
        StageRun r = run;
        if (r != null) {
            r.stopAll(true);
        }
    }

    @Override
    public void waitThreadsStopped() {
        StageRun r = run;
        if (r != null) {
            r.waitStopped();
        }
    }

    @Override
    public boolean verifyThreadsStopped() {
        StageRun r = run;
        return r == null || r.verifyStopped(DEFAULT_THREAD_STOP_TIMEOUT.toMillis());
    }

    // ---------------------------------------------------------------- clock

    /** The clock of the next {@link #start}: {@link StageClock#SYSTEM} unless a test set another. */
    StageClock clock() {
        StageClock c = clock;
        return c == null ? StageClock.SYSTEM : c;
    }

    /** For tests: the current run's scheduler thread, or {@code null} before the first start. */
    Thread schedulerThread() {
        StageRun r = run;
        return r == null ? null : r.schedulerThread();
    }

    /** For tests: runs the schedule, the graceful deadlines and the waits on {@code clock}. */
    void setClock(StageClock clock) {
        this.clock = clock;
    }
}
