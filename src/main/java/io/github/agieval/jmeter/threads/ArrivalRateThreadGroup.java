package io.github.agieval.jmeter.threads;

import io.github.agieval.jmeter.common.JMeterVersionCheck;
import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.common.StartFailure;
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
 * Arrival-Rate Thread Group: an open workload with the schedule language of JMeter's Open Model
 * Thread Group ({@code rate(40/sec) random_arrivals(1 min)}, see {@link ArrivalSchedule}), run by
 * a pool of started users instead of a new thread and a new clone of the test tree for every
 * arrival (k6's {@code constant-arrival-rate} / {@code ramping-arrival-rate} with pre-allocated
 * VUs). Each arrival is one iteration of an idle user; when no user is idle the arrival waits for
 * the next user built (the group builds one more, up to the maximum pool size, on its own thread)
 * or freed; with the pool full and busy the arrival is dropped and counted.
 *
 * <p>Each user is a real {@link JMeterThread} with its own clone of the group's tree, so samplers,
 * controllers, timers, pre/post-processors, assertions, listeners, thread and iteration listeners
 * behave as in any thread group. One arrival is one iteration: iteration listeners fire per
 * arrival, and cookies and cache are cleared per arrival ("Same user on each iteration" is off by
 * default). JMeter variables and a user's login state persist across the arrivals a user serves,
 * as across the iterations of a Thread Group; a Once Only Controller runs once per pool user.
 *
 * <p>Threading model. Configuration lives in properties only; a run lives in one transient
 * {@link ArrivalRun} created by {@link #start} on the engine's (un-cloned) group, so the element
 * stays {@code Serializable} for distributed mode (every engine runs the whole schedule).
 * <ul>
 * <li>One dispatcher thread per run ({@code <group> <n>-arrivals}) waits for each arrival on the
 * {@link StageClock} and hands it over lock-free (see {@link ArrivalRun} and {@link PoolUser});
 * it never polls and never builds a user.</li>
 * <li>One builder thread per run ({@code <group> <n>-builder}, {@link PoolBuilder}) builds and
 * starts the users: the initial ones, one for each arrival that finds no user idle, and a few
 * spare idle users ahead of demand while the pool grows.</li>
 * <li>Each user waits for its arrivals on its own thread, in its {@link ArrivalLoopController}.</li>
 * <li>{@link #threadFinished} runs on the user's thread (holding its interrupt lock) and only
 * removes it from a concurrent map; the engine's thread calls {@link #stop()},
 * {@link #tellThreadsToStop()} and the waits. No lock is ever held while calling into a
 * {@code JMeterThread}.</li>
 * <li>The clock is {@link StageClock#SYSTEM}; tests inject a virtual one with {@link #setClock}.</li>
 * </ul>
 *
 * <p>At the end of the schedule the group stops: idle users end, and users still in an arrival are
 * stopped and interrupted, as with the stock group (end the schedule with {@code pause(..)} to let
 * the last arrivals finish). Unlike the stock group it does not sit out a trailing pause: once the
 * last arrival has been handed over and every user is idle, the group ends. Settings are checked in {@link #start}: a bad value stops the test
 * before any user of the group runs, naming the element, the property and the value.
 */
public class ArrivalRateThreadGroup extends AbstractThreadGroup {

    private static final long serialVersionUID = 1L;

    private static final Logger log = LoggerFactory.getLogger(ArrivalRateThreadGroup.class);

    /** The arrival schedule, in the Open Model Thread Group's language. */
    public static final String SCHEDULE = "ArrivalRateThreadGroup.schedule";
    /** Seed of the random arrivals; 0 (the default) draws a new schedule every run. */
    public static final String RANDOM_SEED = "ArrivalRateThreadGroup.random_seed";
    /** Users started before the first arrival; default {@value #DEFAULT_INITIAL_USERS}. */
    public static final String INITIAL_USERS = "ArrivalRateThreadGroup.initial_users";
    /** The most users the pool may hold; an arrival finding all of them busy is dropped. */
    public static final String MAX_USERS = "ArrivalRateThreadGroup.max_users";

    public static final String DEFAULT_INITIAL_USERS = "0";
    public static final String DEFAULT_MAX_USERS = "1000";
    public static final String DEFAULT_RANDOM_SEED = "0";
    /** Upper bound of the pool size (each user is a platform thread). */
    public static final int LIMIT_USERS = 100_000;

    /** How this element calls itself in error messages. */
    static final String ELEMENT = "Arrival-Rate Thread Group";

    private transient volatile ArrivalRun run;
    private transient volatile StageClock clock;

    public ArrivalRateThreadGroup() {
        super();
        setSamplerController(new ArrivalLoopController());
        setIsSameUserOnNextIteration(false);
    }

    // ---------------------------------------------------------------- properties

    public String getSchedule() {
        return getPropertyAsString(SCHEDULE, "");
    }

    public void setSchedule(String schedule) {
        setProperty(SCHEDULE, schedule);
    }

    public String getRandomSeed() {
        return getPropertyAsString(RANDOM_SEED, DEFAULT_RANDOM_SEED);
    }

    public void setRandomSeed(String seed) {
        setProperty(RANDOM_SEED, seed, DEFAULT_RANDOM_SEED);
    }

    public String getInitialUsers() {
        return getPropertyAsString(INITIAL_USERS, DEFAULT_INITIAL_USERS);
    }

    public void setInitialUsers(String users) {
        setProperty(INITIAL_USERS, users, DEFAULT_INITIAL_USERS);
    }

    public String getMaxUsers() {
        return getPropertyAsString(MAX_USERS, DEFAULT_MAX_USERS);
    }

    public void setMaxUsers(String users) {
        setProperty(MAX_USERS, users, DEFAULT_MAX_USERS);
    }

    /** The parsed schedule, or an {@link IllegalArgumentException} naming the element, property and value. */
    public ArrivalSchedule schedule() {
        Settings settings = settings();
        String text = settings.required(SCHEDULE, getSchedule(), "");
        try {
            return ArrivalSchedule.parse(text);
        } catch (IllegalArgumentException e) {
            throw settings.bad(SCHEDULE, text, e.getMessage());
        }
    }

    public long randomSeed() {
        return settings().whole(RANDOM_SEED, getRandomSeed(), 0, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public int maxUsers() {
        return settings().wholeInt(MAX_USERS, getMaxUsers(), Integer.parseInt(DEFAULT_MAX_USERS), 1, LIMIT_USERS);
    }

    public int initialUsers() {
        int max = maxUsers();
        return settings().wholeInt(INITIAL_USERS, getInitialUsers(), 0, 0, max);
    }

    private Settings settings() {
        return Settings.of(ELEMENT, getName());
    }

    /** The users started at once (what JMeter adds to its thread count at start); 0 if invalid. */
    @Override
    public int getNumThreads() {
        try {
            return initialUsers();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------- engine contract

    @Override
    public void start(int groupNumber, ListenerNotifier notifier, ListedHashTree threadGroupTree,
            StandardJMeterEngine engine) {
        this.run = null;
        JMeterVersionCheck.requireSupported(settings().element());
        ArrivalSchedule schedule;
        long seed;
        int initial;
        int max;
        try {
            schedule = schedule();
            seed = randomSeed();
            max = maxUsers();
            initial = initialUsers();
        } catch (IllegalArgumentException e) {
            JMeterStopTestException failure = StartFailure.report(log,
                    new JMeterStopTestException(e.getMessage() + "; the test is stopped"));
            if (engine != null) {
                engine.stopTest(true);
            }
            throw failure;
        }
        if (!(getSamplerController() instanceof ArrivalLoopController)) {
            log.warn("{} \"{}\": main controller is a {}, not an ArrivalLoopController: each user runs one arrival",
                    ELEMENT, getName(), getSamplerController().getClass().getName());
        }
        log.info("Starting {} \"{}\" #{}: {} over {} ms (about {} arrivals, peak {}/s), pool {}..{} users", ELEMENT,
                getName(), groupNumber, schedule, schedule.totalDurationMs(), schedule.expectedArrivals(),
                schedule.peakRate(), initial, max);
        JMeterVariables variables = JMeterContextService.getContext().getVariables();
        ArrivalRun r = new ArrivalRun(ELEMENT + " \"" + getName() + "\"", groupNumber,
                getName() + " " + groupNumber + "-arrivals", schedule, seed, initial, max, clock(), variables,
                (theRun, threadNumber, assigned, due) -> newUser(theRun, engine, notifier, groupNumber, threadNumber,
                        threadGroupTree, variables, assigned, due));
        this.run = r;
        r.start();
    }

    /** Builds (does not start) one user: a clone of the group's tree run by a new JMeter thread. */
    private PoolUser newUser(ArrivalRun r, StandardJMeterEngine engine, ListenerNotifier notifier, int groupNumber,
            int threadNumber, ListedHashTree tree, JMeterVariables variables, boolean assigned, long due) {
        ListedHashTree clonedTree = cloneTree(tree);
        JMeterThread jmeterThread = makeThread(engine, this, notifier, groupNumber, threadNumber, clonedTree,
                variables);
        Thread thread = new Thread(jmeterThread, jmeterThread.getThreadName());
        thread.setDaemon(false);
        PoolUser user = new PoolUser(jmeterThread, thread, assigned, due);
        Object root = clonedTree.getArray()[0];
        if (root instanceof AbstractThreadGroup group
                && group.getSamplerController() instanceof ArrivalLoopController controller) {
            controller.attach(r, user);
        }
        return user;
    }

    @Override
    public void threadFinished(JMeterThread thread) {
        ArrivalRun r = run;
        if (r != null) {
            r.finished(thread);
        }
    }

    @Override
    public JMeterThread addNewThread(int delay, StandardJMeterEngine engine) {
        throw new UnsupportedOperationException(ELEMENT + " \"" + getName()
                + "\" starts users for its arrivals; threads cannot be added to it");
    }

    @Override
    public boolean stopThread(String threadName, boolean now) {
        ArrivalRun r = run;
        return r != null && r.stopUser(threadName, now);
    }

    @Override
    public int numberOfActiveThreads() {
        ArrivalRun r = run;
        return r == null ? 0 : r.liveUsers();
    }

    @Override
    public void stop() {
        ArrivalRun r = run;
        if (r != null) {
            r.stopAll(false);
        }
    }

    @Override
    public void tellThreadsToStop() {
        ArrivalRun r = run;
        if (r != null) {
            r.stopAll(true);
        }
    }

    @Override
    public void waitThreadsStopped() {
        ArrivalRun r = run;
        if (r != null) {
            r.waitStopped();
        }
    }

    @Override
    public boolean verifyThreadsStopped() {
        ArrivalRun r = run;
        return r == null || r.verifyStopped(DEFAULT_THREAD_STOP_TIMEOUT.toMillis());
    }

    // ---------------------------------------------------------------- for tests

    StageClock clock() {
        StageClock c = clock;
        return c == null ? StageClock.SYSTEM : c;
    }

    void setClock(StageClock clock) {
        this.clock = clock;
    }

    /** The current run's counters, or {@code null} before the first start. */
    ArrivalRun.Stats stats() {
        ArrivalRun r = run;
        return r == null ? null : r.stats();
    }

    Thread dispatcherThread() {
        ArrivalRun r = run;
        return r == null ? null : r.dispatcherThread();
    }

    Thread builderThread() {
        ArrivalRun r = run;
        return r == null ? null : r.builderThread();
    }
}
