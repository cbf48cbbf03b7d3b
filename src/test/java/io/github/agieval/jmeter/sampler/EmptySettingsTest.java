package io.github.agieval.jmeter.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.sampler.ApiStub.Answer;
import io.github.agieval.jmeter.sampler.gui.ApiCallSamplerGui;
import io.github.agieval.jmeter.sampler.gui.ApiSamplerGui;
import io.github.agieval.jmeter.sampler.gui.GuiField;
import io.github.agieval.jmeter.sampler.gui.JobResultsSamplerGui;
import io.github.agieval.jmeter.sampler.gui.JobStatusSamplerGui;
import io.github.agieval.jmeter.sampler.gui.LoginSamplerGui;
import io.github.agieval.jmeter.sampler.gui.SubmitEvaluationSamplerGui;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.protocol.http.sampler.HTTPSamplerBase;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterVariables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every property of every sampler set to the empty string, as a GUI or a hand-edited .jmx may
 * leave it, behaves as its documented default (issue 16, defect 00). The properties are those the
 * samplers' own GUIs edit; the server fields point at a scripted server on 127.0.0.1.
 */
class EmptySettingsTest {

    /** Server fields, set by the test; and optional fields whose documented empty meaning is "left out". */
    private static final Set<String> NOT_EMPTIED = Set.of(HTTPSamplerBase.PROTOCOL, HTTPSamplerBase.DOMAIN,
            HTTPSamplerBase.PORT);

    private ApiStub stub;
    private JMeterVariables vars;

