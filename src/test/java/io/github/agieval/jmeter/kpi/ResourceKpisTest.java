package io.github.agieval.jmeter.kpi;

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;
import io.github.agieval.jmeter.kpi.parsing.KpiYaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agieval.jmeter.resources.ResourceProfile;
import io.github.agieval.jmeter.resources.ResourceQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceKpisTest {

    private static final String SEED = "resource_metrics:\n"
            + "  - name: \"cpu_utilization\"\n    target: \"<70%\"\n"
            + "  - name: \"memory_utilization\"\n    target: \"<80%\"\n"
            + "  - name: \"database_connections\"\n    target: \"<80% of pool\"\n"
            + "latency:\n  - name: p95_response_time\n    target: \"<500ms\"\n";

    @Test
    void shouldStayNotMeasuredWhenThereIsNoSource() {
        KpiYaml.Loaded l = KpiYaml.parse(SEED, "k.yml");
        ResourceKpis.Resolved r = ResourceKpis.resolve(l.kpis(), l.warnings(), null, ResourceProfile.NODE);
        assertThat(r.kpis()).isEqualTo(l.kpis());
        assertThat(r.warnings()).isEqualTo(l.warnings());
        assertThat(r.anyResource()).isFalse();
    }

    @Test
    void shouldUseSandboxDefaultsAndDropNotMeasuredWarningsWhenSourceIsSet() {
        KpiYaml.Loaded l = KpiYaml.parse(SEED, "k.yml");
        ResourceKpis.Resolved r = ResourceKpis.resolve(l.kpis(), l.warnings(), "http://p:9090", ResourceProfile.SANDBOX);
        assertThat(r.kpis()).extracting(k -> k.metric().kind()).containsExactly(Metric.Kind.RESOURCE,
                Metric.Kind.RESOURCE, Metric.Kind.RESOURCE, Metric.Kind.PERCENTILE);
        assertThat(r.kpis().get(2).metric().resourceQuery()).isEqualTo(ResourceProfile.SANDBOX
                .defaultQuery("database_connections").orElseThrow());
        assertThat(r.kpis().get(2).threshold()).isEqualTo(0.8);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void shouldKeepDatabaseNotMeasuredAndSayWhyWhenNodeProfileHasNoDefault() {
        KpiYaml.Loaded l = KpiYaml.parse(SEED, "k.yml");
        ResourceKpis.Resolved r = ResourceKpis.resolve(l.kpis(), l.warnings(), "http://p:9090", ResourceProfile.NODE);
        assertThat(r.kpis()).extracting(k -> k.metric().kind()).containsExactly(Metric.Kind.RESOURCE,
                Metric.Kind.RESOURCE, Metric.Kind.NOT_MEASURED, Metric.Kind.PERCENTILE);
        assertThat(r.warnings()).singleElement().asString().contains("database_connections has no default query in"
                + " resource profile 'node'", "give it a query");
    }

    @Test
    void shouldPreferOwnQueryOverDefaultAndDowngradeWithoutSource() {
        List<Kpi> kpis = KpiExpressions.parseLines("cpu_utilization<50% query=`my_cpu`", "e");
        ResourceKpis.Resolved r = ResourceKpis.resolve(kpis, List.of(), "http://p:9090", ResourceProfile.NODE);
        assertThat(r.kpis().get(0).metric().resourceQuery()).isEqualTo(ResourceQuery.of("my_cpu"));
        ResourceKpis.Resolved none = ResourceKpis.resolve(kpis, List.of(), null, ResourceProfile.NODE);
        assertThat(none.kpis().get(0).metric().kind()).isEqualTo(Metric.Kind.NOT_MEASURED);
        assertThat(none.warnings()).singleElement().asString().contains("has a query but KPI Assertions has no"
                + " Prometheus source");
    }

    @Test
    void shouldRejectTargetThatIsNoNumberWhenMeasured() {
        KpiYaml.Loaded l = KpiYaml.parse("r:\n  - name: cpu_utilization\n    target: \"<lots\"\n", "k.yml");
        assertThatThrownBy(() -> ResourceKpis.resolve(l.kpis(), l.warnings(), "http://p:9090", ResourceProfile.NODE))
                .hasMessageContaining("cpu_utilization is measured from http://p:9090 but its target is not a number");
    }
}
