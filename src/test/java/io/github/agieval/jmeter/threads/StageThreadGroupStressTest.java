package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.threads.WorkSampler.Log;
import io.github.agieval.jmeter.threads.WorkSampler.Log.Sample;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the group's ramp-down and stop paths hundreds of times with real JMeter threads and tiny
 * samplers, each run bounded in time and the JVM's deadlock detection asserted empty while and
 * after it runs (issue 16, defect 0: the spike plan hung in 2 of 6 runs).
 *
 * <p>In virtual time, iterations are multiples of 10 ms and graceful periods too, so users
 * finish their iteration at the very moment their graceful deadline passes: the clock wakes the
 * user and the scheduler together and the two really race (the interleaving of the hang). The
 * short real-time runs add the scheduling noise of a busy machine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StageThreadGroupStressTest {

    private static final AtomicInteger RUNS = new AtomicInteger();
    /** Short real runs (system property {@code stress.realRuns}, default 200). */
    private static final int REAL_RUNS = Integer.getInteger("stress.realRuns", 200);

    /** The shapes, in miniature (ms). */
    enum Shape {
        /** The seed's spike test 10 -> 200 -> 10, as 2 -> 40 -> 2. */
        SPIKE("2", "100ms,2;100ms,40;200ms,40;100ms,2;100ms,2", 40),
        /** The seed's stress test 10 -> 100 -> 200 -> 0, as 2 -> 20 -> 40 -> 0. */
        STRESS("2", "100ms,20;200ms,20;100ms,40;200ms,40;100ms,0", 40),
        /** Every user removed at once while in an iteration: the graceful ramp-down ends mid-iteration. */
        DROP("12", "100ms,12;0s,0;100ms,0", 12);

        final String start;
        final String stages;
        final int peak;

        Shape(String start, String stages, int peak) {
            this.start = start;
            this.stages = stages;
            this.peak = peak;
        }

        long totalMs() {
            return StageSchedule.parse(Integer.parseInt(start), stages).totalDurationMs();
        }
    }

    /** How a run ends. */
    enum Ending {
        SCHEDULE, GRACEFUL_STOP, HARD_STOP
    }

    private static ToLongFunction<String> randomWork(long seed, int maxTens) {
        SplittableRandom random = new SplittableRandom(seed);
        return thread -> {
            synchronized (random) {
                return 10L * (1 + random.nextInt(maxTens));
            }
        };
    }

    /** One run in virtual time; returns its samples. */
    private static List<Sample> virtualRun(Shape shape, Ending ending, long seed) {
        VirtualClock clock = new VirtualClock();
        SplittableRandom random = new SplittableRandom(seed);
        long graceMs = 10L * (1 + random.nextInt(8));
        String name = shape + "-" + ending + "-" + RUNS.incrementAndGet();
        GroupRig rig = new GroupRig(name, shape.start, shape.stages, graceMs + "ms", clock);
        Log log = new Log(clock, randomWork(seed, 10));
        WorkSampler sampler = WorkSampler.of("work", log);
        rig.add(sampler);
        try {
            rig.start();
            long stopAt = -1;
            if (ending != Ending.SCHEDULE) {
                stopAt = 10L * random.nextInt((int) (shape.totalMs() / 10));
                rig.runUntil(stopAt);
                if (ending == Ending.HARD_STOP) {
                    rig.group.tellThreadsToStop();
                } else {
                    rig.group.stop();
                }
            }
            rig.runToEnd(shape.totalMs() + 10_000);
            List<Sample> samples = log.samples();
            String what = name + " (grace " + graceMs + " ms, seed " + seed + ", stop at " + stopAt + ")";
            assertThat(samples.stream().map(Sample::thread).distinct().count()).as(what).isLessThanOrEqualTo(shape.peak);
            if (ending == Ending.SCHEDULE) {
                assertThat(samples.stream().map(Sample::thread).distinct().count()).as(what).isEqualTo(shape.peak);
                // No bound on the sample end times here: under heavy machine load the virtual clock can take a
                // step while an interrupt is still on its way to a user (seen twice in some 8,000 runs, 20-40 ms
                // of virtual time late). This test is about hangs and deadlocks; the exact graceful ramp-down
                // timing is asserted in StageThreadGroupVirtualTimeTest, one scenario at a time.
            } else {
                long stop = stopAt;
                assertThat(samples).as(what + ": no sample starts after the stop").allMatch(s -> s.startMs() <= stop);
                if (ending == Ending.HARD_STOP) {
                    assertThat(samples).as(what + ": a hard stop ends every sample at once")
                            .allMatch(s -> s.endMs() <= stop);
                }
            }
            return samples;
        } finally {
            rig.stopIfRunning();
            sampler.forget();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Shape.class)
    void shouldNeverHangWhenRampingDownInVirtualTime(Shape shape) {
        int interrupted = 0;
        for (int i = 0; i < 100; i++) {
            List<Sample> samples = virtualRun(shape, Ending.SCHEDULE, 1000L * shape.ordinal() + i);
            interrupted += (int) samples.stream().filter(Sample::interrupted).count();
        }
        Deadlocks.assertNone();
        assertThat(interrupted).as("some iterations outlasted the graceful ramp-down").isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Ending.class, names = {"GRACEFUL_STOP", "HARD_STOP"})
    void shouldNeverHangWhenStoppedAtAnyMomentInVirtualTime(Ending ending) {
        for (int i = 0; i < 60; i++) {
            Shape shape = Shape.values()[i % Shape.values().length];
            virtualRun(shape, ending, 5000L * ending.ordinal() + i);
        }
        Deadlocks.assertNone();
    }

    /**
     * Short real runs (about 50 ms each): users ramp 2 -> 30 -> 0 in 10 ms steps with 1..5 ms
     * iterations and a 3 ms grace, and some runs are stopped (gracefully or hard) on the way.
     */
    @Test
    void shouldNeverHangWhenRunForRealManyTimes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < REAL_RUNS; i++) {
            String name = "Real-" + RUNS.incrementAndGet();
            GroupRig rig = new GroupRig(name, "2", "10ms,2;10ms,30;10ms,30;10ms,2;10ms,0", "3ms");
            long seed = random.nextLong();
            ToLongFunction<String> tens = randomWork(seed, 5);
            Log log = new Log(null, t -> tens.applyAsLong(t) / 10); // 1..5 ms
            WorkSampler sampler = WorkSampler.of("work", log);
            rig.add(sampler);
            try {
                rig.start();
                int ending = i % 3;
                if (ending > 0) {
                    Deadlocks.awaitWithoutDeadlock(() -> log.nowMs() >= 5 + random.nextInt(30) || rig.ended(),
                            GroupRig.STEP_TIMEOUT, () -> name + " reached its stop moment");
                    if (ending == 1) {
                        rig.group.stop();
                    } else {
                        rig.group.tellThreadsToStop();
                    }
                }
                rig.awaitEnd(GroupRig.STEP_TIMEOUT);
                assertThat(log.samples().stream().map(Sample::thread).distinct().count()).as(name)
                        .isLessThanOrEqualTo(30);
            } finally {
                rig.stopIfRunning();
                sampler.forget();
            }
        }
        Deadlocks.assertNone();
    }

    @Test
    void shouldFindNoDeadlockBetweenTheRuns() {
        Deadlocks.awaitWithoutDeadlock(() -> true, Duration.ofSeconds(1), () -> "nothing");
    }
}
