package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import static io.github.agieval.jmeter.it.SaveServiceSupport.properties;

import io.github.agieval.jmeter.poll.JobPollController;
import io.github.agieval.jmeter.poll.gui.JobPollControllerGui;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import java.util.ArrayList;
import java.util.List;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.HashTreeTraverser;
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

    @Test
    void shouldKeepASwitchThatHoldsAnExpressionWhenAPlanIsOpenedAndSavedInTheGui(@TempDir Path dir) throws Exception {
        HashTree plan = SaveServiceSupport.loadResource("plans/poll-jobs.jmx", dir.resolve("poll-jobs.jmx"));
        List<JobPollController> controllers = new ArrayList<>();
        plan.traverse(new HashTreeTraverser() {
            @Override
            public void addNode(Object node, HashTree subTree) {
                if (node instanceof JobPollController c && c.getName().equals("Wait for job")) {
                    controllers.add(c);
                }
            }

            @Override
            public void subtractNode() {
            }

            @Override
            public void processPath() {
            }
        });
        assertThat(controllers).hasSize(1);
        JobPollController loaded = controllers.get(0);
        assertThat(loaded.getPropertyAsString(JobPollController.WAIT_BEFORE_FIRST_POLL))
                .isEqualTo("${__P(WAIT_FIRST,true)}");

        // what the GUI does when the user selects the element and then saves the plan
        JobPollControllerGui gui = new JobPollControllerGui();
        gui.configure(loaded);
        JobPollController edited = (JobPollController) gui.createTestElement();
        String xml = SaveServiceSupport.roundTrip(edited, dir.resolve("saved.jmx")).xml();

        assertThat(xml).contains("<stringProp name=\"JobPollController.waitBeforeFirstPoll\">${__P(WAIT_FIRST,true)}"
                + "</stringProp>")
                .contains("<boolProp name=\"JobPollController.honourRetryAfter\">true</boolProp>")
                .contains("<boolProp name=\"JobPollController.recordSample\">true</boolProp>");
        assertThat(own(edited)).hasSize(21).isEqualTo(own(loaded));
    }

    /** The controller's own properties (not name, comments, GUI and test class). */
    private static java.util.Map<String, String> own(JobPollController c) {
        java.util.Map<String, String> all = new java.util.TreeMap<>(properties(c));
        all.keySet().removeIf(k -> !k.startsWith("JobPollController."));
        return all;
    }
}
