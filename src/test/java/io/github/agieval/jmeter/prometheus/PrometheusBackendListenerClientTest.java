package io.github.agieval.jmeter.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.config.Argument;
import org.apache.jmeter.config.Arguments;
import org.apache.jmeter.visualizers.backend.BackendListenerContext;
import org.junit.jupiter.api.Test;

class PrometheusBackendListenerClientTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static BackendListenerContext context(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return new BackendListenerContext(m);
    }

    private static String get(int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void shouldServeMetricsDuringTestAndFreePortAfterTeardown() throws Exception {
        int port = freePort();
        PrometheusBackendListenerClient client = new PrometheusBackendListenerClient();
        BackendListenerContext ctx = context("port", Integer.toString(port), "engine", "e1");
        client.setupTest(ctx);
        try {
            client.handleSampleResults(List.of(SampleMetricsTest.sample("Login", 12, true, "200")), ctx);
            assertThat(get(port)).contains("jmeter_samples_total{engine=\"e1\",label=\"Login\",success=\"true\"} 1.0");
            assertThat(bindable(port)).isFalse();
        } finally {
            client.teardownTest(ctx);
        }
        assertThat(bindable(port)).as("port free after teardown").isTrue();
    }

    @Test
    void shouldRecordOnSamplerThreadAndQueueNothingWhenSampleOccurs() throws Exception {
        int port = freePort();
        PrometheusBackendListenerClient client = new PrometheusBackendListenerClient();
        BackendListenerContext ctx = context("port", Integer.toString(port), "engine", "e1");
        client.setupTest(ctx);
        try {
            assertThat(client.createSampleResult(ctx, SampleMetricsTest.sample("Login", 12, false, "503")))
                    .as("nothing for the Backend Listener's queue").isNull();
            assertThat(get(port)).contains("jmeter_samples_total{engine=\"e1\",label=\"Login\",success=\"false\"} 1.0")
                    .contains("jmeter_errors_total{engine=\"e1\",label=\"Login\",response_code=\"503\"} 1.0");
        } finally {
            client.teardownTest(ctx);
        }
    }

    @Test
    void shouldStayOffWhenNeitherPortNorPushgatewayIsSet() throws Exception {
        PrometheusBackendListenerClient client = new PrometheusBackendListenerClient();
        BackendListenerContext ctx = context("port", "", "pushgatewayUrl", "");
        client.setupTest(ctx);
        client.handleSampleResults(List.of(SampleMetricsTest.sample("Login", 12, true, "200")), ctx);
        assertThat(client.port()).isEqualTo(-1);
        assertThat(client.metrics()).isNull();
        client.teardownTest(ctx);
    }

    @Test
    void shouldRefuseToStartWhenPortIsOutOfRange() {
        PrometheusBackendListenerClient client = new PrometheusBackendListenerClient();
        assertThatThrownBy(() -> client.setupTest(context("port", "99999")))
                .hasMessageContaining("property 'port' = '99999'");
    }

    @Test
    void shouldRefuseToStartWhenPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PrometheusBackendListenerClient client = new PrometheusBackendListenerClient();
            String port = Integer.toString(taken.getLocalPort());
            assertThatThrownBy(() -> client.setupTest(context("port", port)))
                    .hasMessageContaining("property 'port' = '" + port + "'")
                    .hasMessageContaining("cannot serve /metrics on 127.0.0.1:" + port);
        }
    }

    @Test
    void shouldOfferValidDefaultsWhenGuiAsksForParameters() {
        Arguments a = new PrometheusBackendListenerClient().getDefaultParameters();
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < a.getArgumentCount(); i++) {
            Argument arg = a.getArgument(i);
            m.put(arg.getName(), arg.getValue());
        }
        assertThat(m).containsEntry("port", "${__P(PROMETHEUS_EXPORTER_PORT,9270)}")
                .containsEntry("pushgatewayUrl", "${__P(PUSHGATEWAY_URL,)}")
                .containsEntry("listenAddress", "127.0.0.1")
                .containsKeys("pushInterval", "job", "engine", "responseTimeBucketsMs", "jobTimeBucketsMs",
                        "labelRegex", "includeSubResults", "maxLabels", "lingerAfterTest");
        // every default (functions aside) is valid
        m.put("port", "9270");
        m.put("pushgatewayUrl", "");
        assertThat(ExporterSettings.read("P", m, () -> "e").port()).isEqualTo(9270);
    }
}
