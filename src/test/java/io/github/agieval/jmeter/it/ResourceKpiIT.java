package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SUT resource KPIs in: KPI Assertions judges {@code cpu_utilization}, {@code memory_utilization} and
 * {@code database_connections} from a real Prometheus (Debian's {@code prometheus}) that scrapes a real
 * {@code prometheus-node-exporter} and the reference sandbox (started with the plugin jar's
 * {@code sandbox} command, as a SUT of its own) while stock JMeter 5.6.3 runs
 * {@code plans/resource-kpis.jmx} (stock HTTP Requests against the sandbox) headless.
 */
class ResourceKpiIT {

    private static final String ADMIN_TOKEN = "resource-kpi-it-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The seed's resource KPIs, copied verbatim from test-plans/kpis/performance-kpis.yml. */
    private static String seedResourceSection() throws IOException {
        String seed = Files.readString(JMeterHome.projectDir().resolve("test-plans/kpis/performance-kpis.yml"));
        String section = seed.substring(seed.indexOf("resource_metrics:"));
        assertThat(section).contains("cpu_utilization", "memory_utilization", "database_connections", "<80% of pool");
        return section;
    }

    private static JMeterRun plan(Path dir, Sandbox sandbox, Path kpiFile) {
        return JMeterRun.testPlan("plans/resource-kpis.jmx")
                .property("HOST", "127.0.0.1")
                .property("PORT", sandbox.port)
                .property("DURATION", 15)
                .property("KPI_FILE", kpiFile)
                .property("RESULTS_DIR", dir.resolve("kpi"))
                .property("RESOURCE_INTERVAL", "1s")
                .workDir(dir.resolve("run"));
    }

    private static String scrape(String job, int port) {
        return "  - job_name: " + job + "\n    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n";
    }

    @Test
    void shouldJudgeNodeCpuAndMemoryFromPrometheusWhenRunIsHealthy(@TempDir Path dir) throws Exception {
        PrometheusParts.assumeInstalled("ResourceKpiIT (node_exporter)", PrometheusParts.PROMETHEUS,
                PrometheusParts.NODE_EXPORTER);
        Path kpis = dir.resolve("node-kpis.yml");
        // the seed's names; thresholds any host meets, so that the verdict depends on measuring, not on load
        Files.writeString(kpis, "resource_metrics:\n"
                + "  - name: cpu_utilization\n    target: \"<=100%\"\n"
                + "  - name: memory_utilization\n    target: \"<100%\"\n"
                + "  - name: database_connections\n    target: \"<80% of pool\"\n");
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"));
                PrometheusParts.Server node = PrometheusParts.nodeExporter(dir.resolve("node"));
                PrometheusParts.Server prometheus = PrometheusParts.prometheus(dir.resolve("prometheus"),
                        scrape("node", node.port))) {
            JMeterRun.Result run = plan(dir, sandbox, kpis)
                    .property("PROMETHEUS_URL", prometheus.url(""))
                    .property("RESOURCE_PROFILE", "node")
                    // the expression syntax with an own query and a window
                    .property("KPI_EXPRESSIONS", "memory_utilization<100% over 3s query=`1 - sum("
                            + "node_memory_MemAvailable_bytes) / sum(node_memory_MemTotal_bytes)`")
                    .run(Duration.ofMinutes(4));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            JsonNode report = Json.parse(Files.readString(dir.resolve("kpi/kpi-report.json")));
            System.out.println("resource KPIs (node): " + report.path("kpis"));
            JsonNode byName = kpisByName(report);
            for (String name : List.of("cpu_utilization", "memory_utilization")) {
                JsonNode k = byName.path(name);
                assertThat(k.path("verdict").asText()).as(name + ": " + k).isEqualTo("PASS");
                assertThat(k.path("observed").asDouble()).as(name).isGreaterThan(0).isLessThanOrEqualTo(1);
            }
            assertThat(byName.path("database_connections").path("verdict").asText()).isEqualTo("NOT_MEASURED");
            JsonNode windowed = byName.path("memory_utilization<100% over 3s query=`1 - sum("
                    + "node_memory_MemAvailable_bytes) / sum(node_memory_MemTotal_bytes)`");
            assertThat(windowed.path("verdict").asText()).as(report.path("kpis").toString()).isEqualTo("PASS");
            assertThat(windowed.path("detail").asText()).contains("worst 3s window");
            assertThat(run.console()).contains("database_connections has no default query in resource profile 'node'");
            assertResourceSeriesInReports(dir, "cpu_utilization");
        }
    }

    @Test
    void shouldPassSeedResourceKpisFromSandboxMetricsWhenRunIsHealthy(@TempDir Path dir) throws Exception {
        PrometheusParts.assumeInstalled("ResourceKpiIT (sandbox)", PrometheusParts.PROMETHEUS);
        Path kpis = dir.resolve("seed-resources.yml");
        Files.writeString(kpis, seedResourceSection());
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"))) {
            sandbox.assumeDbPoolMetrics("shouldPassSeedResourceKpisFromSandboxMetricsWhenRunIsHealthy");
            try (PrometheusParts.Server prometheus = PrometheusParts.prometheus(dir.resolve("prometheus"),
                    scrape("sandbox", sandbox.port))) {
                JMeterRun.Result run = plan(dir, sandbox, kpis)
                        .property("PROMETHEUS_URL", prometheus.url(""))
                        .property("RESOURCE_PROFILE", "sandbox")
                        .run(Duration.ofMinutes(4));

                JsonNode report = Json.parse(Files.readString(dir.resolve("kpi/kpi-report.json")));
                System.out.println("resource KPIs (sandbox, healthy): " + report.path("kpis"));
                assertThat(run.exitCode()).as(run.describe() + "\n" + report.path("kpis")).isZero();
                JsonNode byName = kpisByName(report);
                for (String name : List.of("cpu_utilization", "memory_utilization", "database_connections")) {
                    assertThat(byName.path(name).path("verdict").asText()).as(name).isEqualTo("PASS");
                    assertThat(byName.path(name).path("observed").isNumber()).as(name).isTrue();
                }
                assertResourceSeriesInReports(dir, "database_connections");
            }
        }
    }

    @Test
    void shouldFailDatabaseConnectionsWithExit99WhenPoolIsExhausted(@TempDir Path dir) throws Exception {
        PrometheusParts.assumeInstalled("ResourceKpiIT (sandbox pool exhausted)", PrometheusParts.PROMETHEUS);
        Path kpis = dir.resolve("seed-resources.yml");
        Files.writeString(kpis, seedResourceSection());
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"))) {
            sandbox.assumeDbPoolMetrics("shouldFailDatabaseConnectionsWithExit99WhenPoolIsExhausted");
            sandbox.faults("{\"db_pool_exhausted\": true}");
            try (PrometheusParts.Server prometheus = PrometheusParts.prometheus(dir.resolve("prometheus"),
                    scrape("sandbox", sandbox.port))) {
                JMeterRun.Result run = plan(dir, sandbox, kpis)
                        .property("PROMETHEUS_URL", prometheus.url(""))
                        .property("RESOURCE_PROFILE", "sandbox")
                        .run(Duration.ofMinutes(4));

                JsonNode report = Json.parse(Files.readString(dir.resolve("kpi/kpi-report.json")));
                System.out.println("resource KPIs (sandbox, pool exhausted): " + report.path("kpis"));
                assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);
                JsonNode db = kpisByName(report).path("database_connections");
                assertThat(db.path("verdict").asText()).as(db.toString()).isEqualTo("FAIL");
                assertThat(db.path("observed").asDouble()).isGreaterThanOrEqualTo(0.8);
            }
        }
    }

    @Test
    void shouldExitOneBeforeStartWhenPrometheusIsNotReachable(@TempDir Path dir) throws Exception {
        Path kpis = dir.resolve("seed-resources.yml");
        Files.writeString(kpis, seedResourceSection());
        int nobody = PrometheusParts.freePort();
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"))) {
            JMeterRun.Result run = plan(dir, sandbox, kpis)
                    .property("PROMETHEUS_URL", "http://127.0.0.1:" + nobody)
                    .property("RESOURCE_PROFILE", "sandbox")
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(run.console()).contains("KPI Assertions 'KPI Assertions': Prometheus source",
                    "Prometheus not reachable at http://127.0.0.1:" + nobody);
            assertThat(!Files.exists(run.jtl()) || run.jtlRows().size() == 0).as("no sample: the test did not start")
                    .isTrue();
            assertThat(Files.readString(dir.resolve("kpi/kpi-report.json"))).contains("NOT_STARTED");
        }
    }

    @Test
    void shouldExitOneBeforeStartWhenQueryReturnsNothing(@TempDir Path dir) throws Exception {
        PrometheusParts.assumeInstalled("ResourceKpiIT (no data)", PrometheusParts.PROMETHEUS);
        Path kpis = dir.resolve("kpis.yml");
        Files.writeString(kpis, "resource_metrics:\n  - name: cpu_utilization\n    target: \"<70%\"\n"
                + "    query: sum(rate(no_such_metric_total[1m]))\n");
        try (Sandbox sandbox = Sandbox.start(dir.resolve("sandbox"));
                PrometheusParts.Server prometheus = PrometheusParts.prometheus(dir.resolve("prometheus"),
                        scrape("sandbox", sandbox.port))) {
            JMeterRun.Result run = plan(dir, sandbox, kpis)
                    .property("PROMETHEUS_URL", prometheus.url(""))
                    .property("PROMETHEUS_DATA_WAIT", "2s")
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(run.console()).contains("KPI cpu_utilization: query 'sum(rate(no_such_metric_total[1m]))'"
                    + " returned no data from Prometheus at " + prometheus.url(""), "still none after waiting 2s");
            assertThat(!Files.exists(run.jtl()) || run.jtlRows().size() == 0).isTrue();
        }
    }

    private static JsonNode kpisByName(JsonNode report) {
        var out = Json.object();
        for (JsonNode k : report.path("kpis")) {
            out.set(k.path("name").asText(), k);
        }
        return out;
    }

    /** The JSON report lists the series, the JUnit report carries it, the HTML report charts it. */
    private static void assertResourceSeriesInReports(Path dir, String name) throws IOException {
        JsonNode report = Json.parse(Files.readString(dir.resolve("kpi/kpi-report.json")));
        JsonNode series = null;
        for (JsonNode s : report.path("resources")) {
            if (s.path("name").asText().equals(name)) {
                series = s;
            }
        }
        assertThat(series).as("resources in kpi-report.json: " + report.path("resources")).isNotNull();
        assertThat(series.path("points").size()).as("one value a second for a 15 s run").isGreaterThanOrEqualTo(5);
        assertThat(series.path("query").asText()).isNotBlank();
        assertThat(Files.readString(dir.resolve("kpi/kpi-junit.xml"))).contains("resource." + name);
        assertThat(Files.readString(dir.resolve("kpi/kpi-report.html"))).contains("Server resources", name);
    }

    /** The reference sandbox as a SUT of its own: {@code java -jar <plugin jar> sandbox --port 0}. */
    static final class Sandbox implements AutoCloseable {
        final Process process;
        final String baseUrl;
        final int port;

        private Sandbox(Process process, String baseUrl) {
            this.process = process;
            this.baseUrl = baseUrl;
            this.port = URI.create(baseUrl).getPort();
        }

        static Sandbox start(Path dir) throws IOException {
            Files.createDirectories(dir);
            JMeterHome home = JMeterHome.assembled();
            List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx256m", "-jar", home.pluginJar().toString(), "sandbox", "--port", "0",
                    "--time-factor", "0.01", "--admin-token", ADMIN_TOKEN));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
            StringBuilder head = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                head.append(line).append('\n');
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(() -> {
                        try {
                            while (out.readLine() != null) {
                                // keep the pipe from filling
                            }
                        } catch (IOException ignored) {
                            // the process ended
                        }
                    }, "sandbox-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new Sandbox(p, m.group(1));
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("the sandbox did not start: " + head);
        }

        String metrics() throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }

        /**
         * Skips LOUDLY (under {@code CI=true}: fails) unless the sandbox exports the database pool gauges
         * ({@code sandbox_db_connections_active/max}) and the JVM metrics the sandbox profile queries:
         * a guard for builds of the plugin without them, never a silent pass.
         */
        void assumeDbPoolMetrics(String test) throws IOException, InterruptedException {
            String m = metrics();
            if (m.contains("sandbox_db_connections_active") && m.contains("sandbox_db_connections_max")
                    && m.contains("jvm_memory_used_bytes") && m.contains("process_cpu_seconds_total")) {
                return;
            }
            String msg = "SKIPPED ResourceKpiIT." + test + ": the sandbox's /metrics has no database pool gauges"
                    + " (sandbox_db_connections_active/max) or JVM metrics yet; this case is written against the"
                    + " sandbox's Prometheus-client metrics and db_pool_exhausted fault, which are not in this build";
            System.err.println("\n!!!!!!!!!!\n!!! " + msg + "\n!!!!!!!!!!\n"); // NOSONAR the skip must be seen
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail("CI must not skip: " + msg);
            }
            Assumptions.assumeTrue(false, msg);
        }

        void faults(String json) throws IOException, InterruptedException {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/__admin/faults"))
                    .header("X-Admin-Token", ADMIN_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("POST /__admin/faults " + json + ": " + r.body()).isEqualTo(200);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
