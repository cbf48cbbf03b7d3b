package io.github.agieval.jmeter.kpi.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Op;
import io.github.agieval.jmeter.kpi.engine.Scope;

class KpiExpressionsTest {

    @Test
    void shouldParseK6PercentileOverAllSamples() {
        Kpi k = KpiExpressions.parse("p(95)<500", "test");

        assertThat(k.scope()).isEqualTo(Scope.ALL);
        assertThat(k.metric()).isEqualTo(Metric.percentile(Metric.Field.RESPONSE_TIME, 95));
        assertThat(k.op()).isEqualTo(Op.LT);
        assertThat(k.threshold()).isEqualTo(500.0);
        assertThat(k.window()).isNull();
        assertThat(k.name()).isEqualTo("p(95)<500");
        assertThat(k.expression()).isEqualTo("p(95)<500ms");
    }

    @Test
    void shouldParseLabelScopeAndWindowWhenGiven() {
        Kpi k = KpiExpressions.parse("label=Submit Evaluation: p(95)<500 over 30s", "test");

        assertThat(k.scope()).isEqualTo(Scope.label("Submit Evaluation"));
        assertThat(k.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(k.expression()).isEqualTo("label=Submit Evaluation: p(95)<500ms over 30s");
    }

    @Test
    void shouldKeepColonsInLabelsWhenScopeEndsAtLastColon() {
        Kpi k = KpiExpressions.parse("label=GET /api/v1/jobs/{id}: step 2: avg<=200ms", "test");

        assertThat(k.scope().value()).isEqualTo("GET /api/v1/jobs/{id}: step 2");
        assertThat(k.metric().kind()).isEqualTo(Metric.Kind.AVG);
        assertThat(k.op()).isEqualTo(Op.LE);
    }

    @Test
    void shouldMatchRegexScopeOnWholeLabel() {
        Kpi k = KpiExpressions.parse("label~job .*: rate<0.05", "test");

        assertThat(k.scope().matches("job Evaluate")).isTrue();
        assertThat(k.scope().matches("Submit job Evaluate")).isFalse();
        assertThat(k.metric().kind()).isEqualTo(Metric.Kind.ERROR_RATE);
        assertThat(k.threshold()).isEqualTo(0.05);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p(99)<1000          | PERCENTILE   | RESPONSE_TIME | 99   | <  | 1000",
        "p99.9 < 2s          | PERCENTILE   | RESPONSE_TIME | 99.9 | <  | 2000",
        "med<200             | PERCENTILE   | RESPONSE_TIME | 50   | <  | 200",
        "median<=1m          | PERCENTILE   | RESPONSE_TIME | 50   | <= | 60000",
        "latency.p(90)<300   | PERCENTILE   | LATENCY       | 90   | <  | 300",
        "connect.max<50ms    | MAX          | CONNECT       | 0    | <  | 50",
        "connect.avg<10      | AVG          | CONNECT       | 0    | <  | 10",
        "min>=0              | MIN          | RESPONSE_TIME | 0    | >= | 0",
        "rate<0.01           | ERROR_RATE   | RESPONSE_TIME | 0    | <  | 0.01",
        "error_rate<1%       | ERROR_RATE   | RESPONSE_TIME | 0    | <  | 0.01",
        "availability>99.9%  | AVAILABILITY | RESPONSE_TIME | 0    | >  | 0.999",
        "rps>100             | THROUGHPUT   | RESPONSE_TIME | 0    | >  | 100",
        "throughput>=120/m   | THROUGHPUT   | RESPONSE_TIME | 0    | >= | 2",
        "count>1000          | COUNT        | RESPONSE_TIME | 0    | >  | 1000",
        "errors<10           | ERRORS       | RESPONSE_TIME | 0    | <  | 10",
        "threads>500 users   | PEAK_THREADS | RESPONSE_TIME | 0    | >  | 500",
    })
    void shouldParseEveryMetricAndUnit(String line, Metric.Kind kind, Metric.Field field, double percentile,
            String op, double threshold) {
        Kpi k = KpiExpressions.parse(line, "test");

        assertThat(k.metric().kind()).isEqualTo(kind);
        assertThat(k.metric().field()).isEqualTo(field);
        assertThat(k.metric().percentile()).isEqualTo(percentile);
        assertThat(k.op().symbol()).isEqualTo(op);
        assertThat(k.threshold()).isCloseTo(threshold, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldSkipBlankAndCommentLinesAndNumberSources() {
        List<Kpi> kpis = KpiExpressions.parseLines("# latency\n\np(95)<500\n  \nrate<1%\n", "KPI expressions");

        assertThat(kpis).extracting(Kpi::name).containsExactly("p(95)<500", "rate<1%");
        assertThat(kpis).extracting(Kpi::source).containsExactly("KPI expressions line 3 'p(95)<500'",
                "KPI expressions line 5 'rate<1%'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p(95)=500                     | expected <, <=, > or >= after 'p(95)' but found '=500'",
        "p95<                          | expected a number with an optional unit after the operator",
        "p(101)<5                      | percentile 101 is outside (0, 100]",
        "latency<5                     | unknown metric in 'latency<5'",
        "speed<5                       | unknown metric in 'speed<5'",
        "rate<5                        | a rate is a fraction between 0 and 1 (or a percentage with %), not 5",
        "rate<5ms                      | unit 'ms' does not fit error rate",
        "p(95)<5 users                 | unit 'users' does not fit 95th percentile of response time",
        "count>5/s                     | unit '/s' does not fit sample count",
        "latency.rate<0.1              | 'latency.' applies to p(N), med, avg, min and max only",
        "name=Login: p(95)<500         | unknown scope 'name=Login'",
        "label=: p(95)<500             | label= needs a sample label",
        "label~([: p(95)<500           | bad regular expression '(['",
        "p(95)<500 over 500ms          | window '500ms' must be whole seconds, at least 1s",
        "p(95)<500 over soon           | bad window 'soon'",
        "p(95)<500 over                | 'over' needs a window length",
    })
    void shouldNameLineAndProblemWhenKpiIsBad(String line, String problem) {
        assertThatThrownBy(() -> KpiExpressions.parseLines("p(99)<1000\n" + line, "KPI expressions"))
                .isInstanceOf(KpiParseException.class)
                .hasMessageStartingWith("KPI expressions line 2 '" + line.trim() + "': ")
                .hasMessageContaining(problem);
    }

    @Test
    void shouldParseDurationsInEveryUnit() {
        assertThat(KpiExpressions.parseDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(KpiExpressions.parseDuration("250")).isEqualTo(Duration.ofMillis(250));
        assertThat(KpiExpressions.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(KpiExpressions.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(KpiExpressions.parseDuration("ten")).isNull();
    }
}
