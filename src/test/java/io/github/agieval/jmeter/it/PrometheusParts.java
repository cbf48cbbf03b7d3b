package io.github.agieval.jmeter.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Prometheus parts for integration tests: Debian's {@code prometheus},
 * {@code prometheus-pushgateway} and {@code prometheus-node-exporter} binaries (installed by {@code .ci/run}), each started as a process of
 * its own on a free loopback port with a temporary data folder, and stopped by {@link Server#close()}.
 *
 * <p>When a binary is missing, {@link #assumeInstalled} skips the test and says so loudly on the
 * console; under CI ({@code CI=true}) it fails instead, so that CI never skips these tests.
 */
final class PrometheusParts {

    static final String PROMETHEUS = "prometheus";
    static final String PUSHGATEWAY = "prometheus-pushgateway";
    static final String NODE_EXPORTER = "prometheus-node-exporter";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusParts() {
    }

    /** The binary on the PATH, if any. */
    static Optional<Path> binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Skips (or under CI fails) the calling test unless every binary is installed. */
    static void assumeInstalled(String test, String... names) {
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            if (binary(n).isEmpty()) {
                missing.add(n);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String msg = "SKIPPED " + test + ": " + String.join(", ", missing) + " not installed (not on the PATH)."
                + " These tests need real Prometheus parts: apt-get install -y prometheus prometheus-pushgateway"
                + " prometheus-node-exporter (.ci/run installs them).";
        System.err.println("\n!!!!!!!!!!\n!!! " + msg + "\n!!!!!!!!!!\n"); // NOSONAR the skip must be seen
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI must not skip: " + msg);
        }
        Assumptions.assumeTrue(false, msg);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts Prometheus with {@code scrapeConfigs} (YAML list items under {@code scrape_configs:}), 1 s interval. */
    static Server prometheus(Path dir, String scrapeConfigs) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n" + scrapeConfigs);
        int port = freePort();
        return Server.start(dir, "prometheus", List.of(binary(PROMETHEUS).orElseThrow().toString(),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port), port);
    }

    /** Starts a Pushgateway (in memory, no persistence). */
    static Server pushgateway(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort();
        return Server.start(dir, "pushgateway", List.of(binary(PUSHGATEWAY).orElseThrow().toString(),
                "--web.listen-address=127.0.0.1:" + port), port);
    }

    /** Starts a node_exporter with the CPU and memory collectors only (all the resource KPIs read). */
    static Server nodeExporter(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort();
        return Server.start(dir, "node-exporter", List.of(binary(NODE_EXPORTER).orElseThrow().toString(),
                "--web.listen-address=127.0.0.1:" + port, "--collector.disable-defaults", "--collector.cpu",
                "--collector.meminfo"), port, "/metrics");
    }

    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** One process of a Prometheus part. */
    static final class Server implements AutoCloseable {
        final String name;
        final int port;
        final Process process;
        final Path log;

        private Server(String name, int port, Process process, Path log) {
            this.name = name;
            this.port = port;
            this.process = process;
            this.log = log;
        }

        static Server start(Path dir, String name, List<String> cmd, int port) throws IOException, InterruptedException {
            return start(dir, name, cmd, port, "/-/ready");
        }

        static Server start(Path dir, String name, List<String> cmd, int port, String readyPath)
                throws IOException, InterruptedException {
            Path log = dir.resolve(name + ".log");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            Server s = new Server(name, port, p, log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(name + " ended at start: " + Files.readString(log));
                }
                try {
                    get(s.url(readyPath));
                    return s;
                } catch (IOException notYet) {
                    Thread.sleep(200); // polling an external process's readiness
                }
            }
            s.close();
            throw new IllegalStateException(name + " not ready within 60 s: " + Files.readString(log));
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        /** An instant query at {@code time} (seconds since the epoch): the {@code data.result} array. */
        JsonNode query(String promql, double time) throws IOException, InterruptedException {
            String body = get(url("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                    + "&time=" + String.format(java.util.Locale.ROOT, "%.3f", time)));
            JsonNode root = Json.parse(body);
            if (!"success".equals(root.path("status").asText())) {
                throw new IOException("query failed: " + promql + ": " + body);
            }
            return root.path("data").path("result");
        }

        String logText() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
