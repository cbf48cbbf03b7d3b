package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @Test
    void shouldRecordEveryEnginesJobSamplesOnTheClient(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25).build());
                JMeterServers servers = JMeterServers.start(dir, 2, Map.of("BASE_URL_HOST", "127.0.0.1",
                        "BASE_URL_PORT", sandbox.port(), "USERS", 2, "LOOPS", 1, "POLL_MS", 100,
                        "sample_variables", SAMPLE_VARIABLES))) {
            JMeterRun.Result run = servers.client(JMeterRun.testPlan("plans/poll-jobs.jmx"))
                    .property("sample_variables", SAMPLE_VARIABLES)
                    .args("-X")
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
            for (int port : new int[] {servers.port(0), servers.port(1)}) {
                assertThat(jobs.stream().filter(r -> r.get("threadName").startsWith("127.0.0.1:" + port + "-")))
                        .as("job samples of engine %d", port).hasSize(2);
            }
            HttpResponse<String> admin = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__admin/jobs"))
                            .header("X-Admin-Token", sandbox.adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
            Set<String> serverJobs = new HashSet<>();
            JsonNode list = Json.parse(admin.body()).get("jobs");
            list.forEach(j -> serverJobs.add(j.get("job_id").asText()));
            assertThat(jobs.stream().map(r -> r.get("job_id")).collect(Collectors.toSet())).isEqualTo(serverJobs);
            assertThat(servers.awaitExit(Duration.ofSeconds(30))).as("-X ends the servers").isTrue();
        }
    }
}
