package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import static io.github.agieval.jmeter.it.SaveServiceSupport.properties;

import io.github.agieval.jmeter.threads.StageLoopController;
import io.github.agieval.jmeter.threads.StageThreadGroup;
import io.github.agieval.jmeter.threads.gui.StageThreadGroupGui;
import java.nio.file.Path;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The element goes through JMeter's own {@code .jmx} writer and reader unchanged (needs the assembled JMeter home). */
class StageThreadGroupSaveServiceIT {

    @BeforeAll
    static void initJMeter() throws Exception {
        SaveServiceSupport.initJMeter();
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
        SaveServiceSupport.RoundTrip saved = SaveServiceSupport.roundTrip(tg, dir.resolve("stage.jmx"));
        assertThat(saved.xml()).contains("<stringProp name=\"StageThreadGroup.stages\"># load_test\n5m,50\n10m,50\n5m,0</stringProp>");

        Object root = saved.root();
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
