package io.github.agieval.jmeter.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The deprecated old GUI name hides from JMeter's menus by checking who is asking. */
class KpiListenerGuiAliasTest {

    @Test
    void shouldSeeItsCallerOnTheStackWhenAskedFromThere() {
        assertThat(KpiListenerGui.calledFrom(KpiListenerGuiAliasTest.class.getName(),
                "shouldSeeItsCallerOnTheStackWhenAskedFromThere")).isTrue();
    }

    @Test
    void shouldNotSeeJMetersMenuBuilderWhenCalledFromElsewhere() {
        assertThat(KpiListenerGui.calledFrom(KpiListenerGui.MENU_BUILDER, KpiListenerGui.MENU_BUILDER_METHOD)).isFalse();
    }
}
