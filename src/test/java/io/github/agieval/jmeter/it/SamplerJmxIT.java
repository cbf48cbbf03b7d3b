package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import static io.github.agieval.jmeter.it.SaveServiceSupport.properties;

import io.github.agieval.jmeter.sampler.ApiSampler;
import io.github.agieval.jmeter.sampler.gui.ApiCallSamplerGui;
import io.github.agieval.jmeter.sampler.gui.ApiSamplerGui;
import io.github.agieval.jmeter.sampler.gui.GuiField;
import io.github.agieval.jmeter.sampler.gui.JobResultsSamplerGui;
import io.github.agieval.jmeter.sampler.gui.JobStatusSamplerGui;
import io.github.agieval.jmeter.sampler.gui.LoginSamplerGui;
import io.github.agieval.jmeter.sampler.gui.SubmitEvaluationSamplerGui;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samplers through JMeter's own SaveService (the .jmx format), with the saveservice.properties
 * of the assembled stock JMeter home: saved and loaded again, every property is unchanged, and the
 * loaded element configures its GUI to the same values.
 */
class SamplerJmxIT {

    @BeforeAll
    static void jmeter() throws Exception {
        SaveServiceSupport.initJMeter();
    }

    private static List<ApiSamplerGui> guis() {
        return List.of(new LoginSamplerGui(), new SubmitEvaluationSamplerGui(), new JobStatusSamplerGui(),
                new JobResultsSamplerGui(), new ApiCallSamplerGui());
    }

    private static List<TestElement> elements(HashTree tree) {
        List<TestElement> list = new ArrayList<>();
        for (Object o : tree.list()) {
            list.add((TestElement) o);
        }
        return list;
    }

    @Test
    void shouldSaveAndLoadEverySamplerUnchanged(@TempDir Path dir) throws Exception {
        HashTree tree = new ListedHashTree();
        List<Map<String, String>> before = new ArrayList<>();
        for (ApiSamplerGui gui : guis()) {
            for (GuiField f : gui.fields()) {
                gui.setValue(f.key(), f.kind() == GuiField.Kind.CHECK
                        ? Boolean.toString(!Boolean.parseBoolean(f.defaultValue()))
                        : "${__P(X)} <v>&\"" + f.key() + "\"\nline2");
            }
            TestElement el = gui.createTestElement();
            el.setName("Sampler " + gui.getStaticLabel());
            tree.add(el);
            before.add(properties(el));
        }

        SaveServiceSupport.RoundTrip saved = SaveServiceSupport.roundTrip(tree, dir.resolve("samplers.jmx"));
        String xml = saved.xml();
        HashTree loaded = saved.loaded();

        List<TestElement> after = elements(loaded);
        assertThat(after).hasSize(5);
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i)).isInstanceOf(ApiSampler.class);
            assertThat(properties(after.get(i))).isEqualTo(before.get(i));
            ApiSamplerGui gui = guis().get(i);
            gui.configure(after.get(i));
            assertThat(properties(gui.createTestElement())).isEqualTo(before.get(i));
        }
        assertThat(SaveServiceSupport.save(loaded)).isEqualTo(xml);
        assertThat(xml).contains("<io.github.agieval.jmeter.sampler.LoginSampler guiclass=\"io.github.agieval.jmeter.sampler.gui.LoginSamplerGui\"");
    }

    @Test
    void shouldLoadShippedTestPlansAndSaveThemStably(@TempDir Path dir) throws Exception {
        for (String plan : List.of("plans/sampler-flow.jmx", "plans/sampler-faults.jmx")) {
            HashTree tree = SaveServiceSupport.loadResource(plan, dir.resolve("plan.jmx"));
            SaveServiceSupport.RoundTrip once = SaveServiceSupport.roundTrip(tree, dir.resolve("once.jmx"));
            String twice = SaveServiceSupport.save(once.loaded());
            assertThat(twice).as(plan).isEqualTo(once.xml());
            assertThat(once.xml()).contains("io.github.agieval.jmeter.sampler.");
        }
    }
}
