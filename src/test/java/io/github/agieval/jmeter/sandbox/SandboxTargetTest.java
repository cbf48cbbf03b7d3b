package io.github.agieval.jmeter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import io.github.agieval.jmeter.common.StartFailure;
import io.github.agieval.jmeter.it.JMeterSupport;
import org.apache.jmeter.testbeans.TestBeanHelper;
import org.apache.jmeter.testelement.property.StringProperty;
import org.apache.jmeter.util.JMeterUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sandbox Target's test-start logic, run as JMeter runs it: properties, then prepare, then testStarted. */
class SandboxTargetTest {

    @BeforeAll
    static void jmeterProperties() {
        JMeterSupport.init();
    }

    @AfterEach
    void clearProperties() {
        for (String p : new String[] {SandboxTarget.BASE_URL, SandboxTarget.BASE_URL_PROTOCOL,
            SandboxTarget.BASE_URL_HOST, SandboxTarget.BASE_URL_PORT, SandboxTarget.BASE_URL_PATH,
            SandboxTarget.ADMIN_TOKEN}) {
            JMeterUtils.getJMeterProperties().remove(p);
        }
    }

    /** An element as loaded from a .jmx: properties only; the engine prepares the bean fields. */
    private static SandboxTarget element(String... keyValues) {
        SandboxTarget t = new SandboxTarget();
        t.setName("Target under test");
        for (int i = 0; i < keyValues.length; i += 2) {
            t.setProperty(new StringProperty(keyValues[i], keyValues[i + 1]));
        }
        TestBeanHelper.prepare(t);
        return t;
    }

