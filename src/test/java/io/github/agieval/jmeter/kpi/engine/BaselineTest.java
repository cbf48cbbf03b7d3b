package io.github.agieval.jmeter.kpi.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BaselineTest {

    private static final Metric P95 = Metric.percentile(Metric.Field.RESPONSE_TIME, 95);
    private static final Metric RPS = Metric.of(Metric.Kind.THROUGHPUT);

    @Test
    void shouldFailCeilingWhenMoreThanToleranceHigher() {
        assertThat(Baseline.check("p95", P95, 200, 221, true, 10).passed()).isFalse();
        assertThat(Baseline.check("p95", P95, 200, 220, true, 10).passed()).isTrue();
        assertThat(Baseline.check("p95", P95, 200, 100, true, 10).changePercent()).isEqualTo(-50.0);
    }

    @Test
    void shouldFailFloorWhenMoreThanToleranceLower() {
        Baseline.Check c = Baseline.check("rps", RPS, 100, 85, false, 10);
        assertThat(c.changePercent()).isEqualTo(15.0);
        assertThat(c.passed()).isFalse();
        assertThat(Baseline.check("rps", RPS, 100, 130, false, 10).passed()).isTrue();
    }

    @Test
    void shouldTreatAnyValueAboveZeroBaselineOfCeilingAsRegression() {
        assertThat(Baseline.check("errors", Metric.of(Metric.Kind.ERRORS), 0, 1, true, 10).passed()).isFalse();
        assertThat(Baseline.check("errors", Metric.of(Metric.Kind.ERRORS), 0, 0, true, 10).passed()).isTrue();
    }

    @Test
    void shouldDescribeChangeWithUnits() {
        assertThat(Baseline.check("KPI p(95)<500", P95, 200, 250, true, 10).describe())
                .isEqualTo("KPI p(95)<500: 250ms now, 200ms in the baseline (+25.0 % worse, tolerance 10 %)");
    }
}
