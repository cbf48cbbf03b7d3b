package io.github.agieval.jmeter.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.property.StringProperty;
import org.apache.jmeter.threads.JMeterVariables;
import org.junit.jupiter.api.Test;

/** The status read after a round, for each condition source, and the limits that end a job. */
class StatusReaderTest {

    private final StatusReader reader = new StatusReader();
    private final JMeterVariables vars = new JMeterVariables();

    private static JobRun job(JobPollController c) {
        c.setName("p");
        return new JobRun(PollSettings.parse(PollSettings.sourceOf(c), false), 0, 0, "loop", "j-1");
    }

    private static SampleResult answer(String label, String code, String body) {
        SampleResult r = new SampleResult();
        r.setSampleLabel(label);
        r.setResponseCode(code);
        r.setResponseData(body, StandardCharsets.UTF_8.name());
        return r;
    }

    @Test
    void shouldEndTheJobWhenTheStatusVariableHoldsATerminalValueInAnyCase() {
        JobPollController c = new JobPollController();
        JobRun job = job(c);

        vars.put("job_status", "running");
        assertThat(reader.readRound(job, vars, null, false, c.getProperty(JobPollController.EXPRESSION), c)).isFalse();
        vars.put("job_status", "COMPLETED");
        assertThat(reader.readRound(job, vars, null, false, c.getProperty(JobPollController.EXPRESSION), c)).isTrue();

        assertThat(job.lastStatus).isEqualTo("COMPLETED");
        assertThat(job.terminal()).isEqualTo(new JobRun.Ending(JobOutcome.SUCCEEDED, "final status 'COMPLETED'"));
    }

    @Test
    void shouldReadTheJsonPathAndSayWhyWhenTheResponseGivesNoStatus() {
        JobPollController c = new JobPollController();
        c.setConditionSource("JSON_PATH");
        JobRun job = job(c);

        assertThat(reader.readRound(job, vars, answer("Job Status", "200", "<html>busy</html>"), true, null, c))
                .isFalse();
        assertThat(job.statusProblem).isEqualTo("the response of 'Job Status' (200, no content type) is not JSON");

        assertThat(reader.readRound(job, vars, answer("Job Status", "200", "{\"status\":\"failed\"}"), true, null, c))
                .isTrue();
        assertThat(job.statusProblem).isNull();
        assertThat(job.terminal().outcome()).isEqualTo(JobOutcome.FAILED);

        assertThat(reader.readRound(job, vars, null, false, null, c)).isFalse();
        assertThat(job.statusProblem).isEqualTo("the round made no sample");
        assertThat(job.lastStatus).as("the last status read stays").isEqualTo("failed");
    }

    @Test
    void shouldEndTheJobWhenTheExpressionIsTrueAndReportTheStatusVariable() {
        JobPollController c = new JobPollController();
        c.setConditionSource("EXPRESSION");
        c.setExpression("TRUE ");
        JobRun job = job(c);
        vars.put("job_status", "done");

        assertThat(reader.readRound(job, vars, null, false, c.getProperty(JobPollController.EXPRESSION), c)).isTrue();
        assertThat(job.lastStatus).isEqualTo("done");

        c.setProperty(new StringProperty(JobPollController.EXPRESSION, "false"));
        assertThat(reader.readRound(job, vars, null, false, c.getProperty(JobPollController.EXPRESSION), c)).isFalse();
    }

    @Test
    void shouldEndByFailedPollsInARowThenMaxPollsThenTimeOutInThatOrder() {
        JobPollController c = new JobPollController();
        c.setMaxFailedPolls("2");
        c.setMaxPolls("3");
        c.setTimeout("10s");
        JobRun job = job(c);

        job.polls = 1;
        job.countRound(true, true);
        assertThat(job.limitReached(0)).isNull();
        job.polls = 2;
        job.countRound(true, false);
        assertThat(job.failedInARow).isZero();
        assertThat(job.failedPolls).isEqualTo(1);
        assertThat(job.limitReached(10_000)).isEqualTo(new JobRun.Ending(JobOutcome.TIMED_OUT,
                "timed out: time-out (10000 ms) elapsed"));
        job.polls = 3;
        job.countRound(true, true);
        assertThat(job.limitReached(10_000)).isEqualTo(new JobRun.Ending(JobOutcome.TIMED_OUT,
                "timed out: max polls (3) reached"));
        job.countRound(true, true);
        job.statusProblem = "the round made no sample";
        assertThat(job.limitReached(10_000)).isEqualTo(new JobRun.Ending(JobOutcome.ERROR,
                "polling failed 2 times in a row; no status read: the round made no sample"));
    }
}
