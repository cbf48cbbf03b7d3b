package io.github.agieval.jmeter.kpi;

import io.github.agieval.jmeter.kpi.engine.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.it.JMeterSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KPI Assertions with a Prometheus source: a small real HTTP server speaking Prometheus' query API. */
class KpiListenerResourceTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final List<String> stops = new ArrayList<>();
    private HttpServer prometheus;
    private volatile String value = "0.42";

    @BeforeEach
    void start() throws IOException {
        JMeterSupport.init();
        prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        prometheus.createContext("/api/v1/query", ex -> {
            byte[] b = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                    + "\"value\":[1,\"" + value + "\"]}]}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        prometheus.start();
    }

    @AfterEach
    void stop() {
        prometheus.stop(0);
        JMeterUtils.getJMeterProperties().remove("PROMETHEUS_URL");
        JMeterUtils.getJMeterProperties().remove("RESOURCE_PROFILE");
    }

    private String url() {
        return "http://127.0.0.1:" + prometheus.getAddress().getPort();
    }

    private KpiListener listener(String expressions) {
        KpiListener l = new KpiListener();
        l.setName("KPIs");
        l.setExpressions(expressions);
        l.setResultsDir(dir.toString());
        l.setResourceInterval("1h"); // one round at start, one at the end
        l.inject(clock, stops::add, true);
        return l;
    }

    private static SampleEvent event(long start) {
        SampleResult r = new SampleResult();
        r.setSampleLabel("GET /");
        r.setStampAndTime(start, 20);
        r.setSuccessful(true);
        r.setResponseCode("200");
        r.setThreadName("Users 1-1");
        r.setAllThreads(1);
        return new SampleEvent(r, "Users");
    }

    private JsonNode runOneSecond(KpiListener l) throws IOException {
        l.testStarted();
        l.sampleOccurred(event(T0 + 10));
        clock.advance(1000);
        l.tick();
        l.testEnded();
        return Json.parse(Files.readString(dir.resolve("kpi-report.json")));
    }

    @Test
    void shouldJudgeResourceKpisFromPrometheusWhenUrlIsSet() throws Exception {
        KpiListener l = listener("cpu_utilization<70%\ndatabase_connections<80% of pool\np(95)<500");
        l.setPrometheusUrl(url());
        l.setResourceProfile("sandbox");
        JsonNode json = runOneSecond(l);

        assertThat(json.at("/kpis/0/verdict").asText()).isEqualTo("PASS");
        assertThat(json.at("/kpis/0/observed").asDouble()).isCloseTo(0.42, within(1e-9));
        assertThat(json.at("/kpis/1/verdict").asText()).as("0.42 / 0.42 = 100 % of the pool").isEqualTo("FAIL");
        assertThat(json.at("/kpis/1/detail").asText()).contains("sandbox_db_connections_max");
        assertThat(json.at("/test_summary/verdict").asText()).isEqualTo("FAIL");
        assertThat(json.at("/resources")).hasSize(2);
        assertThat(json.at("/resources/0/points").size()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldTakeUrlAndProfileFromJMeterPropertiesWhenFieldsAreEmpty() throws Exception {
        JMeterUtils.setProperty("PROMETHEUS_URL", url());
        JMeterUtils.setProperty("RESOURCE_PROFILE", "node");
        value = "0.9";
        JsonNode json = runOneSecond(listener("memory_utilization<80%"));
        assertThat(json.at("/kpis/0/verdict").asText()).isEqualTo("FAIL");
        assertThat(json.at("/kpis/0/expression").asText()).contains("node_memory_MemAvailable_bytes");
    }

    @Test
    void shouldStopTheStartNamingTheServerWhenPrometheusIsNotReachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        KpiListener l = listener("cpu_utilization<70%\np(95)<500");
        l.setPrometheusUrl("http://user:s3cret@127.0.0.1:" + port);
        assertThatThrownBy(l::testStarted).hasMessageContaining("KPI Assertions 'KPIs': Prometheus source")
                .hasMessageContaining("Prometheus not reachable at http://127.0.0.1:" + port)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        assertThat(Files.readString(dir.resolve("kpi-report.json"))).contains("NOT_STARTED");
    }

    @Test
    void shouldRejectBadProfileAndUrlNamingTheProperty() {
        KpiListener bad = listener("cpu_utilization<70%\np(95)<500");
        bad.setPrometheusUrl(url());
        bad.setResourceProfile("mysql");
        assertThatThrownBy(bad::testStarted).hasMessageContaining("KpiListener.resourceProfile")
                .hasMessageContaining("node, sandbox");
        KpiListener badUrl = listener("p(95)<500");
        badUrl.setPrometheusUrl("prometheus:9090");
        assertThatThrownBy(badUrl::testStarted).hasMessageContaining("KpiListener.prometheusUrl")
                .hasMessageContaining("expected an http:// or https:// URL");
    }

    @Test
    void shouldStayNotMeasuredWithoutSource() throws Exception {
        JsonNode json = runOneSecond(listener("cpu_utilization<70%\np(95)<500"));
        assertThat(json.at("/kpis/0/verdict").asText()).isEqualTo("NOT_MEASURED");
        assertThat(json.at("/test_summary/verdict").asText()).isEqualTo("PASS");
        assertThat(json.at("/resources")).isEmpty();
    }
}
