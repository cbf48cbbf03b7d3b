package io.github.agieval.jmeter.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.jmeter.samplers.SampleResult;
import org.junit.jupiter.api.Test;

class JobSampleFactsTest {

    private static final long T0 = 1_700_000_000_000L;

    private static PollSettings defaults() {
        JobPollController c = new JobPollController();
        c.setName("Wait");
        return PollSettings.parse(PollSettings.sourceOf(c), false);
    }

    private static SampleResult sample(String code, String message, String body) {
        SampleResult r = new SampleResult();
        r.setResponseCode(code);
        r.setResponseMessage(message);
        if (body != null) {
            r.setResponseData(body, StandardCharsets.UTF_8.name());
        }
        return r;
    }

    @Test
    void shouldWriteThePollCountAtTheEndOfTheMessageAndInTheBodyWhenTheBuilderBuildsAJobSample() {
        JobRun job = new JobRun(defaults(), T0, T0, "loop", "job-7");
        job.polls = 12;
        job.lastStatus = "completed";

        SampleResult r = JobSampleBuilder.build(job, JobOutcome.SUCCEEDED, "final status 'completed'", T0 + 900);

        assertThat(r.getResponseMessage()).isEqualTo("final status 'completed' (polls=12)");
        assertThat(r.getResponseDataAsString()).contains("\"polls\":12").contains("\"job_id\":\"job-7\"")
                .contains("\"message\":\"final status 'completed'\"");
        assertThat(r.getTime()).isEqualTo(900);
        assertThat(JobSampleFacts.polls(r)).isEqualTo(12);
    }

    @Test
    void shouldReadThePollsFromTheBodyFirstWhenBothAreThere() {
        SampleResult r = sample("TIMED_OUT", "timed out: max polls (5) reached (polls=4)",
                "{\"job_id\":\"j\",\"outcome\":\"TIMED_OUT\",\"polls\":5}");

        assertThat(JobSampleFacts.polls(r)).isEqualTo(5);
    }

    @Test
    void shouldReadThePollsFromTheMessageWhenTheJtlKeptNoBody() {
        SampleResult noBody = sample("FAILED", "final status 'failed' is not a success value [completed] (polls=3)",
                null);
        SampleResult otherBody = sample("ERROR", "polling failed 5 times in a row (polls=9)", "not json");

        assertThat(JobSampleFacts.polls(noBody)).isEqualTo(3);
        assertThat(JobSampleFacts.polls(otherBody)).isEqualTo(9);
        assertThat(JobSampleFacts.polls("ABORTED", "polling abandoned: the thread loop was restarted (polls=0)"))
                .isZero();
    }

    @Test
    void shouldAnswerMinusOneWhenTheSampleIsNotAJobSample() {
        assertThat(JobSampleFacts.polls(sample("200", "OK (polls=3)", "{\"job_id\":\"j\",\"polls\":3}")))
                .as("an HTTP answer is not a job sample, whatever its text").isEqualTo(-1);
        assertThat(JobSampleFacts.polls(sample("SUCCEEDED", "final status 'completed'", "{\"polls\":3}")))
                .as("no job_id in the body, no suffix in the message").isEqualTo(-1);
        assertThat(JobSampleFacts.polls(sample("SUCCEEDED", "(polls=3) final status", null))).isEqualTo(-1);
        assertThat(JobSampleFacts.polls(sample(null, null, null))).isEqualTo(-1);
        assertThat(JobSampleFacts.polls((SampleResult) null)).isEqualTo(-1);
        assertThat(JobSampleFacts.polls("200", "OK (polls=3)")).isEqualTo(-1);
        assertThat(JobSampleFacts.polls("SUCCEEDED", null)).isEqualTo(-1);
    }

    @Test
    void shouldKnowEveryOutcomeAsAJobSampleCode() {
        for (JobOutcome o : JobOutcome.values()) {
            assertThat(JobSampleFacts.isOutcome(o.name())).as(o.name()).isTrue();
        }
        assertThat(Set.of("succeeded", "NO_JOB", "", "503")).noneMatch(JobSampleFacts::isOutcome);
        assertThat(JobSampleFacts.withPolls("final status 'completed'", 2)).isEqualTo("final status 'completed' (polls=2)");
    }
}
