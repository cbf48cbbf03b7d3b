package io.github.agieval.jmeter.kpi.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class JobPollsTest {

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadThePollCountWhenTheMessageEndsWithTheSuffix() {
        assertThat(JobPolls.fromMessage("final status 'completed' (polls=7)")).isEqualTo(7);
        assertThat(JobPolls.fromMessage("timed out: max polls (60) reached (polls=60)")).isEqualTo(60);
        assertThat(JobPolls.fromMessage(" (polls=0)")).isZero();
    }

    @Test
    void shouldFindNoPollCountWhenTheMessageHasNoSuffix() {
        assertThat(JobPolls.fromMessage("OK")).isEqualTo(-1);
        assertThat(JobPolls.fromMessage(null)).isEqualTo(-1);
        assertThat(JobPolls.fromMessage("")).isEqualTo(-1);
        assertThat(JobPolls.fromMessage("timed out: max polls (60) reached")).isEqualTo(-1);
        assertThat(JobPolls.fromMessage("x (polls=)")).isEqualTo(-1);
        assertThat(JobPolls.fromMessage("x (polls=-1)")).isEqualTo(-1);
        assertThat(JobPolls.fromMessage("x (polls=3) trailing")).isEqualTo(-1);
        assertThat(JobPolls.fromMessage("x (polls=12345678901)")).isEqualTo(-1);
    }

    @Test
    void shouldReadTheBodyOfAJobSampleWhenItsMessageHasNoSuffix() {
        byte[] job = body("{\"job_id\":\"j-1\",\"outcome\":\"SUCCEEDED\",\"polls\":4,\"time_ms\":900}");
        assertThat(JobPolls.of("SUCCEEDED", "final status 'completed'", job)).isEqualTo(4);
        // the message wins when both are there
        assertThat(JobPolls.of("SUCCEEDED", "final status 'completed' (polls=5)", job)).isEqualTo(5);
    }

    @Test
    void shouldNotTakeAnHttpResponseForAJobSampleWhenItsBodyHasAPollsField() {
        byte[] json = body("{\"job_id\":\"j-1\",\"polls\":4}");
        assertThat(JobPolls.of("200", "OK", json)).isEqualTo(-1);
        assertThat(JobPolls.of("", "", json)).isEqualTo(-1);
        assertThat(JobPolls.of("SUCCEEDED", "", body("{\"polls\":4}"))).isEqualTo(-1);
        assertThat(JobPolls.of("SUCCEEDED", "", body("{\"job_id\":\"j\",\"polls\":\"4\"}"))).isEqualTo(-1);
        assertThat(JobPolls.of("SUCCEEDED", "", body("not json"))).isEqualTo(-1);
        assertThat(JobPolls.of("SUCCEEDED", "", null)).isEqualTo(-1);
        byte[] big = body("{\"job_id\":\"j\",\"polls\":4,\"pad\":\"" + "x".repeat(JobPolls.MAX_BODY) + "\"}");
        assertThat(JobPolls.of("SUCCEEDED", "", big)).isEqualTo(-1);
    }
}
