package io.github.agieval.jmeter.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.sampler.ApiStub.Answer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.protocol.http.control.Header;
import org.apache.jmeter.protocol.http.control.HeaderManager;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterVariables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The samplers in-process against a scripted server on 127.0.0.1: what they send, how they judge
 * the answer, what they export, the re-login on 401, and that no secret stays in a result.
 */
class ApiSamplerTest {

    private static final String PASSWORD = "s3cret-pw";

    private ApiStub stub;
    private JMeterVariables vars;
    private final AtomicInteger logins = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        vars = JMeterSupport.freshVariables();
        stub = new ApiStub();
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    private <T extends ApiSampler> T configure(T sampler, String name) {
        sampler.setName(name);
        sampler.setProtocol("http");
        sampler.setDomain("127.0.0.1");
        sampler.setPort(stub.port());
        return sampler;
    }

    private LoginSampler login() {
        LoginSampler s = configure(new LoginSampler(), "Login");
        s.setUsername("alice");
        s.setPassword(PASSWORD);
        return s;
    }

    /** Login answers tok-1, tok-2, ...; other endpoints answer by {@code api}. */
    private void serve(java.util.function.Function<ApiStub.Request, Answer> api) {
        stub.answer(r -> {
            if (r.path().endsWith("/auth/login")) {
                if (!r.body().contains(PASSWORD)) {
                    return Answer.json(401, "{\"error\":\"invalid_credentials\",\"message\":\"Bad username or password\"}");
                }
                return Answer.json(200, "{\"access_token\":\"tok-" + logins.incrementAndGet()
                        + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
            }
            return api.apply(r);
        });
    }

    private static String failure(SampleResult r) {
        return Arrays.stream(r.getAssertionResults()).filter(AssertionResult::isFailure)
                .map(AssertionResult::getFailureMessage).collect(Collectors.joining(" | "));
    }

    /** Everything a JTL could keep of a result and its sub-results. */
    private static String everything(SampleResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.getSampleLabel()).append('\n').append(r.getSamplerData()).append('\n')
                .append(r.getRequestHeaders()).append('\n').append(r.getResponseHeaders()).append('\n')
                .append(r.getResponseDataAsString()).append('\n').append(r.getUrlAsString()).append('\n')
                .append(r.getResponseMessage()).append('\n').append(failure(r)).append('\n');
        for (SampleResult sub : r.getSubResults()) {
            sb.append(everything(sub));
        }
        return sb.toString();
    }

