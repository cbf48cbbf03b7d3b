package io.github.agieval.jmeter.kpi.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;

/** The poll count of job samples as a KPI metric ({@link Metric.Field#POLLS}), judged by the engine. */
class PollsMetricTest {

    private static final long T0 = 1_700_000_000_000L;

    private final MutableClock clock = new MutableClock(T0);

    private KpiEngine engine(String lines) {
        KpiEngine e = new KpiEngine(KpiExpressions.parseLines(lines, "test"), KpiEngine.Settings.defaults(), clock,
                reason -> {
                });
        e.start();
        return e;
    }

    private static void job(KpiEngine e, String label, long start, int polls) {
        e.record(label, start, start + 1000, 1000, 1000, 0, true, null, "local", 2, 0, polls);
    }

    private static void http(KpiEngine e, String label, long start) {
        e.record(label, start, start + 20, 20, 10, 1, true, null, "local", 2, 0, -1);
    }

    private static KpiOutcome outcome(KpiRun run, String name) {
        return run.outcomes.stream().filter(o -> o.kpi().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldJudgePollsPerJobOverTheJobSamplesOnlyWhenOtherSamplesShareTheScope() {
        KpiEngine e = engine("polls.avg<5\npolls.max<=8\nlabel=job Eval: polls.p(95)<8\nlabel=job Other: polls.max<3");
        int[] evalPolls = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        for (int i = 0; i < evalPolls.length; i++) {
            job(e, "job Eval", T0 + i * 10, evalPolls[i]);
            http(e, "Job Status", T0 + i * 10);
            http(e, "Job Status", T0 + i * 10 + 5);
        }
        job(e, "job Other", T0, 2);
        job(e, "job Other", T0 + 1, 2);
        clock.advance(2000);
        e.tick();
        KpiRun run = e.finish();

        // 12 jobs: 55 + 4 polls = 59, avg 4.92 (the 20 status samples do not count)
        assertThat(outcome(run, "polls.avg<5").observed()).isCloseTo(59.0 / 12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(outcome(run, "polls.avg<5").verdict()).isEqualTo(Verdict.PASS);
        assertThat(outcome(run, "polls.max<=8").observed()).isEqualTo(10.0);
        assertThat(outcome(run, "polls.max<=8").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(outcome(run, "label=job Eval: polls.p(95)<8").observed()).isEqualTo(10.0);
        assertThat(outcome(run, "label=job Eval: polls.p(95)<8").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(outcome(run, "label=job Other: polls.max<3").verdict()).isEqualTo(Verdict.PASS);
        assertThat(run.byLabel.get("job Eval").jobs()).isEqualTo(10);
        assertThat(run.byLabel.get("Job Status").jobs()).isZero();
        assertThat(run.byLabel.get("job Eval").mean(Metric.Field.POLLS)).isEqualTo(5.5);
        assertThat(run.byLabel.get("job Eval").percentile(Metric.Field.POLLS, 50)).isEqualTo(5);
        assertThat(run.all.count()).isEqualTo(32);
        // the response times are untouched by the poll counts
        assertThat(run.byLabel.get("job Eval").mean(Metric.Field.RESPONSE_TIME)).isEqualTo(1000.0);
    }

    @Test
    void shouldHaveNoDataWhenTheRunHasNoJobSamples() {
        KpiEngine e = engine("polls.avg<5\np(95)<500");
        http(e, "Login", T0);
        clock.advance(1000);
        e.tick();
        KpiRun run = e.finish();

        assertThat(outcome(run, "polls.avg<5").verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(outcome(run, "p(95)<500").verdict()).isEqualTo(Verdict.PASS);
        assertThat(run.all.jobs()).isZero();
        assertThat(run.all.mean(Metric.Field.POLLS)).isNull();
    }

    @Test
    void shouldJudgeAPollsKpiOverWindowsWhenItHasOne() {
        KpiEngine e = engine("label=job Eval: polls.avg<5 over 1s");
        job(e, "job Eval", T0, 2);
        clock.advance(1000);
        e.tick();
        job(e, "job Eval", T0 + 1000, 9);
        clock.advance(1000);
        e.tick();
        KpiRun run = e.finish();

        KpiOutcome o = run.outcomes.get(0);
        assertThat(o.observed()).isEqualTo(9.0);
        assertThat(o.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void shouldKeepThePollHistogramBoundedWhenManyJobsAreRecorded() {
        Stats few = new Stats(false);
        Stats many = new Stats(false);
        for (int i = 0; i < 100; i++) {
            few.record(T0, T0 + 1, 1, 1, 1, true, null, "local", 1, 0, i % 50);
        }
        for (int i = 0; i < 200_000; i++) {
            many.record(T0, T0 + 1, 1, 1, 1, true, null, "local", 1, 0, i % 50);
        }
        // the footprint depends on the range of the values, never on their number
        assertThat(many.pollHistogramFootprint()).isEqualTo(few.pollHistogramFootprint());
        assertThat(many.jobs()).isEqualTo(200_000);
        assertThat(many.max(Metric.Field.POLLS)).isEqualTo(49);
    }

    @Test
    void shouldDescribeAPollsMetricAsACountWhenItIsPrinted() {
        Kpi k = KpiExpressions.parse("label=job Eval: polls.p(95)<20", "test");
        assertThat(k.metric().unit()).isEqualTo(Metric.Unit.NONE);
        assertThat(k.thresholdText()).isEqualTo("20");
        assertThat(k.expression()).isEqualTo("label=job Eval: polls.p(95)<20");
        assertThat(k.metric().describe()).isEqualTo("95th percentile of polls per job");
        assertThat(List.of(Metric.timing(Metric.Kind.AVG, Metric.Field.POLLS).expression(),
                Metric.timing(Metric.Kind.MAX, Metric.Field.POLLS).describe()))
                .containsExactly("polls.avg", "maximum polls per job");
    }
}
