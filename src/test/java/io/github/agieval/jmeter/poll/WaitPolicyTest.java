package io.github.agieval.jmeter.poll;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.jmeter.samplers.SampleResult;
import org.junit.jupiter.api.Test;

class WaitPolicyTest {

    private static PollSettings settings(JobPollController c) {
        c.setName("p");
        return PollSettings.parse(PollSettingsTest.source(c), false);
    }

    @Test
    void shouldKeepFixedIntervalAndLetRetryAfterOnlyLengthenIt() {
        PollSettings s = settings(new JobPollController());

        assertThat(WaitPolicy.waitMillis(s, 0, -1, 0.3)).isEqualTo(5000);
        assertThat(WaitPolicy.waitMillis(s, 9, -1, 0.3)).isEqualTo(5000);
        assertThat(WaitPolicy.waitMillis(s, 1, 2000, 0.3)).isEqualTo(5000);
        assertThat(WaitPolicy.waitMillis(s, 1, 45_000, 0.3)).isEqualTo(45_000);
    }

    @Test
    void shouldCapRetryAfterAtMaxIntervalWhateverTheServerAsks() {
        PollSettings s = settings(new JobPollController()); // max interval 60000

        assertThat(WaitPolicy.waitMillis(s, 1, 120_000, 0.3)).isEqualTo(60_000);
        assertThat(WaitPolicy.waitMillis(s, 1, Long.MAX_VALUE, 0.3)).isEqualTo(60_000);
        assertThat(WaitPolicy.waitMillis(s, 1, RetryAfter.parse("99999999999999999999999", 0), 0.3))
                .isEqualTo(60_000);
        assertThat(WaitPolicy.waitMillis(s, 1, RetryAfter.parse("9223372036854775", 0), 0.3)).isEqualTo(60_000);
    }

    @Test
    void shouldCapExponentialBackoffAndKeepJitterUnderTheCap() {
        JobPollController c = new JobPollController();
        c.setBackoff("exponential");
        c.setInterval("500");
        c.setBackoffMultiplier("3");
        c.setMaxInterval("10000");
        c.setJitterPercent("20");
        PollSettings s = settings(c);

        assertThat(WaitPolicy.waitMillis(s, 0, -1, 0.5)).isEqualTo(500);
        assertThat(WaitPolicy.waitMillis(s, 2, -1, 0.5)).isEqualTo(4500);
        assertThat(WaitPolicy.waitMillis(s, 2, -1, 0.0)).isEqualTo(3600);
        assertThat(WaitPolicy.waitMillis(s, 40, -1, 0.5)).isEqualTo(10000);
        assertThat(WaitPolicy.waitMillis(s, 40, -1, 0.99)).isEqualTo(10000);
        assertThat(WaitPolicy.waitMillis(s, 40, -1, 0.0)).isEqualTo(8000);
    }

    @Test
    void shouldReadRetryAfterOnlyFrom429And503() {
        SampleResult r = new SampleResult();
        r.setResponseCode("429");
        r.setResponseHeaders("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 3\r\n");
        assertThat(RetryAfter.millis(r, 0)).isEqualTo(3000);

        r.setResponseCode("500");
        assertThat(RetryAfter.millis(r, 0)).isEqualTo(-1);

        r.setResponseCode("503");
        r.setResponseHeaders("RETRY-AFTER: Wed, 21 Oct 2015 07:28:00 GMT\n");
        long at = java.time.ZonedDateTime.of(2015, 10, 21, 7, 28, 0, 0, java.time.ZoneOffset.UTC).toInstant()
                .toEpochMilli();
        assertThat(RetryAfter.millis(r, at - 1500)).isEqualTo(1500);
        assertThat(RetryAfter.millis(r, at + 1500)).isZero();

        r.setResponseHeaders("Retry-After: soon\n");
        assertThat(RetryAfter.millis(r, 0)).isEqualTo(-1);
    }
}
