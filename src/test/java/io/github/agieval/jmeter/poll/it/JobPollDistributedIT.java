package io.github.agieval.jmeter.poll.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.it.JMeterHome;
import io.github.agieval.jmeter.it.JMeterRun;
import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed mode: a {@code jmeter -n -R} client drives two {@code jmeter-server} engines; the
 * controller travels to each engine by RMI serialization, each engine's users poll their jobs,
 * and the client's JTL holds every engine's job samples, each tied to a job of the sandbox.
 */
class JobPollDistributedIT {

    private static final String SAMPLE_VARIABLES = "job_id,job_final_status,job_polls";

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Process startServer(Path dir, int port, Sandbox sandbox) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx256m", "-Djava.awt.headless=true", "-Djava.rmi.server.hostname=127.0.0.1",
                "-jar", JMeterHome.assembled().launcherJar().toString(), "-s",
                "-j", dir.resolve("server.log").toString(),
                "-Jserver_port=" + port, "-Jserver.rmi.localport=" + freePort(), "-Jserver.rmi.ssl.disable=true",
                "-JBASE_URL_HOST=127.0.0.1", "-JBASE_URL_PORT=" + sandbox.port(), "-JUSERS=2", "-JLOOPS=1",
                "-JPOLL_MS=100", "-Jsample_variables=" + SAMPLE_VARIABLES));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile()).start();
    }

    private static void awaitReady(Process server, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path console = dir.resolve("console.txt");
        while (System.nanoTime() < deadline && server.isAlive()) {
            if (Files.exists(console)
                    && Files.readString(console, StandardCharsets.UTF_8).contains("Created remote object")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("jmeter-server did not start: " + Files.readString(console, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRecordEveryEnginesJobSamplesOnTheClient(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25).build())) {
            int p1 = freePort();
            int p2 = freePort();
            List<Process> servers = new ArrayList<>();
            try {
                servers.add(startServer(dir.resolve("server1"), p1, sandbox));
                servers.add(startServer(dir.resolve("server2"), p2, sandbox));
                awaitReady(servers.get(0), dir.resolve("server1"));
                awaitReady(servers.get(1), dir.resolve("server2"));

                JMeterRun.Result run = JMeterRun.testPlan("plans/poll-jobs.jmx")
                        .systemProperty("java.rmi.server.hostname", "127.0.0.1")
                        .property("server.rmi.ssl.disable", true)
                        .property("sample_variables", SAMPLE_VARIABLES)
                        .args("-R", "127.0.0.1:" + p1 + ",127.0.0.1:" + p2, "-X")
                        .workDir(dir.resolve("client"))
                        .run(Duration.ofMinutes(2));

                assertThat(run.exitCode()).as(run.describe()).isZero();
                List<Map<String, String>> jobs = run.jtlRows().withLabel("job Wait for job");
                assertThat(jobs).as(run.describe()).hasSize(4)
                        .allSatisfy(r -> {
                            assertThat(r.get("success")).isEqualTo("true");
                            assertThat(r.get("responseCode")).isEqualTo("SUCCEEDED");
                            assertThat(r.get("job_final_status")).isEqualTo("completed");
                        });
                for (int port : new int[] {p1, p2}) {
                    assertThat(jobs.stream().filter(r -> r.get("threadName").startsWith("127.0.0.1:" + port + "-")))
                            .as("job samples of engine %d", port).hasSize(2);
                }
                HttpResponse<String> admin = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__admin/jobs")).build(),
                        HttpResponse.BodyHandlers.ofString());
                Set<String> serverJobs = new HashSet<>();
                JsonNode list = Json.parse(admin.body()).get("jobs");
                list.forEach(j -> serverJobs.add(j.get("job_id").asText()));
                assertThat(jobs.stream().map(r -> r.get("job_id")).collect(Collectors.toSet())).isEqualTo(serverJobs);
                for (Process s : servers) {
                    assertThat(s.waitFor(30, TimeUnit.SECONDS)).as("-X ends the servers").isTrue();
                }
            } finally {
                for (Process s : servers) {
                    s.destroyForcibly();
                }
            }
        }
    }
}
