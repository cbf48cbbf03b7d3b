package io.github.agieval.jmeter.threads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.it.JMeterHome;
import io.github.agieval.jmeter.threads.gui.StageThreadGroupGui;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The element goes through JMeter's own {@code .jmx} writer and reader unchanged (needs the assembled JMeter home). */
class StageThreadGroupSaveServiceIT {

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
            Object v = p.getObjectValue();
            map.put(p.getName(), v instanceof TestElement te ? properties(te).toString() : p.getStringValue());
        }
        return map;
    }

    @Test
    void shouldLoadBackUnchangedWhenSavedAsJmx(@TempDir Path dir) throws Exception {
        StageThreadGroupGui gui = new StageThreadGroupGui();
        StageThreadGroup tg = (StageThreadGroup) gui.createTestElement();
        tg.setName("k6 load_test");
        tg.setStartUsers("${__P(START_USERS,10)}");
        tg.setStages("# load_test\n5m,50\n10m,50\n5m,0");
        tg.setTimeScale("${__P(TIME_SCALE,1)}");
        tg.setGracefulRampDown("45s");
        tg.setProperty(AbstractThreadGroup.ON_SAMPLE_ERROR, AbstractThreadGroup.ON_SAMPLE_ERROR_START_NEXT_LOOP);
        HashTree tree = new ListedHashTree();
        tree.add(tg);

        Path jmx = dir.resolve("stage.jmx");
        try (OutputStream out = Files.newOutputStream(jmx)) {
            SaveService.saveTree(tree, out);
        }
        String xml = Files.readString(jmx, StandardCharsets.UTF_8);
        assertThat(xml).contains("<stringProp name=\"StageThreadGroup.stages\"># load_test\n5m,50\n10m,50\n5m,0</stringProp>");

        HashTree loaded = SaveService.loadTree(jmx.toFile());
        Object root = loaded.getArray()[0];
        assertThat(root).isInstanceOf(StageThreadGroup.class);
        StageThreadGroup back = (StageThreadGroup) root;
        assertThat(properties(back)).isEqualTo(properties(tg));
        assertThat(back.getStages()).isEqualTo("# load_test\n5m,50\n10m,50\n5m,0");
        assertThat(back.getStartUsers()).isEqualTo("${__P(START_USERS,10)}");
        assertThat(back.getTimeScale()).isEqualTo("${__P(TIME_SCALE,1)}");
        assertThat(back.getGracefulRampDown()).isEqualTo("45s");
        assertThat(back.getOnErrorStartNextLoop()).isTrue();
        assertThat(back.getSamplerController()).isInstanceOf(StageLoopController.class);
        assertThat(back.getPropertyAsString(TestElement.GUI_CLASS)).isEqualTo(StageThreadGroupGui.class.getName());

        // and the loaded element configures the GUI to the same element again
        StageThreadGroupGui again = new StageThreadGroupGui();
        again.configure(back);
        assertThat(properties(again.createTestElement())).isEqualTo(properties(tg));
    }
}
