package io.github.agieval.jmeter.kpi.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Op;
import io.github.agieval.jmeter.kpi.engine.Scope;

class KpiYamlTest {

    private static Path seedFile() throws URISyntaxException {
        return Path.of(KpiYamlTest.class.getResource("/kpi/performance-kpis.yml").toURI());
    }

    @Test
    void shouldLoadSeedFileAsIsWithResourceMetricsNotMeasured() throws Exception {
        KpiYaml.Loaded loaded = KpiYaml.load(seedFile());

        assertThat(loaded.kpis()).extracting(Kpi::name).containsExactly("p50_response_time", "p95_response_time",
                "p99_response_time", "requests_per_second", "concurrent_users", "error_rate", "availability",
                "cpu_utilization", "memory_utilization", "database_connections");
        assertThat(loaded.kpis()).extracting(k -> k.metric().kind()).containsExactly(Metric.Kind.PERCENTILE,
                Metric.Kind.PERCENTILE, Metric.Kind.PERCENTILE, Metric.Kind.THROUGHPUT, Metric.Kind.PEAK_THREADS,
                Metric.Kind.ERROR_RATE, Metric.Kind.AVAILABILITY, Metric.Kind.NOT_MEASURED,
                Metric.Kind.NOT_MEASURED, Metric.Kind.NOT_MEASURED);
        assertThat(loaded.kpis()).extracting(Kpi::expression).startsWith("p(50)<200ms", "p(95)<500ms",
                "p(99)<1000ms", "rps>100/s", "threads>500", "rate<1%", "availability>99.9%");
        assertThat(loaded.kpis().get(0).description()).isEqualTo("50th percentile response time");
        assertThat(loaded.kpis().get(0).source()).isEqualTo("performance-kpis.yml line 3 (p50_response_time)");
        assertThat(loaded.warnings()).hasSize(3);
        assertThat(loaded.warnings().get(0)).contains("cpu_utilization (target <70%) is not measured");
        assertThat(loaded.warnings().get(2)).contains("database_connections", "<80% of pool");
    }

    @Test
    void shouldReadExtensionsWhenEntryHasScopeWindowOrExpression() {
        String yaml = "kpis:\n"
                + "  - name: p95_response_time\n"
                + "    label: Submit Evaluation\n"
                + "    window: 30s\n"
                + "    target: \"<500ms\"\n"
                + "  - name: jobs_ok\n"
                + "    expression: \"label~job .*: rate<0.05\"\n"
                + "  - name: p90_latency\n"
                + "    label_regex: \"GET .*\"\n"
                + "    target: \"<= 1s\"\n";

        KpiYaml.Loaded loaded = KpiYaml.parse(yaml, "my.yml");

        assertThat(loaded.kpis()).hasSize(3);
        assertThat(loaded.kpis().get(0).scope()).isEqualTo(Scope.label("Submit Evaluation"));
        assertThat(loaded.kpis().get(0).window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(loaded.kpis().get(1).scope()).isEqualTo(Scope.regex("job .*"));
        assertThat(loaded.kpis().get(1).metric().kind()).isEqualTo(Metric.Kind.ERROR_RATE);
        assertThat(loaded.kpis().get(2).metric()).isEqualTo(Metric.percentile(Metric.Field.LATENCY, 90));
        assertThat(loaded.kpis().get(2).threshold()).isEqualTo(1000.0);
        assertThat(loaded.kpis().get(2).op()).isEqualTo(Op.LE);
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void shouldNameFileAndLineWhenTargetIsBad() {
        String yaml = "response_time_metrics:\n"
                + "  - name: p95_response_time\n"
                + "    target: \"<500ms\"\n"
                + "  - name: p99_response_time\n"
                + "    target: \"about 1s\"\n";

        assertThatThrownBy(() -> KpiYaml.parse(yaml, "kpis.yml"))
                .isInstanceOf(KpiParseException.class)
                .hasMessage("kpis.yml line 4 (p99_response_time): bad target 'about 1s': expected <, <=, > or >= and"
                        + " a value, e.g. \"<500ms\"");
    }

    @Test
    void shouldNameLineWhenUnitDoesNotFit() {
        String yaml = "throughput_metrics:\n  - name: requests_per_second\n    target: \">100ms\"\n";

        assertThatThrownBy(() -> KpiYaml.parse(yaml, "kpis.yml"))
                .hasMessageStartingWith("kpis.yml line 2 (requests_per_second): unit 'ms' does not fit throughput");
    }

    @Test
    void shouldRejectUnknownKeyAndMissingTargetAndBadShape() {
        assertThatThrownBy(() -> KpiYaml.parse("a:\n  - name: error_rate\n    treshold: \"<1%\"\n", "k.yml"))
                .hasMessage("k.yml line 3: unknown key 'treshold' (expected name, description, target, expression,"
                        + " label, label_regex, window)");
        assertThatThrownBy(() -> KpiYaml.parse("a:\n  - name: error_rate\n", "k.yml"))
                .hasMessage("k.yml line 2 (error_rate): KPI entry without a target (e.g. target: \"<500ms\")");
        assertThatThrownBy(() -> KpiYaml.parse("a: 5\n", "k.yml"))
                .hasMessageStartingWith("k.yml line 1: section 'a' must hold a list");
        assertThatThrownBy(() -> KpiYaml.parse("a: [\n", "k.yml"))
                .hasMessageStartingWith("k.yml: not valid YAML");
    }

    @Test
    void shouldSuggestTheClosestKnownNameWhenANameIsUnknown() {
        String yaml = "latency:\n  - name: p95_responce_time\n    target: \"<500ms\"\n";
        assertThatThrownBy(() -> KpiYaml.parse(yaml, "kpis.yml")).isInstanceOf(KpiParseException.class)
                .hasMessageStartingWith("kpis.yml line 2 (p95_responce_time): unknown KPI name 'p95_responce_time'"
                        + " (did you mean 'p95_response_time'?)");
        assertThat(KpiYaml.closestKnownName("p99.9_latncy")).isEqualTo("p99.9_latency");
        assertThat(KpiYaml.closestKnownName("cpu_utilisation")).isEqualTo("cpu_utilization");
        assertThat(KpiYaml.closestKnownName("error_rte")).isEqualTo("error_rate");
        assertThat(KpiYaml.closestKnownName("banana")).isNull();
        assertThatThrownBy(() -> KpiYaml.parse("x:\n  - name: banana\n    target: \"<1\"\n", "k.yml"))
                .hasMessageStartingWith("k.yml line 2 (banana): unknown KPI name 'banana':");
    }

    @Test
    void shouldReportNotMeasuredWhenANameIsAKnownServerSideMetric() {
        KpiYaml.Loaded loaded = KpiYaml.parse("r:\n  - name: memory_utilization\n    target: \"<80%\"\n"
                + "  - name: queue_depth\n    target: \"<10\"\n", "k.yml");
        assertThat(loaded.kpis()).extracting(k -> k.metric().kind()).containsOnly(Metric.Kind.NOT_MEASURED);
        assertThat(loaded.warnings()).hasSize(2);
    }
}
