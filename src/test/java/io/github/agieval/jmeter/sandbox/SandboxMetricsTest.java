package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on the Prometheus client: own figures, JVM and process metrics, one registry per sandbox. */
class SandboxMetricsTest {

    @Test
    void shouldServeJvmAndProcessMetricsWhenScraped() {
        try (Sandbox sandbox = Sandbox.start()) {
            new SandboxClient(sandbox).get("/health");
            String body = new SandboxClient(sandbox).get("/metrics").body();
            assertThat(body).contains("# TYPE process_cpu_seconds_total counter\n")
                    .contains("# TYPE jvm_memory_used_bytes gauge\n")
                    .contains("jvm_memory_used_bytes{area=\"heap\"} ")
                    .contains("# TYPE jvm_threads_current gauge\n");
            assertThat(PrometheusText.value(body, "process_cpu_seconds_total")).isPositive();
            assertThat(PrometheusText.value(body, "jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
            for (String own : SandboxMetrics.OWN) {
                assertThat(body).as(own).contains("\n" + own);
            }
        }
    }

    @Test
    void shouldKeepEachSandboxsFiguresApartWhenTwoRunInOneJvm() {
        try (Sandbox a = Sandbox.start(); Sandbox b = Sandbox.start(SandboxConfig.builder().workers(7).build())) {
            SandboxClient ca = new SandboxClient(a);
            for (int i = 0; i < 3; i++) {
                ca.get("/health");
            }
            new SandboxClient(b).get("/health");
            String ma = ca.get("/metrics").body();
            String mb = new SandboxClient(b).get("/metrics").body();
            String health = "sandbox_requests_total{endpoint=\"GET /health\",status=\"200\"}";
            assertThat(PrometheusText.value(ma, health)).isEqualTo(3);
            assertThat(PrometheusText.value(mb, health)).isEqualTo(1);
            assertThat(PrometheusText.value(ma, "sandbox_workers")).isEqualTo(64);
            assertThat(PrometheusText.value(mb, "sandbox_workers")).isEqualTo(7);
            // both carry the JVM metrics (of the one JVM they share)
            assertThat(mb).contains("process_cpu_seconds_total ");
        }
    }

    @Test
    void shouldShowTheCapacityKnobWhenItIsSet() {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder()
                .faults(f -> f.maxConcurrentRequests(3).serviceTimeMs(40)).build())) {
            String body = new SandboxClient(sandbox).get("/metrics").body();
            assertThat(PrometheusText.value(body, "sandbox_max_concurrent_requests")).isEqualTo(3);
            assertThat(PrometheusText.value(body, "sandbox_service_time_seconds")).isEqualTo(0.04);
            assertThat(PrometheusText.value(body, "sandbox_requests_in_service")).isZero();
            assertThat(PrometheusText.value(body, "sandbox_requests_waiting")).isZero();
        }
    }
}
