package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The capacity knob: slots, FIFO waiting and the fixed service time, in virtual time and for real. */
class CapacityTest {

    private final VirtualSandboxClock clock = new VirtualSandboxClock();
    private final AtomicReference<Faults> faults = new AtomicReference<>(
            Faults.builder().maxConcurrentRequests(2).serviceTimeMs(100).build());
    private final CapacityGate gate = new CapacityGate(() -> faults.get().maxConcurrentRequests());
    private final ServiceModel service = new ServiceModel(gate, clock, faults::get, Runnable::run);

    /** Serves one request that records when it started and when it was answered. */
    private long[] request(String name, List<String> log) {
        long[] times = {-1, -1};
        long origin = clock.currentTimeMillis();
        service.serve(() -> {
            times[0] = clock.currentTimeMillis() - origin;
            log.add(name);
            return name;
        }, r -> times[1] = clock.currentTimeMillis() - origin);
        return times;
    }

    @Test
    void shouldAnswerThreeConcurrentRequestsAfter100And100And200MsWhenTwoSlotsOf100Ms() {
        List<String> order = new ArrayList<>();
        long[] a = request("a", order);
        long[] b = request("b", order);
        long[] c = request("c", order);
        assertThat(gate.inUse()).isEqualTo(2);
        assertThat(gate.waiting()).isEqualTo(1);
        clock.advance(99);
        assertThat(a[1]).isEqualTo(-1);
        clock.advance(1);
        assertThat(a).containsExactly(0, 100);
        assertThat(b).containsExactly(0, 100);
        assertThat(c[0]).isEqualTo(100); // got a slot when the first was released
        assertThat(c[1]).isEqualTo(-1);
        clock.advance(100);
        assertThat(c).containsExactly(100, 200);
        assertThat(order).containsExactly("a", "b", "c");
        assertThat(gate.inUse()).isZero();
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void shouldServeWaitersFirstComeFirstServed() {
        faults.set(faults.get().toBuilder().maxConcurrentRequests(1).build());
        List<String> order = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            times.add(request("r" + i, order));
        }
        clock.advance(500);
        assertThat(order).containsExactly("r0", "r1", "r2", "r3", "r4");
        for (int i = 0; i < 5; i++) {
            assertThat(times.get(i)).containsExactly(100L * i, 100L * (i + 1));
        }
    }

    @Test
    void shouldAnswerAtOnceWhenTheKnobIsOff() {
        faults.set(Faults.NONE);
        List<String> order = new ArrayList<>();
        long[] a = request("a", order);
        assertThat(a).containsExactly(0, 0);
        assertThat(gate.inUse()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void shouldLetWaitersInWhenTheLimitGrowsOrIsSwitchedOff() {
        List<String> order = new ArrayList<>();
        long[] a = request("a", order);
        request("b", order);
        long[] c = request("c", order);
        long[] d = request("d", order);
        assertThat(gate.waiting()).isEqualTo(2);
        faults.set(faults.get().toBuilder().maxConcurrentRequests(3).build());
        gate.limitChanged();
        assertThat(c[0]).isZero();
        assertThat(gate.waiting()).isEqualTo(1);
        faults.set(faults.get().toBuilder().maxConcurrentRequests(0).build());
        gate.limitChanged();
        assertThat(d).containsExactly(0, 0); // off: served at once, holds no slot
        clock.advance(100);
        assertThat(a[1]).isEqualTo(100);
        assertThat(c[1]).isEqualTo(100); // took its service time with the setting it started under
        assertThat(gate.inUse()).isZero();
    }

    @Test
    void shouldReadTheServiceTimeWhenTheServiceStarts() {
        List<String> order = new ArrayList<>();
        request("a", order);
        request("b", order);
        long[] c = request("c", order);
        faults.set(faults.get().toBuilder().serviceTimeMs(30).build());
        clock.advance(100);
        assertThat(c[0]).isEqualTo(100);
        clock.advance(30);
        assertThat(c[1]).isEqualTo(130);
    }

    /**
     * A real sandbox: with one slot of 300 ms, three requests sent together are answered one
     * after the other, so the last one waits for two service times (about 900 ms in all). Only
     * lower bounds are asserted: a loaded machine can only make it slower.
     */
    @Test
    void shouldQueueRealRequestsBeyondTheLimitWhenSetThroughTheAdminApi() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().build())) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__admin/faults"))
                    .header("X-Admin-Token", sandbox.adminToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"max_concurrent_requests\":1,\"service_time_ms\":300}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(set.statusCode()).isEqualTo(200);
            assertThat(Json.parse(set.body()).get("max_concurrent_requests").asInt()).isEqualTo(1);
            assertThat(sandbox.faults().serviceTimeMs()).isEqualTo(300);
            // /health holds no slot
            long h0 = System.nanoTime();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            long healthMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - h0);
            long t0 = System.nanoTime();
            List<CompletableFuture<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/api/v1/status"))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> {
                            assertThat(r.statusCode()).isEqualTo(200);
                            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                        }));
            }
            List<Long> done = new ArrayList<>();
            for (CompletableFuture<Long> f : answers) {
                done.add(f.get(60, TimeUnit.SECONDS));
            }
            done.sort(null);
            assertThat(done.get(0)).isGreaterThanOrEqualTo(290);
            assertThat(done.get(1)).isGreaterThanOrEqualTo(590);
            assertThat(done.get(2)).isGreaterThanOrEqualTo(890);
            assertThat(healthMs).isLessThan(60_000);
            assertThat(sandbox.counters().count("GET /api/v1/status", "200")).isEqualTo(3);
        }
    }
}