    @BeforeEach
    void setUp() throws Exception {
        vars = JMeterSupport.freshVariables();
        stub = new ApiStub();
        stub.answer(r -> switch (r.path()) {
            case "/auth/login" -> Answer.json(200, "{\"access_token\":\"tok-1\"}");
            case "/api/v1/evaluate" -> Answer.json(202, "{\"job_id\":\"job-9\",\"status\":\"queued\"}");
            case "/api/v1/jobs/job-9" -> Answer.json(200, "{\"status\":\"completed\",\"progress\":1.0}");
            case "/api/v1/jobs/job-9/results" -> Answer.json(200, "{\"score\":0.93}");
            case "/api/v1/models" -> new Answer(302, null, Map.of("Location", "/api/v1/models/"));
            case "/api/v1/models/" -> Answer.json(200, "[]");
            default -> Answer.json(404, "{\"error\":\"not_found\"}");
        });
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    /** A new sampler of {@code gui}'s kind with every property its GUI edits set to "". */
    private <T extends ApiSampler> T emptied(ApiSamplerGui gui, String name) {
        @SuppressWarnings("unchecked")
        T sampler = (T) gui.createTestElement();
        for (GuiField f : gui.fields()) {
            if (!NOT_EMPTIED.contains(f.key())) {
                sampler.setProperty(f.key(), "");
            }
        }
        sampler.setName(name);
        sampler.setProtocol("http");
        sampler.setDomain("127.0.0.1");
        sampler.setPort(stub.port());
        return sampler;
    }

    private static String failure(SampleResult r) {
        return Arrays.stream(r.getAssertionResults()).filter(AssertionResult::isFailure)
                .map(AssertionResult::getFailureMessage).collect(Collectors.joining(" | "));
    }

    private static List<String> keys(ApiSamplerGui gui) {
        return gui.fields().stream().map(GuiField::key).filter(k -> !NOT_EMPTIED.contains(k)).toList();
    }

    @Test
    void shouldRunTheWholeFlowWithDefaultsWhenEveryPropertyIsEmpty() {
        vars.put("eval_request", "{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\",\"prompts\":[\"p\"]}");
        LoginSampler login = emptied(new LoginSamplerGui(), "Login");
        SubmitEvaluationSampler submit = emptied(new SubmitEvaluationSamplerGui(), "Submit");
        JobStatusSampler status = emptied(new JobStatusSamplerGui(), "Status");
        JobResultsSampler results = emptied(new JobResultsSamplerGui(), "Results");
        ApiCallSampler models = emptied(new ApiCallSamplerGui(), "Models");
        assertThat(keys(new SubmitEvaluationSamplerGui())).contains(SubmitEvaluationSampler.BODY_MODE,
                SubmitEvaluationSampler.BODY, SubmitEvaluationSampler.JOB_ID_VAR, ApiSampler.BASE_PATH,
                ApiSampler.RELOGIN_ON_401, HTTPSamplerBase.FOLLOW_REDIRECTS, HTTPSamplerBase.USE_KEEPALIVE);

        SampleResult loggedIn = login.sample();
        SampleResult submitted = submit.sample();
        SampleResult polled = status.sample();
        SampleResult scored = results.sample();
        SampleResult listed = models.sample();

        assertThat(loggedIn.isSuccessful()).as(failure(loggedIn)).isTrue();
        assertThat(stub.requests.get(0).body()).isEqualTo("{\"username\":\"test-user\",\"password\":\"test-password\"}");
        assertThat(submitted.isSuccessful()).as(failure(submitted)).isTrue();
        assertThat(stub.requests.get(1).body()).isEqualTo(vars.get("eval_request"));
        assertThat(vars.get("job_id")).isEqualTo("job-9");
        assertThat(vars.get("job_submitted_at")).isNotEmpty();
        assertThat(polled.isSuccessful()).as(failure(polled)).isTrue();
        assertThat(vars.get("job_status")).isEqualTo("completed");
        assertThat(vars.get("job_progress")).isEqualTo("1.0");
        assertThat(scored.isSuccessful()).as(failure(scored)).isTrue();
        assertThat(vars.get("job_score")).isEqualTo("0.93");
        assertThat(listed.isSuccessful()).as(failure(listed)).isTrue();
        assertThat(stub.requests).extracting(ApiStub.Request::path).containsExactly("/auth/login",
                "/api/v1/evaluate", "/api/v1/jobs/job-9", "/api/v1/jobs/job-9/results", "/api/v1/models",
                "/api/v1/models/");
        assertThat(stub.requests.get(5).header("Authorization")).isEqualTo("Bearer tok-1"); // redirect followed
    }

    @Test
    void shouldComposeTheDefaultBodyAndCheckDefaultStatusesWhenFieldsAreEmpty() {
        vars.put("job_id", "job-9");
        SubmitEvaluationSampler submit = emptied(new SubmitEvaluationSamplerGui(), "Submit");
        submit.setProperty(SubmitEvaluationSampler.BODY_MODE, SubmitEvaluationSampler.MODE_FIELDS);
        assertThat(submit.composeBody()).isEqualTo("{\"model\":\"gpt-4\",\"benchmark\":\"mmlu\","
                + "\"prompts\":[\"Test prompt\"]}");

        stub.answer(r -> Answer.json(200, "{\"status\":\"paused\"}"));
        JobStatusSampler status = emptied(new JobStatusSamplerGui(), "Status");
        assertThat(failure(status.sample())).isEqualTo("unknown job status 'paused' (expected one of"
                + " queued,running,completed,failed)");
        status.setProperty(JobStatusSampler.KNOWN_STATUSES, "*");
        assertThat(status.sample().isSuccessful()).isTrue();
    }

    @Test
    void shouldReloginOnExpiredTokenWhenTheSwitchIsEmpty() {
        stub.answer(r -> r.path().equals("/auth/login")
                ? Answer.json(200, "{\"access_token\":\"tok-" + stub.requests.size() + "\"}")
                : "Bearer tok-1".equals(r.header("Authorization"))
                        ? Answer.json(401, "{\"error\":\"token_expired\"}")
                        : Answer.json(200, "[]"));
        emptied(new LoginSamplerGui(), "Login").sample();
        ApiCallSampler models = emptied(new ApiCallSamplerGui(), "Models");

        SampleResult res = models.sample();

        assertThat(res.isSuccessful()).as(failure(res)).isTrue();
        assertThat(res.getSubResults()).hasSize(3);
    }

    @Test
    void shouldRefuseToStartTheTestWithAnUnknownSwitchValueNamingElementPropertyAndValue() {
        LoginSampler login = emptied(new LoginSamplerGui(), "Login");
        login.setProperty(ApiSampler.RELOGIN_ON_401, "yes");
        org.assertj.core.api.Assertions.assertThatThrownBy(login::testStarted).hasMessage("AGI Eval Login 'Login':"
                + " property 'AgiApi.relogin_on_401' = 'yes': must be true or false");

        ApiCallSampler call = emptied(new ApiCallSamplerGui(), "Call");
        call.setProperty(HTTPSamplerBase.FOLLOW_REDIRECTS, "on");
        org.assertj.core.api.Assertions.assertThatThrownBy(call::testStarted).hasMessage("AGI Eval API Call 'Call':"
                + " property 'HTTPSampler.follow_redirects' = 'on': must be true or false");

        ApiCallSampler endpoint = emptied(new ApiCallSamplerGui(), "Call");
        endpoint.setEndpoint("modelz");
        org.assertj.core.api.Assertions.assertThatThrownBy(endpoint::testStarted)
                .hasMessageStartingWith("AGI Eval API Call 'Call': property AgiApiCall.endpoint is 'modelz'");

        SubmitEvaluationSampler submit = emptied(new SubmitEvaluationSamplerGui(), "Submit");
        submit.setProperty(SubmitEvaluationSampler.BODY_MODE, "json");
        org.assertj.core.api.Assertions.assertThatThrownBy(submit::testStarted).hasMessage(
                "AGI Eval Submit Evaluation 'Submit': property 'AgiSubmit.body_mode' = 'json': must be 'body' or 'fields'");

        ApiCallSampler dynamic = emptied(new ApiCallSamplerGui(), "Call");
        dynamic.setProperty(ApiSampler.RELOGIN_ON_401, "${relogin}");
        dynamic.testStarted(); // checked per sample, when the variable is known
        emptied(new JobStatusSamplerGui(), "Status").testStarted(); // every default is fine
    }
}
