package io.github.agieval.jmeter.kpi.parsing;

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agieval.jmeter.resources.ResourceQuery;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Server-side KPIs in the line syntax and in a KPI file: thresholds, own queries, errors. */
class ResourceKpiParsingTest {

    @Test
    void shouldParseServerSideMetricAsNotMeasuredWithThresholdWhenNoQuery() {
        Kpi k = KpiExpressions.parse("cpu_utilization<70%", "test");
        assertThat(k.metric().kind()).isEqualTo(Metric.Kind.NOT_MEASURED);
        assertThat(k.metric().unmeasuredName()).isEqualTo("cpu_utilization");
        assertThat(k.threshold()).isEqualTo(0.7);
        assertThat(KpiExpressions.parse("database_connections < 80% of pool", "t").threshold()).isEqualTo(0.8);
        assertThat(KpiExpressions.parse("memory_utilization<=0.5", "t").threshold()).isEqualTo(0.5);
    }

    @Test
    void shouldCarryQueriesAndWindowWhenLineEndsWithThem() {
        Kpi k = KpiExpressions.parse("database_connections<80% of pool over 30s query=`sum(job:db_active:sum{a=\"b\"})`"
                + " pool_query=`sum(db_max)`", "test");
        assertThat(k.metric().kind()).isEqualTo(Metric.Kind.RESOURCE);
        assertThat(k.metric().resourceQuery()).isEqualTo(new ResourceQuery("sum(job:db_active:sum{a=\"b\"})",
                "sum(db_max)"));
        assertThat(k.scope()).isEqualTo(Scope.ALL);
        assertThat(k.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(k.threshold()).isEqualTo(0.8);
        Kpi again = KpiExpressions.parse(k.expression(), "again");
        assertThat(again.metric()).isEqualTo(k.metric());
        assertThat(again.threshold()).isEqualTo(k.threshold());
        assertThat(again.window()).isEqualTo(k.window());
        assertThat(k.expression()).isEqualTo("database_connections<80% over 30s query=`sum(job:db_active:sum{a=\"b\"})`"
                + " pool_query=`sum(db_max)`");
    }

    @Test
    void shouldRejectQueryWhenMetricIsNotServerSide() {
        assertThatThrownBy(() -> KpiExpressions.parse("p(95)<500 query=`up`", "test"))
                .isInstanceOf(KpiParseException.class)
                .hasMessageContaining("query= and pool_query= apply to server-side metrics only");
    }

    @Test
    void shouldRejectScopeWhenMetricIsServerSide() {
        assertThatThrownBy(() -> KpiExpressions.parse("label=Login: cpu_utilization<70%", "test"))
                .hasMessageContaining("cpu_utilization is a server-side metric: it has no sample scope");
    }

    @Test
    void shouldRejectPoolQueryWithoutQueryAndUnquotedQuery() {
        assertThatThrownBy(() -> KpiExpressions.parse("database_connections<80% pool_query=`m`", "test"))
                .hasMessageContaining("pool_query= needs a query=");
        assertThatThrownBy(() -> KpiExpressions.parse("cpu_utilization<70% query=up", "test"))
                .hasMessageContaining("each with its PromQL between backquotes");
        assertThatThrownBy(() -> KpiExpressions.parse("cpu_utilization<70 ms", "test"))
                .hasMessageContaining("unit 'ms' does not fit");
    }

    @Test
    void shouldReadQueryAndPoolQueryWhenKpiFileHasThem() {
        KpiYaml.Loaded loaded = KpiYaml.parse("resource_metrics:\n"
                + "  - name: database_connections\n    target: \"<80% of pool\"\n    window: 30s\n"
                + "    query: sum(pg_stat_activity_count)\n    pool_query: sum(pg_settings_max_connections)\n"
                + "  - name: gc_pause_ratio\n    target: \"<5%\"\n    query: sum(rate(jvm_gc_pause_seconds_sum[1m]))\n"
                + "  - name: cpu_utilization\n    target: \"<70%\"\n", "k.yml");
        assertThat(loaded.kpis()).extracting(k -> k.metric().kind()).containsExactly(Metric.Kind.RESOURCE,
                Metric.Kind.RESOURCE, Metric.Kind.NOT_MEASURED);
        assertThat(loaded.kpis().get(0).metric().resourceQuery().poolQuery()).isEqualTo("sum(pg_settings_max_connections)");
        assertThat(loaded.kpis().get(0).window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(loaded.kpis().get(1).threshold()).isEqualTo(0.05);
        assertThat(loaded.kpis().get(2).threshold()).isEqualTo(0.7);
        assertThat(loaded.warnings()).hasSize(1).allMatch(w -> w.contains("cpu_utilization (target <70%) is not"
                + " measured"));
    }

    @Test
    void shouldRejectQueryWhenKpiFileEntryIsMeasuredByLoadGenerator() {
        assertThatThrownBy(() -> KpiYaml.parse("r:\n  - name: p95_response_time\n    target: \"<5s\"\n"
                + "    query: up\n", "k.yml")).hasMessageContaining("k.yml line 2 (p95_response_time): query and"
                        + " pool_query apply to server-side metrics");
    }
}
