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
 * <p>The plan is {@code test-plans/smoke.jmx} with two elements added in the test (so that it follows
 * the shipped plan): the Backend Listener as the shipped plans are to carry it (switched on by
 * {@code PROMETHEUS_EXPORTER_PORT} and {@code PUSHGATEWAY_URL}), and a setUp thread group whose
 * JSR223 sampler publishes two KPI states through {@code KpiStatusRegistry}, a stand-in for KPI
 * Assertions until that listener publishes to the registry itself.
 */
class PrometheusExporterIT {

    /** The Backend Listener the shipped plans get (see docs/elements/prometheus.md). */
    static final String BACKEND_LISTENER = """
            <BackendListener guiclass="BackendListenerGui" testclass="BackendListener" testname="Prometheus exporter">
            <elementProp name="arguments" elementType="Arguments" guiclass="ArgumentsPanel" testclass="Arguments">
            <collectionProp name="Arguments.arguments">
            %s</collectionProp>
            </elementProp>
            <stringProp name="classname">io.github.agieval.jmeter.prometheus.PrometheusBackendListenerClient</stringProp>
            <stringProp name="QUEUE_SIZE">${__P(PROMETHEUS_EXPORTER_QUEUE,5000)}</stringProp>
            </BackendListener>
            <hashTree></hashTree>
            """;

    static final String[][] ARGUMENTS = {
        {"listenAddress", "${__P(PROMETHEUS_EXPORTER_ADDRESS,127.0.0.1)}"},
        {"port", "${__P(PROMETHEUS_EXPORTER_PORT,)}"},
        {"pushgatewayUrl", "${__P(PUSHGATEWAY_URL,)}"},
        {"pushInterval", "${__P(PUSHGATEWAY_INTERVAL,15s)}"},
        {"job", "${__P(PROMETHEUS_JOB,jmeter)}"},
        {"engine", "${__P(PROMETHEUS_ENGINE,)}"},
        {"lingerAfterTest", "${__P(PROMETHEUS_EXPORTER_LINGER,0s)}"},
    };

    private static final String KPI_STAND_IN = """
            <SetupThreadGroup guiclass="SetupThreadGroupGui" testclass="SetupThreadGroup" testname="setUp: KPI states">
            <stringProp name="ThreadGroup.on_sample_error">continue</stringProp>
            <elementProp name="ThreadGroup.main_controller" elementType="LoopController" guiclass="LoopControlPanel" testclass="LoopController">
            <stringProp name="LoopController.loops">1</stringProp>
            <boolProp name="LoopController.continue_forever">false</boolProp>
            </elementProp>
            <stringProp name="ThreadGroup.num_threads">1</stringProp>
            <stringProp name="ThreadGroup.ramp_time">0</stringProp>
            </SetupThreadGroup>
            <hashTree>
            <JSR223Sampler guiclass="TestBeanGUI" testclass="JSR223Sampler" testname="publish KPI states">
            <stringProp name="scriptLanguage">groovy</stringProp>
            <stringProp name="cacheKey">true</stringProp>
            <stringProp name="script">%s</stringProp>
            </JSR223Sampler>
            <hashTree></hashTree>
            </hashTree>
            """;

    private static final String KPI_SCRIPT = """
            import io.github.agieval.jmeter.prometheus.*
            def board = new KpiStatusBoard()
            board.update([new KpiStatus("p95 response time", KpiStatus.State.PASS, 120.0d, 500.0d),
                          new KpiStatus("cpu_utilization", KpiStatus.State.NOT_MEASURED, null, 70.0d)])
            KpiStatusRegistry.register("PrometheusExporterIT", board)
            SampleResult.setResponseData("published", "UTF-8")
            """;

    private static final String JOB = "jmeter-it";
    private static final String ENGINE = "it-engine";

    static String argument(String name, String value) {
        return "<elementProp name=\"" + name + "\" elementType=\"Argument\">"
                + "<stringProp name=\"Argument.name\">" + name + "</stringProp>"
                + "<stringProp name=\"Argument.value\">" + xml(value) + "</stringProp>"
                + "<stringProp name=\"Argument.metadata\">=</stringProp></elementProp>\n";
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** test-plans/smoke.jmx with the Backend Listener (and optionally the KPI stand-in) added at the plan's end. */
    static Path smokeWithExporter(Path dir, boolean kpiStandIn) throws IOException {
        String smoke = Files.readString(JMeterHome.projectDir().resolve("test-plans/smoke.jmx"), StandardCharsets.UTF_8);
        StringBuilder args = new StringBuilder();
        for (String[] a : ARGUMENTS) {
            args.append(argument(a[0], a[1]));
        }
        String added = (kpiStandIn ? KPI_STAND_IN.formatted(xml(KPI_SCRIPT)) : "") + BACKEND_LISTENER.formatted(args);
        Path plan = dir.resolve("smoke-prometheus.jmx");
        Files.createDirectories(dir);
        Files.writeString(plan, atPlanEnd(smoke, added), StandardCharsets.UTF_8);
        return plan;
    }

    /**
     * {@code jmx} with {@code added} as the last children of the test plan: before the closing tag of
     * the test plan's tree, the next-to-last {@code </hashTree>} (the last closes the root tree).
     */
    static String atPlanEnd(String jmx, String added) {
        int root = jmx.lastIndexOf("</hashTree>");
        int plan = root < 0 ? -1 : jmx.lastIndexOf("</hashTree>", root - 1);
        assertThat(plan).as("a .jmx with a test plan tree").isPositive();
        assertThat(jmx.substring(root)).as("the root tree closes the file").matches("(?s)</hashTree>\\s*</jmeterTestPlan>\\s*");
        return jmx.substring(0, plan) + added + jmx.substring(plan);
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

            JMeterRun.Result run = smoke(smokeWithExporter(dir, true), dir)
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
                    "job Evaluation", "publish KPI states");
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
            JsonNode kpi = prometheus.query("jmeter_kpi_state{job=\"jmeter-pull\",state=\"not_measured\"} == 1", last);
            assertThat(kpi).singleElement().satisfies(k -> assertThat(k.path("metric").path("kpi").asText())
                    .isEqualTo("cpu_utilization"));
        }
    }

    @Test
    void shouldExitOneBeforeStartWhenPortIsOutOfRange(@TempDir Path dir) throws Exception {
        JMeterRun.Result run = smoke(smokeWithExporter(dir, false), dir)
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
            JMeterRun.Result run = smoke(smokeWithExporter(dir, false), dir)
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
