package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The modelled database pool, in virtual time, and through a real sandbox. */
class DbPoolTest {

    private final VirtualSandboxClock clock = new VirtualSandboxClock();
    private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.builder()
            .maxConcurrentRequests(4).serviceTimeMs(100).dbPoolSize(2).dbPoolTimeoutMs(1000).build());
    private final CapacityGate gate = new CapacityGate(() -> faults.get().maxConcurrentRequests());
    private final DbPool pool = new DbPool(faults::get, clock);
    private final ServiceModel service = new ServiceModel(gate, pool, clock, faults::get, Runnable::run);

    /** One request: [service start, answer time] relative to now, and its answer. */
    private record Served(long[] times, List<String> answer) {
    }

    private Served request(String name) {
        long[] times = {-1, -1};
        List<String> answer = new ArrayList<>();
        long origin = clock.currentTimeMillis();
        service.serve(() -> {
            times[0] = clock.currentTimeMillis() - origin;
            return name;
        }, message -> "refused: " + message, r -> {
            times[1] = clock.currentTimeMillis() - origin;
            answer.add(r);
        });
        return new Served(times, answer);
    }

    private void set(java.util.function.UnaryOperator<Faults.Builder> change) {
        faults.set(change.apply(faults.get().toBuilder()).build());
        gate.limitChanged();
        pool.settingsChanged();
    }

    @Test
    void shouldHoldAConnectionForTheServiceTimeAndQueueBeyondThePool() {
        Served a = request("a");
        Served b = request("b");
        Served c = request("c");
        assertThat(pool.active()).isEqualTo(2);
        assertThat(pool.idle()).isZero();
        assertThat(pool.pending()).isEqualTo(1);
        assertThat(gate.inUse()).isEqualTo(3); // c waits for its connection holding its slot
        clock.advance(100);
        assertThat(a.times()).containsExactly(0, 100);
        assertThat(b.times()).containsExactly(0, 100);
        assertThat(c.times()[0]).isEqualTo(100);
        clock.advance(100);
        assertThat(c.times()).containsExactly(100, 200);
        assertThat(c.answer()).containsExactly("c");
        assertThat(pool.active()).isZero();
        assertThat(pool.idle()).isEqualTo(2);
        assertThat(pool.timeouts()).isZero();
    }

    @Test
    void shouldRefuseAfterThePoolTimeoutWhenNoConnectionComes() {
        set(f -> f.serviceTimeMs(5000).dbPoolTimeoutMs(300));
        request("a");
        request("b");
        Served c = request("c");
        clock.advance(299);
        assertThat(c.answer()).isEmpty();
        clock.advance(1);
        assertThat(c.times()[0]).isEqualTo(-1); // never served
        assertThat(c.times()[1]).isEqualTo(300);
        assertThat(c.answer()).singleElement().asString()
                .startsWith("refused: database connection pool exhausted: no connection within 300 ms (2 of 2 in use)");
        assertThat(pool.timeouts()).isEqualTo(1);
        assertThat(pool.pending()).isZero();
        assertThat(gate.inUse()).isEqualTo(2); // the refused request gave its slot back
    }

    @Test
    void shouldRefuseAtOnceWhenThePoolTimeoutIsZero() {
        set(f -> f.dbPoolTimeoutMs(0));
        request("a");
        request("b");
        Served c = request("c");
        assertThat(c.times()).containsExactly(-1, 0);
        assertThat(c.answer()).singleElement().asString().startsWith("refused: ");
    }

    @Test
    void shouldLookExhaustedAndMakeRequestsWaitThenFailWhenTheFaultIsOn() {
        set(f -> f.dbPoolExhausted(true).dbPoolSize(20).dbPoolTimeoutMs(500));
        assertThat(pool.active()).isEqualTo(20);
        assertThat(pool.idle()).isZero();
        assertThat(pool.tryAcquire()).isNull();
        Served a = request("a");
        clock.advance(500);
        assertThat(a.answer()).singleElement().asString().contains("20 of 20 in use, injected fault");
        // switched off while a request waits: it gets its connection at once
        Served b = request("b");
        clock.advance(200);
        set(f -> f.dbPoolExhausted(false));
        assertThat(b.times()[0]).isEqualTo(200);
        clock.advance(100);
        assertThat(b.answer()).containsExactly("b");
        assertThat(pool.active()).isZero();
        assertThat(pool.idle()).isEqualTo(20);
    }

    @Test
    void shouldHoldTheConnectionOnlyWhileProcessingWhenTheCapacityKnobIsOff() {
        set(f -> f.maxConcurrentRequests(0).dbPoolSize(1));
        Served a = request("a");
        Served b = request("b");
        assertThat(a.times()).containsExactly(0, 0);
        assertThat(b.times()).containsExactly(0, 0);
        assertThat(pool.active()).isZero();
        assertThat(clock.pending()).isZero();
    }

    /** Through HTTP: the fault answers 503 after the pool timeout, the gauges show the pool full. */
    @Test
    void shouldAnswer503AndReportAFullPoolWhenTheExhaustionFaultIsSwitchedOn() {
        try (Sandbox sandbox = Sandbox.start()) {
            SandboxClient client = new SandboxClient(sandbox);
            String metrics = client.get("/metrics").body();
            assertThat(PrometheusText.value(metrics, "sandbox_db_connections_max")).isEqualTo(20);
            assertThat(PrometheusText.value(metrics, "sandbox_db_connections_active")).isZero();
            assertThat(PrometheusText.value(metrics, "sandbox_db_connections_idle")).isEqualTo(20);
            assertThat(client.get("/api/v1/status").status()).isEqualTo(200);

            assertThat(client.post("/__admin/faults", "{\"db_pool_exhausted\":true,\"db_pool_timeout_ms\":100}")
                    .status()).isEqualTo(200);
            SandboxClient.Answer refused = client.get("/api/v1/status");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("error").asText()).isEqualTo("db_pool_exhausted");
            assertThat(refused.json().path("message").asText())
                    .startsWith("database connection pool exhausted: no connection within 100 ms (20 of 20 in use");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(client.get("/health").status()).isEqualTo(200); // holds no connection
            metrics = client.get("/metrics").body();
            assertThat(PrometheusText.value(metrics, "sandbox_db_connections_active")).isEqualTo(20);
            assertThat(PrometheusText.value(metrics, "sandbox_db_connections_idle")).isZero();
            assertThat(PrometheusText.value(metrics, "sandbox_db_connection_timeouts_total")).isEqualTo(1);
            assertThat(sandbox.counters().count("GET /api/v1/status", "503")).isEqualTo(1);

            client.post("/__admin/faults", "{\"db_pool_exhausted\":false}");
            assertThat(client.get("/api/v1/status").status()).isEqualTo(200);
            assertThat(PrometheusText.value(client.get("/metrics").body(), "sandbox_db_connections_active")).isZero();
        }
    }
}
