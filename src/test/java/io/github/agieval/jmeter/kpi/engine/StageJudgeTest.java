package io.github.agieval.jmeter.kpi.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.agieval.jmeter.common.StageTimeline;
import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;
import io.github.agieval.jmeter.kpi.reports.ConsoleTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class StageJudgeTest {

    private static final long T0 = 1_700_000_000_000L;

    private final MutableClock clock = new MutableClock(T0);
    private final List<String> stops = new ArrayList<>();

    /** Stages as (duration s, from, to), starting at T0. */
    private static StageTimeline.Plan plan(int[]... stages) {
        List<StageTimeline.Stage> out = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < stages.length; i++) {
            long end = t + stages[i][0] * 1000L;
            out.add(new StageTimeline.Stage(i + 1, t, end, stages[i][1], stages[i][2]));
            t = end;
        }
        return new StageTimeline.Plan("Stages 1", out);
    }

    private KpiEngine engine(StageTimeline.Plan plan, StageJudge.Settings settings, String... lines) {
        KpiEngine e = new KpiEngine(KpiExpressions.parseLines(String.join("\n", lines), "test"),
                KpiEngine.Settings.defaults(), clock, stops::add);
        e.judgeStages(settings, () -> plan);
        e.start();
        return e;
    }

    /**
     * Runs {@code seconds} one-second slots: in each, {@code perSecond} samples whose response time
     * is {@code elapsedAt(second)}, then a tick; stops early once the engine asked to stop.
     */
    private void run(KpiEngine e, int seconds, int perSecond, LongUnaryOperator elapsedAt) {
        for (int s = 0; s < seconds && stops.isEmpty(); s++) {
            long elapsed = elapsedAt.applyAsLong(s);
            for (int i = 0; i < perSecond; i++) {
                long end = T0 + s * 1000L + 10 + i * (900L / perSecond);
                e.record("Request", end - elapsed, end, elapsed, elapsed, 0, true, null, "local", 1);
            }
            clock.set(T0 + (s + 1) * 1000L);
            e.tick();
        }
    }

    @Test
    void shouldNameTheFirstBrokenHoldWhenLatencyRisesInTheSecondHold() {
        StageTimeline.Plan plan = plan(new int[] {10, 0, 10}, new int[] {10, 10, 10}, new int[] {5, 10, 20},
                new int[] {10, 20, 20}, new int[] {5, 20, 0});
        KpiEngine e = engine(plan, StageJudge.Settings.defaults(), "p(95)<500", "rps>5", "count>1");
        run(e, 40, 10, s -> s < 25 ? 100 : 800);
        KpiRun run = e.finish();

        StageReport r = run.stages();
        assertThat(r).isNotNull();
        assertThat(r.rows()).extracting(row -> row.stage().number()).containsExactly(2, 4);
        StageReport.Row hold10 = r.rows().get(0);
        assertThat(hold10.held()).isTrue();
        assertThat(hold10.samples()).isEqualTo(100);
        assertThat(hold10.rps()).isCloseTo(10.0, within(0.01));
        assertThat(hold10.outcomes().get(0).observed()).isEqualTo(100.0);
        assertThat(hold10.outcomes().get(2)).as("count is judged over the whole run only").isNull();
        StageReport.Row hold20 = r.rows().get(1);
        assertThat(hold20.held()).isFalse();
        assertThat(hold20.firstFailed().kpi().name()).isEqualTo("p(95)<500");
        assertThat(r.firstBroken().stage().number()).isEqualTo(4);
        assertThat(r.firstBreachText()).isEqualTo("first break: stage 4 (hold 20): p(95)<500ms (observed 800ms)");
        assertThat(r.capacity()).isNull();
        assertThat(r.recovery()).as("a final ramp-down to 0 is no spike to recover from").isNull();
        assertThat(ConsoleTable.build(run, List.of())).contains("Stage by stage").contains("| BROKE  | 4 hold 20")
                .contains("800ms FAIL");
    }

    @Test
    void shouldJudgeRampsToWhenAsked() {
        StageTimeline.Plan plan = plan(new int[] {10, 0, 10}, new int[] {10, 10, 10});
        KpiEngine e = engine(plan, new StageJudge.Settings(true, false, Duration.ofSeconds(10), Duration.ofSeconds(5)),
                "p(95)<500");
        run(e, 20, 5, s -> 100);
        assertThat(e.finish().stages().rows()).extracting(row -> row.stage().shape())
                .containsExactly("ramp 0->10", "hold 10");
    }

    @Test
    void shouldStopAtTheFirstStepThatBreaksOverTheWindowAndReportTheLastThatHeld() {
        // steps(4,+5,2s,10s)
        StageTimeline.Plan plan = plan(new int[] {2, 0, 5}, new int[] {10, 5, 5}, new int[] {2, 5, 10},
                new int[] {10, 10, 10}, new int[] {2, 10, 15}, new int[] {10, 15, 15}, new int[] {2, 15, 20},
                new int[] {10, 20, 20});
        KpiEngine e = engine(plan, new StageJudge.Settings(false, true, Duration.ofSeconds(5), Duration.ofSeconds(5)),
                "p(50)<500");
        // one bad second in step 2 (second 16) does not end the search; step 3 (from 26 s) is bad throughout
        run(e, 48, 20, s -> s == 16 || s >= 26 ? 900 : 100);
        assertThat(stops).hasSize(1);
        assertThat(stops.get(0)).startsWith("capacity search: stage 6 (hold 15) broke p(50)<500");
        assertThat(clock.millis() - T0).as("confirmed over 5 s of the step, not at its first bad second")
                .isBetween(30_000L, 32_000L);
        KpiRun run = e.finish();
        StageReport.Capacity c = run.stages().capacity();
        assertThat(c.found()).isTrue();
        assertThat(c.lastHeld().stage().number()).isEqualTo(4);
        assertThat(c.lastHeld().stage().toUsers()).isEqualTo(10);
        assertThat(c.lastHeld().rps()).isCloseTo(20.0, within(0.01));
        assertThat(c.brokenBy().kpi().name()).isEqualTo("p(50)<500");
        assertThat(run.passed()).isTrue();
        assertThat(run.outcomes.get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(run.outcomes.get(0).detail()).startsWith("at the maximum sustainable load, stage 4 (hold 10)");
        assertThat(ConsoleTable.build(run, List.of())).contains("Capacity: maximum sustainable load: 10 users, 20 req/s");
    }

    @Test
    void shouldFindNoCapacityWhenTheFirstStepBreaks() {
        StageTimeline.Plan plan = plan(new int[] {2, 0, 5}, new int[] {10, 5, 5}, new int[] {2, 5, 10},
                new int[] {10, 10, 10});
        KpiEngine e = engine(plan, new StageJudge.Settings(false, true, Duration.ofSeconds(5), Duration.ofSeconds(5)),
                "p(95)<500");
        run(e, 24, 10, s -> 900);
        KpiRun run = e.finish();
        assertThat(stops).hasSize(1);
        assertThat(run.stages().capacity().found()).isFalse();
        assertThat(run.passed()).isFalse();
        assertThat(run.stages().capacity().summary()).startsWith("no sustainable load: even the first step broke");
    }

    @Test
    void shouldReportNoBreakAsALowerBoundWhenEveryStepHeld() {
        StageTimeline.Plan plan = plan(new int[] {2, 0, 5}, new int[] {10, 5, 5}, new int[] {2, 5, 10},
                new int[] {10, 10, 10});
        KpiEngine e = engine(plan, new StageJudge.Settings(false, true, Duration.ofSeconds(5), Duration.ofSeconds(5)),
                "p(95)<500");
        run(e, 24, 10, s -> 100);
        KpiRun run = e.finish();
        assertThat(stops).isEmpty();
        assertThat(run.stages().capacity().found()).isTrue();
        assertThat(run.stages().capacity().broke()).isNull();
        assertThat(run.stages().capacity().lastHeld().stage().number()).isEqualTo(4);
        assertThat(run.passed()).isTrue();
    }

    @Test
    void shouldMeasureTheRecoveryFromTheEndOfTheSpikeUntilTheKpisHoldOverTheWindow() {
        // 10 s at 10, 2 s to 50, 10 s at 50 (the spike, ends at 22 s), 2 s to 10, 20 s at 10
        StageTimeline.Plan plan = plan(new int[] {10, 10, 10}, new int[] {2, 10, 50}, new int[] {10, 50, 50},
                new int[] {2, 50, 10}, new int[] {20, 10, 10});
        KpiEngine e = engine(plan, new StageJudge.Settings(false, false, Duration.ofSeconds(10), Duration.ofSeconds(3)),
                "p(95)<500", "recovery<10s", "recovery<5s");
        // slow from the spike's start (12 s) until 28 s: 6 s after the spike's end
        run(e, 44, 10, s -> s >= 12 && s < 28 ? 900 : 100);
        KpiRun run = e.finish();
        StageReport.Recovery r = run.stages().recovery();
        assertThat(r.spike().number()).isEqualTo(3);
        assertThat(r.spikeEndMs()).isEqualTo(22_000);
        assertThat(r.recoveryMs()).isEqualTo(6_000);
        assertThat(run.outcomes.get(1).verdict()).isEqualTo(Verdict.PASS);
        assertThat(run.outcomes.get(1).observed()).isEqualTo(6000.0);
        assertThat(run.outcomes.get(2).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(run.outcomes.get(1).observedText()).isEqualTo("6000ms");
    }

    @Test
    void shouldFailRecoveryWithTheWatchedTimeWhenTheRunEndsUnrecovered() {
        StageTimeline.Plan plan = plan(new int[] {5, 10, 10}, new int[] {5, 50, 50}, new int[] {10, 10, 10});
        KpiEngine e = engine(plan, new StageJudge.Settings(false, false, Duration.ofSeconds(10), Duration.ofSeconds(3)),
                "p(95)<500", "recovery<60s");
        run(e, 20, 10, s -> s >= 5 ? 900 : 100);
        KpiRun run = e.finish();
        assertThat(run.stages().recovery().recovered()).isFalse();
        assertThat(run.outcomes.get(1).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(run.outcomes.get(1).observed()).isEqualTo(10_000.0);
        assertThat(run.outcomes.get(1).detail()).contains("no recovery after the spike within 10s");
    }

    @Test
    void shouldSayWhyRecoveryHasNoValueWithoutStages() {
        KpiEngine e = new KpiEngine(KpiExpressions.parseLines("p(95)<500\nrecovery<60s", "test"),
                KpiEngine.Settings.defaults(), clock, stops::add);
        e.start();
        run(e, 3, 5, s -> 100);
        KpiRun run = e.finish();
        assertThat(run.stages()).isNull();
        assertThat(run.outcomes.get(1).verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(run.outcomes.get(1).detail()).contains("no stage timeline");
    }
}
