package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Start, bind and graceful stop, on both server libraries. */
class SandboxLifecycleTest {

    @ParameterizedTest
    @EnumSource(SandboxConfig.Server.class)
    void shouldFinishDelayedAnswersInFlightWhenClosed(SandboxConfig.Server server) throws Exception {
        Sandbox s = Sandbox.start(SandboxConfig.builder().server(server).latency(Latency.fixed(600)).build());
        SandboxClient c = new SandboxClient(s);
        CompletableFuture<SandboxClient.Answer> inFlight = CompletableFuture.supplyAsync(() -> c.get("/health"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // until the request has reached the server and waits for its delayed answer
        }
        assertThat(s.inFlight()).as("request in flight before close").isEqualTo(1);
        long t0 = System.nanoTime();
        s.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(s.inFlight()).as("close waited for the delayed answer").isZero();
        SandboxClient.Answer a = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(a.status()).as(server.name()).isEqualTo(200);
        assertThat(closeMs).as("close is bounded").isLessThan(3000L);
        assertThat(s.counters().count("GET /health", "200")).isEqualTo(1);
        // closed: nothing listens any more
        assertThatThrownBy(() -> c.get("/health")).isInstanceOf(UncheckedIOException.class);
        s.close(); // idempotent
    }

    @ParameterizedTest
    @EnumSource(SandboxConfig.Server.class)
    void shouldBindLoopbackByDefaultAndFailClearlyOnBusyPort(SandboxConfig.Server server) throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = busy.getLocalPort();
            assertThatThrownBy(() -> Sandbox.start(SandboxConfig.builder().server(server).port(port).build()))
                    .hasMessageContaining("cannot start the sandbox on 127.0.0.1:" + port);
        }
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().server(server).build())) {
            assertThat(s.baseUrl()).startsWith("http://127.0.0.1:");
            assertThat(s.server()).isEqualTo(server);
        }
    }
}
