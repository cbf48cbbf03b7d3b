package io.github.agieval.jmeter.threads;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.JMeterVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an {@link ArrivalRateThreadGroup}: the dispatcher that turns the
 * {@link ArrivalSchedule} into arrivals and hands each to an idle user of the pool, or keeps it
 * waiting for the next user built or freed when none is idle (up to the pool's maximum; beyond it
 * the arrival is dropped and counted), and the stops. New users are built by a
 * {@link PoolBuilder} on its own thread, never by the dispatcher.
 *
 * <p>Threading model.
 * <ul>
 * <li>One dispatcher thread ({@code <group> <n>-arrivals}, a daemon) parks on the
 * {@link StageClock} until each arrival is due and hands it over: it polls an idle user from
 * {@link #idle} (a lock-free stack: the most recently idle user first, whose caches are warm)
 * and assigns it with one compare-and-set ({@link PoolUser#assign}), then unparks it. With no
 * user idle it takes a user the builder prepared ({@link #prepared}: built, not started),
 * gives it the arrival and starts its thread (a thread start, no build). With neither, the
 * arrival joins {@link #pending} (a queue only the dispatcher touches; its size is published in
 * {@link #pendingCount}) and the builder is woken; the dispatcher hands waiting arrivals to users
 * as they become idle or are prepared (both unpark it while {@link #pendingCount} is positive:
 * each side publishes, then reads the other's state, so no wake-up is lost).</li>
 * <li>One builder thread ({@code <group> <n>-builder}, {@link PoolBuilder}) builds every user
 * (tree clone, {@code JMeterThread}): it starts the initial ones and keeps a few more prepared
 * ahead of demand; a build never delays the dispatcher. A prepared user that no arrival needed
 * is never started (and is not counted as started).</li>
 * <li>Each user's thread waits for its arrivals in {@link #awaitArrival} (called by its
 * {@link ArrivalLoopController} at every iteration boundary), parked on the clock.</li>
 * <li>There is no lock. The users' callbacks ({@link #finished}, from JMeter's
 * {@code threadFinished} while the user holds its interrupt lock) only remove the user from a
 * concurrent map; the stops flip states and then call into the {@code JMeterThread}s, so no
 * thread ever waits for another while holding anything (the lesson of the Stage Thread Group's
 * deadlock, see {@link StageRun}).</li>
 * <li>Counters are atomic; {@link #stats()} may be read from any thread.</li>
 * </ul>
 */
final class ArrivalRun {

    private static final Logger log = LoggerFactory.getLogger(ArrivalRateThreadGroup.class);

    /** An arrival handed over later than this after it was due counts as delayed. */
    static final long DELAYED_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** What a run did so far. */
    record Stats(long arrivals, long dropped, long delayed, long maxDelayMs, int usersStarted, int usersAlive) {
    }

    private final String label;
    private final int groupNumber;
    private final String threadName;
    private final ArrivalSchedule schedule;
    private final long seed;
    private final int maxUsers;
    private final StageClock clock;
    private final JMeterVariables variables;
    /** Builds (does not start) the user with the given thread number; its controller is attached. */
    private final UserFactory users;

    /** Every live user (registered before its thread starts, removed when it ends). */
    private final Map<JMeterThread, PoolUser> all = new ConcurrentHashMap<>();
    /** Users waiting for an arrival, the most recent last. May hold stopped or ended users (skipped). */
    private final ConcurrentLinkedDeque<PoolUser> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean running = true;
    private volatile Thread dispatcher;
    private final PoolBuilder builder;
    /** Arrivals (their due times) waiting for a user; the dispatcher's own. */
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    /** {@code pending.size()}, published for the users and the builder. */
    private volatile int pendingCount;
    /** Users built and not started (the builder adds, the dispatcher takes); never in {@link #all}. */
    private final ConcurrentLinkedQueue<PoolUser> prepared = new ConcurrentLinkedQueue<>();
    private final AtomicInteger preparedCount = new AtomicInteger();
    /** Thread numbers handed out (the builder's own). */
    private int built;
    /** Set by the dispatcher after the last arrival was handed over. */
    private volatile boolean arrivalsOver;
    private volatile long startNanos;

    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private final AtomicLong maxDelayNanos = new AtomicLong();
    private final AtomicInteger started = new AtomicInteger();

    /** Builds a user: a clone of the tree and a new, unstarted thread, for an arrival due then or idle. */
    interface UserFactory {
        PoolUser create(ArrivalRun run, int threadNumber, boolean assigned, long dueNanos);
    }

    ArrivalRun(String label, int groupNumber, String threadName, ArrivalSchedule schedule, long seed,
            int initialUsers, int maxUsers, StageClock clock, JMeterVariables variables, UserFactory users) {
        this.label = label;
        this.groupNumber = groupNumber;
        this.threadName = threadName;
        this.schedule = schedule;
        this.seed = seed;
        this.maxUsers = maxUsers;
        this.clock = clock;
        this.variables = variables;
        this.users = users;
        this.builder = new PoolBuilder(this, clock, variables, initialUsers, schedule.peakRate());
    }

    /** Starts the builder and the dispatcher threads. */
    void start() {
        startNanos = clock.nanoTime();
        Thread t = new Thread(this::dispatch, threadName);
        t.setDaemon(true);
        dispatcher = t;
        builder.start(builderName(threadName));
        t.start();
    }

    private static String builderName(String dispatcherName) {
        return dispatcherName.endsWith("-arrivals")
                ? dispatcherName.substring(0, dispatcherName.length() - "-arrivals".length()) + "-builder"
                : dispatcherName + "-builder";
    }

    Thread builderThread() {
        return builder.thread();
    }

    boolean running() {
        return running;
    }

    String label() {
        return label;
    }

    Thread dispatcherThread() {
        return dispatcher;
    }

    int liveUsers() {
        return all.size();
    }

    Stats stats() {
        return new Stats(arrivals.get(), dropped.get(), delayed.get(),
                TimeUnit.NANOSECONDS.toMillis(maxDelayNanos.get()), started.get(), all.size());
    }

    // ---------------------------------------------------------------- the dispatcher

    private void dispatch() {
        JMeterContextService.getContext().setVariables(variables);
        try {
            ArrivalSchedule.Arrivals times = schedule.arrivals(seed == 0 ? new Random() : new Random(seed));
            while (running && times.hasNext()) {
                long due = startNanos + Math.round(times.nextSeconds() * 1e9);
                if (waitUntil(due)) {
                    handOver(due);
                }
            }
            arrivalsOver = true;
            waitForTheEnd(startNanos + TimeUnit.MILLISECONDS.toNanos(schedule.totalDurationMs()));
            if (running) {
                Stats s = stats();
                log.info("{} #{}: schedule ended after {} ms: {} arrivals, {} dropped (pool of {} users exhausted),"
                        + " {} delayed over {} ms (max {} ms), {} users started ({}); stopping the users", label,
                        groupNumber, elapsedMs(), s.arrivals(), s.dropped(), maxUsers, s.delayed(),
                        TimeUnit.NANOSECONDS.toMillis(DELAYED_NANOS), s.maxDelayMs(), s.usersStarted(),
                        builder.describe());
                // as the stock Open Model Thread Group: whatever still runs at the end of the schedule is
                // stopped and interrupted (end a schedule with pause(..) to let the last arrivals finish)
                stopAll(true);
            }
        } catch (RuntimeException | Error e) {
            log.error("{}: dispatcher failed; stopping the group's users", label, e);
            stopAll(true);
        } finally {
            log.info("{} #{}: dispatcher done after {} ms", label, groupNumber, elapsedMs());
        }
    }

    /**
     * Parks until {@code due} (clock time), handing waiting arrivals to users as they become idle;
     * false if the run stopped meanwhile.
     */
    private boolean waitUntil(long due) {
        while (running) {
            matchPending();
            long wait = due - clock.nanoTime();
            if (wait <= 0) {
                break;
            }
            clock.park(wait);
            if (Thread.currentThread().isInterrupted()) {
                log.warn("{}: dispatcher interrupted; stopping the group's users", label);
                stopAll(true);
            }
        }
        return running;
    }

    /**
     * After the last arrival: parks until the end of the schedule, or until every user is idle
     * (nothing is left to do: a trailing pause only lets the last arrivals finish), or a stop.
     * Idle users wake the dispatcher once {@link #arrivalsOver} is set.
     */
    private void waitForTheEnd(long end) {
        while (running) {
            matchPending();
            long wait = end - clock.nanoTime();
            if (wait <= 0 || allIdle()) {
                break;
            }
            clock.park(wait);
            if (Thread.currentThread().isInterrupted()) {
                log.warn("{}: dispatcher interrupted; stopping the group's users", label);
                stopAll(true);
            }
        }
        if (running && end - clock.nanoTime() > 0) {
            log.info("{} #{}: every arrival done after {} ms, before the end of the schedule", label, groupNumber,
                    elapsedMs());
        }
    }

    private boolean allIdle() {
        if (!pending.isEmpty()) {
            return false;
        }
        for (PoolUser u : all.values()) {
            if (u.state() == PoolUser.BUSY || u.state() == PoolUser.ASSIGNED) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gives the arrival due at {@code due} to an idle user, else to a prepared one; with neither it
     * waits for the next user prepared or freed, unless the pool is full and every waiting arrival
     * already has a user to come (then it is dropped and counted).
     */
    private void handOver(long due) {
        arrivals.incrementAndGet();
        if (!matchPending() && give(due)) {
            return;
        }
        if (pending.size() < maxUsers - all.size()) {
            pending.addLast(due);
            pendingCount = pending.size();
            builder.wake();
            matchPending(); // a user may have become idle, or been prepared, since
        } else {
            dropped.incrementAndGet();
        }
    }

    /** Dispatcher: the arrival due at {@code due} to an idle user, else a prepared one; whether one took it. */
    private boolean give(long due) {
        PoolUser u;
        while ((u = idle.pollLast()) != null) {
            if (u.assign(due)) {
                clock.unpark(u.thread);
                return true;
            }
        }
        while ((u = prepared.poll()) != null) {
            preparedCount.decrementAndGet();
            builder.wake(); // keep the spare ones coming
            if (all.size() < maxUsers) {
                u.assignNew(due);
                if (register(u)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Dispatcher: hands waiting arrivals, oldest first, to idle or prepared users. Whether arrivals
     * still wait (no user left).
     */
    private boolean matchPending() {
        while (!pending.isEmpty()) {
            if (!give(pending.peekFirst())) {
                return true;
            }
            pending.pollFirst();
            pendingCount = pending.size();
        }
        return false;
    }

    /** Registers and starts {@code u} (a thread start, no build); false if the run stopped. */
    private boolean register(PoolUser u) {
        all.put(u.jmeterThread, u);
        if (running) {
            started.incrementAndGet();
            u.thread.start();
            return true;
        }
        all.remove(u.jmeterThread);
        return false;
    }

    /** Builder: whether to prepare a user now, keeping {@code spare} (at least one) ahead of demand. */
    boolean needsUser(int spare) {
        int ready = preparedCount.get();
        return ready < Math.max(1, spare) && all.size() + ready < maxUsers;
    }

    /** Builder thread only: builds and starts one user, idle once its thread is up (the initial users). */
    void startUser() {
        register(users.create(this, built++, false, 0));
    }

    /** Builder thread only: builds one user and leaves it for the dispatcher to start with an arrival. */
    void prepareUser() {
        PoolUser u = users.create(this, built++, false, 0);
        prepared.add(u);
        preparedCount.incrementAndGet();
        if (pendingCount > 0) {
            Thread d = dispatcher;
            if (d != null) {
                clock.unpark(d); // an arrival waits for it
            }
        }
    }

    // ---------------------------------------------------------------- the users' side

    /**
     * On a user's thread, at an iteration boundary: offers the user to the dispatcher and waits
     * for its next arrival. Returns false when the run or the user stopped (the user ends).
     */
    boolean awaitArrival(PoolUser u) {
        if (u.state() == PoolUser.BUSY) {
            if (!running || !u.markIdle()) {
                return false;
            }
            idle.addLast(u);
            if (pendingCount > 0 || arrivalsOver) {
                Thread d = dispatcher;
                if (d != null) {
                    clock.unpark(d); // an arrival waits for a user; or perhaps the last one: the run may end early
                }
            }
        }
        while (true) {
            if (u.take()) {
                if (!running) {
                    return false; // started or assigned just before a stop
                }
                long late = clock.nanoTime() - u.dueNanos();
                if (late > DELAYED_NANOS) {
                    delayed.incrementAndGet();
                }
                maxDelayNanos.accumulateAndGet(late, Math::max);
                return true;
            }
            if (u.isStopped() || !running) {
                return false;
            }
            clock.park(Long.MAX_VALUE);
        }
    }

    /** A user's thread ended (on that thread, in JMeter's {@code threadFinished}): bookkeeping only. */
    void finished(JMeterThread thread) {
        PoolUser u = all.remove(thread);
        if (u != null) {
            u.markStopped();
            builder.wake(); // the pool has room again
        }
    }

    /** Stops the dispatcher and every user; {@code interrupt} for a hard stop. Any thread; nothing held. */
    void stopAll(boolean interrupt) {
        running = false;
        Thread d = dispatcher;
        if (d != null && d != Thread.currentThread()) {
            clock.unpark(d);
        }
        builder.wake();
        List<PoolUser> toStop = new ArrayList<>(all.values());
        int idleOnes = 0;
        for (PoolUser u : toStop) {
            if (u.markStopped()) {
                idleOnes++;
                clock.unpark(u.thread); // it ends by itself: no sample is running
            } else if (interrupt) {
                u.interrupt();
            } else {
                u.stop();
            }
        }
        idle.clear();
        prepared.clear(); // never started: nothing to stop
        log.info("{}: {} stop of {} users ({} idle)", label, interrupt ? "hard" : "graceful", toStop.size(),
                idleOnes);
    }

    /** Stops the user named {@code name} (JMeter's per-thread stop); whether it was found. */
    boolean stopUser(String name, boolean now) {
        for (PoolUser u : all.values()) {
            if (u.name().equals(name)) {
                if (u.markStopped()) {
                    clock.unpark(u.thread);
                } else if (now) {
                    u.interrupt();
                } else {
                    u.stop();
                }
                return true;
            }
        }
        return false;
    }

    long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - startNanos);
    }

    // ---------------------------------------------------------------- the engine's waits

    void waitStopped() {
        Threads.joinUninterruptibly(dispatcher, 0);
        Threads.joinUninterruptibly(builder.thread(), 0);
        while (!all.isEmpty()) {
            for (PoolUser u : all.values()) {
                Threads.joinUninterruptibly(u.thread, 0);
                all.remove(u.jmeterThread);
            }
        }
    }

    boolean verifyStopped(long waitMs) {
        boolean stopped = Threads.joinUninterruptibly(dispatcher, waitMs)
                & Threads.joinUninterruptibly(builder.thread(), waitMs);
        for (PoolUser u : all.values()) {
            if (!Threads.joinUninterruptibly(u.thread, waitMs)) {
                log.warn("Thread won't exit: {}", u.thread.getName());
                stopped = false;
            }
        }
        return stopped;
    }
}