    @Test
    void shouldSplitGivenBaseUrlIntoProperties() {
        SandboxTarget t = element(SandboxTarget.PROP_BASE_URL, "https://api.example.com/eval/v1/");
        t.testStarted();
        assertThat(t.embedded()).isNull();
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_PROTOCOL)).isEqualTo("https");
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_HOST)).isEqualTo("api.example.com");
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_PORT)).isEqualTo("443");
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_PATH)).isEqualTo("/eval/v1");
        t.testEnded();
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isNull();
    }

    @Test
    void shouldParseUrlsExactly() {
        assertThat(SandboxTarget.parse("http://127.0.0.1:8080"))
                .isEqualTo(new SandboxTarget.Target("http", "127.0.0.1", 8080, ""));
        assertThat(SandboxTarget.parse("HTTP://Host"))
                .isEqualTo(new SandboxTarget.Target("http", "Host", 80, ""));
        assertThat(SandboxTarget.parse("http://[::1]:9000/a"))
                .isEqualTo(new SandboxTarget.Target("http", "::1", 9000, "/a"));
        assertThatThrownBy(() -> SandboxTarget.parse("localhost:8080")).hasMessageContaining("the scheme is 'localhost'");
        assertThatThrownBy(() -> SandboxTarget.parse("http:///x")).hasMessageContaining("no host");
        assertThatThrownBy(() -> SandboxTarget.parse("http://h/x?y=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> SandboxTarget.parse("http://h h")).hasMessageContaining("not a URL");
    }

    @Test
    void shouldStartEmbeddedSandboxWhenBaseUrlIsEmptyAndStopItAtTestEnd() throws Exception {
        SandboxTarget t = element(SandboxTarget.PROP_BASE_URL, "", SandboxTarget.PROP_TIME_FACTOR, "0.25",
                SandboxTarget.PROP_QUEUE_CAPACITY, "7", SandboxTarget.PROP_FAULTS, "{\"unhealthy\":true}");
        t.testStarted();
        Sandbox s = t.embedded();
        assertThat(s).isNotNull();
        assertThat(s.config().timeFactor()).isEqualTo(0.25);
        assertThat(s.faults().queueCapacity()).isEqualTo(7);
        String url = "http://127.0.0.1:" + s.port();
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isEqualTo(url);
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_HOST)).isEqualTo("127.0.0.1");
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_PORT)).isEqualTo(Integer.toString(s.port()));
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_PATH)).isEmpty();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);

        t.testEnded();
        assertThat(t.embedded()).isNull();
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isNull();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldUseDefaultsWhenPropertiesAreMissing() {
        SandboxConfig c = element().embeddedConfig();
        assertThat(c.timeFactor()).isEqualTo(1.0);
        assertThat(c.workers()).isEqualTo(64);
        assertThat(c.password()).isEqualTo("test-password");
        assertThat(c.faults()).isEqualTo(Faults.NONE);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isZero();
    }

    @Test
    void shouldMapEveryFaultProperty() {
        SandboxConfig c = element(SandboxTarget.PROP_LATENCY, "normal:50,5", SandboxTarget.PROP_ERROR_RATE, "0.1",
                SandboxTarget.PROP_DROP_RATE, "0.02", SandboxTarget.PROP_JOB_FAILURE_RATE, "0.3",
                SandboxTarget.PROP_JOB_HANG_RATE, "0.04", SandboxTarget.PROP_TOKEN_LIFETIME, "90",
                SandboxTarget.PROP_WORKERS, "3", SandboxTarget.PROP_PASSWORD, "s3cret", SandboxTarget.PROP_PORT, "0",
                SandboxTarget.PROP_FAULTS, "{\"error_rate_by_endpoint\":{\"GET /health\":0.5}}").embeddedConfig();
        Faults f = c.faults();
        assertThat(f.latency()).isEqualTo(Latency.normal(50, 5));
        assertThat(f.errorRate()).isEqualTo(0.1);
        assertThat(f.errorRateFor(Route.HEALTH)).isEqualTo(0.5);
        assertThat(f.dropRate()).isEqualTo(0.02);
        assertThat(f.jobFailureRate()).isEqualTo(0.3);
        assertThat(f.jobHangRate()).isEqualTo(0.04);
        assertThat(f.tokenLifetimeSeconds()).isEqualTo(90);
        assertThat(c.workers()).isEqualTo(3);
        assertThat(c.password()).isEqualTo("s3cret");
    }

    @Test
    void shouldNameElementPropertyAndValueWhenInputIsBad() {
        assertThatThrownBy(() -> element(SandboxTarget.PROP_BASE_URL, "ftp://x").testStarted())
                .hasMessage("Sandbox Target 'Target under test': property baseUrl (JMeter property BASE_URL) has a bad "
                        + "value 'ftp://x': expected http://host[:port][/path] or https://..., the scheme is 'ftp'");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_TIME_FACTOR, "fast").embeddedConfig())
                .hasMessage("Sandbox Target 'Target under test': property timeFactor has a bad value 'fast': not a number");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_ERROR_RATE, "1.5").embeddedConfig())
                .hasMessage("Sandbox Target 'Target under test': property errorRate has a bad value '1.5': "
                        + "must be between 0 and 1");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_WORKERS, "0").embeddedConfig())
                .hasMessageContaining("property workers has a bad value '0': must be between 1 and 100000");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_LATENCY, "slow").embeddedConfig())
                .hasMessageContaining("property latency has a bad value 'slow': bad latency 'slow'");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_FAULTS, "{\"nope\":1}").embeddedConfig())
                .hasMessageContaining("property faults has a bad value '{\"nope\":1}': unknown fault setting 'nope'");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_FAULTS, "{").embeddedConfig())
                .hasMessageContaining("property faults has a bad value '{': not valid JSON");
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isNull();
    }

    @Test
    void shouldSerializeForRemoteModeWithoutRuntimeState() throws Exception {
        SandboxTarget t = element(SandboxTarget.PROP_BASE_URL, "", SandboxTarget.PROP_TIME_FACTOR, "0.5");
        t.testStarted();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(t);
            }
            SandboxTarget copy;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                copy = (SandboxTarget) in.readObject();
            }
            assertThat(copy.embedded()).isNull();
            assertThat(copy.getPropertyAsString(SandboxTarget.PROP_TIME_FACTOR)).isEqualTo("0.5");
            assertThat(copy.getName()).isEqualTo("Target under test");
        } finally {
            t.testEnded();
        }
    }

    private static boolean listening(String url) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return true;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldRejectAnOutOfRangePortNamingElementPropertyAndValueWhetherOrNotBaseUrlIsGiven() {
        assertThatThrownBy(() -> element(SandboxTarget.PROP_PORT, "99999").testStarted())
                .hasMessage("Sandbox Target 'Target under test': property port has a bad value '99999': "
                        + "must be between 0 and 65535");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_BASE_URL, "http://127.0.0.1:9", SandboxTarget.PROP_PORT,
                "99999").testStarted()).hasMessageContaining("property port has a bad value '99999'");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_PORT, "-1").testStarted())
                .hasMessageContaining("property port has a bad value '-1'");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_TOKEN_LIFETIME, "9223372036854775807").testStarted())
                .hasMessageContaining("property tokenLifetime has a bad value '9223372036854775807': must be between 1 "
                        + "and 315360000");
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isNull();
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_HOST)).isNull();
    }

    @Test
    void shouldPassTheAdminTokenToThePlanAndRestoreEveryPropertyAtTestEnd() {
        JMeterUtils.setProperty(SandboxTarget.BASE_URL_HOST, "host-before");
        SandboxTarget t = element(SandboxTarget.PROP_BASE_URL, "");
        t.testStarted();
        Sandbox s = t.embedded();
        String token = JMeterUtils.getProperty(SandboxTarget.ADMIN_TOKEN);
        assertThat(token).isEqualTo(s.adminToken()).hasSize(43);
        SandboxClient c = new SandboxClient(s);
        assertThat(c.send("PATCH", "/__admin/faults", "{\"unhealthy\":true}", null).status()).isEqualTo(200);
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_HOST)).isEqualTo("127.0.0.1");

        t.testEnded();
        assertThat(JMeterUtils.getProperty(SandboxTarget.ADMIN_TOKEN)).isNull();
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isNull();
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_HOST)).isEqualTo("host-before");
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_PORT)).isNull();
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL_PATH)).isNull();
    }

    @Test
    void shouldUseAGivenAdminTokenAndNeverShowABadOne() {
        JMeterUtils.setProperty(SandboxTarget.ADMIN_TOKEN, "given-admin-token-0123456789");
        SandboxTarget t = element(SandboxTarget.PROP_BASE_URL, "");
        t.testStarted();
        try {
            assertThat(t.embedded().adminToken()).isEqualTo("given-admin-token-0123456789");
        } finally {
            t.testEnded();
        }
        assertThat(JMeterUtils.getProperty(SandboxTarget.ADMIN_TOKEN)).isEqualTo("given-admin-token-0123456789");
        JMeterUtils.setProperty(SandboxTarget.ADMIN_TOKEN, "short secret");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_BASE_URL, "").testStarted())
                .hasMessageContaining("property SANDBOX_ADMIN_TOKEN (JMeter property) has a bad value '<hidden>'")
                .hasMessageNotContaining("short secret");
        JMeterUtils.getJMeterProperties().remove(SandboxTarget.ADMIN_TOKEN);
        assertThatThrownBy(() -> element(SandboxTarget.PROP_PASSWORD, "x".repeat(2000)).testStarted())
                .hasMessageContaining("property password").hasMessageNotContaining("xxxx");
    }

    @Test
    void shouldStopTheStaleSandboxOfARunThatNeverEndedInsteadOfReusingIt() {
        SandboxTarget t = element(SandboxTarget.PROP_BASE_URL, "");
        t.testStarted();
        Sandbox first = t.embedded();
        String firstUrl = first.baseUrl();
        // a later element's testStarted threw: JMeter calls no testEnded. The next run (the GUI's
        // second click) evaluates ${__P(BASE_URL,)} while the stale BASE_URL is still set:
        t.setBaseUrl(JMeterUtils.getProperty(SandboxTarget.BASE_URL));
        t.testStarted();
        try {
            assertThat(t.embedded()).isNotNull().isNotSameAs(first);
            assertThat(listening(firstUrl)).as("the stale sandbox was stopped").isFalse();
            assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isEqualTo(t.embedded().baseUrl());
        } finally {
            t.testEnded();
        }
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isNull();
    }

    @Test
    void shouldUndoTheLeftOversOfAnotherElementFromAnEarlierRunThread() throws Exception {
        SandboxTarget earlier = element(SandboxTarget.PROP_BASE_URL, "");
        Thread earlierRun = new Thread(earlier::testStarted, "StandardJMeterEngine");
        earlierRun.start();
        earlierRun.join(30_000);
        Sandbox stale = earlier.embedded();
        assertThat(stale).isNotNull();
        SandboxTarget next = element(SandboxTarget.PROP_BASE_URL, "");
        next.setBaseUrl(JMeterUtils.getProperty(SandboxTarget.BASE_URL));
        next.testStarted();
        try {
            assertThat(earlier.embedded()).isNull();
            assertThat(listening(stale.baseUrl())).isFalse();
            assertThat(next.embedded()).isNotNull();
            assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isEqualTo(next.embedded().baseUrl());
        } finally {
            next.testEnded();
        }
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isNull();
        assertThat(JMeterUtils.getProperty(SandboxTarget.ADMIN_TOKEN)).isNull();
    }

    @Test
    void shouldUndoEverythingWhenAStartFailsAfterItStarted() {
        SandboxTarget t = element(SandboxTarget.PROP_BASE_URL, "");
        t.testStarted();
        String url = t.embedded().baseUrl();
        // a later element refuses to start the test: JMeter calls no testEnded
        StartFailure.report(org.slf4j.LoggerFactory.getLogger(getClass()),
                new IllegalArgumentException("Later Element 'x': property y has a bad value 'z'"));
        assertThat(t.embedded()).isNull();
        assertThat(listening(url)).isFalse();
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isNull();
        assertThat(JMeterUtils.getProperty(SandboxTarget.ADMIN_TOKEN)).isNull();
        t.undo(); // idempotent
    }

    @Test
    void shouldFailTheStartNamingThePortWhenItIsBusyAndLeaveNothingBehind() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String p = Integer.toString(busy.getLocalPort());
            assertThatThrownBy(() -> element(SandboxTarget.PROP_BASE_URL, "", SandboxTarget.PROP_PORT, p).testStarted())
                    .hasMessageStartingWith("Sandbox Target 'Target under test': property port has a bad value '" + p
                            + "': cannot start the sandbox on 127.0.0.1:" + p);
        }
        assertThat(JMeterUtils.getProperty(SandboxTarget.BASE_URL)).isNull();
        assertThat(JMeterUtils.getProperty(SandboxTarget.ADMIN_TOKEN)).isNull();
    }

    @Test
    void shouldSetTheCapacityKnobWhenItsPropertiesAreGiven() {
        assertThat(element().embeddedConfig().faults().maxConcurrentRequests()).isZero();
        assertThat(element().embeddedConfig().faults().serviceTimeMs()).isEqualTo(50);
        SandboxConfig c = element(SandboxTarget.PROP_MAX_CONCURRENT_REQUESTS, "4",
                SandboxTarget.PROP_SERVICE_TIME_MS, "120").embeddedConfig();
        assertThat(c.faults().maxConcurrentRequests()).isEqualTo(4);
        assertThat(c.faults().serviceTimeMs()).isEqualTo(120);
        assertThatThrownBy(() -> element(SandboxTarget.PROP_MAX_CONCURRENT_REQUESTS, "-1").embeddedConfig())
                .hasMessageContaining("property maxConcurrentRequests has a bad value '-1'");
        assertThatThrownBy(() -> element(SandboxTarget.PROP_SERVICE_TIME_MS, "0").embeddedConfig())
                .hasMessageContaining("property serviceTimeMs has a bad value '0'");
    }
}
