package io.github.agieval.jmeter.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sampler against a small real HTTP server speaking Prometheus' query API. */
class ResourceSamplerTest {

    private HttpServer server;
    /** query -> value ("" = empty vector); a missing query is a PromQL error. */
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private final CountDownLatch threeRounds = new CountDownLatch(3);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/query", ex -> {
            String q = URLDecoder.decode(ex.getRequestURI().getRawQuery().substring("query=".length()),
                    StandardCharsets.UTF_8);
            asked.computeIfAbsent(q, k -> new AtomicInteger()).incrementAndGet();
            if (q.equals("active")) {
                threeRounds.countDown();
            }
            String v = answers.get(q);
            int status = v == null ? 400 : 200;
            String body = v == null ? "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"unknown\"}"
                    : "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                            + (v.isEmpty() ? "" : "{\"metric\":{},\"value\":[1,\"" + v + "\"]}") + "]}}";
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private PromQlClient client() {
        return new PromQlClient("http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }

    private static final class StepClock extends Clock {
        long ms;

        @Override
        public long millis() {
            return ms;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(ms);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void shouldDivideByPoolAndRunSharedQueryOnceWhenSampling() throws Exception {
        answers.put("active", "16");
        answers.put("max", "20");
        ResourceTrack db = new ResourceTrack("database_connections", new ResourceQuery("active", "max"), 0, 0, true, 50);
        ResourceTrack same = new ResourceTrack("other", ResourceQuery.of("active"), 0, 0, true, 50);
        StepClock clock = new StepClock();
        ResourceSampler s = new ResourceSampler(client(), List.of(db, same), clock, "t");
        s.startManual();
        clock.ms = 2000;
        s.sampleOnce();
        assertThat(db.judged().value()).isCloseTo(0.8, within(1e-9));
        assertThat(same.judged().value()).isEqualTo(16.0);
        assertThat(db.points()).containsExactly(new ResourceTrack.Point(2000, 0.8));
        assertThat(asked.get("active")).hasValue(1);
    }

    @Test
    void shouldCountFailureAndGoOnWhenQueryFailsDuringRun() throws Exception {
        answers.put("active", "");
        answers.put("max", "0");
        ResourceTrack db = new ResourceTrack("database_connections", new ResourceQuery("active", "max"), 0, 0, true, 50);
        ResourceSampler s = new ResourceSampler(client(), List.of(db), new StepClock(), "t");
        s.startManual();
        s.sampleOnce();
        answers.put("active", "3");
        s.sampleOnce();
        assertThat(db.failures()).isEqualTo(2);
        assertThat(db.judged().detail()).contains("pool query 'max' gave 0.0; a pool size must be positive");
        answers.put("max", "4");
        s.sampleOnce();
        assertThat(db.judged().value()).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void shouldFailAtOnceNamingKpiWhenQueryIsRejectedBeforeStart() {
        ResourceTrack t = new ResourceTrack("cpu_utilization", ResourceQuery.of("bad("), 0, 0, true, 50);
        ResourceSampler s = new ResourceSampler(client(), List.of(t), new StepClock(), "t");
        assertThatThrownBy(() -> s.checkBeforeStart(Duration.ofMinutes(5), Duration.ofMillis(10)))
                .isInstanceOf(PromQlException.class)
                .hasMessageStartingWith("KPI cpu_utilization: Prometheus at http://127.0.0.1:")
                .hasMessageContaining("rejected query 'bad('");
        assertThat(asked.get("bad(")).hasValue(1);
    }

    @Test
    void shouldRetryUntilDataWhenQueryIsEmptyBeforeStart() throws Exception {
        answers.put("active", "");
        answers.put("max", "20");
        ResourceTrack t = new ResourceTrack("database_connections", new ResourceQuery("active", "max"), 0, 0, true, 50);
        ResourceSampler s = new ResourceSampler(client(), List.of(t), new StepClock(), "t");
        Thread later = new Thread(() -> {
            while (asked.getOrDefault("active", new AtomicInteger()).get() < 3) {
                Thread.onSpinWait();
            }
            answers.put("active", "1");
        });
        later.start();
        s.checkBeforeStart(Duration.ofMinutes(5), Duration.ofMillis(10));
        later.join();
        assertThat(asked.get("active").get()).isGreaterThanOrEqualTo(4);
        assertThat(asked.get("max")).hasValue(1);
    }

    @Test
    void shouldFailNamingWaitWhenQueryStaysEmptyBeforeStart() {
        answers.put("empty", "");
        ResourceTrack t = new ResourceTrack("memory_utilization", ResourceQuery.of("empty"), 0, 0, true, 50);
        ResourceSampler s = new ResourceSampler(client(), List.of(t), new StepClock(), "t");
        assertThatThrownBy(() -> s.checkBeforeStart(Duration.ZERO, Duration.ofMillis(10)))
                .hasMessageContaining("KPI memory_utilization: query 'empty' returned no data");
    }

    @Test
    void shouldSampleOnItsOwnDaemonThreadUntilClosed() throws Exception {
        answers.put("active", "5");
        ResourceTrack t = new ResourceTrack("x", ResourceQuery.of("active"), 0, 0, true, 50);
        ResourceSampler s = new ResourceSampler(client(), List.of(t), Clock.systemUTC(), "resource-sampler-test");
        s.start(Duration.ofMillis(20));
        assertThat(threeRounds.await(60, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (t.points().size() < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // awaiting the third round's value
        }
        s.close();
        assertThat(t.points()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(th -> th.getName().equals("resource-sampler-test"))
                .allSatisfy(th -> assertThat(th.isDaemon()).isTrue());
        s.close();
    }
}
