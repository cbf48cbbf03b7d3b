package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a local client can do to the sandbox (Undertow, the default server; the time-outs on both
 * servers), over real sockets on
 * 127.0.0.1 with bounded counts and time: bodies declared and never sent, headers never finished,
 * bodies that stall, more body bytes than the budget, an internal error; and that its threads
 * never keep a JVM alive.
 */
class SandboxAbuseTest {

    private static final String EVAL_HEADERS = "POST /api/v1/evaluate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n";

    private static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + max + ": " + what);
            }
            Thread.sleep(10); // polling an outside condition (a server on real sockets), not a fixed wait
        }
    }

    private static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static List<Socket> open(int port, int count, String firstBytes) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket s = RawHttp.open(port);
            s.getOutputStream().write(firstBytes.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            sockets.add(s);
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Test
    void shouldKeepHeapBoundedAndServeHealthWhen300ConnectionsDeclareOneMebibyteAndSendNothing() throws Exception {
        // a read time-out longer than the test, so every connection stays pending while it is measured
        Sandbox sandbox = Sandbox.start(SandboxConfig.builder().readTimeout(Duration.ofMinutes(2)).build());
        List<Socket> sockets = new ArrayList<>();
        try {
            long before = heapUsedAfterGc();
            sockets = open(sandbox.port(), 300, String.format(EVAL_HEADERS, 1_048_576));
            // every connection is waiting for its body: each holds only its first small buffer
            await("300 bodies pending", Duration.ofSeconds(20), () -> sandbox.bodyMemoryInUse() >= 300L * 8192);
            assertThat(sandbox.bodyMemoryInUse()).isLessThanOrEqualTo(300L * 8192);
            long grown = heapUsedAfterGc() - before;
            assertThat(grown).as("heap growth with 300 pending 1 MiB bodies").isLessThan(64L * 1024 * 1024);
            SandboxClient c = new SandboxClient(sandbox);
            for (int i = 0; i < 20; i++) {
                assertThat(c.get("/health").status()).isEqualTo(200);
            }
            long t0 = System.nanoTime();
            sandbox.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("stop with 300 stalled clients")
                    .isLessThan(6000L);
            assertThat(RawHttp.closedByServer(sockets.get(0), 5000)).as("connections closed at stop").isTrue();
        } finally {
            sandbox.close();
            closeAll(sockets);
        }
    }

    @ParameterizedTest
    @EnumSource(SandboxConfig.Server.class)
    void shouldCloseConnectionsThatNeverFinishTheirHeadersAfterTheHeaderTimeout(SandboxConfig.Server server)
            throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().server(server).headerTimeout(Duration.ofMillis(300))
                .idleTimeout(Duration.ofMillis(300)).build())) {
            List<Socket> partial = open(sandbox.port(), 50, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n");
            // the JDK server keeps a connection that never sent a byte until its own JVM-wide idle
            // interval (it holds no thread meanwhile); Undertow closes it after the idle time-out
            List<Socket> silent = open(sandbox.port(), server == SandboxConfig.Server.UNDERTOW ? 5 : 0, "");
            try {
                long t0 = System.nanoTime();
                for (Socket s : partial) {
                    assertThat(RawHttp.closedByServer(s, 10_000)).as("half-sent headers closed").isTrue();
                }
                for (Socket s : silent) {
                    assertThat(RawHttp.closedByServer(s, 10_000)).as("silent connection closed").isTrue();
                }
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000L);
                assertThat(new SandboxClient(sandbox).get("/health").status()).isEqualTo(200);
                // an answer held back longer than the header and idle time-outs is never cut
                sandbox.faults(Faults.builder().latency(Latency.fixed(700)).build());
                assertThat(new SandboxClient(sandbox).get("/health").status()).isEqualTo(200);
            } finally {
                closeAll(partial);
                closeAll(silent);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SandboxConfig.Server.class)
    void shouldCloseAConnectionWhoseBodyStallsAndReleaseItsMemory(SandboxConfig.Server server) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().server(server).readTimeout(Duration.ofMillis(300))
                .latency(Latency.fixed(700)).build())) {
            List<Socket> stalled = open(sandbox.port(), 10, String.format(EVAL_HEADERS, 1000) + "{\"model\":");
            try {
                await("bodies pending", Duration.ofSeconds(10), () -> sandbox.bodyMemoryInUse() > 0);
                for (Socket s : stalled) {
                    assertThat(RawHttp.closedByServer(s, 10_000)).as("stalled body closed").isTrue();
                }
                await("body memory released", Duration.ofSeconds(10), () -> sandbox.bodyMemoryInUse() == 0);
                // the read time-out never cuts an answer held back by latency longer than it
                SandboxClient c = new SandboxClient(sandbox);
                String token = c.login("patient");
                assertThat(c.post("/api/v1/evaluate", SandboxClient.evalBody("gpt-4", "mmlu", 1, 10), token).status())
                        .isEqualTo(202);
            } finally {
                closeAll(stalled);
            }
        }
    }

    @Test
    void shouldAnswer503WhenBodiesInProgressPassTheMemoryBudget() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().maxBodyBytes(16_384).maxBodyMemoryBytes(40_000)
                .build())) {
            List<Socket> sockets = open(sandbox.port(), 8, String.format(EVAL_HEADERS, 16_384) + "x".repeat(8000));
            try {
                int refused = 0;
                for (Socket s : sockets) {
                    s.setSoTimeout(1500);
                    byte[] head = new byte[12];
                    int n = 0;
                    try {
                        for (int r; n < 12 && (r = s.getInputStream().read(head, n, 12 - n)) > 0; ) {
                            n += r;
                        }
                    } catch (java.net.SocketTimeoutException e) {
                        // still waiting for the rest of its body: admitted
                    }
                    if (new String(head, 0, n, StandardCharsets.US_ASCII).equals("HTTP/1.1 503")) {
                        refused++;
                    }
                }
                assertThat(refused).as("connections beyond the 40,000-byte budget").isBetween(1, 8);
                assertThat(sandbox.bodyMemoryInUse()).isLessThanOrEqualTo(40_000L);
            } finally {
                closeAll(sockets);
            }
            await("body memory released", Duration.ofSeconds(10), () -> sandbox.bodyMemoryInUse() == 0);
            SandboxClient c = new SandboxClient(sandbox);
            String token = c.login("after");
            assertThat(c.post("/api/v1/evaluate", SandboxClient.evalBody("gpt-4", "mmlu", 2, 10), token).status())
                    .isEqualTo(202);
        }
    }

    @Test
    void shouldAnswerAGeneric500AndNeverTheErrorTextWhenHandlingFails() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        try {
            SandboxState state = new SandboxState(SandboxConfig.defaults(), SandboxClock.system(timer));
            Dispatcher d = new Dispatcher(state, "test", Runnable::run);
            Reply[] answer = new Reply[1];
            d.dispatch(new HttpExchangeAdapter() {
                @Override
                public String method() {
                    return "POST";
                }

                @Override
                public String path() {
                    return "/auth/login";
                }

                @Override
                public String query() {
                    return null;
                }

                @Override
                public String header(String name) {
                    return name.equals("Content-Length") ? "2" : null;
                }

                @Override
                public byte[] readBody(int limit) {
                    throw new OutOfMemoryError("Java heap space (secret internals)");
                }

                @Override
                public void send(Reply reply) {
                    answer[0] = reply;
                }

                @Override
                public void drop() {
                    throw new AssertionError("dropped");
                }
            });
            assertThat(answer[0].status()).isEqualTo(500);
            String body = new String(answer[0].body(), StandardCharsets.UTF_8);
            assertThat(body).isEqualTo("{\"error\":\"internal_error\",\"message\":\"internal error; see the sandbox log\"}");
            assertThat(state.counters.count("POST /auth/login", "500")).isEqualTo(1);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void shouldRunOnlyDaemonThreadsSoAnEmbeddedSandboxNeverKeepsTheJvmAlive() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().build())) {
            assertThat(new SandboxClient(sandbox).get("/health").status()).isEqualTo(200);
            List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .filter(t -> !t.getName().startsWith("HttpClient")) // the test's own client
                    .collect(Collectors.toList());
            assertThat(started).as("the sandbox's threads").isNotEmpty();
            assertThat(started.stream().filter(t -> !t.isDaemon()).map(Thread::getName).collect(Collectors.toList()))
                    .as("non-daemon threads started by the sandbox").isEmpty();
        }
    }
}
