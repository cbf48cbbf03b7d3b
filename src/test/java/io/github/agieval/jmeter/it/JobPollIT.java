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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Job Polling Controller in stock JMeter 5.6.3 (headless, separate JVM) against the embedded
 * sandbox: {@code plans/poll-jobs.jmx} logs in, submits until accepted (a Job Polling Controller
 * around Submit Evaluation, honouring {@code Retry-After}), then polls the job (a Job Polling
 * Controller around Job Status inside an If and a Transaction Controller). Every job sample of
 * the JTL is checked against the sandbox's own record of the job ({@code /__admin/jobs}).
 */
class JobPollIT {

    private static final String JOB = "job Wait for job";

    private static JMeterRun plan(Sandbox sandbox, Path dir) {
        return JMeterRun.testPlan("plans/poll-jobs.jmx")
                .property("BASE_URL_HOST", "127.0.0.1")
                .property("BASE_URL_PORT", sandbox.port())
                // the JTL gets these variables as columns: the job id ties a row to the server's job
                .property("sample_variables", "job_id,job_final_status,job_polls")
                .workDir(dir);
    }

    private static Map<String, JsonNode> adminJobs(Sandbox sandbox) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__admin/jobs"))
                        .header("X-Admin-Token", sandbox.adminToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        Json.parse(r.body()).get("jobs").forEach(j -> byId.put(j.get("job_id").asText(), j));
        return byId;
    }

    private static long pollsOf(Jtl jtl, String jobId) {
        return jtl.withLabel("Job Status").stream().filter(r -> jobId.equals(r.get("job_id"))).count();
    }

