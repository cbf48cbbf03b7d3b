package io.github.agieval.jmeter.threads.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.threads.StageLoopController;
import io.github.agieval.jmeter.threads.StageThreadGroup;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StageThreadGroupGuiTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void shouldRoundTripEveryPropertyWhenConfiguredAndModified() {
        StageThreadGroup original = new StageThreadGroup();
        original.setName("Spike");
        original.setComment("k6 spike_test");
        original.setStartUsers("2");
        original.setStages("[{\"duration\":\"1m\",\"target\":10},{\"duration\":\"30s\",\"target\":200}]");
        original.setTimeScale("${__P(TIME_SCALE,1)}");
        original.setGracefulRampDown("45s");
        original.setProperty(AbstractThreadGroup.ON_SAMPLE_ERROR, AbstractThreadGroup.ON_SAMPLE_ERROR_STOPTHREAD);

        StageThreadGroupGui gui = new StageThreadGroupGui();
        gui.configure(original);
        TestElement modified = gui.createTestElement();

        assertThat(modified).isInstanceOf(StageThreadGroup.class);
        StageThreadGroup tg = (StageThreadGroup) modified;
        assertThat(tg.getName()).isEqualTo("Spike");
        assertThat(tg.getComment()).isEqualTo("k6 spike_test");
        assertThat(tg.getStartUsers()).isEqualTo("2");
        assertThat(tg.getStages()).isEqualTo(original.getStages());
        assertThat(tg.getTimeScale()).isEqualTo("${__P(TIME_SCALE,1)}");
        assertThat(tg.getGracefulRampDown()).isEqualTo("45s");
        assertThat(tg.getOnErrorStopThread()).isTrue();
        assertThat(tg.getSamplerController()).isInstanceOf(StageLoopController.class);
        assertThat(tg.getPropertyAsString(TestElement.GUI_CLASS)).isEqualTo(StageThreadGroupGui.class.getName());
        assertThat(tg.getPropertyAsString(TestElement.TEST_CLASS)).isEqualTo(StageThreadGroup.class.getName());
        // a time scale given as a function previews at scale 1
        assertThat(gui.preview().error()).isNull();
        assertThat(gui.preview().schedule().totalDurationMs()).isEqualTo(90_000);
        assertThat(gui.preview().schedule().startUsers()).isEqualTo(2);

        // and back again: a second configure/modify cycle changes nothing
        StageThreadGroupGui second = new StageThreadGroupGui();
        second.configure(tg);
        StageThreadGroup again = (StageThreadGroup) second.createTestElement();
        assertThat(again.getStartUsers()).isEqualTo(tg.getStartUsers());
        assertThat(again.getStages()).isEqualTo(tg.getStages());
        assertThat(again.getTimeScale()).isEqualTo(tg.getTimeScale());
        assertThat(again.getGracefulRampDown()).isEqualTo(tg.getGracefulRampDown());
        assertThat(again.getOnErrorStopThread()).isTrue();
    }

    @Test
    void shouldShowDefaultsAndReasonWhenClearedOrInvalid() {
        StageThreadGroupGui gui = new StageThreadGroupGui();
        StageThreadGroup bad = new StageThreadGroup();
        bad.setStages("5x,50");
        gui.configure(bad);
        assertThat(gui.preview().error()).isEqualTo(
                "stage 1: unparseable duration \"5x\" (use e.g. 30s, 5m, 1h30m, 500ms, or plain milliseconds)");
        gui.clearGui();
        StageThreadGroup tg = (StageThreadGroup) gui.createTestElement();
        assertThat(tg.getStages()).isEqualTo("1m,10\n3m,10\n1m,0");
        assertThat(tg.getStartUsers()).isEqualTo("0");
        assertThat(tg.getTimeScale()).as("empty: the TIME_SCALE property").isEmpty();
        assertThat(tg.getGracefulRampDown()).isEqualTo("30s");
        assertThat(tg.getOnErrorStopThread()).isFalse();
        assertThat(gui.preview().schedule().maxUsers()).isEqualTo(10);

        StageThreadGroup fromProperty = new StageThreadGroup();
        fromProperty.setStages("${__P(STAGES)}");
        gui.configure(fromProperty);
        assertThat(gui.preview().schedule()).isNull();
        assertThat(gui.preview().error()).startsWith("No preview: the start users or stages come from a function");
        assertThat(((StageThreadGroup) gui.createTestElement()).getStages()).isEqualTo("${__P(STAGES)}");
    }

    @Test
    void shouldRunWithDefaultsWhenFieldsAreLeftEmpty() {
        // an emptied field is written as "" (issue 16, defect 00): the group runs with its defaults
        StageThreadGroup written = new StageThreadGroup();
        written.setName("Empty fields");
        written.setStages("1m,5");
        written.setStartUsers("");
        written.setTimeScale("");
        written.setGracefulRampDown("");
        StageThreadGroupGui gui = new StageThreadGroupGui();
        gui.configure(written);
        StageThreadGroup tg = (StageThreadGroup) gui.createTestElement();
        assertThat(tg.getStartUsers()).isEmpty();
        assertThat(tg.schedule().startUsers()).isZero();
        assertThat(tg.schedule().totalDurationMs()).isEqualTo(60_000);
        assertThat(tg.gracefulRampDownMs()).isEqualTo(30_000);
        assertThat(tg.getNumThreads()).isEqualTo(5);
        assertThat(gui.preview().error()).isNull();
    }
}
