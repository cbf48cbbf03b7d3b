package io.github.agieval.jmeter.kpi.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Scope;

/** KPI lines and YAML names for the poll count of job samples ({@code polls.}, {@code *_polls}). */
class PollsKpiParsingTest {

    @Test
    void shouldParsePollsStatisticsWhenALineHasThePollsPrefix() {
        Kpi avg = KpiExpressions.parse("polls.avg<10", "test");
        Kpi p95 = KpiExpressions.parse("label=job Evaluation: polls.p(95)<20 polls", "test");
        Kpi max = KpiExpressions.parse("polls.max<=50", "test");
        Kpi med = KpiExpressions.parse("polls.med<4 over 30s", "test");

        assertThat(avg.metric()).isEqualTo(Metric.timing(Metric.Kind.AVG, Metric.Field.POLLS));
        assertThat(avg.threshold()).isEqualTo(10);
        assertThat(p95.metric()).isEqualTo(Metric.percentile(Metric.Field.POLLS, 95));
        assertThat(p95.threshold()).isEqualTo(20);
        assertThat(p95.scope()).isEqualTo(Scope.label("job Evaluation"));
        assertThat(max.metric()).isEqualTo(Metric.timing(Metric.Kind.MAX, Metric.Field.POLLS));
        assertThat(med.metric()).isEqualTo(Metric.percentile(Metric.Field.POLLS, 50));
        assertThat(med.windowed()).isTrue();
        assertThat(p95.expression()).isEqualTo("label=job Evaluation: polls.p(95)<20");
    }

    @Test
    void shouldRefuseATimeUnitOrANonStatisticWhenTheMetricIsPolls() {
        assertThatThrownBy(() -> KpiExpressions.parse("polls.avg<10ms", "test"))
                .isInstanceOf(KpiParseException.class).hasMessageContaining("unit 'ms'")
                .hasMessageContaining("polls or none");
        assertThatThrownBy(() -> KpiExpressions.parse("polls.rate<1%", "test"))
                .isInstanceOf(KpiParseException.class).hasMessageContaining("'polls.' applies to p(N)");
        assertThatThrownBy(() -> KpiExpressions.parse("poll.avg<10", "test"))
                .isInstanceOf(KpiParseException.class).hasMessageContaining("polls.");
    }

    @Test
    void shouldMapSeedStyleNamesToPollsWhenTheYamlNamesThem() {
        String yaml = "jobs:\n"
                + "  - name: p95_polls\n"
                + "    label: job Evaluation\n"
                + "    target: \"<20\"\n"
                + "  - name: avg_polls\n"
                + "    target: \"<10\"\n"
                + "  - name: max_polls\n"
                + "    target: \"<=50 polls\"\n";
        KpiYaml.Loaded loaded = KpiYaml.parse(yaml, "kpis.yml");

        assertThat(loaded.kpis()).extracting(Kpi::expression).containsExactly(
                "label=job Evaluation: polls.p(95)<20", "polls.avg<10", "polls.max<=50");
        assertThat(loaded.warnings()).isEmpty();
        assertThat(KpiYaml.closestKnownName("p95_pols")).isEqualTo("p95_polls");
    }
}