    @Test
    void shouldRecordEachCompletedAndFailedJobAsTheSandboxRecordsIt(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25).workers(8)
                .jobFailureRate(0.4).build())) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("USERS", 3)
                    .property("LOOPS", 3)
                    .property("POLL_MS", 100)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            Map<String, JsonNode> server = adminJobs(sandbox);
            List<Map<String, String>> jobs = jtl.withLabel(JOB);
            assertThat(jobs).as(run.describe()).hasSize(9);
            assertThat(server).hasSize(9);
            assertThat(jobs.stream().map(r -> r.get("job_id")).collect(Collectors.toSet()))
                    .isEqualTo(server.keySet());
            for (Map<String, String> row : jobs) {
                JsonNode s = server.get(row.get("job_id"));
                String status = s.get("status").asText();
                assertThat(status).isIn("completed", "failed");
                boolean completed = status.equals("completed");
                assertThat(row.get("success")).isEqualTo(Boolean.toString(completed));
                assertThat(row.get("responseCode")).isEqualTo(completed ? "SUCCEEDED" : "FAILED");
                assertThat(row.get("job_final_status")).isEqualTo(status);
                // polls: the controller's count = the JTL's Job Status rows = what the server answered
                assertThat(Long.parseLong(row.get("job_polls")))
                        .isEqualTo(pollsOf(jtl, row.get("job_id")))
                        .isEqualTo(s.get("polls").asLong());
                // time: from the submit to the terminal answer, so at least the server's job life, and
                // at most one poll interval (plus request and scheduling slack) more
                long serverLife = s.get("finished_at_ms").asLong() - s.get("created_at_ms").asLong();
                long elapsed = Long.parseLong(row.get("elapsed"));
                assertThat(elapsed).as("job %s", row.get("job_id")).isGreaterThanOrEqualTo(serverLife)
                        .isLessThan(serverLife + 100 + 1000);
            }
            assertThat(jobs.stream().filter(r -> r.get("success").equals("true")).count())
                    .isEqualTo(server.values().stream().filter(j -> j.get("status").asText().equals("completed"))
                            .count());
            // the children's own samples are in the JTL as they are
            assertThat(jtl.withLabel("Job Status")).allMatch(r -> "true".equals(r.get("success")));
            assertThat(sandbox.counters().count("GET /api/v1/jobs/{id}", "200"))
                    .isEqualTo(jtl.withLabel("Job Status").size());
            assertThat(jtl.withLabel("submit until accepted")).hasSize(9).allMatch(r -> "true".equals(r.get("success")));
            assertThat(jtl.withLabel("evaluation")).hasSize(9);
        }
    }

    @Test
    void shouldLetTheKpiListenerJudgeJobTimeAndJobSuccessRate(@TempDir Path dir) throws Exception {
        String kpis = "label=job Wait for job: p(95) < 20s; label=job Wait for job: rate < 50%;"
                + " label=job Wait for job: count >= 2";
        try (Sandbox good = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25).build())) {
            JMeterRun.Result run = plan(good, dir.resolve("good")).property("USERS", 2)
                    .property("KPI_EXPRESSIONS", kpis).run(Duration.ofMinutes(2));
            assertThat(run.exitCode()).as(run.describe()).isZero();
        }
        try (Sandbox failing = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25).jobFailureRate(1.0)
                .build())) {
            JMeterRun.Result run = plan(failing, dir.resolve("failing")).property("USERS", 2)
                    .property("KPI_EXPRESSIONS", kpis).run(Duration.ofMinutes(2));
            // every job failed: the job success-rate KPI fails the run with the KPI listener's exit code
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(99);
            assertThat(run.jtlRows().withLabel(JOB)).hasSize(2).allMatch(r -> "FAILED".equals(r.get("responseCode")));
        }
    }

    @Test
    void shouldTimeOutJobsThatNeverFinishAfterMaxPolls(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25).workers(4)
                .jobHangRate(1.0).build())) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("USERS", 2)
                    .property("POLL_MS", 50)
                    .property("MAX_POLLS", 5)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            Map<String, JsonNode> server = adminJobs(sandbox);
            assertThat(jtl.withLabel(JOB)).as(run.describe()).hasSize(2).allSatisfy(row -> {
                assertThat(row.get("success")).isEqualTo("false");
                assertThat(row.get("responseCode")).isEqualTo("TIMED_OUT");
                assertThat(row.get("responseMessage")).isEqualTo("timed out: max polls (5) reached (polls=5)");
                assertThat(row.get("job_polls")).isEqualTo("5");
                JsonNode s = server.get(row.get("job_id"));
                assertThat(s.get("hung").asBoolean()).isTrue();
                assertThat(s.get("status").asText()).isIn("queued", "running");
                assertThat(s.get("polls").asInt()).isEqualTo(5);
            });
            assertThat(jtl.withLabel("Job Status")).hasSize(10);
        }
    }

    @Test
    void shouldTimeOutJobsThatNeverFinishAtTheTimeOut(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25)
                .jobHangRate(1.0).build())) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("USERS", 1)
                    .property("POLL_MS", 100)
                    .property("MAX_POLLS", 0)
                    .property("TIMEOUT_MS", 700)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            Map<String, String> row = run.jtlRows().withLabel(JOB).get(0);
            assertThat(row.get("responseCode")).isEqualTo("TIMED_OUT");
            assertThat(row.get("responseMessage"))
                    .isEqualTo("timed out: time-out (700 ms) elapsed (polls=" + row.get("job_polls") + ")");
            // the last poll is made at the time-out, none after it
            assertThat(Long.parseLong(row.get("elapsed"))).isGreaterThanOrEqualTo(700).isLessThan(700 + 500);
        }
    }

    @Test
    void shouldRetrySubmitAfterTheRetryAfterOfA429(@TempDir Path dir) throws Exception {
        // one worker, no queue: while one job runs (about 1.5 s) every other submit gets 429 + Retry-After
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(1.25).workers(1)
                .queueCapacity(0).build())) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("USERS", 2)
                    .property("POLL_MS", 100)
                    .property("SUBMIT_RETRY_MS", 100)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            List<Map<String, String>> submits = jtl.withLabel("Submit Evaluation");
            List<Map<String, String>> rejected = submits.stream().filter(r -> "429".equals(r.get("responseCode")))
                    .toList();
            assertThat(rejected).as(run.describe()).isNotEmpty();
            assertThat(sandbox.counters().count("POST /api/v1/evaluate", "429")).isEqualTo(rejected.size());
            assertThat(sandbox.counters().count("POST /api/v1/evaluate", "202")).isEqualTo(2);

            Map<String, JsonNode> server = adminJobs(sandbox);
            JsonNode first = server.values().stream().min((a, b) -> Long.compare(a.get("created_at_ms").asLong(),
                    b.get("created_at_ms").asLong())).orElseThrow();
            long retryAfterMs = Math.max(1, (first.get("planned_duration_ms").asLong() + 999) / 1000) * 1000;
            for (Map<String, String> r : rejected) {
                Map<String, String> next = submits.stream()
                        .filter(n -> n.get("threadName").equals(r.get("threadName"))
                                && start(n) > start(r))
                        .min((a, b) -> Long.compare(start(a), start(b))).orElseThrow();
                long gap = start(next) - end(r);
                // the configured retry interval is 100 ms: the gap is the server's Retry-After
                assertThat(gap).as("gap after a 429 of %s", r.get("threadName"))
                        .isGreaterThanOrEqualTo(retryAfterMs).isLessThan(retryAfterMs + 500);
            }
            assertThat(jtl.withLabel("submit until accepted")).hasSize(2).allMatch(r -> "true".equals(r.get("success")));
            assertThat(jtl.withLabel(JOB)).hasSize(2).allMatch(r -> "true".equals(r.get("success")));
        }
    }

    @Test
    void shouldRecordOneJobSamplePerJobWhenPollErrorsStartTheNextThreadLoop(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25).workers(8)
                .faults(f -> f.errorRate("GET /api/v1/jobs/{id}", 0.3)).build())) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("USERS", 3)
                    .property("LOOPS", 4)
                    .property("POLL_MS", 50)
                    .property("ON_ERROR", "startnextloop")
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            Map<String, JsonNode> server = adminJobs(sandbox);
            List<Map<String, String>> jobs = jtl.withLabel(JOB);
            assertThat(jobs).as(run.describe()).hasSize(server.size()).hasSize(12);
            for (Map<String, String> row : jobs) {
                String id = row.get("job_id");
                boolean pollFailed = jtl.withLabel("Job Status").stream()
                        .anyMatch(p -> id.equals(p.get("job_id")) && "false".equals(p.get("success")));
                assertThat(row.get("responseCode")).as(id).isEqualTo(pollFailed ? "ABORTED" : "SUCCEEDED");
            }
            assertThat(jobs.stream().filter(r -> "ABORTED".equals(r.get("responseCode"))).count())
                    .isEqualTo(sandbox.counters().count("GET /api/v1/jobs/{id}", "500")
                            + sandbox.counters().count("GET /api/v1/jobs/{id}", "503")
                            + sandbox.counters().count("GET /api/v1/jobs/{id}", "502"));
        }
    }

    @Test
    void shouldPollWithStockHttpRequestsAndTheJsonPathCondition(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25).workers(8)
                .jobFailureRate(0.5).build())) {
            JMeterRun.Result run = JMeterRun.testPlan("plans/poll-stock-http.jmx")
                    .property("BASE_URL_PORT", sandbox.port())
                    .property("sample_variables", "job_id,job_final_status,job_polls")
                    .property("USERS", 2)
                    .property("LOOPS", 2)
                    .property("POLL_MS", 100)
                    .workDir(dir)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            Map<String, JsonNode> server = adminJobs(sandbox);
            List<Map<String, String>> jobs = jtl.withLabel(JOB);
            assertThat(jobs).as(run.describe()).hasSize(4);
            assertThat(server).hasSize(4);
            for (Map<String, String> row : jobs) {
                JsonNode s = server.get(row.get("job_id"));
                String status = s.get("status").asText();
                assertThat(row.get("job_final_status")).isEqualTo(status);
                assertThat(row.get("success")).isEqualTo(Boolean.toString(status.equals("completed")));
                long polls = jtl.withLabel("GET /api/v1/jobs/{id}").stream()
                        .filter(r -> row.get("job_id").equals(r.get("job_id"))).count();
                assertThat(Long.parseLong(row.get("job_polls"))).isEqualTo(polls).isEqualTo(s.get("polls").asLong());
            }
        }
    }

    @Test
    void shouldEndMinuteLongWaitsPromptlyOnShutdown(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.25).jobHangRate(1.0)
                .build())) {
            int udpPort;
            try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                udpPort = probe.getLocalPort();
            }
            long[] sentAt = {0};
            Thread shutdown = new Thread(() -> {
                try {
                    // once every user waits after its first poll, send JMeter's "Shutdown" (graceful stop)
                    while (sandbox.counters().count("GET /api/v1/jobs/{id}", "200") < 3) {
                        Thread.sleep(50);
                    }
                    Thread.sleep(300);
                    byte[] msg = "Shutdown".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
                        sentAt[0] = System.nanoTime();
                        socket.send(new java.net.DatagramPacket(msg, msg.length,
                                java.net.InetAddress.getLoopbackAddress(), udpPort));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            shutdown.setDaemon(true);
            shutdown.start();

            JMeterRun.Result run = plan(sandbox, dir)
                    .property("USERS", 3)
                    .property("POLL_MS", 60_000)
                    .property("jmeterengine.nongui.port", udpPort)
                    .property("jmeterengine.nongui.maxport", udpPort)
                    .property("WAIT_FIRST", false)
                    .run(Duration.ofMinutes(2));
            long afterShutdownMs = (System.nanoTime() - sentAt[0]) / 1_000_000;

            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertThat(sentAt[0]).as(run.describe()).isPositive();
            // JMeter's own end of test (listeners, JTL) included: far less than the 60 s interval
            assertThat(afterShutdownMs).as(run.describe()).isLessThan(10_000);
            Jtl jtl = run.jtlRows();
            assertThat(jtl.withLabel("Job Status")).hasSize(3);
            assertThat(jtl.withLabel(JOB)).isEmpty();
            assertThat(run.logText()).contains("Job Polling Controller 'Wait for job': the thread was asked to stop")
                    .doesNotContain("cannot read JMeterThread.running");
        }
    }

    @Test
    void shouldRefuseToStartWithABadIntervalNamingElementPropertyAndValue(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).build())) {
            JMeterRun.Result run = plan(sandbox, dir)
                    .property("POLL_MS", "5sec")
                    .run(Duration.ofMinutes(1));

            // durations take units (5s) or a bare number of milliseconds; "5sec" is neither
            String message = "Job Polling Controller 'Wait for job': property 'JobPollController.intervalMs'"
                    + " = '5sec': is not a duration";
            assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
            assertThat(run.console()).contains(message);
            assertThat(run.logText()).contains(message);
            assertThat(sandbox.counters().count("POST /auth/login")).isZero();
        }
    }

    private static long start(Map<String, String> r) {
        return Long.parseLong(r.get("timeStamp"));
    }

    private static long end(Map<String, String> r) {
        return start(r) + Long.parseLong(r.get("elapsed"));
    }
}
