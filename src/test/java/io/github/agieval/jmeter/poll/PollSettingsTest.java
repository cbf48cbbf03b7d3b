package io.github.agieval.jmeter.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agieval.jmeter.common.InvalidSettingException;
import org.junit.jupiter.api.Test;

class PollSettingsTest {

    private static JobPollController named(String name) {
        JobPollController c = new JobPollController();
        c.setName(name);
        return c;
    }

    @Test
    void shouldUseTheSeedsDefaultsWhenNothingIsSet() {
        JobPollController c = named("poll");
        c.testStarted();
        PollSettings s = PollSettings.parse(source(c), false);

        assertThat(s.conditionSource()).isEqualTo(ConditionSource.VARIABLE);
        assertThat(s.statusVariable()).isEqualTo("job_status");
        assertThat(s.terminalValues()).containsExactly("completed", "failed");
        assertThat(s.successValues()).containsExactly("completed");
        assertThat(s.maxPolls()).isEqualTo(60);
        assertThat(s.timeoutMillis()).isZero();
        assertThat(s.intervalMillis()).isEqualTo(5000);
        assertThat(s.waitBeforeFirstPoll()).isTrue();
        assertThat(s.backoff()).isEqualTo(BackoffMode.FIXED);
        assertThat(s.honourRetryAfter()).isTrue();
        assertThat(s.startTimeVariable()).isEmpty();
        assertThat(s.sampleLabel()).isEqualTo("job poll");
        assertThat(s.variablePrefix()).isEqualTo("job_");
        assertThat(s.recordSample()).isTrue();
    }

