package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import static io.github.agieval.jmeter.it.SaveServiceSupport.properties;

import io.github.agieval.jmeter.poll.JobPollController;
import io.github.agieval.jmeter.poll.gui.JobPollControllerGui;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller goes through JMeter's own .jmx writer and reader unchanged (needs the assembled JMeter home). */
class JobPollControllerSaveServiceIT {

    @BeforeAll
    static void initJMeter() throws Exception {
        SaveServiceSupport.initJMeter();
    }

    @Test
    void shouldLoadBackUnchangedWhenSavedAsJmx(@TempDir Path dir) throws Exception {
        JobPollControllerGui gui = new JobPollControllerGui();
        JobPollController c = (JobPollController) gui.createTestElement();
        c.setName("Wait for evaluation");
        c.setConditionSource("EXPRESSION");
        c.setExpression("${__jexl3(\"${job_status}\" == \"done\" && ${job_progress} >= 100)}");
        c.setSuccessValues("*");
        c.setInterval("${__P(POLL_MS,5000)}");
        c.setBackoff("EXPONENTIAL");
        c.setJitterPercent("12.5");
        c.setWaitBeforeFirstPoll(false);
        c.setHonourRetryAfter(false);
        c.setStartTimeVariable("job_submitted_at");
        c.setSampleLabel("evaluation job");
        SaveServiceSupport.RoundTrip saved = SaveServiceSupport.roundTrip(c, dir.resolve("poll.jmx"));
        assertThat(saved.xml()).contains("<io.github.agieval.jmeter.poll.JobPollController"
                        + " guiclass=\"io.github.agieval.jmeter.poll.gui.JobPollControllerGui\"")
                .contains("<stringProp name=\"JobPollController.intervalMs\">${__P(POLL_MS,5000)}</stringProp>")
                .contains("<boolProp name=\"JobPollController.waitBeforeFirstPoll\">false</boolProp>");

        Object root = saved.root();
        assertThat(root).isInstanceOf(JobPollController.class);
        JobPollController back = (JobPollController) root;
        assertThat(properties(back)).isEqualTo(properties(c));
        assertThat(back.getExpression()).isEqualTo("${__jexl3(\"${job_status}\" == \"done\" && ${job_progress} >= 100)}");
        assertThat(back.isWaitBeforeFirstPoll()).isFalse();

        JobPollControllerGui again = new JobPollControllerGui();
        again.configure(back);
        assertThat(properties(again.createTestElement())).isEqualTo(properties(c));
    }
}
