package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.sandbox.SandboxClient.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API and the request counters (JSON and Prometheus), over real HTTP. */
class AdminAndCountersTest {

    private static Sandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().timeFactor(0.001).build());
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        assertThat(client.post("/__admin/reset", null).status()).isEqualTo(200);
    }

    @Test
    void shouldCountEveryRequestExactlyOnceUnderConcurrency() throws Exception {
        String token = client.login("alice");
        String job = client.submit(token, 1, 1);
        client.send("DELETE", "/__admin/counters", null, null);
        String[] paths = {"/health", "/api/v1/status", "/api/v1/models", "/api/v1/jobs/" + job, "/nope",
            "/api/v1/jobs/job_missing", "/api/v1/profile"};
        Map<String, AtomicLong> seen = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int th = 0; th < 8; th++) {
            int offset = th;
            futures.add(pool.submit(() -> {
                SandboxClient c = new SandboxClient(sandbox);
                for (int i = 0; i < 150; i++) {
                    String p = paths[(i + offset) % paths.length];
                    boolean withToken = !p.equals("/api/v1/profile") || i % 2 == 0;
                    Answer a = c.get(p, withToken ? token : null);
                    String key = (p.equals("/nope") ? Route.UNMATCHED : Route.match("GET", p.replace("?", "")).counterKey())
                            + " " + a.status();
                    seen.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        Map<String, Long> expected = new HashMap<>();
        seen.forEach((k, v) -> expected.put(k, v.get()));
        Map<String, Long> served = new HashMap<>();
        sandbox.counters().snapshot().forEach((ep, st) -> st.forEach((code, n) -> served.put(ep + " " + code, n)));
        assertThat(served).isEqualTo(expected);
        assertThat(sandbox.counters().total()).isEqualTo(1200);

        // the same numbers over HTTP, as JSON and as Prometheus text
        JsonNode json = client.get("/__admin/counters").json();
        assertThat(json.path("total").asLong()).isEqualTo(1200);
        assertThat(json.path("endpoints").path("GET /api/v1/jobs/{id}").path("statuses").path("200").asLong())
                .isEqualTo(expected.get("GET /api/v1/jobs/{id} 200"));
        Map<String, Long> prom = new HashMap<>();
        Matcher m = Pattern.compile("sandbox_requests_total\\{endpoint=\"([^\"]+)\",status=\"([^\"]+)\"} (\\d+)(?:\\.0)?\n")
                .matcher(client.get("/metrics").body());
        while (m.find()) {
            prom.put(m.group(1) + " " + m.group(2), Long.parseLong(m.group(3)));
        }
        assertThat(prom).isEqualTo(expected);
        // admin and /metrics requests are not counted
        assertThat(sandbox.counters().total()).isEqualTo(1200);
    }

    @Test
    void shouldServePrometheusText() {
        client.get("/health");
        Answer m = client.get("/metrics");
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        // the Prometheus client writes every value as a double ("1.0"): compared as numbers
        assertThat(m.body()).contains("# TYPE sandbox_requests_total counter\n")
                .contains("# TYPE sandbox_jobs_submitted_total counter\n");
        assertThat(PrometheusText.value(m.body(), "sandbox_requests_total{endpoint=\"GET /health\",status=\"200\"}"))
                .isEqualTo(1);
        assertThat(PrometheusText.value(m.body(), "sandbox_jobs_queued")).isEqualTo(0);
        assertThat(PrometheusText.value(m.body(), "sandbox_workers")).isEqualTo(64);
    }

    @Test
    void shouldReadAndChangeFaultsAtRunTime() {
        JsonNode initial = client.get("/__admin/faults").json();
        assertThat(initial.path("latency").asText()).isEqualTo("none");
        assertThat(initial.path("queue_capacity").asInt()).isEqualTo(10_000);
        Answer patched = client.send("PATCH", "/__admin/faults",
                "{\"error_rate_by_endpoint\":{\"GET /api/v1/models\":0.2},\"job_failure_rate\":0.3}", null);
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().path("job_failure_rate").asDouble()).isEqualTo(0.3);
        assertThat(sandbox.faults().errorRateFor(Route.MODELS)).isEqualTo(0.2);
        // POST merges like PATCH
        client.post("/__admin/faults", "{\"unhealthy\":true}");
        assertThat(sandbox.faults().unhealthy()).isTrue();
        assertThat(sandbox.faults().jobFailureRate()).isEqualTo(0.3);
        // PUT starts from the defaults
        client.send("PUT", "/__admin/faults", "{\"drop_rate\":0.0}", null);
        assertThat(sandbox.faults()).isEqualTo(Faults.NONE);

        Answer bad = client.send("PATCH", "/__admin/faults", "{\"error_rate\":2}", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").asText()).isEqualTo("invalid_request");
        assertThat(bad.json().path("message").asText()).contains("'error_rate' must be a fraction between 0 and 1, got 2.0");
        assertThat(client.send("PATCH", "/__admin/faults", "not json", null).json().path("message").asText())
                .contains("not valid JSON");
        assertThat(sandbox.faults()).isEqualTo(Faults.NONE);
        Answer notAllowed = client.send("DELETE", "/__admin/faults", null, null);
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.header("Allow")).isEqualTo("GET, PATCH, POST, PUT");
        assertThat(client.get("/__admin/whatever").status()).isEqualTo(404);
    }

    @Test
    void shouldListJobsWithOwnerStatusAndTimes() throws Exception {
        String alice = client.login("alice");
        String bob = client.login("bob");
        String a1 = client.submit(alice, 1, 1);
        String b1 = client.submit(bob, 1, 1);
        client.awaitFinished(alice, a1, Duration.ofSeconds(10));
        client.awaitFinished(bob, b1, Duration.ofSeconds(10));
        client.get("/api/v1/jobs/" + a1 + "/results", alice);

        JsonNode all = client.get("/__admin/jobs").json();
        assertThat(all.path("count").asInt()).isEqualTo(2);
        JsonNode onlyBob = client.get("/__admin/jobs?owner=bob").json();
        assertThat(onlyBob.path("count").asInt()).isEqualTo(1);
        JsonNode rec = onlyBob.path("jobs").get(0);
        assertThat(rec.path("job_id").asText()).isEqualTo(b1);
        assertThat(rec.path("owner").asText()).isEqualTo("bob");
        assertThat(rec.path("status").asText()).isEqualTo("completed");
        assertThat(rec.path("created_at_ms").asLong()).isPositive();
        assertThat(rec.path("started_at_ms").asLong()).isGreaterThanOrEqualTo(rec.path("created_at_ms").asLong());
        assertThat(rec.path("finished_at_ms").asLong()).isGreaterThanOrEqualTo(rec.path("started_at_ms").asLong());
        assertThat(rec.path("polls").asInt()).isPositive();
        assertThat(client.get("/__admin/jobs?status=queued").json().path("count").asInt()).isZero();
        assertThat(client.get("/__admin/jobs/" + a1).json().path("result_fetches").asInt()).isEqualTo(1);
        assertThat(client.get("/__admin/jobs/job_nope").status()).isEqualTo(404);
    }

    @Test
    void shouldResetJobsTokensCountersAndFaults() {
        String token = client.login("alice");
        client.submit(token, 1, 1);
        client.send("PATCH", "/__admin/faults", "{\"error_rate\":0.5}", null);
        assertThat(client.post("/__admin/reset", null).json().path("status").asText()).isEqualTo("reset");
        assertThat(sandbox.counters().total()).isZero();
        assertThat(client.get("/__admin/jobs").json().path("count").asInt()).isZero();
        assertThat(sandbox.faults()).isEqualTo(Faults.NONE);
        assertThat(client.get("/api/v1/profile", token).status()).isEqualTo(401);
        JsonNode cfg = client.get("/__admin/config").json();
        assertThat(cfg.path("workers").asInt()).isEqualTo(64);
        assertThat(cfg.path("time_factor").asDouble()).isEqualTo(0.001);
        assertThat(cfg.path("server").asText()).isEqualTo("undertow");
    }
}
