package io.github.agieval.jmeter.threads.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.threads.ArrivalLoopController;
import io.github.agieval.jmeter.threads.ArrivalRateThreadGroup;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArrivalRateThreadGroupGuiTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void shouldRoundTripEveryPropertyWhenConfiguredAndModified() {
        ArrivalRateThreadGroup original = new ArrivalRateThreadGroup();
        original.setName("Arrivals");
        original.setComment("artillery phases");
        original.setSchedule("/* warm */ rate(5/sec) even_arrivals(30 s)\nrate(${__P(RATE,40)}/sec) random_arrivals(2 min)");
        original.setRandomSeed("42");
        original.setInitialUsers("${__P(INITIAL,10)}");
        original.setMaxUsers("500");
        original.setProperty(AbstractThreadGroup.ON_SAMPLE_ERROR, AbstractThreadGroup.ON_SAMPLE_ERROR_START_NEXT_LOOP);

        ArrivalRateThreadGroupGui gui = new ArrivalRateThreadGroupGui();
        gui.configure(original);
        TestElement modified = gui.createTestElement();

        assertThat(modified).isInstanceOf(ArrivalRateThreadGroup.class);
        ArrivalRateThreadGroup tg = (ArrivalRateThreadGroup) modified;
        assertThat(tg.getName()).isEqualTo("Arrivals");
        assertThat(tg.getComment()).isEqualTo("artillery phases");
        assertThat(tg.getSchedule()).isEqualTo(original.getSchedule());
        assertThat(tg.getRandomSeed()).isEqualTo("42");
        assertThat(tg.getInitialUsers()).isEqualTo("${__P(INITIAL,10)}");
        assertThat(tg.getMaxUsers()).isEqualTo("500");
        assertThat(tg.getOnErrorStartNextLoop()).isTrue();
        assertThat(tg.isSameUserOnNextIteration()).as("an arrival is a new user: cookies cleared").isFalse();
        assertThat(tg.getSamplerController()).isInstanceOf(ArrivalLoopController.class);
        assertThat(tg.getPropertyAsString(TestElement.GUI_CLASS)).isEqualTo(ArrivalRateThreadGroupGui.class.getName());
        assertThat(tg.getPropertyAsString(TestElement.TEST_CLASS)).isEqualTo(ArrivalRateThreadGroup.class.getName());
        assertThat(gui.summary()).contains("function or variable");

        ArrivalRateThreadGroupGui second = new ArrivalRateThreadGroupGui();
        second.configure(tg);
        ArrivalRateThreadGroup again = (ArrivalRateThreadGroup) second.createTestElement();
        assertThat(again.getSchedule()).isEqualTo(tg.getSchedule());
        assertThat(again.getRandomSeed()).isEqualTo(tg.getRandomSeed());
        assertThat(again.getInitialUsers()).isEqualTo(tg.getInitialUsers());
        assertThat(again.getMaxUsers()).isEqualTo(tg.getMaxUsers());
        assertThat(again.isSameUserOnNextIteration()).isFalse();
        tg.setIsSameUserOnNextIteration(true);
        second.configure(tg);
        assertThat(((ArrivalRateThreadGroup) second.createTestElement()).isSameUserOnNextIteration()).isTrue();
    }

    @Test
    void shouldSummariseTheScheduleOrShowTheParserMessageWhenTyped() {
        ArrivalRateThreadGroupGui gui = new ArrivalRateThreadGroupGui();
        assertThat(gui.summary()).isEqualTo("600 arrivals over 70.0 s, peak 10.0/s");
        ArrivalRateThreadGroup bad = new ArrivalRateThreadGroup();
        bad.setSchedule("rate(10/sec) even_arrivals(1 fortnight)");
        gui.configure(bad);
        assertThat(gui.summary()).contains("Unexpected time unit fortnight");
        gui.clearGui();
        ArrivalRateThreadGroup tg = (ArrivalRateThreadGroup) gui.createTestElement();
        assertThat(tg.getSchedule()).isEqualTo("rate(10/sec) random_arrivals(1 min) pause(10 s)");
        assertThat(tg.getRandomSeed()).isEqualTo("0");
        assertThat(tg.getInitialUsers()).isEqualTo("0");
        assertThat(tg.getMaxUsers()).isEqualTo("1000");
    }
}
