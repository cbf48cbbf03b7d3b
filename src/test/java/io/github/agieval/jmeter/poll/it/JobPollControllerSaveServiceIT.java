package io.github.agieval.jmeter.poll.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.it.JMeterHome;
import io.github.agieval.jmeter.poll.JobPollController;
import io.github.agieval.jmeter.poll.gui.JobPollControllerGui;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller goes through JMeter's own .jmx writer and reader unchanged (needs the assembled JMeter home). */
class JobPollControllerSaveServiceIT {

    @BeforeAll
    static void initJMeter() throws Exception {
        Path home = JMeterHome.assembled().home();
        JMeterUtils.setJMeterHome(home.toString());
        JMeterUtils.loadJMeterProperties(home.resolve("bin/jmeter.properties").toString());
        JMeterUtils.initLocale();
        SaveService.loadProperties();
    }

    private static Map<String, String> properties(TestElement element) {
        Map<String, String> map = new LinkedHashMap<>();
        for (JMeterProperty p : (Iterable<JMeterProperty>) element::propertyIterator) {
            map.put(p.getName(), p.getStringValue());
        }
        return map;
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
        HashTree tree = new ListedHashTree();
        tree.add(c);

        Path jmx = dir.resolve("poll.jmx");
        try (OutputStream out = Files.newOutputStream(jmx)) {
            SaveService.saveTree(tree, out);
        }
        String xml = Files.readString(jmx, StandardCharsets.UTF_8);
        assertThat(xml).contains("<io.github.agieval.jmeter.poll.JobPollController"
                        + " guiclass=\"io.github.agieval.jmeter.poll.gui.JobPollControllerGui\"")
                .contains("<stringProp name=\"JobPollController.intervalMs\">${__P(POLL_MS,5000)}</stringProp>")
                .contains("<boolProp name=\"JobPollController.waitBeforeFirstPoll\">false</boolProp>");

        HashTree loaded = SaveService.loadTree(jmx.toFile());
        Object root = loaded.getArray()[0];
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
