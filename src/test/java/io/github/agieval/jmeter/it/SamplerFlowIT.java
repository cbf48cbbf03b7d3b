package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.sandbox.Latency;
import io.github.agieval.jmeter.sandbox.Sandbox;
import io.github.agieval.jmeter.sandbox.SandboxConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real .jmx plans made of the API samplers, run headless by stock JMeter 5.6.3 against the
 * embedded sandbox started in this JVM: the seed's user journey per user, token expiry mid-run,
 * the API's error answers, HTTP Request Defaults and a Header Manager taking effect, and a JTL
 * saved with every field in which no secret appears.
 */
class SamplerFlowIT {

    private static final List<String> FLOW_LABELS = List.of("Login", "Health", "List Models", "Get Model", "Profile",
            "Submit Evaluation", "Job Results", "Dashboard", "Logout");

    /**
     * The flow plan against {@code sandbox}. The password goes in a properties file given with
     * {@code -q}, as a user should pass secrets: JMeter itself logs every {@code -J} value.
     */
    private static JMeterRun flowRun(Sandbox sandbox, String password, Path dir) throws java.io.IOException {
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "PASSWORD=" + password + "\n");
        return JMeterRun.testPlan("plans/sampler-flow.jmx")
                .property("BASE_URL_HOST", "127.0.0.1")
                .property("BASE_URL_PORT", sandbox.port())
                .property("POLL_MS", 20)
                .args("-q", secrets.toString())
                .workDir(dir);
    }

    private static JsonNode admin(Sandbox sandbox, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__admin" + path))
                        .header("X-Admin-Token", sandbox.adminToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return Json.parse(r.body());
    }

    @Test
    void shouldRunSeedFlowForEveryUserThroughDefaultsWithoutFailure(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.01).build())) {
            JMeterRun.Result run = flowRun(sandbox, "test-password", dir)
                    .property("USERS", 3)
                    .property("LOOPS", 2)
                    .dashboard(true)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            for (String label : FLOW_LABELS) {
                assertThat(jtl.withLabel(label)).as(label + "\n" + run.describe()).hasSize(6)
                        .allSatisfy(r -> assertThat(r.get("success")).as(label + ": " + r.get("failureMessage"))
                                .isEqualTo("true"));
            }
            List<Map<String, String>> polls = jtl.withLabel("Job Status");
            assertThat(polls).hasSizeGreaterThanOrEqualTo(6).allMatch(r -> "true".equals(r.get("success")));
            assertThat(jtl.labels()).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.Stream.concat(FLOW_LABELS.stream(), java.util.stream.Stream.of("Job Status")).toList());
            assertThat(jtl.withLabel("Submit Evaluation")).allMatch(r -> "202".equals(r.get("responseCode")));
            assertThat(jtl.withLabel("Get Model")).allSatisfy(r -> assertThat(r.get("URL"))
                    .isEqualTo(sandbox.baseUrl() + "/api/v1/models/gpt-4"));
            assertThat(polls).allSatisfy(r -> assertThat(r.get("URL")).startsWith(sandbox.baseUrl() + "/api/v1/jobs/"));
            assertThat(jtl.rows()).allSatisfy(r -> {
                assertThat(Long.parseLong(r.get("bytes"))).isPositive();
                assertThat(Long.parseLong(r.get("Latency"))).isGreaterThanOrEqualTo(0);
            });

            // the server saw exactly what JMeter recorded
            assertThat(sandbox.counters().count("POST /auth/login", "200")).isEqualTo(6);
            assertThat(sandbox.counters().count("POST /api/v1/evaluate", "202")).isEqualTo(6);
            assertThat(sandbox.counters().count("GET /api/v1/jobs/{id}", "200")).isEqualTo(polls.size());
            assertThat(sandbox.counters().count("GET /api/v1/jobs/{id}/results", "200")).isEqualTo(6);
            JsonNode jobs = admin(sandbox, "/jobs");
            assertThat(jobs.get("count").asInt()).isEqualTo(6);
            Map<String, Long> byOwner = new TreeMap<>();
            jobs.get("jobs").forEach(j -> {
                byOwner.merge(j.get("owner").asText(), 1L, Long::sum);
                assertThat(j.get("status").asText()).isEqualTo("completed");
            });
            assertThat(byOwner).isEqualTo(Map.of("user_1", 2L, "user_2", 2L, "user_3", 2L));

            // JMeter's HTML dashboard reads the samplers' results like any other
            JsonNode stats = Json.parse(Files.readString(run.dashboard().resolve("statistics.json")));
            assertThat(stats.get("Submit Evaluation").get("sampleCount").asInt()).isEqualTo(6);
            assertThat(stats.get("Submit Evaluation").get("errorCount").asInt()).isZero();
            assertThat(stats.get("Total").get("errorCount").asInt()).isZero();
        }
    }

    @Test
    void shouldReloginOnceWhenTokenExpiresAndKeepSecretsOutOfEverySavedField(@TempDir Path dir) throws Exception {
        String password = "pw-It-Secret-9f3";
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.01).password(password)
                .tokenLifetime(Duration.ofSeconds(4)).build())) {
            JMeterRun run = flowRun(sandbox, password, dir)
                    .property("USERS", 2)
                    .property("LOOPS", 1)
                    .property("THINK_MS", 4200)
                    .property("RUN_ID", "it-secret-run");
            for (String field : List.of("output_format=xml", "assertion_results_failure_message=true",
                    "assertion_results=all", "data_type=true", "label=true", "response_code=true", "response_data=true",
                    "response_data.on_error=true", "response_message=true", "successful=true", "thread_name=true",
                    "time=true", "subresults=true", "assertions=true", "latency=true", "connect_time=true",
                    "samplerData=true", "responseHeaders=true", "requestHeaders=true", "encoding=true", "bytes=true",
                    "sent_bytes=true", "url=true", "filename=true", "hostname=true", "thread_counts=true",
                    "sample_count=true", "idle_time=true")) {
                String[] kv = field.split("=", 2);
                run.property("jmeter.save.saveservice." + kv[0], kv[1]);
            }
            JMeterRun.Result result = run.run(Duration.ofMinutes(2));

            assertThat(result.exitCode()).as(result.describe()).isZero();
            String xml = Files.readString(result.jtl(), StandardCharsets.UTF_8);
            String text = xml.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                    .replace("&#xd;", "\r").replace("&#xa;", "\n");

            // the re-login is visible, once per user, as its own sub-sample
            Map<String, Long> labels = count(Pattern.compile(" lb=\"([^\"]*)\""), xml);
            assertThat(labels).as(result.describe()).containsEntry("Login (re-login)", 2L)
                    .containsEntry("Dashboard (token expired)", 2L).containsEntry("Dashboard (retry)", 2L)
                    .containsEntry("Dashboard", 2L).containsEntry("Login", 2L);
            assertThat(labels.keySet().stream().filter(l -> l.endsWith("(token expired)")).toList())
                    .containsExactly("Dashboard (token expired)");
            assertThat(count(Pattern.compile(" lb=\"Dashboard \\(token expired\\)\" rc=\"(\\d+)\""), xml))
                    .isEqualTo(Map.of("401", 2L));
            assertThat(count(Pattern.compile(" s=\"(true|false)\" lb=\"Dashboard\""), xml))
                    .isEqualTo(Map.of("true", 2L));
            assertThat(sandbox.counters().count("POST /auth/login", "200")).isEqualTo(4);
            assertThat(sandbox.counters().count("GET /api/v1/dashboard", "401")).isEqualTo(2);
            assertThat(sandbox.counters().count("GET /api/v1/dashboard", "200")).isEqualTo(2);
            assertThat(sandbox.counters().count("POST /auth/logout", "401")).isZero();

            // everything was saved: headers, bodies, sampler data, and the Header Manager's header was sent
            assertThat(text).contains("Authorization: Bearer ***").contains("\"password\":\"***\"")
                    .contains("\"access_token\":\"***\"").contains("X-Test-Run: it-secret-run");
            // and no secret is in it, nor in the log or the console
            for (String where : List.of(text, result.logText(), result.console())) {
                assertThat(where).doesNotContain(password);
                assertThat(Pattern.compile("Bearer (?!\\*\\*\\*)").matcher(where).find()).as("a bearer token").isFalse();
                assertThat(Pattern.compile("\"access_token\"\\s*:\\s*\"(?!\\*\\*\\*)").matcher(where).find())
                        .as("an access token").isFalse();
            }
        }
    }

    @Test
    void shouldTurnApiErrorAnswersIntoFailedSamplesWithPreciseMessages(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).timeFactor(0.5).workers(1)
                .queueCapacity(1).unhealthy(true).faults(f -> f.errorRate("GET /api/v1/dashboard", 1.0)
                        .latency("GET /api/v1/profile", Latency.fixed(3000))).build())) {
            JMeterRun.Result run = JMeterRun.testPlan("plans/sampler-faults.jmx")
                    .property("BASE_URL_HOST", "127.0.0.1")
                    .property("BASE_URL_PORT", sandbox.port())
                    .property("FLOOD", 6)
                    .property("RESPONSE_TIMEOUT_MS", 800)
                    .workDir(dir)
                    .run(Duration.ofMinutes(2));

            assertThat(run.exitCode()).as(run.describe()).isZero();
            Jtl jtl = run.jtlRows();
            assertFailed(jtl, "Login wrong password", "401", "expected 200, got 401: ");
            assertThat(one(jtl, "Login").get("success")).isEqualTo("true");
            assertFailed(jtl, "Health", "503", "expected 200, got 503");
            assertFailed(jtl, "Job Status unknown job", "404", "expected 200, got 404: ");
            assertThat(one(jtl, "Submit Evaluation").get("responseCode")).isEqualTo("202");
            assertFailed(jtl, "Job Results early", "409", "expected 200, got 409: ");
            List<Map<String, String>> flood = jtl.withLabel("Submit Evaluation flood");
            assertThat(flood).hasSize(6);
            Map<String, Long> codes = flood.stream().collect(Collectors.groupingBy(r -> r.get("responseCode"),
                    Collectors.counting()));
            assertThat(codes).as(run.describe()).isEqualTo(Map.of("202", 1L, "429", 5L));
            assertThat(flood).filteredOn(r -> "429".equals(r.get("responseCode"))).allSatisfy(r -> {
                assertThat(r.get("success")).isEqualTo("false");
                assertThat(r.get("failureMessage")).matches("expected 202, got 429: queue_full: .+ \\(Retry-After: \\d+\\)");
            });
            Map<String, String> dashboard = one(jtl, "Dashboard");
            assertThat(dashboard.get("success")).isEqualTo("false");
            assertThat(dashboard.get("responseCode")).startsWith("5");
            assertThat(dashboard.get("failureMessage")).startsWith("expected 200, got " + dashboard.get("responseCode"));
            // the response time-out of HTTP Request Defaults applies, as for HTTP Request
            Map<String, String> slow = one(jtl, "Profile slow");
            assertThat(slow.get("responseCode")).isEqualTo("Non HTTP response code: java.net.SocketTimeoutException");
            assertThat(slow.get("failureMessage"))
                    .isEqualTo("expected 200, got no HTTP answer: Non HTTP response message: Read timed out");
            assertThat(Long.parseLong(slow.get("elapsed"))).isBetween(800L, 2900L);
            assertThat(one(jtl, "Logout").get("success")).isEqualTo("true");
            assertFailed(jtl, "List Models after logout", "401", "expected 200, got 401: ");
            assertThat(one(jtl, "List Models after logout").get("failureMessage"))
                    .endsWith("(no auth session for this user: no successful Login before this sampler)");
            assertThat(jtl.size()).isEqualTo(16);
        }
    }

    private static Map<String, String> one(Jtl jtl, String label) {
        List<Map<String, String>> rows = jtl.withLabel(label);
        assertThat(rows).as(label).hasSize(1);
        return rows.get(0);
    }

    private static void assertFailed(Jtl jtl, String label, String code, String messagePrefix) {
        Map<String, String> row = one(jtl, label);
        assertThat(row.get("success")).as(label).isEqualTo("false");
        assertThat(row.get("responseCode")).as(label).isEqualTo(code);
        assertThat(row.get("failureMessage")).as(label).startsWith(messagePrefix);
    }

    private static Map<String, Long> count(Pattern p, String text) {
        Map<String, Long> m = new HashMap<>();
        Matcher matcher = p.matcher(text);
        while (matcher.find()) {
            m.merge(matcher.group(1), 1L, Long::sum);
        }
        return m;
    }

}
