package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.sandbox.SandboxClient.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every public endpoint's success and error answers, over real HTTP; run once per server library
 * ({@link SandboxApiTest} on Undertow, {@link SandboxApiJdkTest} on the JDK server).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SandboxApiContract {

    private Sandbox sandbox;
    private SandboxClient client;

    abstract SandboxConfig.Server server();

    @BeforeAll
    void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().server(server()).timeFactor(0.001).maxBodyBytes(4096).build());
        client = new SandboxClient(sandbox);
        assertThat(sandbox.server()).isEqualTo(server());
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    static void assertError(Answer a, int status, String code, String messagePart) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.header("Content-Type")).isEqualTo("application/json");
        JsonNode j = a.json();
        assertThat(j.path("error").asText()).isEqualTo(code);
        assertThat(j.path("message").asText()).contains(messagePart);
    }

    @Test
    void shouldBindLoopbackOnEphemeralPort() {
        assertThat(sandbox.port()).isPositive();
        assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port());
    }

    @Test
    void shouldAnswerHealthOk() {
        Answer a = client.get("/health");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void shouldIssueBearerTokenWhenPasswordMatches() {
        Answer a = client.post("/auth/login", "{\"username\":\"alice\",\"password\":\"test-password\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("token_type").asText()).isEqualTo("bearer");
        assertThat(a.json().path("expires_in").asLong()).isEqualTo(3600);
        assertThat(a.json().path("access_token").asText()).hasSize(32);
    }

    @Test
    void shouldRejectLoginWhenPasswordIsWrong() {
        assertError(client.post("/auth/login", "{\"username\":\"alice\",\"password\":\"nope\"}"),
                401, "invalid_credentials", "wrong username or password");
    }

    @Test
    void shouldRejectLoginWhenBodyIsMalformed() {
        assertError(client.post("/auth/login", "{\"username\":"), 400, "invalid_request", "not valid JSON");
        assertError(client.post("/auth/login", "[1,2]"), 400, "invalid_request", "must be a JSON object");
        assertError(client.post("/auth/login", ""), 400, "invalid_request", "body is empty");
        assertError(client.post("/auth/login", "{\"password\":\"test-password\"}"), 400, "invalid_request",
                "field 'username' is required");
        assertError(client.post("/auth/login", "{\"username\":7,\"password\":\"test-password\"}"), 400,
                "invalid_request", "field 'username' must be a string");
        assertError(client.post("/auth/login", "{\"username\":\"bob\"}"), 400, "invalid_request",
                "field 'password' is required");
    }

    @Test
    void shouldRevokeTokenOnLogout() {
        String token = client.login("alice");
        assertThat(client.get("/api/v1/profile", token).status()).isEqualTo(200);
        assertThat(client.post("/auth/logout", null, token).status()).isEqualTo(200);
        assertError(client.get("/api/v1/profile", token), 401, "unauthorized", "invalid or revoked token");
        assertError(client.post("/auth/logout", null, token), 401, "unauthorized", "invalid or revoked token");
    }

    @Test
    void shouldRequireBearerTokenOnEveryProtectedEndpoint() {
        List<String[]> protectedCalls = List.of(
                new String[] {"POST", "/auth/logout"}, new String[] {"GET", "/api/v1/profile"},
                new String[] {"GET", "/api/v1/models"}, new String[] {"GET", "/api/v1/models/gpt-4"},
                new String[] {"POST", "/api/v1/evaluate"}, new String[] {"GET", "/api/v1/jobs/job_x"},
                new String[] {"GET", "/api/v1/jobs/job_x/results"}, new String[] {"GET", "/api/v1/dashboard"},
                new String[] {"GET", "/api/v1/datasets"}, new String[] {"POST", "/api/v1/datasets"},
                new String[] {"GET", "/api/v1/benchmarks"}, new String[] {"POST", "/api/v1/benchmarks"},
                new String[] {"GET", "/api/v1/compare?models=gpt-4,claude-3-opus"},
                new String[] {"GET", "/api/v1/export?format=json"});
        for (String[] c : protectedCalls) {
            Answer missing = client.send(c[0], c[1], c[0].equals("POST") ? "{}" : null, null);
            assertError(missing, 401, "unauthorized", "missing bearer token");
            assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertError(client.send(c[0], c[1], c[0].equals("POST") ? "{}" : null, "forged-token"),
                    401, "unauthorized", "invalid or revoked token");
        }
        assertThat(sandbox.counters().count("GET /api/v1/dashboard", "401")).isEqualTo(2);
    }

    @Test
    void shouldServeStatusWithoutToken() {
        String token = client.login("alice");
        client.submit(token, 1, 100);
        JsonNode s = client.get("/api/v1/status").json();
        assertThat(s.path("status").asText()).isEqualTo("ok");
        assertThat(s.path("jobs").path("submitted").asLong()).isEqualTo(1);
        assertThat(s.path("workers").asInt()).isEqualTo(64);
        assertThat(s.path("queue_capacity").asInt()).isEqualTo(10_000);
        assertThat(s.has("uptime_s")).isTrue();
        assertThat(s.has("queue_depth")).isTrue();
        assertThat(s.has("running_jobs")).isTrue();
        // login and submit were counted before status was answered
        assertThat(s.path("requests_total").asLong()).isEqualTo(2);
    }

    @Test
    void shouldShowProfileOfTokenOwner() {
        String token = client.login("carol");
        JsonNode p = client.get("/api/v1/profile", token).json();
        assertThat(p.path("username").asText()).isEqualTo("carol");
        assertThat(p.path("logins").asLong()).isEqualTo(1);
    }

    @Test
    void shouldListTheSeedModels() {
        String token = client.login("alice");
        JsonNode m = client.get("/api/v1/models", token).json();
        List<String> ids = new ArrayList<>();
        m.path("models").forEach(x -> ids.add(x.path("id").asText()));
        assertThat(ids).containsExactly("gpt-4", "gpt-3.5-turbo", "claude-3-opus", "claude-3-sonnet");
        assertThat(m.path("count").asInt()).isEqualTo(4);
    }

    @Test
    void shouldAnswerOneModelOr404() {
        String token = client.login("alice");
        Answer a = client.get("/api/v1/models/claude-3-opus", token);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("provider").asText()).isEqualTo("anthropic");
        assertThat(a.json().path("reference_scores").size()).isEqualTo(4);
        assertError(client.get("/api/v1/models/gpt-5", token), 404, "not_found", "unknown model 'gpt-5'");
    }

    @Test
    void shouldAcceptValidEvaluationWith202() {
        String token = client.login("alice");
        Answer a = client.post("/api/v1/evaluate", SandboxClient.evalBody("gpt-4", "humaneval", 3, 200), token);
        assertThat(a.status()).isEqualTo(202);
        assertThat(a.json().path("status").asText()).isEqualTo("queued");
        assertThat(a.json().path("job_id").asText()).startsWith("job_");
        assertThat(a.header("Location")).isEqualTo("/api/v1/jobs/" + a.json().path("job_id").asText());
    }

    @Test
    void shouldRejectInvalidEvaluationNamingTheField() {
        String t = client.login("alice");
        String ok = "\"model\":\"gpt-4\",\"benchmark\":\"mmlu\",\"prompts\":[\"p\"]";
        assertError(client.post("/api/v1/evaluate", "{\"model\":\"gpt-9\",\"benchmark\":\"mmlu\",\"prompts\":[\"p\"]}", t),
                400, "invalid_request", "field 'model': unknown model 'gpt-9'");
        assertError(client.post("/api/v1/evaluate", "{\"model\":\"gpt-4\",\"benchmark\":\"gsm8k\",\"prompts\":[\"p\"]}", t),
                400, "invalid_request", "field 'benchmark': unknown benchmark 'gsm8k'");
        assertError(client.post("/api/v1/evaluate", "{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\"}", t),
                400, "invalid_request", "field 'prompts' is required");
        assertError(client.post("/api/v1/evaluate", "{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\",\"prompts\":[]}", t),
                400, "invalid_request", "field 'prompts' must not be empty");
        assertError(client.post("/api/v1/evaluate", "{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\",\"prompts\":\"p\"}", t),
                400, "invalid_request", "field 'prompts' must be an array");
        assertError(client.post("/api/v1/evaluate", "{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\",\"prompts\":[\"a\",3]}", t),
                400, "invalid_request", "field 'prompts[1]' must be a non-empty string");
        assertError(client.post("/api/v1/evaluate", "{" + ok + ",\"config\":{\"temperature\":2.5}}", t),
                400, "invalid_request", "field 'config.temperature' must be between 0 and 2, got 2.5");
        assertError(client.post("/api/v1/evaluate", "{" + ok + ",\"config\":{\"temperature\":\"hot\"}}", t),
                400, "invalid_request", "field 'config.temperature' must be a number");
        assertError(client.post("/api/v1/evaluate", "{" + ok + ",\"config\":{\"max_tokens\":0}}", t),
                400, "invalid_request", "field 'config.max_tokens' must be between 1 and 100000, got 0");
        assertError(client.post("/api/v1/evaluate", "{" + ok + ",\"config\":{\"max_tokens\":\"many\"}}", t),
                400, "invalid_request", "field 'config.max_tokens' must be an integer");
        assertError(client.post("/api/v1/evaluate", "{" + ok + ",\"config\":{\"timeout\":0}}", t),
                400, "invalid_request", "field 'config.timeout' must be between 1 and 86400");
        assertError(client.post("/api/v1/evaluate", "{" + ok + ",\"config\":[1]}", t),
                400, "invalid_request", "field 'config' must be an object");
        assertError(client.post("/api/v1/evaluate", "{" + ok + ",\"config\":{\"temperature\":", t),
                400, "invalid_request", "not valid JSON");
        assertThat(sandbox.counters().count("POST /api/v1/evaluate", "400")).isEqualTo(13);
        assertThat(client.get("/api/v1/status").json().path("jobs").path("submitted").asLong()).isZero();
    }

    @Test
    void shouldAnswer413WhenBodyExceedsLimit() {
        String t = client.login("alice");
        String huge = "{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\",\"prompts\":[\"" + "x".repeat(5000) + "\"]}";
        assertError(client.post("/api/v1/evaluate", huge, t), 413, "payload_too_large", "larger than 4096 bytes");
        assertError(client.post("/auth/login", huge), 413, "payload_too_large", "4096");
        // the server is still fine afterwards
        assertThat(client.get("/health").status()).isEqualTo(200);
        assertThat(sandbox.counters().count("POST /api/v1/evaluate", "413")).isEqualTo(1);
    }

    @Test
    void shouldHideOtherUsersJobsAs404() throws Exception {
        String alice = client.login("alice");
        String bob = client.login("bob");
        String job = client.submit(alice, 1, 100);
        client.awaitFinished(alice, job, Duration.ofSeconds(10));
        assertError(client.get("/api/v1/jobs/" + job, bob), 404, "not_found", "no job '" + job + "'");
        assertError(client.get("/api/v1/jobs/" + job + "/results", bob), 404, "not_found", "no job");
        assertThat(client.get("/api/v1/jobs/" + job, alice).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/jobs/" + job + "/results", alice).status()).isEqualTo(200);
        assertError(client.get("/api/v1/jobs/job_unknown", alice), 404, "not_found", "no job 'job_unknown'");
    }

    @Test
    void shouldAnswerResultsWithScoresAndPerPromptEntries() throws Exception {
        String t = client.login("alice");
        String job = client.submit(t, 4, 300);
        client.awaitFinished(t, job, Duration.ofSeconds(10));
        JsonNode r = client.get("/api/v1/jobs/" + job + "/results", t).json();
        assertThat(r.path("status").asText()).isEqualTo("completed");
        assertThat(r.path("results").size()).isEqualTo(4);
        assertThat(r.path("prompts_evaluated").asInt()).isEqualTo(4);
        assertThat(r.path("metric").asText()).isEqualTo("accuracy");
        double score = r.path("score").asDouble();
        assertThat(score).isBetween(0.0, 1.0);
        assertThat(r.path("scores").path("accuracy").asDouble()).isEqualTo(score);
        for (JsonNode p : r.path("results")) {
            assertThat(p.path("output_tokens").asInt()).isBetween(1, 300);
            assertThat(p.path("prompt_chars").asInt()).isEqualTo(8);
        }
        // same job, same answer
        assertThat(client.get("/api/v1/jobs/" + job + "/results", t).json()).isEqualTo(r);
    }

    @Test
    void shouldAnswerDashboardWithRecentJobsAndTotals() throws Exception {
        String t = client.login("dave");
        String j1 = client.submit(t, 1, 100);
        String j2 = client.submit(t, 1, 100);
        client.awaitFinished(t, j1, Duration.ofSeconds(10));
        client.awaitFinished(t, j2, Duration.ofSeconds(10));
        JsonNode d = client.get("/api/v1/dashboard", t).json();
        assertThat(d.path("username").asText()).isEqualTo("dave");
        assertThat(d.path("recent_jobs").size()).isEqualTo(2);
        assertThat(d.path("recent_jobs").get(0).path("job_id").asText()).isEqualTo(j2);
        assertThat(d.path("totals").path("submitted").asInt()).isEqualTo(2);
        assertThat(d.path("totals").path("completed").asInt()).isEqualTo(2);
        assertThat(d.path("average_score").isNumber()).isTrue();
        assertThat(client.get("/api/v1/dashboard", client.login("erin")).json().path("recent_jobs").size()).isZero();
    }

    @Test
    void shouldCreateAndListDatasets() {
        String t = client.login("alice");
        Answer c = client.post("/api/v1/datasets", "{\"name\":\"qa-set\",\"items\":[{\"q\":1},{\"q\":2}]}", t);
        assertThat(c.status()).isEqualTo(201);
        assertThat(c.json().path("item_count").asInt()).isEqualTo(2);
        assertThat(c.json().path("dataset_id").asText()).startsWith("ds_");
        assertThat(client.get("/api/v1/datasets", t).json().path("count").asInt()).isEqualTo(1);
        assertError(client.post("/api/v1/datasets", "{\"items\":[]}", t), 400, "invalid_request", "field 'name' is required");
        assertError(client.post("/api/v1/datasets", "{\"name\":\"x\",\"items\":5}", t), 400, "invalid_request",
                "field 'items' must be an array");
    }

    @Test
    void shouldCreateBenchmarkThatEvaluateAccepts() {
        String t = client.login("alice");
        Answer c = client.post("/api/v1/benchmarks", "{\"name\":\"my-bench\",\"metric\":\"f1\"}", t);
        assertThat(c.status()).isEqualTo(201);
        assertThat(c.json().path("benchmark_id").asText()).startsWith("bm_");
        assertThat(client.get("/api/v1/benchmarks", t).json().path("count").asInt()).isEqualTo(5);
        assertThat(client.post("/api/v1/evaluate", SandboxClient.evalBody("gpt-4", "my-bench", 1, 100), t).status())
                .isEqualTo(202);
        // another user does not see it
        String other = client.login("bob");
        assertThat(client.post("/api/v1/evaluate", SandboxClient.evalBody("gpt-4", "my-bench", 1, 100), other).status())
                .isEqualTo(400);
        assertError(client.post("/api/v1/benchmarks", "{\"name\":\"mmlu\"}", t), 400, "invalid_request", "built-in");
        assertError(client.post("/api/v1/benchmarks", "{\"name\":\"a b\"}", t), 400, "invalid_request", "field 'name'");
    }

    @Test
    void shouldCompareModelsOrNameTheBadParameter() {
        String t = client.login("alice");
        JsonNode c = client.get("/api/v1/compare?models=gpt-4,claude-3-opus", t).json();
        assertThat(c.path("benchmarks").path("mmlu").path("gpt-4").asDouble()).isEqualTo(0.86);
        assertThat(c.path("best_overall").asText()).isEqualTo("claude-3-opus");
        assertError(client.get("/api/v1/compare?models=gpt-4", t), 400, "invalid_request", "at least two");
        assertError(client.get("/api/v1/compare", t), 400, "invalid_request", "'models' is required");
        assertError(client.get("/api/v1/compare?models=gpt-4,nope", t), 400, "invalid_request", "unknown model 'nope'");
    }

    @Test
    void shouldExportJobsAsJsonOrCsv() throws Exception {
        String t = client.login("alice");
        String job = client.submit(t, 1, 100);
        client.awaitFinished(t, job, Duration.ofSeconds(10));
        JsonNode j = client.get("/api/v1/export?format=json", t).json();
        assertThat(j.path("count").asInt()).isEqualTo(1);
        Answer csv = client.get("/api/v1/export?format=csv", t);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body().split("\n")).hasSize(2);
        assertThat(csv.body().split("\n")[1]).startsWith(job + ",completed,gpt-4,mmlu,1,100,");
        assertError(client.get("/api/v1/export?format=xml", t), 400, "invalid_request", "'format' must be json or csv");
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsWithJsonErrors() {
        assertError(client.get("/api/v2/nothing"), 404, "not_found", "no endpoint GET /api/v2/nothing");
        Answer a = client.send("PUT", "/api/v1/models", "{}", null);
        assertError(a, 405, "method_not_allowed", "PUT is not allowed on /api/v1/models");
        assertThat(a.header("Allow")).isEqualTo("GET");
        assertError(client.send("DELETE", "/api/v1/datasets", null, null), 405, "method_not_allowed", "GET, POST");
        assertError(client.send("BREW", "/health", null, null), 405, "method_not_allowed", "allowed: GET");
        assertThat(sandbox.counters().count(Route.UNMATCHED, "404")).isEqualTo(1);
        assertThat(sandbox.counters().count("PUT /api/v1/models", "405")).isEqualTo(1);
        assertThat(sandbox.counters().count("OTHER /health", "405")).isEqualTo(1);
    }
}
