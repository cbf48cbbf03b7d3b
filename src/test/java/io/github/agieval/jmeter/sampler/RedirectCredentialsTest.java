package io.github.agieval.jmeter.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.sampler.ApiStub.Answer;
import java.net.URL;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.jmeter.assertions.AssertionResult;
import org.apache.jmeter.protocol.http.control.Header;
import org.apache.jmeter.protocol.http.control.HeaderManager;
import org.apache.jmeter.samplers.SampleResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Credentials go only to the origin (scheme, host, port) that issued them, whatever redirects say:
 * the real samplers (HTTPSamplerBase + JMeter's HttpClient 4) against two real servers on
 * 127.0.0.1, the API's origin and a second one on another port that records every request it gets.
 * Both redirect modes of HTTP Request are covered: "Follow Redirects" (JMeter follows) and
 * "Redirect Automatically" (which the samplers treat as "Follow Redirects", see ApiSampler).
 */
class RedirectCredentialsTest {

    private static final String PASSWORD = "s3cret-pw";
    private static final String FOLLOW = "follow";
    private static final String AUTO = "auto";

    private ApiStub origin;
    private ApiStub other;
    private final AtomicInteger logins = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        JMeterSupport.freshVariables();
        origin = new ApiStub();
        other = new ApiStub();
        other.answer(r -> Answer.json(200, "{\"status\":\"ok\",\"models\":[]}"));
    }

    @AfterEach
    void tearDown() {
        origin.close();
        other.close();
    }

    private <T extends ApiSampler> T configure(T sampler, String name, String mode) {
        sampler.setName(name);
        sampler.setProtocol("http");
        sampler.setDomain("127.0.0.1");
        sampler.setPort(origin.port());
        sampler.setFollowRedirects(FOLLOW.equals(mode));
        sampler.setAutoRedirects(AUTO.equals(mode));
        return sampler;
    }

    private void serve(Function<ApiStub.Request, Answer> api) {
        origin.answer(r -> {
            if (r.path().endsWith("/auth/login")) {
                return Answer.json(200, "{\"access_token\":\"tok-" + logins.incrementAndGet() + "\"}");
            }
            return api.apply(r);
        });
    }

    private String otherUrl(String path) {
        return "http://127.0.0.1:" + other.port() + path;
    }

    private static Answer redirect(int status, String location) {
        return new Answer(status, null, Map.of("Location", location));
    }

    private SampleResult login(String mode) {
        LoginSampler login = configure(new LoginSampler(), "Login", mode);
        login.setUsername("alice");
        login.setPassword(PASSWORD);
        return login.sample();
    }

    private static String failure(SampleResult r) {
        return Arrays.stream(r.getAssertionResults()).filter(AssertionResult::isFailure)
                .map(AssertionResult::getFailureMessage).collect(Collectors.joining(" | "));
    }

    @ParameterizedTest
    @ValueSource(strings = {FOLLOW, AUTO})
    void shouldNotSendBearerTokenWhenRedirectLeadsToAnotherPort(String mode) {
        serve(r -> redirect(302, otherUrl("/api/v1/models")));
        assertThat(login(mode).isSuccessful()).isTrue();
        ApiCallSampler models = configure(new ApiCallSampler(), "List Models", mode);

        SampleResult res = models.sample();

        assertThat(other.requests).as("the redirect was followed to the other server").hasSize(1);
        assertThat(other.requests.get(0).header("Authorization")).isNull();
        assertThat(origin.requests.get(1).header("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(res.getResponseCode()).isEqualTo("200");
        assertThat(res.getUrlAsString()).isEqualTo(otherUrl("/api/v1/models"));
        assertThat(res.getSubResults()).extracting(SampleResult::getSampleLabel)
                .containsExactly("List Models-0", "List Models-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {FOLLOW, AUTO})
    void shouldKeepBearerTokenWhenRedirectStaysOnTheOrigin(String mode) {
        serve(r -> r.path().equals("/api/v1/models")
                ? redirect(302, "http://127.0.0.1:" + origin.port() + "/v2/models")
                : Answer.json(200, "[]"));
        login(mode);
        ApiCallSampler models = configure(new ApiCallSampler(), "List Models", mode);

        SampleResult res = models.sample();

        assertThat(res.isSuccessful()).as(failure(res)).isTrue();
        assertThat(origin.requests).extracting(ApiStub.Request::path)
                .containsExactly("/auth/login", "/api/v1/models", "/v2/models");
        assertThat(origin.requests.get(2).header("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(other.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {FOLLOW, AUTO})
    void shouldNotSendPlanAuthorizationOrCookieHeaderToAnotherOrigin(String mode) {
        serve(r -> redirect(301, otherUrl("/health")));
        HeaderManager hm = new HeaderManager();
        hm.add(new Header("Authorization", "Basic Zm9vOmJhcg=="));
        hm.add(new Header("Cookie", "session=abc"));
        hm.add(new Header("X-Test-Run", "run-7"));
        ApiCallSampler health = configure(new ApiCallSampler(), "Health", mode);
        health.setEndpoint("health");
        health.setHeaderManager(hm);

        health.sample();

        assertThat(origin.requests.get(0).header("Authorization")).isEqualTo("Basic Zm9vOmJhcg==");
        assertThat(other.requests).hasSize(1);
        assertThat(other.requests.get(0).header("Authorization")).isNull();
        assertThat(other.requests.get(0).header("Cookie")).isNull();
        assertThat(other.requests.get(0).header("X-Test-Run")).isEqualTo("run-7");
    }

    @ParameterizedTest
    @ValueSource(strings = {FOLLOW, AUTO})
    void shouldNotSendPasswordToAnotherOriginWhenLoginIsRedirectedWithItsBody(String mode) {
        origin.answer(r -> redirect(307, otherUrl("/auth/login")));

        SampleResult res = login(mode);

        assertThat(other.requests).extracting(ApiStub.Request::body).noneMatch(b -> b.contains(PASSWORD));
        assertThat(res.isSuccessful()).isFalse();
        assertThat(failure(res)).isEqualTo("expected 200, got 307 (redirect to " + otherUrl("/auth/login")
                + " not followed)");
    }

    @ParameterizedTest
    @ValueSource(strings = {FOLLOW, AUTO})
    void shouldNotSendPasswordToAnotherOriginOnA308(String mode) {
        // JMeter 5.6.3 follows a 308 of a POST as a GET without the body
        origin.answer(r -> redirect(308, otherUrl("/auth/login")));

        SampleResult res = login(mode);

        assertThat(other.requests).hasSize(1);
        assertThat(other.requests.get(0).method()).isEqualTo("GET");
        assertThat(other.requests.get(0).body()).isEmpty();
        assertThat(res.isSuccessful()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {FOLLOW, AUTO})
    void shouldNotResendLoginBodyWhenRedirectTurnsPostIntoGet(String mode) {
        origin.answer(r -> redirect(303, otherUrl("/welcome")));

        login(mode);

        assertThat(other.requests).hasSize(1);
        assertThat(other.requests.get(0).method()).isEqualTo("GET");
        assertThat(other.requests.get(0).body()).doesNotContain(PASSWORD).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {FOLLOW, AUTO})
    void shouldNotSendTokenOnRetryAfterReloginWhenRetryIsRedirectedAway(String mode) {
        AtomicInteger calls = new AtomicInteger();
        serve(r -> calls.incrementAndGet() == 1
                ? Answer.json(401, "{\"error\":\"token_expired\"}")
                : redirect(302, otherUrl("/api/v1/models")));
        login(mode);
        ApiCallSampler models = configure(new ApiCallSampler(), "List Models", mode);

        SampleResult res = models.sample();

        assertThat(res.getSubResults()).extracting(SampleResult::getSampleLabel)
                .containsExactly("List Models (token expired)", "Login (re-login)", "List Models (retry)");
        assertThat(res.getSubResults()[2].getSubResults()).extracting(SampleResult::getSampleLabel)
                .containsExactly("List Models (retry)-0", "List Models (retry)-1");
        assertThat(other.requests).hasSize(1);
        assertThat(other.requests.get(0).header("Authorization")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {FOLLOW, AUTO})
    void shouldMaskTheTokenInEveryRedirectHopOfTheResult(String mode) {
        serve(r -> r.path().equals("/api/v1/models")
                ? redirect(302, "http://127.0.0.1:" + origin.port() + "/v2/models")
                : Answer.json(200, "[]"));
        login(mode);
        ApiCallSampler models = configure(new ApiCallSampler(), "List Models", mode);

        SampleResult res = models.sample();

        assertThat(res.getSubResults()).hasSize(2);
        for (SampleResult hop : res.getSubResults()) {
            assertThat(hop.getRequestHeaders()).contains("Authorization: Bearer ***").doesNotContain("tok-1");
        }
        assertThat(res.getRequestHeaders()).doesNotContain("tok-1");
    }

    @Test
    void shouldTellOriginsApartByScheme_HostAndPort() throws Exception {
        assertThat(Origin.of(new URL("http://Example.com/a"))).isEqualTo("http://example.com:80");
        assertThat(Origin.same("http://example.com:80", new URL("http://example.com:80/b?c"))).isTrue();
        assertThat(Origin.same("http://example.com:80", new URL("https://example.com/"))).isFalse();
        assertThat(Origin.same("http://example.com:80", new URL("http://example.com:8080/"))).isFalse();
        assertThat(Origin.same("http://example.com:80", new URL("http://evil.example.com/"))).isFalse();
        assertThat(Origin.same("https://example.com:443", new URL("https://example.com./x"))).isTrue();
        assertThat(Origin.same(null, new URL("http://example.com/"))).isFalse();
    }
}
