package io.github.agieval.jmeter.sampler.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.it.JMeterHome;
import io.github.agieval.jmeter.sampler.ApiSampler;
import io.github.agieval.jmeter.sampler.gui.ApiCallSamplerGui;
import io.github.agieval.jmeter.sampler.gui.ApiSamplerGui;
import io.github.agieval.jmeter.sampler.gui.GuiField;
import io.github.agieval.jmeter.sampler.gui.JobResultsSamplerGui;
import io.github.agieval.jmeter.sampler.gui.JobStatusSamplerGui;
import io.github.agieval.jmeter.sampler.gui.LoginSamplerGui;
import io.github.agieval.jmeter.sampler.gui.SubmitEvaluationSamplerGui;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The samplers through JMeter's own SaveService (the .jmx format), with the saveservice.properties
 * of the assembled stock JMeter home: saved and loaded again, every property is unchanged, and the
 * loaded element configures its GUI to the same values.
 */
class SamplerJmxIT {

    @BeforeAll
    static void jmeter() {
        System.setProperty("java.awt.headless", "true");
        JMeterHome home = JMeterHome.assembled();
        JMeterUtils.setJMeterHome(home.home().toString());
        JMeterUtils.loadJMeterProperties(home.home().resolve("bin/jmeter.properties").toString());
        JMeterUtils.setLocale(Locale.ENGLISH);
    }

    private static List<ApiSamplerGui> guis() {
        return List.of(new LoginSamplerGui(), new SubmitEvaluationSamplerGui(), new JobStatusSamplerGui(),
                new JobResultsSamplerGui(), new ApiCallSamplerGui());
    }

    private static Map<String, String> properties(TestElement el) {
        Map<String, String> m = new LinkedHashMap<>();
        for (var it = el.propertyIterator(); it.hasNext();) {
            JMeterProperty p = it.next();
            m.put(p.getName(), p.getStringValue());
        }
        return m;
    }

    private static byte[] save(HashTree tree) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SaveService.saveTree(tree, out);
        return out.toByteArray();
    }

    private static HashTree load(byte[] xml) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("sampler", ".jmx");
        try {
            java.nio.file.Files.write(file, xml);
            return SaveService.loadTree(file.toFile());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    private static List<TestElement> elements(HashTree tree) {
        List<TestElement> list = new ArrayList<>();
        for (Object o : tree.list()) {
            list.add((TestElement) o);
        }
        return list;
    }

    @Test
    void shouldSaveAndLoadEverySamplerUnchanged() throws Exception {
        HashTree tree = new org.apache.jorphan.collections.ListedHashTree();
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

        byte[] xml = save(tree);
        HashTree loaded = load(xml);

        List<TestElement> after = elements(loaded);
        assertThat(after).hasSize(5);
        for (int i = 0; i < after.size(); i++) {
            assertThat(after.get(i)).isInstanceOf(ApiSampler.class);
            assertThat(properties(after.get(i))).isEqualTo(before.get(i));
            ApiSamplerGui gui = guis().get(i);
            gui.configure(after.get(i));
            assertThat(properties(gui.createTestElement())).isEqualTo(before.get(i));
        }
        assertThat(save(loaded)).isEqualTo(xml);
        assertThat(new String(xml, StandardCharsets.UTF_8))
                .contains("<io.github.agieval.jmeter.sampler.LoginSampler guiclass=\"io.github.agieval.jmeter.sampler.gui.LoginSamplerGui\"");
    }

    @Test
    void shouldLoadShippedTestPlansAndSaveThemStably() throws Exception {
        for (String plan : List.of("plans/sampler-flow.jmx", "plans/sampler-faults.jmx")) {
            HashTree tree;
            try (InputStream in = SamplerJmxIT.class.getClassLoader().getResourceAsStream(plan)) {
                tree = load(in.readAllBytes());
            }
            byte[] once = save(tree);
            byte[] twice = save(load(once));
            assertThat(new String(twice, StandardCharsets.UTF_8)).as(plan).isEqualTo(new String(once, StandardCharsets.UTF_8));
            assertThat(new String(once, StandardCharsets.UTF_8)).contains("io.github.agieval.jmeter.sampler.");
        }
    }
}
