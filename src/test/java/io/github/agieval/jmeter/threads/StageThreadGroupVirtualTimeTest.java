package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.threads.WorkSampler.Log;
import io.github.agieval.jmeter.threads.WorkSampler.Log.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The group's run logic in virtual time, with real JMeter threads: the users are started,
 * retired, taken back and interrupted at the exact moments of the schedule and the graceful
 * ramp-down (no real waiting, no timing slack), and the JVM finds no deadlock at any step.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StageThreadGroupVirtualTimeTest {

    private final VirtualClock clock = new VirtualClock();
    private final List<WorkSampler> samplers = new ArrayList<>();
    private GroupRig rig;

    @AfterEach
    void tearDown() {
        if (rig != null) {
            rig.stopIfRunning();
        }
        samplers.forEach(WorkSampler::forget);
        Deadlocks.assertNone();
    }

    private Log rig(String name, String start, String stages, String grace, ToLongFunction<String> workMs) {
        rig = new GroupRig(name, start, stages, grace, clock);
        Log log = new Log(clock, workMs);
        WorkSampler s = WorkSampler.of("work", log);
        samplers.add(s);
        rig.add(s);
        return log;
    }

    /** Per user (by number): the start of its first sample and the end of its last one. */
    private static Map<Integer, long[]> firstAndLast(List<Sample> samples, String prefix) {
        Map<Integer, long[]> m = new TreeMap<>();
        for (Sample s : samples) {
            assertThat(s.thread()).startsWith(prefix);
            int k = Integer.parseInt(s.thread().substring(prefix.length()));
            m.merge(k, new long[] {s.startMs(), s.endMs()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        return m;
    }

    @Test
    void shouldStartAndRetireEachUserAtItsStepWhenRunInVirtualTime() {
        // k6-like: startVUs 2, 30s -> 10, hold 30s, 30s -> 0; iterations of 100 ms back to back
        Log log = rig("Shape", "2", "30s,10;30s,10;30s,0", "30s", t -> 100);
        rig.start();
        rig.runToEnd(200_000);

        Map<Integer, long[]> users = firstAndLast(log.samples(), "Shape 1-");
        assertThat(users.keySet()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(users.get(1)[0]).isZero();
        assertThat(users.get(2)[0]).isZero();
        for (int k = 3; k <= 10; k++) {
            assertThat(users.get(k)[0]).as("user %d starts at its step", k).isEqualTo(3750L * (k - 2));
        }
        for (int k = 1; k <= 10; k++) {
            long retired = 60_000 + 3_000L * (11 - k); // newest first
            long sinceStart = retired - users.get(k)[0];
            long iterationEnd = users.get(k)[0] + (sinceStart + 99) / 100 * 100;
            if (sinceStart % 100 == 0) {
                // retired at the very moment an iteration ends: either is right (simultaneous events)
                assertThat(users.get(k)[1]).as("user %d ends at its retirement, or one iteration later", k)
                        .isIn(iterationEnd, iterationEnd + 100);
            } else {
                assertThat(users.get(k)[1]).as("user %d ends with the iteration it is in when retired", k)
                        .isEqualTo(iterationEnd);
            }
        }
        assertThat(log.samples()).noneMatch(Sample::interrupted);
        assertThat(clock.millis()).isEqualTo(200_000);
    }

    @Test
    void shouldInterruptAtGracefulDeadlineOnlyWhenIterationOutlastsIt() {
        Log shortGrace = rig("Short", "2", "1s,2", "300ms", t -> 3_000);
        rig.start();
        rig.runToEnd(10_000);
        assertThat(shortGrace.samples()).hasSize(2).allSatisfy(s -> {
            assertThat(s.interrupted()).isTrue();
            assertThat(s.startMs()).isZero();
            assertThat(s.endMs()).as("1 s schedule + 300 ms grace").isEqualTo(1_300);
        });
    }

    @Test
    void shouldLetIterationsFinishWhenGraceIsLongEnough() {
        Log longGrace = rig("Long", "2", "1s,2", "10s", t -> 3_000);
        rig.start();
        rig.runToEnd(20_000);
        assertThat(longGrace.samples()).hasSize(2).allSatisfy(s -> {
            assertThat(s.interrupted()).isFalse();
            assertThat(s.endMs()).isEqualTo(3_000);
        });
    }

    @Test
    void shouldTakeBackRemovedUsersStillInTheirIterationWhenCurveRisesAgain() {
        // 4 users with 2 s iterations; at 2.5 s the curve drops to 1, then climbs back to 4 by 2.8 s
        Log log = rig("Back", "4", "2500ms,4;0s,1;300ms,4;1s,4", "30s", t -> 2_000);
        rig.start();
        rig.runToEnd(60_000);
        Map<String, Long> perUser = log.samples().stream()
                .collect(Collectors.groupingBy(Sample::thread, TreeMap::new, Collectors.counting()));
        assertThat(perUser).containsExactly(Map.entry("Back 1-1", 2L), Map.entry("Back 1-2", 2L),
                Map.entry("Back 1-3", 2L), Map.entry("Back 1-4", 2L));
    }

    @Test
    void shouldEndEveryIterationAndStartNoneWhenStoppedGracefully() {
        Log log = rig("Graceful", "5", "1h,5", "30s", t -> 300);
        rig.start();
        rig.runUntil(500);
        rig.group.stop();
        rig.runToEnd(10_000);
        assertThat(log.samples()).hasSize(10).noneMatch(Sample::interrupted)
                .allMatch(s -> s.endMs() <= 600);
    }

    @Test
    void shouldInterruptRunningSamplesAtOnceWhenStoppedHard() {
        Log log = rig("Hard", "5", "1h,5", "30s", t -> 300);
        rig.start();
        rig.runUntil(500);
        rig.group.tellThreadsToStop();
        rig.runToEnd(10_000);
        assertThat(log.samples()).hasSize(10);
        assertThat(log.samples().stream().filter(Sample::interrupted)).hasSize(5)
                .allMatch(s -> s.endMs() == 500);
    }

    @Test
    void shouldStartNoMoreUsersWhenStoppedDuringRamp() {
        Log log = rig("Ramp", "0", "10s,100", "30s", t -> 50);
        rig.start();
        rig.runUntil(2_550); // 25 users started (one every 100 ms, the first at 100 ms)
        rig.group.tellThreadsToStop();
        rig.runToEnd(20_000);
        assertThat(firstAndLast(log.samples(), "Ramp 1-").keySet()).hasSize(25);
        assertThat(log.samples()).allMatch(s -> s.endMs() <= 2_550);
    }

    @Test
    void shouldReturnToEveryLevelWhenRunningTheSpikeShape() {
        // the seed's spike test at time scale 0.02 (10 -> 200 -> 10 users in 4.8 s), 100 ms iterations
        Log log = rig("Spike", "10", "1m,10;30s,200;1m,200;30s,10;1m,10", "30s", t -> 100);
        rig.group.setTimeScale("0.02");
        StageSchedule schedule = rig.group.schedule();
        rig.start();
        for (long t : new long[] {600, 1_200, 1_500, 1_800, 2_400, 3_000, 3_600}) {
            rig.runUntil(t);
            int target = schedule.targetAt(t);
            // retired users finish the iteration they are in (at most 100 ms): up to 100 ms of the ramp more
            int upper = Math.max(target, schedule.targetAt(Math.max(0, t - 100)));
            assertThat(log.running.get()).as("users in a sample at %d ms", t).isBetween(target, upper);
        }
        rig.runToEnd(60_000);
        Map<Integer, long[]> users = firstAndLast(log.samples(), "Spike 1-");
        assertThat(users).hasSize(200);
        assertThat(log.samples()).noneMatch(Sample::interrupted);
        // the 10 first users stay to the end; they are retired at 4.8 s, the very moment their
        // iterations end: each ends then, or one iteration later
        for (int k = 1; k <= 10; k++) {
            assertThat(users.get(k)[1]).as("user %d stays to the end", k).isIn(4_800L, 4_900L);
        }
        assertThat(users.values()).allMatch(u -> u[1] <= 4_900);
    }
}
