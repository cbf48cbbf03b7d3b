package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.sandbox.Latency;
import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;

/**
 * The KPI Assertions listener in stock JMeter 5.6.3, headless, against the sandbox with its fault
 * knobs: exit codes, reports, abort on fail, and a two-engine distributed run.
 */
class KpiListenerIT {

    private static final String PLAN = "plans/kpi-listener.jmx";

    private static JMeterRun plan(Sandbox sandbox, Path dir) {
        return JMeterRun.testPlan(PLAN)
                .property("HOST", "127.0.0.1")
                .property("PORT", sandbox.port())
                .property("RESULTS_DIR", dir.resolve("kpi"))
                .workDir(dir);
    }

    private static JsonNode report(Path dir) throws IOException {
        return Json.parse(Files.readString(dir.resolve("kpi/kpi-report.json")));
    }

    private static JsonNode kpi(JsonNode report, String name) {
        for (JsonNode k : report.get("kpis")) {
            if (k.get("name").asText().equals(name)) {
                return k;
            }
        }
        throw new AssertionError("no KPI " + name + " in " + report.get("kpis"));
    }

    private static Map<String, Element> junitCases(Path dir) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("kpi/kpi-junit.xml").toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        Map<String, Element> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            out.put(e.getAttribute("name"), e);
        }
        return out;
    }

    private static boolean failed(Element testcase) {
        return testcase.getElementsByTagName("failure").getLength() > 0;
    }

    @Test
    void shouldExitZeroWithEveryKpiGreenWhenSandboxIsHealthy(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).build())) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("THREADS", 4)
                    .property("LOOPS", 25)
                    .property("MIN_COUNT", 100)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            assertThat(jtl.size()).isEqualTo(201);
            JsonNode report = report(dir);
            assertThat(report.at("/test_summary/verdict").asText()).isEqualTo("PASS");
            assertThat(report.at("/test_summary/samples").asLong()).isEqualTo(jtl.size());
            assertThat(report.at("/response_times/by_label/GET health/count").asLong()).isEqualTo(100);
            assertThat(report.at("/test_summary/kpis_total").asInt()).isEqualTo(5);
            for (JsonNode k : report.get("kpis")) {
                assertThat(k.get("verdict").asText()).as(k.toString()).isEqualTo("PASS");
            }
            assertThat(junitCases(dir).values()).hasSize(5).noneMatch(KpiListenerIT::failed);
            String html = Files.readString(dir.resolve("kpi/kpi-report.html"));
            assertThat(html).contains("&#10004; PASS", "5 of 5 KPIs passed").doesNotContain("<script");
            assertThat(run.console()).contains("=== KPI verdict: PASS (5 of 5 KPIs passed; 201 samples, 0 failed",
                    dir.resolve("kpi/kpi-report.html").toString());
        }
    }

    @Test
    void shouldExit99WithLatencyKpiRedAfterDashboardWhenSandboxIsSlow(@TempDir Path dir) throws Exception {
        SandboxConfig slow = SandboxConfig.builder().port(0).latency(Latency.fixed(120)).build();
        try (Sandbox sandbox = Sandbox.start(slow)) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("THREADS", 4)
                    .property("LOOPS", 5)
                    .property("P95_MAX", 100)
                    .dashboard(true)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);
            assertThat(run.dashboard().resolve("index.html")).isRegularFile();
            JsonNode report = report(dir);
            assertThat(report.at("/test_summary/verdict").asText()).isEqualTo("FAIL");
            assertThat(report.at("/test_summary/samples").asLong()).isEqualTo(run.jtlRows().size());
            JsonNode p95 = kpi(report, "p(95)<100");
            assertThat(p95.get("verdict").asText()).isEqualTo("FAIL");
            assertThat(p95.get("observed").asDouble()).isGreaterThanOrEqualTo(120);
            assertThat(kpi(report, "rate<0.01").get("verdict").asText()).isEqualTo("PASS");
            Map<String, Element> cases = junitCases(dir);
            assertThat(failed(cases.get("p(95)<100"))).isTrue();
            assertThat(failed(cases.get("rate<0.01"))).isFalse();
            String html = Files.readString(dir.resolve("kpi/kpi-report.html"));
            assertThat(html).contains("&#10008; FAIL").containsPattern(
                    "class=\"kpi fail\"><div class=\"kh\"><span class=\"pill fail\">FAIL</span> <b>p\\(95\\)&lt;100</b>");
            assertThat(run.console()).contains("=== KPI verdict: FAIL (4 of 5 KPIs passed");
            assertThat(run.logText()).contains("JMeter is done; exiting with code 99");
        }
    }

    @Test
    void shouldExit99WithErrorRateKpiRedWhenSandboxAnswers5xx(@TempDir Path dir) throws Exception {
        SandboxConfig failing = SandboxConfig.builder().port(0).errorRate(0.3).build();
        try (Sandbox sandbox = Sandbox.start(failing)) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("THREADS", 4)
                    .property("LOOPS", 25)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);
            Jtl jtl = run.jtlRows();
            JsonNode report = report(dir);
            assertThat(report.at("/test_summary/samples").asLong()).isEqualTo(jtl.size());
            assertThat(report.at("/test_summary/failed_samples").asLong()).isEqualTo(jtl.failures()).isPositive();
            JsonNode rate = kpi(report, "rate<0.01");
            assertThat(rate.get("verdict").asText()).isEqualTo("FAIL");
            assertThat(rate.get("observed").asDouble()).isEqualTo((double) jtl.failures() / jtl.size());
            assertThat(kpi(report, "p(95)<500").get("verdict").asText()).isEqualTo("PASS");
            assertThat(report.at("/errors/by_type/0/type").asText()).startsWith("500");
            assertThat(failed(junitCases(dir).get("rate<0.01"))).isTrue();
            assertThat(failed(junitCases(dir).get("p(95)<500"))).isFalse();
            assertThat(Files.readString(dir.resolve("kpi/kpi-report.html")))
                    .containsPattern("class=\"kpi fail\"><div class=\"kh\"><span class=\"pill fail\">FAIL</span>"
                            + " <b>rate&lt;0.01</b>");
        }
    }

    @Test
    void shouldStopAtStartNamingLineWhenKpiIsBad(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).build())) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("P95_MAX", "fast")
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(run.console()).contains("KPI Assertions 'KPI Assertions': property KpiListener.expressions"
                    + " line 2 'p(95)<fast': expected a number with an optional unit after the operator but found"
                    + " 'fast'");
            if (Files.exists(run.jtl())) { // whether the JTL writer started first depends on listener order
                assertThat(run.jtlRows().withLabel("GET health")).as("no sampler ran").isEmpty();
            }
            JsonNode report = report(dir);
            assertThat(report.at("/test_summary/verdict").asText()).isEqualTo("NOT_STARTED");
            assertThat(report.at("/test_summary/not_judged_reason").asText()).contains("'p(95)<fast'");
            assertThat(run.console()).contains("=== KPI verdict: NOT STARTED");
        }
    }

    @Test
    void shouldStopAtStartWithAHintWhenAKpiFileNameIsMisspelled(@TempDir Path dir) throws Exception {
        Path kpis = dir.resolve("kpis.yml");
        Files.writeString(kpis, "response_time_metrics:\n  - name: \"p95_responce_time\"\n    target: \"<500ms\"\n");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).build())) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("KPI_FILE", kpis)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(run.console()).contains("KPI Assertions 'KPI Assertions': property KpiListener.kpiFile:"
                    + " kpis.yml line 2 (p95_responce_time): unknown KPI name 'p95_responce_time' (did you mean"
                    + " 'p95_response_time'?)");
            assertThat(report(dir).at("/test_summary/verdict").asText()).isEqualTo("NOT_STARTED");
        }
    }

    @Test
    void shouldJudgeTwoListenersOfOnePlanEachOnItsOwnAndCountSubSamples(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).build())) {
            JMeterRun.Result run = JMeterRun.testPlan("plans/kpi-two-listeners.jmx")
                    .property("HOST", "127.0.0.1")
                    .property("PORT", sandbox.port())
                    .property("RESULTS_DIR", dir.resolve("kpi"))
                    .property("THREADS", 2)
                    .property("LOOPS", 5)
                    .property("MAX_B", 5) // B's KPIs: 10 journeys break count<=5; A's KPIs pass
                    .workDir(dir)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);
            Jtl jtl = run.jtlRows();
            assertThat(jtl.withLabel("journey")).hasSize(10);
            assertThat(jtl.size()).as("parent rows and their sub-sample rows").isEqualTo(30);
            JsonNode a = Json.parse(Files.readString(dir.resolve("kpi/a/kpi-report.json")));
            JsonNode b = Json.parse(Files.readString(dir.resolve("kpi/b/kpi-report.json")));
            for (JsonNode r : List.of(a, b)) {
                assertThat(r.at("/test_summary/samples").asLong()).as("each sample counted once").isEqualTo(10);
                assertThat(r.at("/test_summary/sub_samples").asLong()).isEqualTo(20);
                assertThat(r.at("/test_summary/jtl_rows").asLong()).isEqualTo(jtl.size());
            }
            assertThat(a.at("/test_summary/verdict").asText()).isEqualTo("PASS");
            assertThat(a.get("kpis")).hasSize(2);
            assertThat(b.at("/test_summary/verdict").asText()).isEqualTo("FAIL");
            assertThat(b.get("kpis")).hasSize(3);
            assertThat(kpi(b, "label=journey: count<=5").get("verdict").asText()).isEqualTo("FAIL");
            assertThat(run.console()).contains("=== KPI verdict: PASS (2 of 2 KPIs passed; 10 samples + 20 sub-samples",
                    "=== KPI verdict: FAIL (2 of 3 KPIs passed; 10 samples + 20 sub-samples");
        }
    }

    @Test
    void shouldExit99WithNoDataWhenNoSampleRan(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).build())) {
            JMeterRun.Result run = JMeterRun.testPlan("plans/kpi-two-listeners.jmx")
                    .property("HOST", "127.0.0.1")
                    .property("PORT", sandbox.port())
                    .property("RESULTS_DIR", dir.resolve("kpi"))
                    .property("THREADS", 0)
                    .workDir(dir)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);
            JsonNode b = Json.parse(Files.readString(dir.resolve("kpi/b/kpi-report.json")));
            assertThat(b.at("/test_summary/verdict").asText()).isEqualTo("FAIL");
            assertThat(b.at("/test_summary/samples").asLong()).isZero();
            for (JsonNode k : b.get("kpis")) {
                assertThat(k.get("verdict").asText()).as("even count<=N and rate<N%%: %s", k).isEqualTo("NO_DATA");
            }
            assertThat(run.console()).contains("Note: NO DATA: the run recorded no samples");
        }
    }

    @Test
    void shouldSayStoppedByUserWhenTheRunIsShutDownFromOutside(@TempDir Path dir) throws Exception {
        int udpPort;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udpPort = probe.getLocalPort();
        }
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).latency(Latency.fixed(20)).build())) {
            JMeterRun running = plan(sandbox, dir)
                    .property("THREADS", 2)
                    .property("LOOPS", -1)
                    .property("DURATION", 60)
                    .property("jmeterengine.nongui.port", udpPort)
                    .property("jmeterengine.nongui.maxport", udpPort);
            CompletableFuture<JMeterRun.Result> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return running.run(Duration.ofMinutes(2));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Path console = dir.resolve("console.txt");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(Files.exists(console) && Files.readString(console).contains("Waiting for possible Shutdown")
                    && Files.exists(dir.resolve("results.jtl")) && Files.size(dir.resolve("results.jtl")) > 2000)) {
                assertThat(System.nanoTime()).as("JMeter running and sampling").isLessThan(deadline);
                assertThat(result).isNotDone();
                Thread.sleep(100);
            }
            // what JMeter's shutdown.sh sends
            byte[] shutdown = "Shutdown".getBytes(StandardCharsets.US_ASCII);
            try (DatagramSocket s = new DatagramSocket()) {
                s.send(new DatagramPacket(shutdown, shutdown.length, InetAddress.getLoopbackAddress(), udpPort));
            }
            JMeterRun.Result run = result.get(2, TimeUnit.MINUTES);

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(run.took()).as("stopped long before the 60 s duration").isLessThan(Duration.ofSeconds(45));
            JsonNode report = report(dir);
            assertThat(report.at("/test_summary/verdict").asText()).isEqualTo("PASS");
            assertThat(report.at("/test_summary/stopped_by").asText()).contains("stopped by user");
            assertThat(report.at("/test_summary/samples").asLong()).isEqualTo(run.jtlRows().size());
            assertThat(Files.readString(dir.resolve("kpi/kpi-junit.xml"))).contains("stopped by user");
            assertThat(Files.readString(dir.resolve("kpi/kpi-report.html"))).contains("stopped by user");
            assertThat(run.console()).contains("Note: Test stopped by user");
        }
    }

    @Test
    void shouldExitOneAndReportNotStartedWhenAThreadGroupRefusesToStart(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).build())) {
            JMeterRun ok = JMeterRun.testPlan("plans/kpi-stage.jmx")
                    .property("HOST", "127.0.0.1")
                    .property("PORT", sandbox.port())
                    .property("RESULTS_DIR", dir.resolve("results"))
                    .workDir(dir.resolve("first"));
            JMeterRun.Result first = ok.run(Duration.ofMinutes(2));
            assertThat(first.exitCode()).as(first.describe()).isZero();
            assertThat(Json.parse(Files.readString(dir.resolve("results/kpi/kpi-report.json")))
                    .at("/test_summary/verdict").asText()).isEqualTo("PASS");

            JMeterRun.Result run = JMeterRun.testPlan("plans/kpi-stage.jmx")
                    .property("HOST", "127.0.0.1")
                    .property("PORT", sandbox.port())
                    .property("RESULTS_DIR", dir.resolve("results"))
                    .property("GRACEFUL_RAMP_DOWN", "abc")
                    .workDir(dir.resolve("second"))
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(run.took()).isLessThan(Duration.ofSeconds(30));
            JsonNode report = Json.parse(Files.readString(dir.resolve("results/kpi/kpi-report.json")));
            assertThat(report.at("/test_summary/verdict").asText()).as("never the first run's PASS")
                    .isEqualTo("NOT_STARTED");
            assertThat(report.at("/test_summary/not_judged_reason").asText()).contains("did not start");
            assertThat(run.console()).contains("abc");
            assertThat(run.console()).contains("=== KPI verdict: NOT STARTED");
        }
    }

    @Test
    void shouldStopEveryEngineWhenAbortOnFailInDistributedRun(@TempDir Path dir) throws Exception {
        SandboxConfig failing = SandboxConfig.builder().port(0).errorRate(0.5).latency(Latency.fixed(5)).build();
        try (Sandbox sandbox = Sandbox.start(failing);
                JMeterServers servers = JMeterServers.start(dir, 2, Map.of())) {
            Path clientDir = dir.resolve("client");
            JMeterRun.Result run = servers.client(JMeterRun.testPlan(PLAN))
                    .property("RESULTS_DIR", clientDir.resolve("kpi"))
                    .property("ABORT", true)
                    .property("ABORT_DELAY", "2s")
                    // a fresh jmeter-server's first requests take about a second (class loading)
                    .property("P95_MAX", 10_000)
                    .property("P99_MAX", 10_000)
                    .workDir(clientDir)
                    .args("-X", "-GHOST=127.0.0.1", "-GPORT=" + sandbox.port(), "-GTHREADS=2", "-GLOOPS=-1",
                            "-GDURATION=90")
                    .run(Duration.ofMinutes(3));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);
            assertThat(run.took()).as("both engines stopped long before the 90 s duration")
                    .isLessThan(Duration.ofSeconds(60));
            JsonNode report = Json.parse(Files.readString(clientDir.resolve("kpi/kpi-report.json")));
            assertThat(report.at("/test_summary/aborted").asText()).startsWith("KPI failed: rate<0.01 (observed ");
            assertThat(report.get("warnings").toString()).doesNotContain("could not stop");
            Jtl jtl = run.jtlRows();
            assertThat(report.at("/test_summary/samples").asLong()).isEqualTo(jtl.size());
            for (int i = 0; i < 2; i++) {
                String engine = "127.0.0.1:" + servers.port(i) + "-";
                assertThat(jtl.where(r -> r.get("threadName").startsWith(engine + "tearDown")))
                        .as("engine %d shut down gracefully and ran its tearDown", i + 1).hasSize(1);
                assertThat(Files.readString(dir.resolve("server" + (i + 1) + "/server.log")))
                        .contains("Shutting test");
            }
        }
    }

    @Test
    void shouldStopEarlyAndRunTearDownWhenAbortOnFail(@TempDir Path dir) throws Exception {
        SandboxConfig failing = SandboxConfig.builder().port(0).errorRate(0.5).latency(Latency.fixed(5)).build();
        try (Sandbox sandbox = Sandbox.start(failing)) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("THREADS", 2)
                    .property("LOOPS", -1)
                    .property("DURATION", 60)
                    .property("ABORT", true)
                    .property("ABORT_DELAY", "2s")
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);
            assertThat(run.took()).as("stopped long before the 60 s duration").isLessThan(Duration.ofSeconds(30));
            Jtl jtl = run.jtlRows();
            assertThat(jtl.withLabel("tearDown ran")).as("tearDown still runs").hasSize(1);
            JsonNode report = report(dir);
            assertThat(report.at("/test_summary/aborted").asText()).startsWith("KPI failed: rate<0.01 (observed ");
            assertThat(report.at("/test_summary/samples").asLong()).isEqualTo(jtl.size());
            assertThat(run.console()).contains("Test stopped early: KPI failed: rate<0.01");
        }
    }

    @Test
    void shouldJudgeSamplesOfBothEnginesInDistributedRun(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).latency(Latency.fixed(20)).build());
                JMeterServers servers = JMeterServers.start(dir, 2, Map.of())) {
            Path clientDir = dir.resolve("client");
            JMeterRun.Result run = servers.client(JMeterRun.testPlan(PLAN))
                    .property("RESULTS_DIR", clientDir.resolve("kpi"))
                    .property("MIN_THREADS", 6)
                    // a fresh jmeter-server's first requests take about a second (class loading)
                    .property("P99_MAX", 10_000)
                    .workDir(clientDir)
                    .args("-X", "-GHOST=127.0.0.1", "-GPORT=" + sandbox.port(), "-GTHREADS=3", "-GLOOPS=20",
                            "-GDURATION=60")
                    .run(Duration.ofMinutes(3));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            assertThat(jtl.size()).isEqualTo(2 * (3 * 20 * 2 + 1));
            assertThat(jtl.where(r -> r.get("threadName").startsWith("127.0.0.1:" + servers.port(0) + "-"))).hasSize(121);
            assertThat(jtl.where(r -> r.get("threadName").startsWith("127.0.0.1:" + servers.port(1) + "-"))).hasSize(121);
            JsonNode report = Json.parse(Files.readString(clientDir.resolve("kpi/kpi-report.json")));
            assertThat(report.at("/test_summary/samples").asLong()).isEqualTo(jtl.size());
            assertThat(report.at("/test_summary/verdict").asText()).isEqualTo("PASS");
            JsonNode engines = report.at("/test_summary/peak_threads_by_engine");
            assertThat(engines.get("127.0.0.1:" + servers.port(0)).asLong()).isEqualTo(3);
            assertThat(engines.get("127.0.0.1:" + servers.port(1)).asLong()).isEqualTo(3);
            assertThat(kpi(report, "threads>=6").get("observed").asDouble())
                    .as("threads of both engines at once").isEqualTo(6.0);
            assertThat(kpi(report, "label~GET .*: count>=1").get("observed").asDouble()).isEqualTo(240.0);
            assertThat(kpi(report, "label=GET health: p(99)<10000").get("verdict").asText())
                    .as("thresholds from client-side properties").isEqualTo("PASS");
            assertThat(run.console()).containsOnlyOnce("=== KPI verdict: PASS");
        }
    }
}
