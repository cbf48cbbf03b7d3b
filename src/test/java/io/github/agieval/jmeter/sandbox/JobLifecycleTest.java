package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.sandbox.SandboxClient.Answer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The asynchronous job engine over real HTTP: life cycle, durations, queue limits, faults, expiry. */
class JobLifecycleTest {

    private static JsonNode adminJob(SandboxClient c, String id) {
        return c.get("/__admin/jobs/" + id).json();
    }

    @Test
    void shouldMoveQueuedRunningCompletedOnBoundedWorkers() throws Exception {
        VirtualSandboxClock clock = new VirtualSandboxClock();
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().workers(1).timeFactor(0.2).build(), clock)) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            String first = c.submit(t, 1, 100);
            String second = c.submit(t, 1, 100);
            JsonNode f = c.get("/api/v1/jobs/" + first, t).json();
            JsonNode q = c.get("/api/v1/jobs/" + second, t).json();
            assertThat(f.path("status").asText()).isEqualTo("running");
            assertThat(q.path("status").asText()).isEqualTo("queued");
            assertThat(q.path("progress").asInt()).isZero();
            assertThat(q.path("started_at").isNull()).isTrue();
            assertThat(c.get("/api/v1/status").json().path("queue_depth").asInt()).isEqualTo(1);
            assertThat(c.get("/api/v1/status").json().path("running_jobs").asInt()).isEqualTo(1);
            Answer early = c.get("/api/v1/jobs/" + second + "/results", t);
            assertThat(early.status()).isEqualTo(409);
            assertThat(early.json().path("error").asText()).isEqualTo("job_not_finished");
            assertThat(early.json().path("message").asText()).contains("is queued");

            JsonNode done1 = c.advanceUntilFinished(clock, t, first, 10, 10_000);
            JsonNode done2 = c.advanceUntilFinished(clock, t, second, 10, 10_000);
            assertThat(done1.path("status").asText()).isEqualTo("completed");
            assertThat(done1.path("progress").asInt()).isEqualTo(100);
            assertThat(done2.path("status").asText()).isEqualTo("completed");
            JsonNode a1 = adminJob(c, first);
            JsonNode a2 = adminJob(c, second);
            // one worker: the second job started when the first ended
            assertThat(a2.path("started_at_ms").asLong()).isGreaterThanOrEqualTo(a1.path("finished_at_ms").asLong());
            // simulated duration: 0.2 x (500 + 1 x (250 + 100)) ms x jitter 0.8..1.2 = 136..204 ms
            assertThat(a1.path("planned_duration_ms").asLong()).isBetween(136L, 204L);
            assertThat(a1.path("finished_at_ms").asLong() - a1.path("started_at_ms").asLong())
                    .isGreaterThanOrEqualTo(a1.path("planned_duration_ms").asLong());
            assertThat(a1.path("owner").asText()).isEqualTo("alice");
            assertThat(a1.path("polls").asInt()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void shouldGrowDurationWithPromptsAndMaxTokensScaledByTimeFactor() {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().timeFactor(1.0).build())) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            String small = c.submit(t, 1, 100);
            String big = c.submit(t, 10, 2000);
            // nominal 850 ms and 23000 ms, times jitter 0.8..1.2
            assertThat(adminJob(c, small).path("planned_duration_ms").asLong()).isBetween(680L, 1020L);
            assertThat(adminJob(c, big).path("planned_duration_ms").asLong()).isBetween(18_400L, 27_600L);
            JsonNode running = c.get("/api/v1/jobs/" + big, t).json();
            assertThat(running.path("status").asText()).isEqualTo("running");
            assertThat(running.path("progress").asInt()).isBetween(0, 5);
        }
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().timeFactor(0.01).build())) {
            SandboxClient c = new SandboxClient(s);
            String big = c.submit(c.login("alice"), 10, 2000);
            assertThat(adminJob(c, big).path("planned_duration_ms").asLong()).isBetween(184L, 276L);
        }
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenQueueIsFull() {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().workers(1).queueCapacity(2).timeFactor(1).build())) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            c.submit(t, 10, 2000);
            c.submit(t, 10, 2000);
            c.submit(t, 10, 2000);
            Answer full = c.post("/api/v1/evaluate", SandboxClient.evalBody("gpt-4", "mmlu", 1, 100), t);
            assertThat(full.status()).isEqualTo(429);
            assertThat(full.json().path("error").asText()).isEqualTo("queue_full");
            assertThat(full.json().path("message").asText()).contains("2 queued, 1 running; capacity 2");
            assertThat(Integer.parseInt(full.header("Retry-After"))).isBetween(1, 120);

            // switched at run time to 503
            assertThat(c.send("PATCH", "/__admin/faults", "{\"queue_full_status\":503}", null).status()).isEqualTo(200);
            Answer unavailable = c.post("/api/v1/evaluate", SandboxClient.evalBody("gpt-4", "mmlu", 1, 100), t);
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.header("Retry-After")).isNotNull();

            // more capacity at run time: accepted again
            c.send("PATCH", "/__admin/faults", "{\"queue_capacity\":3}", null);
            assertThat(c.post("/api/v1/evaluate", SandboxClient.evalBody("gpt-4", "mmlu", 1, 100), t).status())
                    .isEqualTo(202);
            JsonNode jobs = c.get("/__admin/jobs").json();
            assertThat(jobs.path("submitted").asInt()).isEqualTo(4);
            assertThat(jobs.path("rejected").asInt()).isEqualTo(2);
            assertThat(s.counters().count("POST /api/v1/evaluate", "429")).isEqualTo(1);
            assertThat(s.counters().count("POST /api/v1/evaluate", "503")).isEqualTo(1);
        }
    }

    @Test
    void shouldFailJobsAtTheConfiguredFraction() throws Exception {
        VirtualSandboxClock clock = new VirtualSandboxClock();
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().timeFactor(0.001).jobFailureRate(1.0).build(), clock)) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            String job = c.submit(t, 4, 100);
            JsonNode st = c.advanceUntilFinished(clock, t, job, 1, 10_000);
            assertThat(st.path("status").asText()).isEqualTo("failed");
            assertThat(st.path("error").asText()).contains("injected fault");
            JsonNode r = c.get("/api/v1/jobs/" + job + "/results", t).json();
            assertThat(r.path("status").asText()).isEqualTo("failed");
            assertThat(r.path("score").isNull()).isTrue();
            assertThat(r.path("results").size()).isEqualTo(r.path("prompts_evaluated").asInt()).isLessThan(4);
        }
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().timeFactor(0.001).jobFailureRate(0.5).build())) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            for (int i = 0; i < 200; i++) {
                c.submit(t, 1, 1);
            }
            JsonNode all = c.get("/__admin/jobs").json();
            long failing = 0;
            for (JsonNode j : all.path("jobs")) {
                failing += j.has("error") ? 1 : 0;
            }
            // binomial(200, 0.5): mean 100, sd ~7
            assertThat(failing).isBetween(65L, 135L);
        }
    }

    @Test
    void shouldFailJobThatOutlivesItsTimeout() throws Exception {
        VirtualSandboxClock clock = new VirtualSandboxClock();
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().timeFactor(0.001).build(), clock)) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            String body = "{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\",\"prompts\":[\"a\",\"b\",\"c\"],"
                    + "\"config\":{\"max_tokens\":2000,\"timeout\":2}}";
            String job = c.post("/api/v1/evaluate", body, t).json().path("job_id").asText();
            JsonNode st = c.advanceUntilFinished(clock, t, job, 1, 10_000);
            assertThat(st.path("status").asText()).isEqualTo("failed");
            assertThat(st.path("error").asText()).isEqualTo("timed out after 2 s");
        }
    }

    @Test
    void shouldNeverFinishHungJobsWithoutHoldingAWorker() throws Exception {
        VirtualSandboxClock clock = new VirtualSandboxClock();
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().workers(1).timeFactor(0.001).jobHangRate(1.0).build(),
                clock)) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            String hung = c.submit(t, 1, 100);
            c.send("PATCH", "/__admin/faults", "{\"job_hang_rate\":0.0}", null);
            String normal = c.submit(t, 1, 100);
            assertThat(c.advanceUntilFinished(clock, t, normal, 1, 10_000).path("status").asText())
                    .isEqualTo("completed");
            clock.advance(300); // far beyond the hung job's planned duration (about 1 ms)
            JsonNode h = c.get("/api/v1/jobs/" + hung, t).json();
            assertThat(h.path("status").asText()).isEqualTo("running");
            assertThat(h.path("progress").asInt()).isBetween(10, 90);
            assertThat(c.get("/api/v1/jobs/" + hung + "/results", t).status()).isEqualTo(409);
            assertThat(adminJob(c, hung).path("hung").asBoolean()).isTrue();
            assertThat(c.get("/api/v1/status").json().path("jobs").path("hung").asInt()).isEqualTo(1);
        }
    }

    @Test
    void shouldExpireFinishedJobsAfterRetention() throws Exception {
        VirtualSandboxClock clock = new VirtualSandboxClock();
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().timeFactor(0.001)
                .jobRetention(Duration.ofMillis(200)).build(), clock)) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            String job = c.submit(t, 1, 100);
            c.advanceUntilFinished(clock, t, job, 1, 10_000);
            assertThat(c.get("/api/v1/jobs/" + job, t).status()).isEqualTo(200); // still within retention
            clock.advance(200 + Sandbox.HOUSEKEEPING_MS); // past retention, and one housekeeping run
            assertThat(c.get("/api/v1/jobs/" + job, t).status()).isEqualTo(404);
            JsonNode jobs = c.get("/__admin/jobs").json();
            assertThat(jobs.path("count").asInt()).isZero();
            assertThat(jobs.path("expired").asInt()).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepAtMostMaxRetainedFinishedJobs() throws Exception {
        VirtualSandboxClock clock = new VirtualSandboxClock();
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().timeFactor(0.001).maxRetainedJobs(3).build(), clock)) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            String last = null;
            for (int i = 0; i < 8; i++) {
                last = c.submit(t, 1, 1);
            }
            c.advanceUntilFinished(clock, t, last, 1, 10_000);
            clock.advance(Sandbox.HOUSEKEEPING_MS); // one housekeeping run
            JsonNode jobs = c.get("/__admin/jobs").json();
            assertThat(jobs.path("count").asInt()).isEqualTo(3);
            assertThat(jobs.path("expired").asInt()).isEqualTo(5);
        }
    }

    @Test
    void shouldRunThousandsOfJobsOnTimersWithoutThreads() throws Exception {
        try (Sandbox s = Sandbox.start(SandboxConfig.builder().workers(5000).timeFactor(1.0).build())) {
            SandboxClient c = new SandboxClient(s);
            String t = c.login("alice");
            c.submit(t, 10, 2000); // warms up the timer and the client's threads
            long before = serverThreads();
            for (int i = 0; i < 2000; i++) {
                c.submit(t, 10, 2000); // ~23 s each: all still running at the end of the loop
            }
            JsonNode status = c.get("/api/v1/status").json();
            assertThat(status.path("running_jobs").asInt()).isEqualTo(2001);
            assertThat(serverThreads()).as("sandbox threads with 2000 running jobs").isEqualTo(before);
            assertThat(before).isPositive();
        }
    }

    /** Threads of the sandbox: its timer and request threads and Undertow's XNIO I/O threads. */
    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("sandbox-") || n.startsWith("XNIO-")).count();
    }
}
