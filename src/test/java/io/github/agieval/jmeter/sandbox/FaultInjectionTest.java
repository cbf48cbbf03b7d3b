package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.sandbox.SandboxClient.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Every fault knob, set at start and changed at run time through the admin API. */
class FaultInjectionTest {

    @Test
    void shouldDelayOnlyTheConfiguredEndpoint() {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder()
                .faults(f -> f.latency("GET /health", Latency.fixed(300))).build())) {
            SandboxClient c = new SandboxClient(s);
            c.get("/api/v1/status"); // warm up the connection
            long t0 = System.nanoTime();
            assertThat(c.get("/health").status()).isEqualTo(200);
            long healthMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(healthMs).isGreaterThanOrEqualTo(300);
            assertThat(s.faults().latencyFor(Route.STATUS)).isEqualTo(Latency.NONE);
        }
    }

    @Test
    void shouldNotBlockIoThreadsWhileDelaying() throws Exception {
        for (SandboxConfig.Server server : SandboxConfig.Server.values()) {
            try (Sandbox s = Sandbox.start(SandboxConfig.builder().server(server).ioThreads(1)
                    .latency(Latency.fixed(1000)).build())) {
                SandboxClient c = new SandboxClient(s);
                ExecutorService pool = Executors.newFixedThreadPool(20);
                try {
                    long t0 = System.nanoTime();
                    List<CompletableFuture<Answer>> answers = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        answers.add(CompletableFuture.supplyAsync(() -> c.get("/health"), pool));
                    }
                    for (CompletableFuture<Answer> a : answers) {
                        assertThat(a.get().status()).isEqualTo(200);
                    }
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    // 20 delayed answers on one request thread: concurrent (~1 s), not serial (20 s)
                    assertThat(ms).as(server + " took " + ms + " ms").isBetween(1000L, 6000L);
                } finally {
                    pool.shutdownNow();
                }
                assertThat(s.counters().count("GET /health", "200")).isEqualTo(20);
            }
        }
    }

    @Test
    void shouldAnswerInjected5xxWithoutSideEffects() {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder()
                .faults(f -> f.errorRate("POST /api/v1/evaluate", 1.0).errorStatus(503)).build())) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            Answer a = c.post("/api/v1/evaluate", SandboxClient.evalBody("gpt-4", "mmlu", 1, 100), t);
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.json().path("error").asText()).isEqualTo("injected_fault");
            assertThat(c.get("/__admin/jobs").json().path("submitted").asInt()).isZero();
            assertThat(c.get("/api/v1/models", t).status()).isEqualTo(200);
        }
    }

    @Test
    void shouldInjectErrorsAtTheConfiguredFractionAndCountEveryAnswer() {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().errorRate(0.3).build())) {
            SandboxClient c = new SandboxClient(s);
            int ok = 0;
            int failed = 0;
            for (int i = 0; i < 500; i++) {
                int st = c.get("/health").status();
                if (st == 200) {
                    ok++;
                } else if (st == 500) {
                    failed++;
                }
            }
            assertThat(ok + failed).isEqualTo(500);
            // binomial(500, 0.3): mean 150, sd ~10
            assertThat(failed).isBetween(100, 200);
            assertThat(s.counters().count("GET /health", "200")).isEqualTo(ok);
            assertThat(s.counters().count("GET /health", "500")).isEqualTo(failed);
        }
    }

    /** Sends one raw HTTP/1.1 request and returns every byte the server sent before closing. */
    static byte[] rawExchange(Sandbox s, String request) throws IOException {
        return rawExchange(s, request, false);
    }

    /** As {@link #rawExchange(Sandbox, String)}; {@code halfClose} ends the client's sending side after the request. */
    static byte[] rawExchange(Sandbox s, String request, boolean halfClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", s.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            int n;
            try {
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
            } catch (SocketException e) {
                // reset by the server: also a closed connection
            }
            return got.toByteArray();
        }
    }

    @Test
    void shouldDropConnectionsWithoutAnswerAndKeepServing() throws IOException {
        for (SandboxConfig.Server server : SandboxConfig.Server.values()) {
            try (Sandbox s = Sandbox.start(SandboxConfig.builder().server(server).build())) {
                SandboxClient c = new SandboxClient(s);
                c.send("PATCH", "/__admin/faults", "{\"drop_rate_by_endpoint\":{\"GET /api/v1/status\":1.0}}", null);
                String req = "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
                assertThat(rawExchange(s, req)).as(server.name()).isEmpty();
                assertThat(rawExchange(s, req)).isEmpty();
                // java.net.http retries an idempotent GET once on a dropped connection: 2 more drops
                assertThatThrownBy(() -> c.get("/api/v1/status")).isInstanceOf(UncheckedIOException.class);
                assertThat(c.get("/health").status()).isEqualTo(200);
                assertThat(s.counters().count("GET /api/v1/status", RequestCounters.DROPPED)).isEqualTo(4);
                assertThat(s.counters().count("GET /api/v1/status")).isEqualTo(4);
                String ok = new String(rawExchange(s, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                        StandardCharsets.ISO_8859_1);
                assertThat(ok).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void shouldReportDegradedHealthWhenUnhealthy() {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().unhealthy(true).build())) {
            SandboxClient c = new SandboxClient(s);
            Answer a = c.get("/health");
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.json().path("status").asText()).isEqualTo("degraded");
            assertThat(c.get("/api/v1/status").json().path("status").asText()).isEqualTo("degraded");
            c.send("PATCH", "/__admin/faults", "{\"unhealthy\":false}", null);
            assertThat(c.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void shouldExpireTokensAfterTheirLifetime() throws Exception {
        VirtualSandboxClock clock = new VirtualSandboxClock();
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().tokenLifetime(Duration.ofSeconds(1)).build(), clock)) {
            SandboxClient c = new SandboxClient(s);
            // half-way between two housekeeping runs, so the token expires before the sweep forgets it
            clock.advance(Sandbox.HOUSEKEEPING_MS / 2);
            Answer login = c.post("/auth/login", "{\"username\":\"alice\",\"password\":\"test-password\"}");
            assertThat(login.json().path("expires_in").asInt()).isEqualTo(1);
            String t = login.json().path("access_token").asText();
            assertThat(c.get("/api/v1/profile", t).status()).isEqualTo(200);
            clock.advance(999);
            assertThat(c.get("/api/v1/profile", t).status()).isEqualTo(200);
            clock.advance(1);
            Answer expired = c.get("/api/v1/profile", t);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.json().path("message").asText()).isEqualTo("token expired; log in again");
            // a longer lifetime at run time applies to new logins
            c.send("PATCH", "/__admin/faults", "{\"token_lifetime_s\":120}", null);
            assertThat(c.post("/auth/login", "{\"username\":\"alice\",\"password\":\"test-password\"}")
                    .json().path("expires_in").asInt()).isEqualTo(120);
        }
    }

    @Test
    void shouldApplyLatencyDistributionAtRunTime() {
        try (Sandbox s = Sandbox.start(SandboxConfig.defaults())) {
            SandboxClient c = new SandboxClient(s);
            Answer set = c.send("PATCH", "/__admin/faults", "{\"latency\":\"uniform:100,150\"}", null);
            assertThat(set.status()).isEqualTo(200);
            assertThat(set.json().path("latency").asText()).isEqualTo("uniform:100,150");
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                c.get("/health");
                assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(100);
            }
            JsonNode cleared = c.send("PUT", "/__admin/faults", "{}", null).json();
            assertThat(cleared.path("latency").asText()).isEqualTo("none");
        }
    }
}