    @Test
    void shouldPostCredentialsAsJsonAndStartSessionWithoutKeepingSecretsInResult() {
        serve(r -> Answer.json(404, null));

        SampleResult res = login().sample();

        assertThat(res.isSuccessful()).as(failure(res)).isTrue();
        assertThat(res.getSampleLabel()).isEqualTo("Login");
        assertThat(res.getResponseCode()).isEqualTo("200");
        ApiStub.Request sent = stub.requests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/auth/login");
        assertThat(sent.body()).isEqualTo("{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("Authorization")).isNull();
        AuthSession session = AuthSession.of(vars);
        assertThat(session).isNotNull();
        assertThat(session.token()).isEqualTo("tok-1");
        assertThat(session.username()).isEqualTo("alice");
        assertThat(session.toString()).doesNotContain("tok-1").doesNotContain(PASSWORD);
        assertThat(everything(res)).doesNotContain(PASSWORD).doesNotContain("tok-1")
                .contains("\"password\":\"***\"").contains("\"access_token\":\"***\"");
        assertThat(res.getBytesAsLong()).isGreaterThan(60);
    }

    @Test
    void shouldFailLoginWithApiMessageAndEndPreviousSession() {
        serve(r -> Answer.json(404, null));
        login().sample();
        LoginSampler wrong = login();
        wrong.setPassword("nope");

        SampleResult res = wrong.sample();

        assertThat(res.isSuccessful()).isFalse();
        assertThat(failure(res)).isEqualTo("expected 200, got 401: invalid_credentials: Bad username or password");
        assertThat(AuthSession.of(vars)).isNull();
    }

    @Test
    void shouldSubmitBodyWithBearerTokenAndExportJobVariables() {
        serve(r -> Answer.json(202, "{\"job_id\":\"job-42\",\"status\":\"queued\"}"));
        login().sample();
        SubmitEvaluationSampler submit = configure(new SubmitEvaluationSampler(), "Submit Evaluation");
        submit.setProperty(SubmitEvaluationSampler.BODY, "{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\",\"prompts\":[\"p\"]}");

        SampleResult res = submit.sample();

        assertThat(res.isSuccessful()).as(failure(res)).isTrue();
        assertThat(res.getSampleLabel()).isEqualTo("Submit Evaluation");
        ApiStub.Request sent = stub.requests.get(1);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/api/v1/evaluate");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(sent.header("Accept")).isEqualTo("application/json");
        assertThat(sent.body()).isEqualTo("{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\",\"prompts\":[\"p\"]}");
        assertThat(vars.get("job_id")).isEqualTo("job-42");
        assertThat(vars.get("job_status")).isEqualTo("queued");
        assertThat(vars.get("job_submitted_at")).isEqualTo(Long.toString(res.getStartTime()));
        assertThat(res.getRequestHeaders()).contains("Authorization: Bearer ***").doesNotContain("tok-1");
    }

    @Test
    void shouldComposeBodyFromFieldsAndExportUnderConfiguredNames() {
        serve(r -> Answer.json(202, "{\"job_id\":\"j7\",\"status\":\"queued\"}"));
        login().sample();
        SubmitEvaluationSampler submit = configure(new SubmitEvaluationSampler(), "Submit");
        submit.setProperty(SubmitEvaluationSampler.BODY_MODE, SubmitEvaluationSampler.MODE_FIELDS);
        submit.setProperty(SubmitEvaluationSampler.MODEL, "claude-3-opus");
        submit.setProperty(SubmitEvaluationSampler.BENCHMARK, "humaneval");
        submit.setProperty(SubmitEvaluationSampler.PROMPTS, "first \"quoted\"\n\n  second  \r\nthird");
        submit.setProperty(SubmitEvaluationSampler.TEMPERATURE, "0.2");
        submit.setProperty(SubmitEvaluationSampler.MAX_TOKENS, "150");
        submit.setProperty(SubmitEvaluationSampler.TIMEOUT, "60");
        submit.setProperty(SubmitEvaluationSampler.JOB_ID_VAR, "my_job");
        submit.setProperty(SubmitEvaluationSampler.STATUS_VAR, "my_status");
        submit.setProperty(SubmitEvaluationSampler.SUBMITTED_AT_VAR, "my_at");

        SampleResult res = submit.sample();

        assertThat(res.isSuccessful()).as(failure(res)).isTrue();
        assertThat(stub.requests.get(1).body()).isEqualTo("{\"model\":\"claude-3-opus\",\"benchmark\":\"humaneval\","
                + "\"prompts\":[\"first \\\"quoted\\\"\",\"second\",\"third\"],"
                + "\"config\":{\"temperature\":0.2,\"max_tokens\":150,\"timeout\":60}}");
        assertThat(vars.get("my_job")).isEqualTo("j7");
        assertThat(vars.get("my_status")).isEqualTo("queued");
        assertThat(vars.get("my_at")).isEqualTo(Long.toString(res.getStartTime()));
        assertThat(vars.get("job_id")).isNull();
    }

    @Test
    void shouldFailSubmitWithoutJobIdAndClearJobVariables() {
        serve(r -> Answer.json(202, "{\"status\":\"queued\"}"));
        login().sample();
        vars.put("job_id", "old-job");
        SubmitEvaluationSampler submit = configure(new SubmitEvaluationSampler(), "Submit");
        submit.setProperty(SubmitEvaluationSampler.BODY, "{}");

        SampleResult res = submit.sample();

        assertThat(res.isSuccessful()).isFalse();
        assertThat(res.getResponseCode()).isEqualTo("202");
        assertThat(failure(res)).isEqualTo("202 without job_id in the body");
        assertThat(vars.get("job_id")).isEmpty();
        assertThat(vars.get("job_status")).isEmpty();
    }

    @Test
    void shouldTurnQueueFullAnswerIntoFailureWithErrorMessageAndRetryAfter() {
        serve(r -> new Answer(429, "{\"error\":\"queue_full\",\"message\":\"The evaluation queue is full\"}",
                Map.of("Retry-After", "3")));
        login().sample();
        SubmitEvaluationSampler submit = configure(new SubmitEvaluationSampler(), "Submit");
        submit.setProperty(SubmitEvaluationSampler.BODY, "{}");

        SampleResult res = submit.sample();

        assertThat(res.isSuccessful()).isFalse();
        assertThat(res.getResponseCode()).isEqualTo("429");
        assertThat(failure(res)).isEqualTo("expected 202, got 429: queue_full: The evaluation queue is full (Retry-After: 3)");
    }

    @Test
    void shouldFailWithoutRequestWhenBodyVariableIsUnset() {
        serve(r -> Answer.json(202, "{}"));
        SubmitEvaluationSampler submit = configure(new SubmitEvaluationSampler(), "Submit");
        submit.setProperty(SubmitEvaluationSampler.BODY, "${eval_request}");

        SampleResult res = submit.sample();

        assertThat(res.isSuccessful()).isFalse();
        assertThat(res.getResponseCode()).isEqualTo("Configuration error");
        assertThat(failure(res)).startsWith("Submit: property AgiSubmit.body (Request body) is '${eval_request}'");
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void shouldExportKnownStatusAndProgressUnderBasePath() {
        serve(r -> Answer.json(200, "{\"job_id\":\"j1\",\"status\":\"running\",\"progress\":0.5,\"model\":\"gpt-4\"}"));
        LoginSampler login = login();
        login.setBasePath("/eval/");
        login.sample();
        vars.put("job_id", "j1");
        JobStatusSampler status = configure(new JobStatusSampler(), "Job Status");
        status.setBasePath("eval");
        status.setJobId("j1");

        SampleResult res = status.sample();

        assertThat(res.isSuccessful()).as(failure(res)).isTrue();
        assertThat(stub.requests.get(0).path()).isEqualTo("/eval/auth/login");
        assertThat(stub.requests.get(1).method()).isEqualTo("GET");
        assertThat(stub.requests.get(1).path()).isEqualTo("/eval/api/v1/jobs/j1");
        assertThat(vars.get("job_status")).isEqualTo("running");
        assertThat(vars.get("job_progress")).isEqualTo("0.5");
        assertThat(res.getSampleLabel()).isEqualTo("Job Status");
    }

    @Test
    void shouldFailOnUnknownStatusAndOnNotFound() {
        login().sample();
        JobStatusSampler status = configure(new JobStatusSampler(), "Job Status");
        status.setJobId("j1");
        serve(r -> Answer.json(200, "{\"status\":\"paused\"}"));

        SampleResult unknown = status.sample();

        assertThat(unknown.isSuccessful()).isFalse();
        assertThat(failure(unknown)).isEqualTo("unknown job status 'paused' (expected one of queued,running,completed,failed)");
        serve(r -> Answer.json(404, "{\"error\":\"not_found\",\"message\":\"No job j1\"}"));
        SampleResult missing = status.sample();
        assertThat(failure(missing)).isEqualTo("expected 200, got 404: not_found: No job j1");
        assertThat(missing.getResponseCode()).isEqualTo("404");
    }

    @Test
    void shouldReloginOnceAndRetryWhenTokenExpired() {
        serve(r -> "Bearer tok-1".equals(r.header("Authorization"))
                ? Answer.json(401, "{\"error\":\"token_expired\",\"message\":\"Token expired\"}")
                : Answer.json(200, "{\"status\":\"completed\",\"progress\":1.0}"));
        login().sample();
        JobStatusSampler status = configure(new JobStatusSampler(), "Job Status");
        status.setJobId("j1");

        SampleResult res = status.sample();

        assertThat(res.isSuccessful()).as(failure(res)).isTrue();
        assertThat(res.getSampleLabel()).isEqualTo("Job Status");
        assertThat(res.getResponseCode()).isEqualTo("200");
        assertThat(res.getSubResults()).extracting(SampleResult::getSampleLabel)
                .containsExactly("Job Status (token expired)", "Login (re-login)", "Job Status (retry)");
        assertThat(res.getSubResults()).extracting(SampleResult::getResponseCode).containsExactly("401", "200", "200");
        assertThat(res.getSubResults()).allMatch(SampleResult::isSuccessful);
        assertThat(res.getStartTime()).isEqualTo(res.getSubResults()[0].getStartTime());
        assertThat(res.getEndTime()).isGreaterThanOrEqualTo(res.getSubResults()[2].getEndTime());
        assertThat(stub.requests).extracting(ApiStub.Request::path)
                .containsExactly("/auth/login", "/api/v1/jobs/j1", "/auth/login", "/api/v1/jobs/j1");
        assertThat(stub.requests.get(3).header("Authorization")).isEqualTo("Bearer tok-2");
        assertThat(AuthSession.of(vars).reLogins()).isEqualTo(1);
        assertThat(vars.get("job_status")).isEqualTo("completed");
        assertThat(everything(res)).doesNotContain("tok-1").doesNotContain("tok-2").doesNotContain(PASSWORD);
    }

    @Test
    void shouldFailAndEndSessionWhenReloginFails() {
        serve(r -> Answer.json(401, "{\"error\":\"token_expired\",\"message\":\"Token expired\"}"));
        login().sample();
        stub.answer(r -> Answer.json(401, "{\"error\":\"invalid_credentials\",\"message\":\"Bad username or password\"}"));
        JobStatusSampler status = configure(new JobStatusSampler(), "Job Status");
        status.setJobId("j1");

        SampleResult res = status.sample();

        assertThat(res.isSuccessful()).isFalse();
        assertThat(failure(res)).isEqualTo("token expired (401) and the re-login failed: expected 200, got 401: "
                + "invalid_credentials: Bad username or password");
        assertThat(res.getSubResults()).hasSize(2);
        assertThat(res.getSubResults()[1].isSuccessful()).isFalse();
        assertThat(AuthSession.of(vars)).isNull();
    }

    @Test
    void shouldNotReloginTwiceWhenRetryIsRejectedAgain() {
        serve(r -> Answer.json(401, "{\"error\":\"unauthorized\",\"message\":\"Invalid token\"}"));
        login().sample();
        JobStatusSampler status = configure(new JobStatusSampler(), "Job Status");
        status.setJobId("j1");

        SampleResult res = status.sample();

        assertThat(res.isSuccessful()).isFalse();
        assertThat(failure(res)).isEqualTo("expected 200, got 401: unauthorized: Invalid token (after re-login)");
        assertThat(stub.requests).hasSize(4);
    }

    @Test
    void shouldExplainMissingSessionOn401() {
        serve(r -> Answer.json(401, "{\"error\":\"unauthorized\",\"message\":\"Missing bearer token\"}"));
        ApiCallSampler models = configure(new ApiCallSampler(), "List Models");

        SampleResult res = models.sample();

        assertThat(stub.requests.get(0).header("Authorization")).isNull();
        assertThat(failure(res)).isEqualTo("expected 200, got 401: unauthorized: Missing bearer token"
                + " (no auth session for this user: no successful Login before this sampler)");
    }

    @Test
    void shouldMergeHeaderManagerButKeepApiHeaders() {
        serve(r -> Answer.json(200, "[]"));
        login().sample();
        HeaderManager hm = new HeaderManager();
        hm.add(new Header("X-Test-Run", "run-7"));
        hm.add(new Header("Authorization", "Basic Zm9vOmJhcg=="));
        hm.add(new Header("Content-Type", "text/plain"));
        ApiCallSampler call = configure(new ApiCallSampler(), "Create Dataset");
        call.setEndpoint("datasets");
        call.setHeaderManager(hm);

        SampleResult res = call.sample();

        assertThat(res.isSuccessful()).as(failure(res)).isTrue();
        ApiStub.Request sent = stub.requests.get(1);
        assertThat(sent.path()).isEqualTo("/api/v1/datasets");
        assertThat(sent.header("X-Test-Run")).isEqualTo("run-7");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.body()).isEqualTo("{}");
        assertThat(res.getRequestHeaders()).contains("X-Test-Run: run-7").contains("Authorization: Bearer ***");
        assertThat(call.getHeaderManager()).isSameAs(hm);
    }

    @Test
    void shouldCallModelByIdAndCompareWithQuery() {
        serve(r -> Answer.json(200, "{}"));
        login().sample();
        ApiCallSampler model = configure(new ApiCallSampler(), "Get Model");
        model.setEndpoint("model");
        model.setProperty(ApiCallSampler.PATH_PARAM, "gpt 4");
        ApiCallSampler compare = configure(new ApiCallSampler(), "Compare");
        compare.setEndpoint("compare");
        compare.setProperty(ApiCallSampler.QUERY, "?models=gpt-4,claude-3-opus");

        assertThat(model.sample().isSuccessful()).isTrue();
        assertThat(compare.sample().isSuccessful()).isTrue();

        assertThat(stub.requests.get(1).path()).isEqualTo("/api/v1/models/gpt%204");
        assertThat(stub.requests.get(2).path()).isEqualTo("/api/v1/compare");
        assertThat(stub.requests.get(2).query()).isEqualTo("models=gpt-4,claude-3-opus");
    }

    @Test
    void shouldEndSessionOnLogoutAndAcceptNoContent() {
        serve(r -> Answer.json(204, null));
        login().sample();
        ApiCallSampler logout = configure(new ApiCallSampler(), "Logout");
        logout.setEndpoint("logout");

        SampleResult res = logout.sample();

        assertThat(res.isSuccessful()).as(failure(res)).isTrue();
        assertThat(stub.requests.get(1).method()).isEqualTo("POST");
        assertThat(stub.requests.get(1).path()).isEqualTo("/auth/logout");
        assertThat(stub.requests.get(1).header("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(AuthSession.of(vars)).isNull();
    }

    @Test
    void shouldRequireStatusFieldOnHealthAndSendNoToken() {
        serve(r -> Answer.json(200, "{\"healthy\":true}"));
        login().sample();
        ApiCallSampler health = configure(new ApiCallSampler(), "Health");
        health.setEndpoint("health");

        SampleResult res = health.sample();

        assertThat(stub.requests.get(1).header("Authorization")).isNull();
        assertThat(failure(res)).isEqualTo("200 without status in the body");
        serve(r -> Answer.json(503, "{\"status\":\"degraded\"}"));
        assertThat(failure(health.sample())).isEqualTo("expected 200, got 503 Service Unavailable");
    }

    @Test
    void shouldExportScoreFromDottedPathAndFailOnConflict() {
        login().sample();
        JobResultsSampler results = configure(new JobResultsSampler(), "Job Results");
        results.setJobId("j1");
        results.setProperty(JobResultsSampler.SCORE_FIELD, "scores.accuracy");
        serve(r -> Answer.json(200, "{\"job_id\":\"j1\",\"scores\":{\"accuracy\":0.875,\"f1\":0.8}}"));

        SampleResult ok = results.sample();

        assertThat(ok.isSuccessful()).as(failure(ok)).isTrue();
        assertThat(stub.requests.get(1).path()).isEqualTo("/api/v1/jobs/j1/results");
        assertThat(vars.get("job_score")).isEqualTo("0.875");
        serve(r -> Answer.json(409, "{\"error\":\"job_not_finished\",\"message\":\"Job j1 is running\"}"));
        SampleResult conflict = results.sample();
        assertThat(failure(conflict)).isEqualTo("expected 200, got 409: job_not_finished: Job j1 is running");
    }

    @Test
    void shouldRejectBadConfigurationWithoutSendingRequest() {
        serve(r -> Answer.json(200, "{}"));
        JobStatusSampler noJob = configure(new JobStatusSampler(), "Job Status");
        noJob.setJobId("");
        vars.put("job_id", ""); // what a failed Submit Evaluation leaves
        ApiCallSampler badCodes = configure(new ApiCallSampler(), "Call");
        badCodes.setProperty(ApiCallSampler.EXPECTED_CODES, "200,ok");
        ApiCallSampler badEndpoint = configure(new ApiCallSampler(), "Call");
        badEndpoint.setEndpoint("modelz");
        JobResultsSampler noVariable = configure(new JobResultsSampler(), "Job Results");
        noVariable.setJobId("j1");
        noVariable.setProperty(ApiSampler.RELOGIN_ON_401, "yes");
        ApiCallSampler noServer = new ApiCallSampler();
        noServer.setName("No server");

        assertThat(failure(noJob.sample())).isEqualTo("Job Status: job id is empty (property AgiJob.job_id): no job was"
                + " submitted, or the submit failed");
        assertThat(failure(badCodes.sample())).isEqualTo("Call: property AgiApiCall.expected_codes is '200,ok',"
                + " expected comma-separated status codes");
        assertThat(failure(badEndpoint.sample())).startsWith("Call: property AgiApiCall.endpoint is 'modelz', expected one of [health,");
        assertThat(failure(noVariable.sample())).isEqualTo("AGI Eval Job Results 'Job Results': property"
                + " 'AgiApi.relogin_on_401' = 'yes': must be true or false");
        assertThat(failure(noServer.sample())).isEqualTo("No server: no server: property HTTPSampler.domain is empty"
                + " and no HTTP Request Defaults in scope set it");
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void shouldReportConnectionFailureAsNoHttpAnswer() {
        int port = stub.port();
        stub.close();
        ApiCallSampler status = configure(new ApiCallSampler(), "Status");
        status.setPort(port);
        status.setEndpoint("status");

        SampleResult res = status.sample();

        assertThat(res.isSuccessful()).isFalse();
        assertThat(res.getResponseCode()).startsWith("Non HTTP response code");
        assertThat(failure(res)).startsWith("expected 200, got no HTTP answer: Non HTTP response message:");
    }

    @Test
    void shouldApplyResponseTimeoutAsHttpRequestDoes() {
        serve(r -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.json(200, "{}");
        });
        ApiCallSampler status = configure(new ApiCallSampler(), "Status");
        status.setEndpoint("status");
        status.setResponseTimeout("200");

        SampleResult res = status.sample();

        assertThat(res.isSuccessful()).isFalse();
        assertThat(res.getResponseCode()).isEqualTo("Non HTTP response code: java.net.SocketTimeoutException");
        assertThat(failure(res)).isEqualTo("expected 200, got no HTTP answer: Non HTTP response message: Read timed out");
        assertThat(res.getTime()).isLessThan(1500);
    }

    @Test
    void shouldSerializeForRemoteModeAfterSampling() throws Exception {
        serve(r -> Answer.json(200, "{\"status\":\"running\"}"));
        login().sample();
        JobStatusSampler status = configure(new JobStatusSampler(), "Job Status");
        status.setJobId("j1");
        assertThat(status.sample().isSuccessful()).isTrue();

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(status);
        }
        Object copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }

        assertThat(copy).isInstanceOf(JobStatusSampler.class);
        assertThat(((JobStatusSampler) copy).getJobId(vars)).isEqualTo("j1");
        assertThat(((JobStatusSampler) copy).getPort()).isEqualTo(stub.port());
    }

    @Test
    void shouldKeepRuntimeStateOutOfClones() {
        serve(r -> Answer.json(200, "{\"status\":\"queued\"}"));
        login().sample();
        JobStatusSampler status = configure(new JobStatusSampler(), "Job Status");
        status.setJobId("j1");
        status.sample();

        JobStatusSampler clone = (JobStatusSampler) status.clone();

        assertThat(clone.getName()).isEqualTo("Job Status");
        assertThat(clone.getPath()).isEmpty();
        assertThat(clone.getMethod()).isEqualTo("GET");
        assertThat(clone.getHeaderManager()).isNull();
        assertThat(clone.sample().isSuccessful()).isTrue();
        assertThat(stub.requests).hasSize(3);
    }
}
