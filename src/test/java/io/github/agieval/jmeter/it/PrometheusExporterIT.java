package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus exporter (a Backend Listener client) in stock JMeter 5.6.3, headless, running the
 * shipped smoke plan against its embedded sandbox, with real Prometheus parts: Debian's
 * {@code prometheus} scrapes the exporter's {@code /metrics} (pull) and a real
 * {@code prometheus-pushgateway} receives the exporter's pushes, in one run.
 *
 * <p>The plan is {@code test-plans/smoke.jmx} as shipped: its Backend Listener is switched on by
 * {@code PROMETHEUS_EXPORTER_PORT} (pull) and {@code PUSHGATEWAY_URL} (push), and its KPI Assertions
 * publish their live verdicts to the exporter.
 */
class PrometheusExporterIT {

    private static final String JOB = "jmeter-it";
    private static final String ENGINE = "it-engine";

    /** The shipped smoke plan: it carries the exporter, off until a property switches it on. */
    private static Path shippedSmoke() {
        return JMeterHome.projectDir().resolve("test-plans/smoke.jmx");
    }

    private static JMeterRun smoke(Path plan, Path dir) {
        return JMeterRun.plan(plan)
                .property("TIME_SCALE", 0.05)
                .property("SMOKE_USERS", 3)
                .property("KPI_FILE", JMeterHome.projectDir().resolve("test-plans/kpis/smoke.yml"))
                .property("RESULTS_DIR", dir.resolve("kpi"))
                .workDir(dir.resolve("run"));
    }

    @Test
    void shouldExportEverySampleToPrometheusAndPushgatewayAndFeedEveryDashboardQuery(@TempDir Path dir)
            throws Exception {
        PrometheusParts.assumeInstalled("PrometheusExporterIT", PrometheusParts.PROMETHEUS,
                PrometheusParts.PUSHGATEWAY);
        int exporterPort = PrometheusParts.freePort();
        try (PrometheusParts.Server pushgateway = PrometheusParts.pushgateway(dir.resolve("pushgateway"));
                PrometheusParts.Server prometheus = PrometheusParts.prometheus(dir.resolve("prometheus"),
                        "  - job_name: jmeter-pull\n    static_configs:\n      - targets: ['127.0.0.1:" + exporterPort
                                + "']\n  - job_name: pushgateway\n    honor_labels: true\n    static_configs:\n"
                                + "      - targets: ['127.0.0.1:" + pushgateway.port + "']\n")) {

            JMeterRun.Result run = smoke(shippedSmoke(), dir)
                    .property("PROMETHEUS_EXPORTER_PORT", exporterPort)
                    .property("PROMETHEUS_EXPORTER_LINGER", "3s") // > 1 s scrape interval: a last scrape
                    .property("PUSHGATEWAY_URL", pushgateway.url(""))
                    .property("PUSHGATEWAY_INTERVAL", "1s")
                    .property("PROMETHEUS_JOB", JOB)
                    .property("PROMETHEUS_ENGINE", ENGINE)
                    .property("SANDBOX_ERROR_RATE", 0.2) // some failed samples for the error panels
                    .run(Duration.ofMinutes(3));

            assertThat(run.exitCode()).as(run.describe()).isIn(0, 99);
            assertThat(run.logText()).contains("Prometheus exporter: serving http://127.0.0.1:" + exporterPort)
                    .contains("Prometheus exporter: last metrics pushed to");
            Map<String, Long> jtl = jtlCounts(run.jtlRows());
            assertThat(jtl).as(run.describe()).containsKeys("Login", "Submit Evaluation", "Job Status",
                    "job Evaluation");
            assertThat(run.jtlRows().failures()).as("the error fault produced failures").isPositive();

            // pull: Prometheus' totals per label (last scraped values) equal the JTL's rows per label
            double last = lastScrape(prometheus, "jmeter-pull");
            Map<String, Long> pulled = byLabel(prometheus.query(
                    "sum by (label) (jmeter_samples_total{job=\"jmeter-pull\",engine=\"" + ENGINE + "\"})", last));
            System.out.println("JTL rows per label: " + jtl + "\nPromQL totals per label: " + pulled);
            assertThat(pulled).as("PromQL totals per label (pull) vs JTL\n" + prometheus.logText()).isEqualTo(jtl);
            Map<String, Long> failedPulled = byLabel(prometheus.query(
                    "sum by (label) (jmeter_samples_total{job=\"jmeter-pull\",success=\"false\"}) > 0", last));
            assertThat(failedPulled).isEqualTo(jtlFailures(run.jtlRows()));

            // push: the Pushgateway holds the run's final metrics under job/instance
            String pushed = PrometheusParts.get(pushgateway.url("/metrics"));
            assertThat(pushedSamplesByLabel(pushed)).as("Pushgateway totals per label vs JTL").isEqualTo(jtl);

            // every query of the Grafana dashboard returns data, evaluated at the last scrape
            List<String> empty = new ArrayList<>();
            List<String> queries = dashboardQueries();
            assertThat(queries).hasSizeGreaterThanOrEqualTo(20);
            for (String q : queries) {
                String promql = q.replace("$__rate_interval", "1m").replace("$job", "jmeter-pull")
                        .replace("$engine", ".*").replace("$label", ".*");
                JsonNode result = prometheus.query(promql, last);
                if (result.isEmpty() || !anyNumber(result)) {
                    empty.add(promql + " -> " + result);
                }
            }
            assertThat(empty).as("dashboard queries without data").isEmpty();
            System.out.println(queries.size() + " dashboard queries returned data at " + last);
            // KPI Assertions' own verdicts: the 20 % error fault breaks the smoke plan's error_rate < 1 %
            JsonNode failing = prometheus.query("jmeter_kpi_state{job=\"jmeter-pull\",state=\"fail\"} == 1", last);
            assertThat(failing).as("failing KPIs").anySatisfy(k -> assertThat(k.path("metric").path("kpi").asText())
                    .isEqualTo("error_rate"));
            JsonNode observed = prometheus.query("jmeter_kpi_observed{job=\"jmeter-pull\",kpi=\"error_rate\"}", last);
            assertThat(observed).singleElement().satisfies(k -> assertThat(k.path("value").get(1).asDouble())
                    .isPositive());
            assertThat(run.exitCode()).as("a KPI failed").isEqualTo(99);
        }
    }

