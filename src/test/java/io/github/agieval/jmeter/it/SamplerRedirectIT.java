package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock JMeter 5.6.3 runs a plan of the API samplers headless against two real servers on
 * 127.0.0.1: the API's origin, which redirects some requests to a second server on another port,
 * and that second server, which records the headers it receives. The bearer token must reach the
 * origin only, in both redirect modes; the JTL holds the sample and its redirect hops as rows. The
 * plan's Login holds every property empty (as JMeter's GUI may write them): its defaults apply.
 */
class SamplerRedirectIT {

    /** A recording HTTP server on 127.0.0.1. */
    private static final class Server implements AutoCloseable {
        record Seen(String method, String path, String authorization, String body) {
        }

        final HttpServer http;
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        private final ExecutorService pool = Executors.newFixedThreadPool(2);

        Server(java.util.function.Function<Seen, Object[]> answer) throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", ex -> handle(ex, answer));
            http.setExecutor(pool);
            http.start();
        }

        int port() {
            return http.getAddress().getPort();
        }

        private void handle(HttpExchange ex, java.util.function.Function<Seen, Object[]> answer) throws IOException {
            Seen s = new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestHeaders().getFirst("Authorization"),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            seen.add(s);
            Object[] a = answer.apply(s); // {status, body, location or null}
            if (a[2] != null) {
                ex.getResponseHeaders().add("Location", (String) a[2]);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            byte[] out = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders((Integer) a[0], out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
            ex.close();
        }

        @Override
        public void close() {
            http.stop(0);
            pool.shutdownNow();
        }
    }

    @Test
    void shouldSendTheBearerTokenOnlyToTheOriginWhateverTheRedirectMode(@TempDir Path dir) throws Exception {
        try (Server other = new Server(s -> new Object[] {200, "[]", null})) {
            String away = "http://127.0.0.1:" + other.port();
            try (Server origin = new Server(s -> switch (s.path()) {
                case "/auth/login" -> new Object[] {200, "{\"access_token\":\"it-token-7f2\"}", null};
                case "/away" -> new Object[] {302, "", away + "/landing"};
                case "/away-auto" -> new Object[] {302, "", away + "/landing-auto"};
                case "/home" -> new Object[] {302, "", "/home2"};
                default -> new Object[] {200, "[]", null};
            })) {
                JMeterRun.Result result = JMeterRun.testPlan("plans/sampler-redirect.jmx")
                        .property("ORIGIN_PORT", origin.port())
                        .workDir(dir)
                        .run(Duration.ofMinutes(2));

                assertThat(result.exitCode()).as(result.describe()).isZero();
                // the Login held only empty properties: JMeter's defaults (test-user / test-password) were sent
                assertThat(origin.seen.get(0).body()).isEqualTo("{\"username\":\"test-user\",\"password\":\"test-password\"}");
                assertThat(origin.seen).extracting(Server.Seen::path)
                        .containsExactly("/auth/login", "/away", "/away-auto", "/home", "/home2");
                assertThat(origin.seen.subList(1, 5)).extracting(Server.Seen::authorization)
                        .containsOnly("Bearer it-token-7f2");
                assertThat(other.seen).extracting(Server.Seen::path).containsExactly("/landing", "/landing-auto");
                assertThat(other.seen).extracting(Server.Seen::authorization).containsOnlyNulls();

                Jtl jtl = Jtl.read(result.jtl());
                assertThat(jtl.labels()).as(result.describe()).containsExactly("Login",
                        "Away (follow redirects)", "Away (follow redirects)-0", "Away (follow redirects)-1",
                        "Away (redirect automatically)", "Away (redirect automatically)-0",
                        "Away (redirect automatically)-1", "Home", "Home-0", "Home-1");
                assertThat(jtl.rows()).extracting(r -> r.get("success")).containsOnly("true");
                Map<String, String> hop = jtl.withLabel("Away (follow redirects)-0").get(0);
                assertThat(hop.get("responseCode")).isEqualTo("302");
                assertThat(result.logText()).doesNotContain("it-token-7f2");
            }
        }
    }
}
