package io.github.agieval.jmeter.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import java.util.List;
import org.apache.jmeter.control.IfController;
import org.apache.jmeter.control.TransactionController;
import org.apache.jmeter.engine.util.ValueReplacer;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterVariables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

/**
 * Drives the Job Polling Controller through JMeter's own engine pieces ({@link PollRig}: a real
 * JMeterThread, TestCompiler, listener notification and error actions) with a virtual clock, so
 * every wait is checked to the millisecond without sleeping.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class JobPollControllerTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long POLL_MS = 10;

    private FakePollClock clock;
    private PollRig rig;
    private JobPollController controller;
    private ScriptedStatusSampler status;
    private SnapshotSampler after;

    @BeforeEach
    void setUp() {
        JMeterContextService.getContext().setVariables(new JMeterVariables());
        clock = new FakePollClock(T0);
        rig = new PollRig(1);
        controller = new JobPollController();
        controller.setName("Wait for job");
        controller.setClock(clock);
        status = new ScriptedStatusSampler("GET job status", clock, POLL_MS);
        after = new SnapshotSampler("after");
    }

    private void plainTree() {
        rig.add(rig.root, controller);
        rig.add(controller, status);
        rig.add(rig.root, after);
    }

    private SampleResult onlyJobSample() {
        List<SampleResult> jobs = rig.listener.withLabel("job Wait for job");
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private static JsonNode data(SampleResult r) {
        return Json.parse(r.getResponseDataAsString());
    }

    @Test
    void shouldRecordSucceededJobWhenStatusBecomesCompleted() {
        status.status("queued", "running", "completed");
        plainTree();

        rig.run();

        assertThat(rig.listener.labels()).containsExactly("GET job status", "GET job status", "GET job status",
                "job Wait for job");
        assertThat(clock.parkedMillis).containsExactly(5000L, 5000L, 5000L);
        SampleResult job = onlyJobSample();
        assertThat(job.isSuccessful()).isTrue();
        assertThat(job.getResponseCode()).isEqualTo("SUCCEEDED");
        assertThat(job.getResponseMessage()).isEqualTo("final status 'completed' (polls=3)");
        assertThat(job.getStartTime()).isEqualTo(T0);
        assertThat(job.getTime()).isEqualTo(3 * 5000 + 3 * POLL_MS);
        assertThat(job.getEndTime()).isEqualTo(T0 + 15030);
        assertThat(job.getThreadName()).isEqualTo("Users 1-1");
        JsonNode d = data(job);
        assertThat(d.get("polls").asInt()).isEqualTo(3);
        assertThat(d.get("waited_ms").asLong()).isEqualTo(15000);
        assertThat(d.get("final_status").asText()).isEqualTo("completed");
        assertThat(d.get("timed_out").asBoolean()).isFalse();
        assertThat(d.get("job_id").asText()).isEmpty();
        assertThat(after.vars).containsEntry("job_outcome", "SUCCEEDED")
                .containsEntry("job_final_status", "completed")
                .containsEntry("job_polls", "3")
                .containsEntry("job_time_ms", "15030")
                .containsEntry("job_succeeded", "true")
                .containsEntry("JMeterThread.last_sample_ok", "true");
    }

    @Test
    void shouldFailJobWhenTerminalStatusIsNotASuccessValue() {
        status.status("running", "failed");
        plainTree();

        rig.run();

        SampleResult job = onlyJobSample();
        assertThat(job.isSuccessful()).isFalse();
        assertThat(job.getResponseCode()).isEqualTo("FAILED");
        assertThat(job.getResponseMessage()).isEqualTo("final status 'failed' is not a success value [completed] (polls=2)");
        assertThat(job.getTime()).isEqualTo(2 * 5000 + 2 * POLL_MS);
        assertThat(status.calls).isEqualTo(2);
        assertThat(after.vars).containsEntry("job_outcome", "FAILED").containsEntry("job_succeeded", "false")
                .containsEntry("JMeterThread.last_sample_ok", "false");
    }

    @Test
    void shouldTimeOutAfterMaxPollsWithoutAnotherWait() {
        controller.setMaxPolls("4");
        controller.setWaitBeforeFirstPoll(false);
        plainTree(); // answers "running" forever

        rig.run();

        assertThat(status.calls).isEqualTo(4);
        assertThat(clock.parkedMillis).containsExactly(5000L, 5000L, 5000L);
        SampleResult job = onlyJobSample();
        assertThat(job.getResponseCode()).isEqualTo("TIMED_OUT");
        assertThat(job.getResponseMessage()).isEqualTo("timed out: max polls (4) reached (polls=4)");
        assertThat(job.getTime()).isEqualTo(3 * 5000 + 4 * POLL_MS);
        assertThat(data(job).get("timed_out").asBoolean()).isTrue();
        assertThat(data(job).get("final_status").asText()).isEqualTo("running");
    }

    @Test
    void shouldMakeLastPollAtTimeOutAndThenTimeOut() {
        controller.setTimeout("12000");
        controller.setMaxPolls("0");
        plainTree();

        rig.run();

        // wait 5000, poll (ends 5010), wait 5000, poll (ends 10020), wait truncated to 1980, poll at 12000
        assertThat(clock.parkedMillis).containsExactly(5000L, 5000L, 1980L);
        assertThat(status.calls).isEqualTo(3);
        SampleResult job = onlyJobSample();
        assertThat(job.getResponseCode()).isEqualTo("TIMED_OUT");
        assertThat(job.getResponseMessage()).isEqualTo("timed out: time-out (12000 ms) elapsed (polls=3)");
        assertThat(job.getTime()).isEqualTo(12010);
    }

    @Test
    void shouldSeeJobCompletingAtTheLastPollBeforeTimeOut() {
        controller.setTimeout("12000");
        status.status("running", "running", "completed");
        plainTree();

        rig.run();

        assertThat(onlyJobSample().getResponseCode()).isEqualTo("SUCCEEDED");
        assertThat(onlyJobSample().getTime()).isEqualTo(12010);
    }

    @Test
    void shouldGrowWaitsExponentiallyUpToTheCap() {
        controller.setBackoff("EXPONENTIAL");
        controller.setInterval("1000");
        controller.setBackoffMultiplier("2");
        controller.setMaxInterval("5000");
        controller.setMaxPolls("6");
        plainTree();

        rig.run();

        assertThat(clock.parkedMillis).containsExactly(1000L, 2000L, 4000L, 5000L, 5000L, 5000L);
        assertThat(onlyJobSample().getTime()).isEqualTo(22000 + 6 * POLL_MS);
    }

    @Test
    void shouldSpreadWaitsByJitterFromTheRandomSource() {
        controller.setInterval("4000");
        controller.setJitterPercent("25");
        controller.setMaxPolls("3");
        double[] randoms = {0.0, 0.5, 0.999};
        int[] i = {0};
        controller.setRandom(() -> randoms[i[0]++]);
        plainTree();

        rig.run();

        // 4000 * (1 + 0.25 * (2r - 1)): r=0 -> 3000, r=0.5 -> 4000, r=0.999 -> 4998
        assertThat(clock.parkedMillis).containsExactly(3000L, 4000L, 4998L);
    }

    @Test
    void shouldHonourRetryAfterSecondsOf429AndDateOf503() {
        controller.setInterval("1000");
        controller.setWaitBeforeFirstPoll(false);
        status.answer("429", "{\"error\":\"rate_limited\"}", "HTTP/1.1 429 Too Many Requests\nRetry-After: 7\n");
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.Instant.ofEpochMilli(T0 + 12000).atZone(java.time.ZoneOffset.UTC));
        status.answer("503", "{\"error\":\"busy\"}", "HTTP/1.1 503 Service Unavailable\nretry-after: " + date + "\n");
        status.status("running", "completed");
        plainTree();

        rig.run();

        // poll 1 ends at 10 ms -> wait 7000; poll 2 ends at 7020 -> wait until T0+12000 = 4980;
        // poll 3 (200) -> plain interval 1000
        assertThat(clock.parkedMillis).containsExactly(7000L, 4980L, 1000L);
        SampleResult job = onlyJobSample();
        assertThat(job.getResponseCode()).isEqualTo("SUCCEEDED");
        assertThat(data(job).get("failed_polls").asInt()).isEqualTo(2);
    }

    @Test
    void shouldIgnoreRetryAfterWhenToldTo() {
        controller.setInterval("1000");
        controller.setWaitBeforeFirstPoll(false);
        controller.setHonourRetryAfter(false);
        status.answer("429", "{}", "Retry-After: 7\n");
        status.status("completed");
        plainTree();

        rig.run();

        assertThat(clock.parkedMillis).containsExactly(1000L);
    }

    @Test
    void shouldEndWithErrorAfterMaxFailedPollsInARow() {
        controller.setMaxFailedPolls("3");
        controller.setInterval("100");
        status.answer("500", "{}", "").status("running");
        status.answer("500", "{}", "").answer("502", "", "").answer("500", "{}", "");
        plainTree();

        rig.run();

        assertThat(status.calls).isEqualTo(5);
        SampleResult job = onlyJobSample();
        assertThat(job.getResponseCode()).isEqualTo("ERROR");
        assertThat(job.getResponseMessage()).isEqualTo("polling failed 3 times in a row (polls=5)");
        assertThat(data(job).get("failed_polls").asInt()).isEqualTo(4);
    }

    @Test
    void shouldReadStatusWithJsonPathCaseInsensitively() {
        controller.setConditionSource("JSON_PATH");
        controller.setStatusJsonPath("$.data.state");
        controller.setTerminalValues("done,error");
        controller.setSuccessValues("done");
        controller.setInterval("1000");
        status.answer("200", "{\"data\":{\"state\":\"PENDING\"}}", "");
        status.answer("200", "not json at all", "");
        status.answer("200", "{\"data\":{\"state\":\"DONE\"}}", "");
        plainTree();

        rig.run();

        assertThat(status.calls).isEqualTo(3);
        SampleResult job = onlyJobSample();
        assertThat(job.getResponseCode()).isEqualTo("SUCCEEDED");
        assertThat(data(job).get("final_status").asText()).isEqualTo("DONE");
    }

    @Test
    void shouldEndWhenExpressionIsTrue() throws Exception {
        controller.setConditionSource("EXPRESSION");
        controller.setExpression("${__jexl3(\"${job_status}\" == \"done\")}");
        controller.setSuccessValues("done");
        controller.setInterval("1000");
        new ValueReplacer().replaceValues(controller);
        controller.setRunningVersion(true);
        status.status("running", "almost", "done");
        plainTree();

        rig.run();

        assertThat(status.calls).isEqualTo(3);
        assertThat(onlyJobSample().getResponseCode()).isEqualTo("SUCCEEDED");
        assertThat(after.vars).containsEntry("job_final_status", "done");
    }

    @Test
    void shouldTimeJobFromSubmitTimeVariable() {
        controller.setStartTimeVariable("job_submitted_at");
        controller.setInterval("1000");
        rig.add(rig.root, new SetVariableSampler("job_submitted_at", Long.toString(T0 - 250)));
        status.status("completed");
        plainTree();

        rig.run();

        SampleResult job = onlyJobSample();
        assertThat(job.getStartTime()).isEqualTo(T0 - 250);
        assertThat(job.getTime()).isEqualTo(250 + 1000 + POLL_MS);
        assertThat(data(job).get("timed_from").asText()).isEqualTo("job_submitted_at");
    }

    @Test
    void shouldUseConfiguredLabelPrefixAndJobId() {
        controller.setSampleLabel("evaluation job");
        controller.setVariablePrefix("eval_");
        rig.add(rig.root, new SetVariableSampler("job_id", "job-42"));
        status.status("completed");
        plainTree();

        rig.run();

        assertThat(rig.listener.withLabel("evaluation job")).singleElement()
                .satisfies(r -> assertThat(data(r).get("job_id").asText()).isEqualTo("job-42"));
        assertThat(after.vars).containsEntry("eval_outcome", "SUCCEEDED").doesNotContainKey("job_outcome");
    }

    @Test
    void shouldNotRecordSampleWhenRecordingIsOffButStillExportVariables() {
        controller.setRecordSample(false);
        status.status("completed");
        plainTree();

        rig.run();

        assertThat(rig.listener.labels()).containsExactly("GET job status");
        assertThat(after.vars).containsEntry("job_outcome", "SUCCEEDED");
    }

    @Test
    void shouldNotLetStaleStatusOfPreviousJobEndTheNextJob() {
        rig = new PollRig(2);
        controller.setInterval("1000");
        // job 1: completed; job 2: first poll fails (status not set), then running, completed
        status.status("completed");
        status.answer("500", "{}", "");
        status.status("running", "completed");
        plainTree();

        rig.run();

        List<SampleResult> jobs = rig.listener.withLabel("job Wait for job");
        assertThat(jobs).extracting(SampleResult::getResponseCode).containsExactly("SUCCEEDED", "SUCCEEDED");
        assertThat(Json.parse(jobs.get(1).getResponseDataAsString()).get("polls").asInt()).isEqualTo(3);
        assertThat(status.calls).isEqualTo(4);
    }

    @Test
    void shouldAbortJobAndStartNextJobCleanlyOnStartNextThreadLoopError() {
        rig = new PollRig(2);
        controller.setInterval("1000");
        status.status("running");
        status.answer("500", "{}", "");
        status.status("completed");
        plainTree();
        rig.newThread().setOnErrorStartNextLoop(true);

        rig.run();

        List<SampleResult> jobs = rig.listener.withLabel("job Wait for job");
        assertThat(jobs).extracting(SampleResult::getResponseCode).containsExactly("ABORTED", "SUCCEEDED");
        assertThat(jobs.get(0).isSuccessful()).isFalse();
        assertThat(jobs.get(0).getResponseMessage()).isEqualTo("polling abandoned: the thread loop was restarted (polls=1)");
        assertThat(Json.parse(jobs.get(1).getResponseDataAsString()).get("polls").asInt()).isEqualTo(1);
        assertThat(after.calls).isEqualTo(1); // the first iteration never reached "after"
    }

    @Test
    void shouldStopPollingWithoutJobSampleOnStopThreadError() {
        controller.setInterval("1000");
        status.status("running");
        status.answer("500", "{}", "");
        plainTree();
        rig.newThread().setOnErrorStopThread(true);

        rig.run();

        assertThat(status.calls).isEqualTo(2);
        assertThat(clock.parkedMillis).containsExactly(1000L, 1000L);
        assertThat(rig.listener.withLabel("job Wait for job")).isEmpty();
        assertThat(after.calls).isZero();
    }

    @Test
    void shouldWaitUntilScheduledEndAndThenEndTheThreadCleanlyWithoutAnotherPoll() {
        controller.setInterval("5000");
        plainTree();
        rig.newThread().setEndTime(T0 + 12_000);

        rig.run();

        // waits at 0 and 5010 fit; the third (at 10020) would end after T0+12000: the user waits
        // until the scheduled end (1980 ms), then its thread ends without another poll
        assertThat(clock.parkedMillis).containsExactly(5000L, 5000L, 1980L);
        assertThat(status.calls).isEqualTo(2);
        assertThat(rig.listener.withLabel("job Wait for job")).isEmpty();
        assertThat(after.calls).isZero();
    }

    @Test
    void shouldCapHugeRetryAfterAtMaxIntervalAndScheduledEndInsteadOfWaitingForever() {
        controller.setInterval("1000");
        controller.setMaxInterval("10000");
        controller.setWaitBeforeFirstPoll(false);
        status.answer("429", "{}", "HTTP/1.1 429 Too Many Requests\nRetry-After: 3600\n");
        status.answer("503", "{}", "HTTP/1.1 503 Service Unavailable\nRetry-After: 99999999999999999999999\n");
        status.answer("503", "{}", "HTTP/1.1 503 Service Unavailable\nRetry-After: 9223372036854775\n");
        status.status("completed");
        plainTree();

        rig.run();

        assertThat(clock.parkedMillis).containsExactly(10_000L, 10_000L, 10_000L);
        assertThat(onlyJobSample().getResponseCode()).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldCutRetryAfterAtTheTimeOut() {
        controller.setInterval("1000");
        controller.setMaxPolls("0");
        controller.setTimeout("4000");
        controller.setWaitBeforeFirstPoll(false);
        status.answer("429", "{}", "Retry-After: 30\n").status("running");
        plainTree();

        rig.run();

        // the 429 ends at 10 ms: the 30 s asked for (capped to 60 s) is cut at the time-out, 3990 ms later
        assertThat(clock.parkedMillis).containsExactly(3990L);
        assertThat(onlyJobSample().getResponseCode()).isEqualTo("TIMED_OUT");
    }

    @Test
    void shouldEndAtScheduledEndWhenRetryAfterOverflowsAndNoTimeOutIsSet() {
        controller.setInterval("1000");
        controller.setMaxInterval(Long.toString(io.github.agieval.jmeter.common.Durations.MAX_MS)); // the largest accepted
        controller.setWaitBeforeFirstPoll(false);
        status.answer("429", "{}", "Retry-After: 99999999999999999999999\n");
        plainTree();
        rig.newThread().setEndTime(T0 + 60_000);

        rig.run();

        assertThat(clock.parkedMillis).containsExactly(59_990L);
        assertThat(status.calls).isEqualTo(1);
    }

    @Test
    void shouldSayInTheJobSampleWhyTheJsonPathGaveNoStatus() {
        controller.setConditionSource("JSON_PATH");
        controller.setMaxPolls("2");
        controller.setInterval("100");
        status.answer("200", "<html><body>Maintenance</body></html>", "");
        status.answer("200", "<html><body>Maintenance</body></html>", "");
        plainTree();

        rig.run();

        SampleResult job = onlyJobSample();
        assertThat(job.getResponseCode()).isEqualTo("TIMED_OUT");
        assertThat(job.getResponseMessage()).isEqualTo("timed out: max polls (2) reached; no status read:"
                + " the response of 'GET job status' (200, no content type) is not JSON (polls=2)");
        assertThat(data(job).get("status_problem").asText()).contains("is not JSON");
    }

    @Test
    void shouldSayWhenTheJsonPathIsNotInTheJsonResponse() {
        controller.setConditionSource("JSON_PATH");
        controller.setStatusJsonPath("$.state");
        controller.setMaxPolls("1");
        status.answer("200", "{\"status\":\"running\"}", "");
        plainTree();

        rig.run();

        assertThat(onlyJobSample().getResponseMessage()).isEqualTo("timed out: max polls (1) reached; no status"
                + " read: JSON path $.state not found in the response of 'GET job status' (polls=1)");
    }

    @Test
    void shouldRecordJobInsideTransactionAndIfControllersWithoutDoubleCounting() {
        TransactionController tc = new TransactionController();
        tc.setName("submit and wait");
        tc.setGenerateParentSample(false);
        tc.setIncludeTimers(false);
        IfController ifc = new IfController();
        ifc.setName("if submitted");
        ifc.setCondition("true");
        ifc.setUseExpression(true);
        rig.add(rig.root, tc);
        ScriptedStatusSampler submit = new ScriptedStatusSampler("POST evaluate", clock, 20);
        submit.answer("202", "{\"job_id\":\"j-1\",\"status\":\"queued\"}", "");
        rig.add(tc, submit);
        rig.add(tc, ifc);
        rig.add(ifc, controller);
        rig.add(controller, status);
        rig.add(rig.root, after);
        controller.setInterval("1000");
        status.status("running", "completed");

        rig.run();

        assertThat(rig.listener.labels()).containsExactly("POST evaluate", "GET job status", "GET job status",
                "job Wait for job", "submit and wait");
        SampleResult txn = rig.listener.withLabel("submit and wait").get(0);
        assertThat(txn.getResponseMessage())
                .isEqualTo("Number of samples in transaction : 3, number of failing samples : 0");
        assertThat(onlyJobSample().getTime()).isEqualTo(2000 + 2 * POLL_MS);
    }

    @Test
    void shouldRecordJobBesideParentSampleOfTransactionControllerInParentMode() {
        TransactionController tc = new TransactionController();
        tc.setName("evaluation");
        tc.setGenerateParentSample(true);
        rig.add(rig.root, tc);
        rig.add(tc, controller);
        rig.add(controller, status);
        rig.add(rig.root, after);
        controller.setInterval("1000");
        status.status("running", "completed");

        rig.run();

        assertThat(rig.listener.labels()).containsExactly("job Wait for job", "evaluation");
        SampleResult parent = rig.listener.withLabel("evaluation").get(0);
        assertThat(parent.getSubResults()).extracting(SampleResult::getSampleLabel)
                .containsExactly("GET job status", "GET job status");
        assertThat(onlyJobSample().getTime()).isEqualTo(2000 + 2 * POLL_MS);
        assertThat(after.vars).containsEntry("job_outcome", "SUCCEEDED");
    }

    @Test
    void shouldDeliverJobSampleOnlyToListenersInScope() {
        CollectingListener inside = new CollectingListener();
        CollectingListener elsewhere = new CollectingListener();
        org.apache.jmeter.control.GenericController other = new org.apache.jmeter.control.GenericController();
        other.setName("other branch");
        rig.add(rig.root, controller);
        rig.add(controller, status);
        rig.add(controller, inside);
        rig.add(rig.root, other);
        rig.add(other, new SnapshotSampler("noop"));
        rig.add(other, elsewhere);
        status.status("completed");

        rig.run();

        assertThat(inside.labels()).containsExactly("GET job status", "job Wait for job");
        assertThat(elsewhere.labels()).isEmpty();
        assertThat(rig.listener.labels()).containsExactly("GET job status", "job Wait for job");
    }

    @Test
    void shouldPollAgainAtOnceWhenChildAsksToContinueAndStopOnBreak() {
        controller.setInterval("1000");
        controller.setMaxPolls("10");
        LogicalActionSampler action = new LogicalActionSampler();
        rig.add(rig.root, controller);
        rig.add(controller, status);
        rig.add(controller, action);
        rig.add(rig.root, after);
        action.actions.add(org.apache.jmeter.threads.JMeterContext.TestLogicalAction.START_NEXT_ITERATION_OF_CURRENT_LOOP);
        action.actions.add(org.apache.jmeter.threads.JMeterContext.TestLogicalAction.CONTINUE);
        action.actions.add(org.apache.jmeter.threads.JMeterContext.TestLogicalAction.BREAK_CURRENT_LOOP);

        rig.run();

        assertThat(status.calls).isEqualTo(3);
        assertThat(clock.parkedMillis).containsExactly(1000L, 1000L, 1000L);
        SampleResult job = onlyJobSample();
        assertThat(job.getResponseCode()).isEqualTo("ABORTED");
        assertThat(job.getResponseMessage()).isEqualTo("polling abandoned by a 'break current loop' action (polls=2)");
        assertThat(data(job).get("polls").asInt()).isEqualTo(2);
        assertThat(after.calls).isEqualTo(1);
    }

    @Test
    void shouldSkipTheJobAndClearItsOutputsWhenTheSubmitLeftAnEmptyJobId() {
        JMeterContextService.getContext().getVariables().put("job_succeeded", "true"); // an earlier job's
        rig.add(rig.root, new SetVariableSampler("job_id", ""));
        plainTree();

        rig.run();

        assertThat(status.calls).as("nothing polled").isZero();
        assertThat(rig.listener.withLabel("job Wait for job")).as("no job sample").isEmpty();
        assertThat(clock.parkedMillis).as("no wait").isEmpty();
        assertThat(after.vars).containsEntry("job_outcome", JobPollController.NO_JOB)
                .containsEntry("job_succeeded", "false")
                .doesNotContainKey("job_polls");
    }

    @Test
    void shouldPollAsBeforeWhenThePlanNeverSetsTheJobIdVariable() {
        status.status("completed");
        plainTree();

        rig.run();

        assertThat(onlyJobSample().isSuccessful()).isTrue();
    }

    @Test
    void shouldScaleIntervalsByTheTimeScaleProperty() {
        io.github.agieval.jmeter.it.JMeterSupport.init();
        org.apache.jmeter.util.JMeterUtils.setProperty("TIME_SCALE", "0.01");
        try {
            status.status("queued", "completed");
            plainTree();

            rig.run();

            assertThat(clock.parkedMillis).as("5000 ms x 0.01").containsExactly(50L, 50L);
        } finally {
            org.apache.jmeter.util.JMeterUtils.getJMeterProperties().remove("TIME_SCALE");
        }
    }
}
