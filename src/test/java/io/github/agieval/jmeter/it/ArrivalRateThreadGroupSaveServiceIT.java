package io.github.agieval.jmeter.it;

import static io.github.agieval.jmeter.it.SaveServiceSupport.properties;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.threads.ArrivalLoopController;
import io.github.agieval.jmeter.threads.ArrivalRateThreadGroup;
import io.github.agieval.jmeter.threads.gui.ArrivalRateThreadGroupGui;
import java.nio.file.Path;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The element goes through JMeter's own {@code .jmx} writer and reader unchanged (needs the assembled JMeter home). */
class ArrivalRateThreadGroupSaveServiceIT {

    @BeforeAll
    static void initJMeter() throws Exception {
        SaveServiceSupport.initJMeter();
    }

    @Test
    void shouldLoadBackUnchangedWhenSavedAsJmx(@TempDir Path dir) throws Exception {
        ArrivalRateThreadGroupGui gui = new ArrivalRateThreadGroupGui();
        ArrivalRateThreadGroup tg = (ArrivalRateThreadGroup) gui.createTestElement();
        tg.setName("artillery phases");
        tg.setSchedule("/* smoke */ rate(2/sec) even_arrivals(300 s) rate(2/sec)\nrate(${__P(RATE,25)}/sec) random_arrivals(20 min)");
        tg.setRandomSeed("${__P(ARRIVALS_SEED,0)}");
        tg.setInitialUsers("20");
        tg.setMaxUsers("${__P(MAX_USERS,800)}");
        tg.setProperty(AbstractThreadGroup.ON_SAMPLE_ERROR, AbstractThreadGroup.ON_SAMPLE_ERROR_START_NEXT_LOOP);
        SaveServiceSupport.RoundTrip saved = SaveServiceSupport.roundTrip(tg, dir.resolve("arrivals.jmx"));
        assertThat(saved.xml()).contains("<stringProp name=\"ArrivalRateThreadGroup.max_users\">${__P(MAX_USERS,800)}</stringProp>");

        Object root = saved.root();
        assertThat(root).isInstanceOf(ArrivalRateThreadGroup.class);
        ArrivalRateThreadGroup back = (ArrivalRateThreadGroup) root;
        assertThat(properties(back)).isEqualTo(properties(tg));
        assertThat(back.getSchedule()).isEqualTo(tg.getSchedule());
        assertThat(back.getRandomSeed()).isEqualTo("${__P(ARRIVALS_SEED,0)}");
        assertThat(back.getInitialUsers()).isEqualTo("20");
        assertThat(back.isSameUserOnNextIteration()).isFalse();
        assertThat(back.getOnErrorStartNextLoop()).isTrue();
        assertThat(back.getSamplerController()).isInstanceOf(ArrivalLoopController.class);
        assertThat(back.getPropertyAsString(TestElement.GUI_CLASS)).isEqualTo(ArrivalRateThreadGroupGui.class.getName());

        ArrivalRateThreadGroupGui again = new ArrivalRateThreadGroupGui();
        again.configure(back);
        assertThat(properties(again.createTestElement())).isEqualTo(properties(tg));
    }
}
