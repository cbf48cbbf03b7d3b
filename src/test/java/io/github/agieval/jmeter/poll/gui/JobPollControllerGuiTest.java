package io.github.agieval.jmeter.poll.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.poll.JobPollController;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.BooleanProperty;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.testelement.property.PropertyIterator;
import org.apache.jmeter.testelement.property.StringProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobPollControllerGuiTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static Map<String, String> properties(TestElement e) {
        Map<String, String> map = new LinkedHashMap<>();
        PropertyIterator it = e.propertyIterator();
        while (it.hasNext()) {
            JMeterProperty p = it.next();
            if (p.getName().startsWith("JobPollController.")) {
                map.put(p.getName(), p.getStringValue());
            }
        }
        return map;
    }

    /** Every property set to a value different from its default. */
    private static JobPollController everythingChanged() {
        JobPollController c = new JobPollController();
        c.setName("Wait for evaluation");
        c.setComment("polls the job");
        c.setConditionSource("JSON_PATH");
        c.setStatusVariable("eval_state");
        c.setStatusJsonPath("$.data.state");
        c.setExpression("${__jexl3(\"${eval_state}\" == \"DONE\")}");
        c.setTerminalValues("done,error,cancelled");
        c.setSuccessValues("done");
        c.setMaxPolls("${__P(MAX_POLLS,30)}");
        c.setTimeout("300000");
        c.setMaxFailedPolls("5");
        c.setInterval("2000");
        c.setWaitBeforeFirstPoll(false);
        c.setBackoff("EXPONENTIAL");
        c.setBackoffMultiplier("1.5");
        c.setMaxInterval("30000");
        c.setJitterPercent("10");
        c.setHonourRetryAfter(false);
        c.setStartTimeVariable("job_submitted_at");
        c.setJobIdVariable("eval_id");
        c.setRecordSample(false);
        c.setSampleLabel("evaluation job");
        c.setVariablePrefix("eval_");
        return c;
    }

    @Test
    void shouldRoundTripEveryPropertyThroughTheGui() {
        JobPollController original = everythingChanged();
        JobPollControllerGui gui = new JobPollControllerGui();

        gui.configure(original);
        TestElement copy = gui.createTestElement();

        assertThat(properties(original)).hasSize(21);
        assertThat(properties(copy)).isEqualTo(properties(original));
        assertThat(copy.getName()).isEqualTo("Wait for evaluation");
        assertThat(copy.getComment()).isEqualTo("polls the job");
        assertThat(copy.getPropertyAsString(TestElement.GUI_CLASS)).isEqualTo(JobPollControllerGui.class.getName());
        assertThat(copy.getPropertyAsString(TestElement.TEST_CLASS)).isEqualTo(JobPollController.class.getName());
    }

    @Test
    void shouldShowDefaultsAfterClearAndWriteThemAll() {
        JobPollControllerGui gui = new JobPollControllerGui();
        gui.configure(everythingChanged());

        gui.clearGui();
        TestElement fresh = gui.createTestElement();

        Map<String, String> p = properties(fresh);
        assertThat(p).hasSize(21)
                .containsEntry(JobPollController.CONDITION_SOURCE, "VARIABLE")
                .containsEntry(JobPollController.STATUS_VARIABLE, "job_status")
                .containsEntry(JobPollController.STATUS_JSON_PATH, "$.status")
                .containsEntry(JobPollController.EXPRESSION, "")
                .containsEntry(JobPollController.TERMINAL_VALUES, "completed,failed")
                .containsEntry(JobPollController.SUCCESS_VALUES, "completed")
                .containsEntry(JobPollController.MAX_POLLS, "60")
                .containsEntry(JobPollController.TIMEOUT, "0")
                .containsEntry(JobPollController.MAX_FAILED_POLLS, "0")
                .containsEntry(JobPollController.INTERVAL, "5000")
                .containsEntry(JobPollController.WAIT_BEFORE_FIRST_POLL, "true")
                .containsEntry(JobPollController.BACKOFF, "FIXED")
                .containsEntry(JobPollController.BACKOFF_MULTIPLIER, "2")
                .containsEntry(JobPollController.MAX_INTERVAL, "60000")
                .containsEntry(JobPollController.JITTER_PERCENT, "0")
                .containsEntry(JobPollController.HONOUR_RETRY_AFTER, "true")
                .containsEntry(JobPollController.START_TIME_VARIABLE, "")
                .containsEntry(JobPollController.JOB_ID_VARIABLE, "job_id")
                .containsEntry(JobPollController.RECORD_SAMPLE, "true")
                .containsEntry(JobPollController.SAMPLE_LABEL, "")
                .containsEntry(JobPollController.VARIABLE_PREFIX, "job_");
        assertThat(gui.getStaticLabel()).isEqualTo("Job Polling Controller");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "${__P(X,true)}"})
    void shouldRoundTripEverySwitchWhenItIsTrueFalseOrAnExpression(String value) {
        for (String key : List.of(JobPollController.WAIT_BEFORE_FIRST_POLL, JobPollController.HONOUR_RETRY_AFTER,
                JobPollController.RECORD_SAMPLE)) {
            JobPollController original = everythingChanged();
            original.setProperty(value.startsWith("$") ? new StringProperty(key, value)
                    : new BooleanProperty(key, Boolean.parseBoolean(value)));
            JobPollControllerGui gui = new JobPollControllerGui();

            gui.configure(original);
            JobPollController copy = new JobPollController();
            gui.modifyTestElement(copy);

            assertThat(copy.getProperty(key).getStringValue()).as(key).isEqualTo(value);
            assertThat(copy.getProperty(key)).as(key)
                    .isInstanceOf(value.startsWith("$") ? StringProperty.class : BooleanProperty.class);
            assertThat(properties(copy)).as(key).isEqualTo(properties(original));
        }
    }

    @Test
    void shouldKeepAnExpressionSwitchThatTheControllerThenReadsStrictly() {
        JobPollController c = new JobPollController();
        c.setName("p");
        c.setProperty(new StringProperty(JobPollController.RECORD_SAMPLE, "${__P(RECORD_JOBS,false)}"));
        JobPollControllerGui gui = new JobPollControllerGui();

        gui.configure(c);
        TestElement copy = gui.createTestElement();

        assertThat(copy.getPropertyAsString(JobPollController.RECORD_SAMPLE)).isEqualTo("${__P(RECORD_JOBS,false)}");
        gui.clearGui();
        assertThat(gui.createTestElement().getProperty(JobPollController.RECORD_SAMPLE))
                .isInstanceOf(BooleanProperty.class)
                .extracting(JMeterProperty::getBooleanValue).isEqualTo(true);
    }
}
