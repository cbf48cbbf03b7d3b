package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the limits, in stock JMeter against a sandbox whose limit is known: the capacity knob
 * lets {@value #SLOTS} API requests in service at once for {@value #SERVICE_MS} ms each, so the
 * true capacity is {@code 4 x 1000 / 400 = 10} requests/s. Users without think time call List
 * Models in a loop ({@code src/test/resources/plans/stage-capacity.jmx}): up to 4 users each gets
 * a slot at once (about 400 ms, 2.5 requests/s per user), beyond 4 they queue (Little's law: 6
 * users at 10 requests/s take 600 ms a round). The KPI {@code label=List Models: p(75)<500} holds up to
 * 4 users (400 ms plus what the sandbox side of the loaded machine adds) and breaks from 6 on (600 ms
 * on average, minus what the client side adds between two requests of a user): either side's
 * overhead may reach about 100 ms. Not the median: in a closed queue the waits are skewed (the
 * median of 6 users was seen at 523 ms, their average near 600 ms); not the average: a user's first
 * requests (its login, a new connection, a cold JVM) are outliers that moved the average of 2 users
 * to 545 ms.
 *
 * <p>Recovery: the shipped spike plan against a sandbox with a latency fault on List Models
 * switched on when the spike starts and off a known time after it ends, through the admin API.
 */
class CapacityIT {

    private static final int SLOTS = 4;
    private static final int SERVICE_MS = 400;
    private static final double TRUE_CAPACITY = SLOTS * 1000.0 / SERVICE_MS;
    private static final String KPIS = "label=List Models: p(75)<500;rate<1%";

    private static final Pattern STAGE_START = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) .*Starting Stage Thread Group", Pattern.MULTILINE);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    @TempDir
    Path tmp;

    private static Sandbox knownCapacity() {
        return Sandbox.start(SandboxConfig.builder()
                .faults(f -> f.maxConcurrentRequests(SLOTS).serviceTimeMs(SERVICE_MS)).build());
    }

    private static JMeterRun stages(Sandbox sandbox, Path dir, String stages) {
        return JMeterRun.testPlan("plans/stage-capacity.jmx").workDir(dir)
                .property("BASE_URL", sandbox.baseUrl())
                .property("STAGES", stages)
                .property("KPI_EXPRESSIONS", KPIS)
                .property("RESULTS_DIR", dir.resolve("kpi"))
                .property("GRACEFUL_RAMP_DOWN", "5s");
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void shouldFindTheKnownCapacityWithinTwentyPercentWhenSearchingInSteps() throws Exception {
        Path dir = tmp.resolve("search");
        JMeterRun.Result r;
        // 2, 4, 6, 8, 10 users, each ramped over 1 s and held 8 s; a step breaks once 4 s of it fail
        try (Sandbox sandbox = knownCapacity()) {
            r = stages(sandbox, dir, "steps(5,+2,1s,8s)")
                    .property("CAPACITY_SEARCH", true)
                    .property("CAPACITY_WINDOW", "4s")
                    .run(Duration.ofMinutes(3));
        }
        Path capacityFile = dir.resolve("kpi/capacity.json");
        assertThat(capacityFile).as(r.describe()).isRegularFile();
        JsonNode capacity = json(capacityFile);
        assertThat(capacity.path("format").asText()).isEqualTo("agieval-capacity/1");
        assertThat(capacity.path("found").asBoolean()).as(capacity.toPrettyString()).isTrue();
        JsonNode max = capacity.path("max_sustainable");
        double rps = max.path("requests_per_second").asDouble();
        System.out.println("CapacityIT: true capacity " + TRUE_CAPACITY + " req/s, found " + rps + " req/s at "
                + max.path("users").asInt() + " users; " + capacity.path("summary").asText());
        assertThat(max.path("users").asInt()).as(capacity.toPrettyString()).isEqualTo(4);
        assertThat(rps).as("maximum sustainable throughput within 20 %% of %s req/s", TRUE_CAPACITY)
                .isCloseTo(TRUE_CAPACITY, within(TRUE_CAPACITY * 0.2));
        JsonNode broke = capacity.path("broke");
        assertThat(broke.path("users").asInt()).isEqualTo(6);
        assertThat(broke.path("kpi").asText()).isEqualTo("label=List Models: p(75)<500");
        assertThat(capacity.path("stopped").asText()).startsWith("capacity search: stage 6 (hold 6) broke label=List Models: p(75)<500ms");

        // the search ended the test gracefully: exit 0, long before the last step (46 s), in every report
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.console()).contains("=== KPI verdict: PASS")
                .contains("Capacity: maximum sustainable load: 4 users").contains(capacityFile.toString());
        Jtl jtl = r.jtlRows();
        long first = jtl.rows().stream().mapToLong(row -> Long.parseLong(row.get("timeStamp"))).min().orElseThrow();
        long last = jtl.rows().stream().mapToLong(row -> Long.parseLong(row.get("timeStamp"))
                + Long.parseLong(row.get("elapsed"))).max().orElseThrow();
        assertThat((last - first) / 1000.0).as("the run stopped in the breaking step").isLessThan(35);
        JsonNode report = json(dir.resolve("kpi/kpi-report.json"));
        for (JsonNode row : report.path("stages").path("rows")) {
            System.out.println("CapacityIT: stage " + row.path("stage") + " (" + row.path("users") + " users): "
                    + row.path("requests_per_second") + " req/s, " + row.path("kpis").get(0).path("observed_text"));
        }
        assertThat(report.path("test_summary").path("verdict").asText()).isEqualTo("PASS");
        assertThat(report.path("stages").path("capacity").path("max_sustainable").path("users").asInt()).isEqualTo(4);
        assertThat(report.path("test_summary").path("samples").asLong()).as("no sample lost").isEqualTo(jtl.size());
        assertThat(Files.readString(dir.resolve("kpi/kpi-report.html"))).contains("Stage by stage")
                .contains("maximum sustainable load: 4 users");
        assertThat(Files.readString(dir.resolve("kpi/kpi-junit.xml"))).contains("Capacity: maximum sustainable load");
    }

    @Test
    void shouldFindTheSameCapacityOfflineWhenJudgingTheSearchsJtlWithItsStages() throws Exception {
        // the search above, judged again from its JTL: judge --stages (the same spec) --capacity-search
        Path dir = tmp.resolve("offline");
        String spec = "steps(5,+2,1s,8s)";
        JMeterRun.Result r;
        try (Sandbox sandbox = knownCapacity()) {
            r = stages(sandbox, dir, spec)
                    .property("CAPACITY_SEARCH", true)
                    .property("CAPACITY_WINDOW", "4s")
                    .run(Duration.ofMinutes(3));
        }
        JsonNode live = json(dir.resolve("kpi/capacity.json"));
        assertThat(live.path("found").asBoolean()).as(live.toPrettyString() + "\n" + r.describe()).isTrue();

        Path out = dir.resolve("judged");
        List<String> args = new ArrayList<>(List.of("judge", "--jtl", r.jtl().toString(), "--out", out.toString(),
                "--stages", spec, "--capacity-search", "--capacity-window", "4s"));
        for (String kpi : KPIS.split(";")) {
            args.addAll(List.of("--kpi", kpi));
        }
        JudgeRun.Judged judged = JudgeRun.judge(args, dir.resolve("judge-console.txt"));
        JsonNode offline = json(out.resolve("capacity.json"));
        System.out.println("CapacityIT: live: " + live.path("summary").asText() + "\nCapacityIT: offline: "
                + offline.path("summary").asText());

        assertThat(judged.exitCode()).as(judged.console()).isEqualTo(r.exitCode()).isZero();
        assertThat(offline.path("found").asBoolean()).as(offline.toPrettyString()).isTrue();
        assertThat(offline.path("max_sustainable").path("users").asInt()).as(offline.toPrettyString())
                .isEqualTo(live.path("max_sustainable").path("users").asInt()).isEqualTo(4);
        assertThat(offline.path("max_sustainable").path("stage").asInt())
                .isEqualTo(live.path("max_sustainable").path("stage").asInt());
        assertThat(offline.path("broke").path("stage").asInt()).as(offline.toPrettyString())
                .isEqualTo(live.path("broke").path("stage").asInt());
        assertThat(offline.path("broke").path("kpi").asText()).isEqualTo(live.path("broke").path("kpi").asText());
        assertThat(offline.path("max_sustainable").path("requests_per_second").asDouble())
                .as("the same samples, stage edges moved by the first request's offset")
                .isCloseTo(live.path("max_sustainable").path("requests_per_second").asDouble(), within(TRUE_CAPACITY * 0.2));
        assertThat(judged.console()).contains("=== KPI verdict: PASS").contains("Capacity: maximum sustainable load: 4 users");
        JsonNode report = json(out.resolve("kpi-report.json"));
        assertThat(report.path("test_summary").path("samples").asLong()).isEqualTo(r.jtlRows().size());
        assertThat(report.path("stages").path("first_break").path("stage").asInt())
                .isEqualTo(json(dir.resolve("kpi/kpi-report.json")).path("stages").path("first_break").path("stage").asInt());
    }

    @Test
    void shouldExitWith99WhenEvenTheFirstStepBreaks() throws Exception {
        Path dir = tmp.resolve("first");
        JMeterRun.Result r;
        // 12 users from the first step: 1.2 s a round
        try (Sandbox sandbox = knownCapacity()) {
            r = stages(sandbox, dir, "1s,12;6s,12;1s,14;6s,14")
                    .property("CAPACITY_SEARCH", true)
                    .property("CAPACITY_WINDOW", "3s")
                    .run(Duration.ofMinutes(2));
        }
        JsonNode capacity = json(dir.resolve("kpi/capacity.json"));
        assertThat(capacity.path("found").asBoolean()).as(capacity.toPrettyString()).isFalse();
        assertThat(capacity.path("broke").path("stage").asInt()).isEqualTo(2);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(99);
        assertThat(r.console()).contains("no sustainable load: even the first step broke");
    }

    @Test
    void shouldNameTheBreakingStageWhenRunningTheStressShape() throws Exception {
        Path dir = tmp.resolve("stress");
        JMeterRun.Result r;
        // the k6 stress shape in small: up to 4 users (400 ms a request), then up to 8 (they queue: 800 ms)
        try (Sandbox sandbox = knownCapacity()) {
            r = stages(sandbox, dir, "1s,4;8s,4;1s,8;8s,8;1s,0").run(Duration.ofMinutes(2));
        }
        JsonNode stages = json(dir.resolve("kpi/kpi-report.json")).path("stages");
        assertThat(stages.path("rows")).as(r.describe()).hasSize(2);
        assertThat(stages.path("rows").get(0).path("stage").asInt()).isEqualTo(2);
        assertThat(stages.path("rows").get(0).path("held").asBoolean()).as(stages.toPrettyString()).isTrue();
        assertThat(stages.path("rows").get(1).path("held").asBoolean()).as(stages.toPrettyString()).isFalse();
        assertThat(stages.path("first_break").path("stage").asInt()).isEqualTo(4);
        assertThat(stages.path("first_break").path("kpi").asText()).isEqualTo("label=List Models: p(75)<500");
        assertThat(stages.path("rows").get(1).path("requests_per_second").asDouble())
                .as("the saturated hold runs at the true capacity").isCloseTo(TRUE_CAPACITY, within(TRUE_CAPACITY * 0.2));
        assertThat(stages.has("capacity")).isFalse();
        assertThat(r.console()).contains("Stage by stage").contains("First break: stage 4 (hold 8): label=List Models: p(75)<500ms");
    }

    @Test
    void shouldSearchWithTheShippedCapacityPlanWhenTheEmbeddedSandboxIsLimited() throws Exception {
        // test-plans/capacity.jmx, the seed's flow, at TIME_SCALE 0.05: steps of 3 users ramped over 1.5 s
        // and held 6 s, at most 5; the embedded sandbox serves 4 API requests at once for 100 ms each
        Path dir = tmp.resolve("shipped");
        Path results = dir.resolve("kpi");
        JMeterRun.Result r = JMeterRun.shipped("capacity.jmx").workDir(dir)
                .property("TIME_SCALE", 0.05)
                .property("SEED", 42)
                .property("RESULTS_DIR", results)
                .property("CAPACITY_STEP_USERS", 3)
                .property("CAPACITY_MAX_STEPS", 5)
                .property("CAPACITY_WINDOW", "3s")
                .property("GRACEFUL_RAMP_DOWN", "200s")
                .property("SANDBOX_MAX_CONCURRENT_REQUESTS", 4)
                .property("SANDBOX_SERVICE_TIME_MS", 100)
                .run(Duration.ofMinutes(3));
        JsonNode capacity = json(results.resolve("capacity.json"));
        System.out.println("CapacityIT: shipped capacity plan: " + capacity.path("summary").asText());
        boolean found = capacity.path("found").asBoolean();
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(found ? 0 : 99);
        if (found) {
            assertThat(capacity.path("max_sustainable").path("users").asInt() % 3).isZero();
            assertThat(capacity.path("max_sustainable").path("requests_per_second").asDouble()).isPositive();
        }
        if (!capacity.path("broke").isNull()) {
            assertThat(capacity.path("stopped").asText()).startsWith("capacity search: stage ");
        }
        JsonNode report = json(results.resolve("kpi-report.json"));
        assertThat(report.path("stages").path("rows").size()).isPositive();
        assertThat(report.path("test_summary").path("samples").asLong()).as("no sample lost")
                .isEqualTo(r.jtlRows().size());
        assertThat(r.console()).contains("Stage by stage").contains("Capacity: ");
    }

    @Test
    void shouldReportTheRecoveryTimeOfTheSwitchWhenTheFaultEndsAfterTheSpike() throws Exception {
        // spike plan at TIME_SCALE 0.15: base 3 users 0-9 s, up 9-13.5 s, spike 18 users 13.5-22.5 s,
        // down 22.5-27 s, base 27-36 s. List Models answers 600 ms late from the spike's start until 5 s
        // after its end: p95<500 of the API requests breaks; the recovery is 5 s plus the last slow answers.
        double scale = 0.15;
        long faultOnMs = 9_000;
        long spikeEndMs = 22_500;
        long faultOffMs = spikeEndMs + 5_000;
        Path dir = tmp.resolve("recovery");
        Path results = dir.resolve("kpi");
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().timeFactor(scale).build())) {
            JMeterRun run = JMeterRun.shipped("spike.jmx").workDir(dir)
                    .property("BASE_URL", sandbox.baseUrl())
                    .property("TIME_SCALE", scale)
                    .property("SPIKE_BASE_USERS", 3)
                    .property("SPIKE_USERS", 18)
                    .property("SEED", 42)
                    .property("GRACEFUL_RAMP_DOWN", "60s")
                    .property("KPI_EXPRESSIONS", "recovery<20s")
                    .property("RESULTS_DIR", results);
            Files.createDirectories(dir);
            CompletableFuture<JMeterRun.Result> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return run.run(Duration.ofMinutes(3));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long groupStart = awaitGroupStart(dir.resolve("jmeter.log"), running);
            sleepUntil(groupStart + faultOnMs);
            faults(sandbox, "{\"latency_by_endpoint\":{\"GET /api/v1/models\":\"fixed:600\"}}");
            sleepUntil(groupStart + faultOffMs);
            faults(sandbox, "{\"latency_by_endpoint\":{}}");
            long off = System.currentTimeMillis();
            JMeterRun.Result r = running.get();

            JsonNode report = json(results.resolve("kpi-report.json"));
            JsonNode recovery = report.path("stages").path("recovery");
            assertThat(recovery.path("recovered").asBoolean()).as(recovery + "\n" + r.describe()).isTrue();
            assertThat(recovery.path("spike_stage").asInt()).isEqualTo(3);
            long started = Instant.parse(report.path("test_summary").path("started").asText()).toEpochMilli();
            double spikeEnd = started + recovery.path("spike_end_s").asDouble() * 1000;
            double expected = (off - spikeEnd) / 1000.0;
            double reported = recovery.path("recovery_s").asDouble();
            System.out.println("CapacityIT: recovery " + reported + " s, fault switched off " + expected
                    + " s after the spike's end");
            assertThat(reported).as("recovery vs the switch (%s s)\n%s", expected, recovery)
                    .isCloseTo(expected, within(2.0));
            JsonNode kpi = null;
            for (JsonNode k : report.path("kpis")) {
                if (k.path("name").asText().startsWith("recovery")) {
                    kpi = k;
                }
            }
            assertThat(kpi).as(report.path("kpis").toString()).isNotNull();
            assertThat(kpi.path("verdict").asText()).isEqualTo("PASS");
            assertThat(kpi.path("observed").asDouble()).isCloseTo(reported * 1000, within(1.0));
            assertThat(r.console()).contains("Recovery after the spike: ");
        }
    }

    /** When the Stage Thread Group started, from its log line (JMeter writes it as the group starts). */
    private static long awaitGroupStart(Path log, CompletableFuture<?> running) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !running.isDone()) {
            if (Files.exists(log)) {
                Matcher m = STAGE_START.matcher(Files.readString(log));
                if (m.find()) {
                    return LocalDateTime.parse(m.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant()
                            .toEpochMilli();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the Stage Thread Group did not start; log " + log);
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long wait;
        while ((wait = epochMs - System.currentTimeMillis()) > 0) {
            Thread.sleep(Math.min(wait, 200));
        }
    }

    /** Merges {@code json} into the sandbox's faults through its admin API, as a test harness does. */
    private static void faults(Sandbox sandbox, String json) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + "/__admin/faults"))
                .header("X-Admin-Token", sandbox.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
