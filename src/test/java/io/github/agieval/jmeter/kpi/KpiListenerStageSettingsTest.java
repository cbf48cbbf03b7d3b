package io.github.agieval.jmeter.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.kpi.engine.StageJudge;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KpiListenerStageSettingsTest {

    @BeforeAll
    static void props() {
        JMeterSupport.init();
    }

    @Test
    void shouldUseTheDefaultsWhenTheStagePropertiesAreEmpty() {
        KpiListener l = new KpiListener();
        l.setCapacityWindow("");
        l.setRecoveryWindow("");
        StageJudge.Settings s = new KpiSettings(l).stageSettings();
        assertThat(s.capacitySearch()).isFalse();
        assertThat(s.includeRamps()).isFalse();
        assertThat(s.capacityWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.recoveryWindow()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldReadTheStagePropertiesWhenSet() {
        KpiListener l = new KpiListener();
        l.setCapacitySearch(true);
        l.setStageRamps(true);
        l.setCapacityWindow("1m");
        l.setRecoveryWindow("2500");
        StageJudge.Settings s = new KpiSettings(l).stageSettings();
        assertThat(s.capacitySearch()).isTrue();
        assertThat(s.includeRamps()).isTrue();
        assertThat(s.capacityWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.recoveryWindow()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void shouldNameThePropertyAndValueWhenAStageSettingIsBad() {
        KpiListener l = new KpiListener();
        l.setCapacityWindow("soon");
        assertThatThrownBy(() -> new KpiSettings(l).stageSettings()).hasMessageContaining("property KpiListener.capacityWindow: 'soon' is not a duration");
        l.setCapacityWindow("10s");
        l.setRecoveryWindow("0s");
        assertThatThrownBy(() -> new KpiSettings(l).stageSettings()).hasMessageContaining("property KpiListener.recoveryWindow: '0s' must be longer than 0");
        l.setRecoveryWindow("5s");
        l.setProperty(KpiListener.CAPACITY_SEARCH, "yes");
        assertThatThrownBy(() -> new KpiSettings(l).stageSettings()).hasMessageContaining("'KpiListener.capacitySearch' = 'yes': must be true or false");
    }
}