    @Test
    void shouldExitOneBeforeStartWhenPortIsOutOfRange(@TempDir Path dir) throws Exception {
        JMeterRun.Result run = smoke(shippedSmoke(), dir)
                .property("PROMETHEUS_EXPORTER_PORT", 99999)
                .run(Duration.ofMinutes(2));

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
        assertThat(run.console()).contains("Prometheus exporter (Backend Listener): property 'port' = '99999':"
                + " must be a whole number between 0 and 65535");
        assertThat(!Files.exists(run.jtl()) || run.jtlRows().size() == 0).as("no sample: the test did not start")
                .isTrue();
    }

    @Test
    void shouldExitOneBeforeStartWhenPortIsTaken(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            JMeterRun.Result run = smoke(shippedSmoke(), dir)
                    .property("PROMETHEUS_EXPORTER_PORT", taken.getLocalPort())
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(run.console()).contains("property 'port' = '" + taken.getLocalPort() + "'",
                    "cannot serve /metrics on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    /** The time (s) of the last sample Prometheus scraped from {@code job}. */
    private static double lastScrape(PrometheusParts.Server prometheus, String job) throws Exception {
        JsonNode r = prometheus.query("timestamp(up{job=\"" + job + "\"} == 1)[10m:1s]", nowSeconds());
        // the subquery lists, per second, the time of the last successful scrape until it went stale
        double last = 0;
        for (JsonNode series : r) {
            for (JsonNode v : series.path("values")) {
                last = Math.max(last, v.get(1).asDouble());
            }
        }
        assertThat(last).as("Prometheus scraped the exporter at least once: " + r).isPositive();
        return last;
    }

    private static double nowSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static boolean anyNumber(JsonNode result) {
        for (JsonNode series : result) {
            String v = series.path("value").get(1).asText();
            if (!v.equals("NaN")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Long> byLabel(JsonNode result) {
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode series : result) {
            out.put(series.path("metric").path("label").asText(), Math.round(series.path("value").get(1).asDouble()));
        }
        return out;
    }

    private static Map<String, Long> jtlCounts(Jtl jtl) {
        return new TreeMap<>(jtl.rows().stream().collect(Collectors.groupingBy(r -> r.get("label"),
                Collectors.counting())));
    }

    private static Map<String, Long> jtlFailures(Jtl jtl) {
        return new TreeMap<>(jtl.rows().stream().filter(r -> !"true".equals(r.get("success")))
                .collect(Collectors.groupingBy(r -> r.get("label"), Collectors.counting())));
    }

    private static final Pattern PUSHED = Pattern.compile(
            "^jmeter_samples_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);

    private static Map<String, Long> pushedSamplesByLabel(String text) {
        Map<String, Long> out = new TreeMap<>();
        Matcher m = PUSHED.matcher(text);
        while (m.find()) {
            String labels = m.group(1);
            assertThat(labels).contains("job=\"" + JOB + "\"", "instance=\"" + ENGINE + "\"", "engine=\"" + ENGINE + "\"");
            Matcher l = Pattern.compile("(?:^|,)label=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(labels);
            assertThat(l.find()).isTrue();
            out.merge(l.group(1), Math.round(Double.parseDouble(m.group(2))), Long::sum);
        }
        assertThat(out).as("jmeter_samples_total in the Pushgateway:\n" + text).isNotEmpty();
        return out;
    }

    /** Every {@code expr} of the shipped Grafana dashboard. */
    static List<String> dashboardQueries() throws IOException {
        JsonNode dash = Json.parse(Files.readString(
                JMeterHome.projectDir().resolve("src/dist/grafana/agieval-jmeter-dashboard.json")));
        List<String> out = new ArrayList<>();
        for (JsonNode p : dash.path("panels")) {
            for (JsonNode t : p.path("targets")) {
                out.add(t.path("expr").asText());
            }
        }
        return out;
    }
}
