package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.threads.WorkSampler.Log;
import io.github.agieval.jmeter.threads.WorkSampler.Log.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.jmeter.engine.event.LoopIterationEvent;
import org.apache.jmeter.engine.event.LoopIterationListener;
import org.apache.jmeter.testelement.AbstractTestElement;
import org.apache.jmeter.testelement.ThreadListener;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.threads.ListenerNotifier;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Arrival-Rate Thread Group on JMeter's own thread machinery (real {@code JMeterThread}s, one
 * clone of the tree each), in virtual time: every arrival is served at its moment by a pool user,
 * the pool grows only when no user is idle, an exhausted pool drops and counts, and stops end every
 * user without a deadlock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArrivalRateThreadGroupTest {

    private static final Duration STEP = Duration.ofSeconds(20);

    /** Counts thread starts/ends and iteration starts per element (shared by every clone through a key). */
    public static class Probe extends AbstractTestElement implements ThreadListener, LoopIterationListener {
        private static final long serialVersionUID = 1L;
        static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

        private void count(String what) {
            COUNTS.computeIfAbsent(getName() + ":" + what, k -> new AtomicInteger()).incrementAndGet();
        }

        static int get(String name, String what) {
            AtomicInteger n = COUNTS.get(name + ":" + what);
            return n == null ? 0 : n.get();
        }

        @Override
        public void threadStarted() {
            count("started");
        }

        @Override
        public void threadFinished() {
            count("finished");
        }

        @Override
        public void iterationStart(LoopIterationEvent iterEvent) {
            count("iteration");
        }
    }

    /** An element whose clone takes virtual time: building a user (a clone of the tree) is slow. */
    public static class SlowToClone extends AbstractTestElement {
        private static final long serialVersionUID = 1L;
        static final Map<String, VirtualClock> CLOCKS = new ConcurrentHashMap<>();
        static final String MILLIS = "SlowToClone.millis";

        @Override
        public Object clone() {
            VirtualClock c = CLOCKS.get(getName());
            if (c != null) {
                try {
                    c.sleep(getPropertyAsLong(MILLIS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.clone();
        }
    }

    private final VirtualClock clock = new VirtualClock();
    private final ArrivalRateThreadGroup group = new ArrivalRateThreadGroup();
    private final ListedHashTree tree = new ListedHashTree();
    private final List<WorkSampler> samplers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        if (!ended() && java.lang.management.ManagementFactory.getThreadMXBean().findDeadlockedThreads() == null) {
            group.tellThreadsToStop();
            clock.runUntil(clock.millis() + 3_600_000, () -> true, STEP);
        }
        samplers.forEach(WorkSampler::forget);
        Deadlocks.assertNone();
    }

    private Log rig(String name, String schedule, String maxUsers, ToLongFunction<String> workMs) {
        group.setName(name);
        group.setSchedule(schedule);
        group.setMaxUsers(maxUsers);
        group.setClock(clock);
        tree.add(group);
        Log log = new Log(clock, workMs);
        WorkSampler s = WorkSampler.of("work", log);
        samplers.add(s);
        tree.add(group, s);
        Probe probe = new Probe();
        probe.setName(name);
        tree.add(group, probe);
        return log;
    }

    private void start() {
        JMeterContextService.getContext().setVariables(new JMeterVariables());
        group.start(1, new ListenerNotifier(), tree, null);
    }

    private boolean ended() {
        Thread d = group.dispatcherThread();
        Thread b = group.builderThread();
        return (d == null || !d.isAlive()) && (b == null || !b.isAlive()) && group.numberOfActiveThreads() == 0;
    }

    /**
     * Nothing happens until time moves on: the dispatcher parked (or ended), the builder parked or
     * building a user in virtual time (or ended), every user idle or working.
     */
    private boolean quiet() {
        Thread d = group.dispatcherThread();
        boolean dispatcherAlive = d != null && d.isAlive();
        boolean dispatcherSleeping = dispatcherAlive && clock.sleeping(d); // building a user (before 2026-11-30)
        boolean dispatcherQuiet = !dispatcherAlive || clock.parked(d) || dispatcherSleeping;
        Thread b = group.builderThread();
        boolean builderAlive = b != null && b.isAlive();
        boolean builderParked = builderAlive && clock.parked(b);
        boolean builderSleeping = builderAlive && clock.sleeping(b);
        boolean builderQuiet = !builderAlive || builderParked || builderSleeping;
        int parkedUsers = clock.parkers() - (dispatcherAlive && clock.parked(d) ? 1 : 0) - (builderParked ? 1 : 0);
        int sleepingUsers = clock.sleepers() - (builderSleeping ? 1 : 0) - (dispatcherSleeping ? 1 : 0);
        return dispatcherQuiet && builderQuiet && sleepingUsers + parkedUsers == group.numberOfActiveThreads();
    }

    private void runToEnd(long maxMs) {
        clock.runUntil(maxMs, this::quiet, STEP);
        Deadlocks.awaitWithoutDeadlock(this::ended, STEP, () -> "group ended");
    }

    @Test
    void shouldServeEveryArrivalAtItsMomentWithAFewReusedUsersWhenTheyAreFasterThanTheRate() {
        // 10 arrivals/s for 3 s, each arrival works 250 ms: 3 users in turn serve all 30
        Log log = rig("Pool", "rate(10/sec) even_arrivals(3 s) pause(1 s)", "100", t -> 250);
        start();
        // the last arrival (2.9 s) is done at 3.15 s: the group ends then, inside its trailing pause
        runToEnd(3_500);

        List<Sample> samples = log.samples();
        assertThat(samples).hasSize(30);
        assertThat(samples.stream().map(Sample::startMs).sorted().collect(Collectors.toList()))
                .as("each arrival starts at its moment (virtual time: exactly)")
                .isEqualTo(java.util.stream.LongStream.range(0, 30).map(i -> i * 100).boxed().toList());
        assertThat(samples).noneMatch(Sample::interrupted);
        ArrivalRun.Stats stats = group.stats();
        assertThat(stats.arrivals()).isEqualTo(30);
        assertThat(stats.dropped()).isZero();
        assertThat(stats.delayed()).isZero();
        assertThat(stats.usersStarted()).as("users started: only while none was idle").isEqualTo(3);
        assertThat(samples.stream().map(Sample::thread).distinct()).hasSize(3);
        assertThat(Probe.get("Pool", "started")).isEqualTo(3);
        assertThat(Probe.get("Pool", "finished")).isEqualTo(3);
        assertThat(Probe.get("Pool", "iteration")).as("one iteration per arrival").isEqualTo(30);
    }

    @Test
    void shouldStartEveryArrivalOnTimeWhenBuildingAUserTakesLongerThanNothing() {
        // building a user takes 5 ms (virtual); 100 arrivals/s, 25 ms each: the pool must grow to 3+
        // users while arrivals come every 10 ms. Built on the dispatcher (as before), the first
        // arrival that found no user idle waited for the build; the builder keeps a spare user ahead.
        Log log = rig("Grow", "pause(100 ms) rate(100/sec) even_arrivals(1 s) pause(1 s)", "100", t -> 25);
        group.setInitialUsers("1");
        SlowToClone slow = new SlowToClone();
        slow.setName("Grow-slow");
        slow.setProperty(SlowToClone.MILLIS, 5L);
        SlowToClone.CLOCKS.put("Grow-slow", clock);
        tree.add(group, slow);
        try {
            start();
            runToEnd(2_000);
        } finally {
            SlowToClone.CLOCKS.remove("Grow-slow");
        }

        List<Sample> samples = log.samples();
        assertThat(samples).hasSize(100);
        assertThat(samples.stream().map(Sample::startMs).sorted().collect(Collectors.toList()))
                .as("each arrival starts at its moment although users take 5 ms to build")
                .isEqualTo(java.util.stream.LongStream.range(0, 100).map(i -> 100 + i * 10).boxed().toList());
        ArrivalRun.Stats stats = group.stats();
        assertThat(stats.arrivals()).isEqualTo(100);
        assertThat(stats.dropped()).isZero();
        assertThat(stats.maxDelayMs()).isZero();
        assertThat(stats.usersStarted()).as("3 busy at a time, plus the spare ones").isBetween(3, 6);
        assertThat(Probe.get("Grow", "finished")).isEqualTo(stats.usersStarted());
    }

    @Test
    void shouldDropAndCountArrivalsWhenThePoolIsExhausted() {
        // 10/s for 2 s, each arrival works 450 ms, at most 2 users: every 5th arrival finds a user idle
        Log log = rig("Small", "rate(10/sec) even_arrivals(2 s) pause(1 s)", "2", t -> 450);
        start();
        runToEnd(10_000);

        ArrivalRun.Stats stats = group.stats();
        assertThat(stats.arrivals()).isEqualTo(20);
        assertThat(stats.usersStarted()).isEqualTo(2);
        assertThat(stats.dropped()).isEqualTo(20 - log.samples().size()).isGreaterThan(10);
        assertThat(log.samples()).noneMatch(Sample::interrupted);
    }

    @Test
    void shouldInterruptRunningArrivalsAndEndIdleUsersWhenTheScheduleEnds() {
        // arrivals of 5 s in a 1-s schedule: like the stock group, the end of the schedule interrupts them
        Log log = rig("Long", "rate(4/sec) even_arrivals(1 s)", "100", t -> 5_000);
        start();
        runToEnd(20_000);

        assertThat(log.samples()).hasSize(4).allMatch(Sample::interrupted);
        assertThat(log.samples()).allMatch(s -> s.endMs() == 1_000);
        assertThat(Probe.get("Long", "finished")).isEqualTo(4);
    }

    @Test
    void shouldEndEveryUserAtOnceWhenStoppedMidRun() {
        Log log = rig("Stop", "rate(20/sec) even_arrivals(60 s)", "100", t -> 300);
        start();
        clock.runUntil(2_000, this::quiet, STEP);
        clock.awaitQuiet(this::quiet, STEP, "at 2 s");
        int users = group.numberOfActiveThreads();
        assertThat(users).isBetween(6, 8);

        group.stop(); // graceful: running samples end normally, idle users end now
        runToEnd(3_000);

        assertThat(group.stats().arrivals()).isBetween(40L, 41L);
        assertThat(log.samples()).noneMatch(Sample::interrupted);
        assertThat(log.samples().stream().mapToLong(Sample::endMs).max().orElse(0)).isLessThanOrEqualTo(2_300);
        assertThat(Probe.get("Stop", "finished")).isEqualTo(Probe.get("Stop", "started"));
        assertThat(group.verifyThreadsStopped()).isTrue();
    }
}
