package io.github.agieval.jmeter.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.sampler.ApiStub.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.jmeter.reporters.ResultCollector;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.samplers.SampleSaveConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sampler's result becomes in a CSV JTL, through JMeter's own ResultCollector: the rows that
 * docs/elements/samplers.md ("Samples and sub-samples") promises, so that JTL rows can be
 * reconciled with the samples and sub-samples of the KPI report and with the server's counters.
 */
class JtlRowsTest {

    @TempDir
    Path dir;

    private ApiStub stub;
    private final AtomicInteger logins = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        JMeterSupport.freshVariables();
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

    /** The CSV rows (header excluded) JMeter writes for {@code results}, with sub-results saved or not. */
    private List<String> rows(boolean subresults, SampleResult... results) throws Exception {
        Path jtl = dir.resolve("run-" + subresults + ".jtl");
        ResultCollector collector = new ResultCollector();
        SampleSaveConfiguration config = new SampleSaveConfiguration(false);
        config.setAsXml(false);
        config.setFieldNames(true);
        config.setLabel(true);
        config.setCode(true);
        config.setSuccess(true);
        config.setTime(true);
        config.setSubresults(subresults);
        collector.setSaveConfig(config);
        collector.setFilename(jtl.toString());
        collector.testStarted();
        for (SampleResult r : results) {
            collector.sampleOccurred(new SampleEvent(r, "Users"));
        }
        collector.testEnded();
        List<String> lines = Files.readAllLines(jtl, StandardCharsets.UTF_8);
        labelColumn = List.of(lines.get(0).split(",")).indexOf("label");
        return lines.subList(1, lines.size());
    }

    private SampleResult loginAnd(ApiSampler sampler) {
        LoginSampler login = configure(new LoginSampler(), "Login");
        login.setUsername("alice");
        login.setPassword("pw");
        login.sample();
        return sampler.sample();
    }

    private void serve(java.util.function.Function<ApiStub.Request, Answer> api) {
        stub.answer(r -> r.path().equals("/auth/login")
                ? Answer.json(200, "{\"access_token\":\"tok-" + logins.incrementAndGet() + "\"}")
                : api.apply(r));
    }

    private int labelColumn;

    private List<String> labels(List<String> rows) {
        return rows.stream().map(r -> r.split(",")[labelColumn]).toList();
    }

    @Test
    void shouldWriteOneRowForAPlainSample() throws Exception {
        serve(r -> Answer.json(200, "[]"));
        SampleResult res = loginAnd(configure(new ApiCallSampler(), "List Models"));

        assertThat(labels(rows(true, res))).containsExactly("List Models");
        assertThat(stub.requests).hasSize(2); // login + the one request
    }

    @Test
    void shouldWriteTheSampleThenOneRowPerSubSampleForAReloginAndOnlyTheSampleWithoutSubresults() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        serve(r -> calls.incrementAndGet() == 1 ? Answer.json(401, "{\"error\":\"token_expired\"}")
                : Answer.json(200, "[]"));
        SampleResult res = loginAnd(configure(new ApiCallSampler(), "List Models"));

        assertThat(labels(rows(true, res))).containsExactly("List Models", "List Models (token expired)",
                "Login (re-login)", "List Models (retry)");
        assertThat(labels(rows(false, res))).containsExactly("List Models");
        // the server saw 3 requests for this sample: the 401, the re-login and the retry
        assertThat(stub.requests).extracting(ApiStub.Request::path).containsExactly("/auth/login",
                "/api/v1/models", "/auth/login", "/api/v1/models");
    }

    @Test
    void shouldWriteTheSampleThenOneRowPerHopForAFollowedRedirect() throws Exception {
        serve(r -> r.path().equals("/api/v1/models") ? new Answer(302, null, Map.of("Location", "/v2/models"))
                : Answer.json(200, "[]"));
        SampleResult res = loginAnd(configure(new ApiCallSampler(), "List Models"));

        assertThat(labels(rows(true, res))).containsExactly("List Models", "List Models-0", "List Models-1");
        assertThat(rows(true, res).get(1)).contains(",302,");
        assertThat(stub.requests).hasSize(3); // login + 2 hops
    }

    @Test
    void shouldNestRedirectHopsOfARetryUnderTheRetryRow() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        serve(r -> calls.incrementAndGet() == 1 ? Answer.json(401, "{\"error\":\"token_expired\"}")
                : r.path().equals("/api/v1/models") ? new Answer(302, null, Map.of("Location", "/v2/models"))
                : Answer.json(200, "[]"));
        SampleResult res = loginAnd(configure(new ApiCallSampler(), "List Models"));

        assertThat(labels(rows(true, res))).containsExactly("List Models", "List Models (token expired)",
                "Login (re-login)", "List Models (retry)", "List Models (retry)-0", "List Models (retry)-1");
    }
}