    @Test
    void shouldFailTestStartNamingElementPropertyAndValueWhenIntervalIsNotADuration() {
        JobPollController c = named("Wait for evaluation");
        c.setInterval("5 secs");

        assertThatThrownBy(c::testStarted)
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Job Polling Controller 'Wait for evaluation': property"
                        + " 'JobPollController.intervalMs' = '5 secs': is not a duration");
    }

    @Test
    void shouldReadBareNumbersAsMillisecondsAndAcceptUnitsInEveryDurationField() {
        JobPollController c = named("p");
        c.setInterval("1.5s");
        c.setMaxInterval("2m");
        c.setTimeout("1h30m");
        c.testStarted();
        PollSettings units = PollSettings.parse(source(c), false);

        assertThat(units.intervalMillis()).isEqualTo(1500);
        assertThat(units.maxIntervalMillis()).isEqualTo(120_000);
        assertThat(units.timeoutMillis()).isEqualTo(5_400_000);

        c.setInterval("250");
        c.setMaxInterval("1000");
        c.setTimeout("30");
        PollSettings bare = PollSettings.parse(source(c), false);
        assertThat(bare.intervalMillis()).isEqualTo(250);
        assertThat(bare.maxIntervalMillis()).isEqualTo(1000);
        assertThat(bare.timeoutMillis()).isEqualTo(30);
    }

    @Test
    void shouldRejectOutOfRangeNumbersThroughTheSharedSettingsNamingElementPropertyAndValue() {
        JobPollController a = named("p");
        a.setMaxPolls("-1");
        assertThatThrownBy(a::testStarted).isInstanceOf(InvalidSettingException.class).hasMessage(
                "Job Polling Controller 'p': property 'JobPollController.maxPolls' = '-1': must be a whole number"
                        + " between 0 and 2147483647");

        JobPollController b = named("p");
        b.setBackoffMultiplier("0.5");
        assertThatThrownBy(b::testStarted).isInstanceOf(InvalidSettingException.class).hasMessage(
                "Job Polling Controller 'p': property 'JobPollController.backoffMultiplier' = '0.5': must be a"
                        + " number between 1 and 1000");

        JobPollController d = named("p");
        d.setTimeout("400d");
        assertThatThrownBy(d::testStarted).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Job Polling Controller 'p': property 'JobPollController.timeoutMs' = '400d':");
    }

    @Test
    void shouldRejectUnknownConditionSource() {
        JobPollController c = named("p");
        c.setConditionSource("regex");

        assertThatThrownBy(c::testStarted).hasMessage("Job Polling Controller 'p': property"
                + " 'JobPollController.conditionSource' = 'regex': must be one of variable, json_path, expression");
    }

    @Test
    void shouldRejectPollingWithoutAnyLimit() {
        JobPollController c = named("p");
        c.setMaxPolls("0");
        c.setTimeout("0");

        assertThatThrownBy(c::testStarted).hasMessageContaining("property 'JobPollController.maxPolls' = '0'")
                .hasMessageContaining("set at least one");
    }

    @Test
    void shouldRejectSuccessValueThatIsNeverTerminal() {
        JobPollController c = named("p");
        c.setSuccessValues("done");

        assertThatThrownBy(c::testStarted).hasMessageEndingWith(
                "property 'JobPollController.successValues' = 'done': success value 'done' is not one of"
                        + " the terminal values [completed, failed]");
    }

    @Test
    void shouldRejectBadJsonPathEmptyExpressionCapBelowIntervalAndJitterAbove100() {
        JobPollController a = named("p");
        a.setConditionSource("json_path");
        a.setStatusJsonPath("$.[status");
        assertThatThrownBy(a::testStarted).hasMessageContaining("property 'JobPollController.statusJsonPath'"
                + " = '$.[status': is not a valid JSON path");

        JobPollController b = named("p");
        b.setConditionSource("EXPRESSION");
        assertThatThrownBy(b::testStarted).hasMessageContaining("must not be empty when the condition is EXPRESSION");

        JobPollController c = named("p");
        c.setInterval("10000");
        c.setMaxInterval("5000");
        assertThatThrownBy(c::testStarted).hasMessageEndingWith(
                "property 'JobPollController.maxIntervalMs' = '5000': must not be less than the interval"
                        + " (10000 ms)");

        JobPollController d = named("p");
        d.setJitterPercent("150");
        assertThatThrownBy(d::testStarted).hasMessageEndingWith(
                "property 'JobPollController.jitterPercent' = '150': must be a number between 0 and 100");
    }

    @Test
    void shouldLeaveExpressionsForRunTimeAtTestStart() {
        JobPollController c = named("p");
        c.setInterval("${__P(POLL_INTERVAL,abc)}");
        c.setMaxPolls("${max}");

        c.testStarted(); // nothing to check yet: resolved per job

        PollSettings s = PollSettings.parse(source(c), true);
        assertThat(s.intervalMillis()).isEqualTo(5000);
        assertThat(s.maxPolls()).isEqualTo(60);
    }

    @Test
    void shouldAcceptAnyTerminalStatusWithStarAndMatchCaseInsensitively() {
        JobPollController c = named("p");
        c.setTerminalValues(" Completed , FAILED,cancelled ");
        c.setSuccessValues("*");
        PollSettings s = PollSettings.parse(source(c), false);

        assertThat(s.isTerminal("CANCELLED")).isTrue();
        assertThat(s.isTerminal("running")).isFalse();
        assertThat(s.isSuccess("failed")).isTrue();
    }

    @Test
    void shouldRejectYesAndOtherUnknownBooleanValuesNamingElementPropertyAndValue() {
        JobPollController a = named("Wait for job");
        a.setProperty(JobPollController.HONOUR_RETRY_AFTER, "yes");
        assertThatThrownBy(a::testStarted).hasMessage("Job Polling Controller 'Wait for job': property"
                + " 'JobPollController.honourRetryAfter' = 'yes': must be true or false");

        JobPollController b = named("p");
        b.setProperty(JobPollController.WAIT_BEFORE_FIRST_POLL, "no");
        assertThatThrownBy(b::testStarted).hasMessageContaining("property 'JobPollController.waitBeforeFirstPoll' = 'no'");

        JobPollController c = named("p");
        c.setProperty(JobPollController.RECORD_SAMPLE, "1");
        assertThatThrownBy(c::testStarted).hasMessageContaining("property 'JobPollController.recordSample' = '1'");

        JobPollController d = named("p");
        d.setProperty(JobPollController.RECORD_SAMPLE, "FALSE");
        d.testStarted();
        assertThat(PollSettings.parse(source(d), false).recordSample()).isFalse();
    }

    @Test
    void shouldTreatEveryEmptyPropertyAsItsDefaultAsTheGuiWritesIt() {
        JobPollController c = named("poll");
        for (String key : new String[] {JobPollController.CONDITION_SOURCE, JobPollController.STATUS_VARIABLE,
            JobPollController.STATUS_JSON_PATH, JobPollController.EXPRESSION, JobPollController.TERMINAL_VALUES,
            JobPollController.SUCCESS_VALUES, JobPollController.MAX_POLLS, JobPollController.TIMEOUT,
            JobPollController.MAX_FAILED_POLLS, JobPollController.INTERVAL, JobPollController.WAIT_BEFORE_FIRST_POLL,
            JobPollController.BACKOFF, JobPollController.BACKOFF_MULTIPLIER, JobPollController.MAX_INTERVAL,
            JobPollController.JITTER_PERCENT, JobPollController.HONOUR_RETRY_AFTER,
            JobPollController.START_TIME_VARIABLE, JobPollController.JOB_ID_VARIABLE, JobPollController.RECORD_SAMPLE,
            JobPollController.SAMPLE_LABEL, JobPollController.VARIABLE_PREFIX}) {
            c.setProperty(key, "");
        }

        c.testStarted();
        PollSettings empty = PollSettings.parse(source(c), false);

        assertThat(empty).isEqualTo(PollSettings.parse(source(named("poll")), false));
        assertThat(empty.maxPolls()).isEqualTo(60);
        assertThat(empty.intervalMillis()).isEqualTo(5000);
        assertThat(empty.maxIntervalMillis()).isEqualTo(60000);
        assertThat(empty.backoffMultiplier()).isEqualTo(2.0);
        assertThat(empty.waitBeforeFirstPoll()).isTrue();
        assertThat(empty.honourRetryAfter()).isTrue();
        assertThat(empty.recordSample()).isTrue();
        assertThat(empty.sampleLabel()).isEqualTo("job poll");
        assertThat(empty.variablePrefix()).isEqualTo("job_");
        assertThat(empty.jobIdVariable()).isEqualTo("job_id");
        assertThat(empty.statusJsonPath()).isEqualTo("$.status");
    }

    static PollSettings.Source source(JobPollController c) {
        return new PollSettings.Source() {
            @Override
            public String elementName() {
                return c.getName();
            }

            @Override
            public String text(String key) {
                org.apache.jmeter.testelement.property.JMeterProperty p = c.getProperty(key);
                return p instanceof org.apache.jmeter.testelement.property.NullProperty ? null : p.getStringValue();
            }

            @Override
            public boolean isDynamic(String key) {
                return c.getProperty(key).getStringValue().contains("${");
            }
        };
    }
}
