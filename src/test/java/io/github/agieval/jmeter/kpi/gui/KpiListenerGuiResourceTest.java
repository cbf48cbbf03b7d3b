package io.github.agieval.jmeter.kpi.gui;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.kpi.KpiListener;
import io.github.agieval.jmeter.kpi.KpiListenerFixture;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Prometheus source fields of KPI Assertions' GUI. */
class KpiListenerGuiResourceTest {

    @BeforeAll
    static void props() {
        JMeterSupport.init();
    }

    @Test
    void shouldRoundTripPrometheusSourceThroughConfigureAndModify() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            KpiListenerGui gui = new KpiListenerGui();
            gui.configure(KpiListenerFixture.everyPropertySet());
            KpiListener copy = (KpiListener) gui.createTestElement();

            assertThat(copy.getPrometheusUrl()).isEqualTo("${__P(PROMETHEUS_URL,http://127.0.0.1:9090)}");
            assertThat(copy.getResourceProfile()).isEqualTo("sandbox");
            assertThat(copy.getResourceInterval()).isEqualTo("2s");
        });
    }

    @Test
    void shouldLeaveSourcePropertiesOutWhenFieldsAreCleared() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            KpiListenerGui gui = new KpiListenerGui();
            gui.configure(KpiListenerFixture.everyPropertySet());
            gui.clearGui();
            KpiListener copy = (KpiListener) gui.createTestElement();

            assertThat(copy.getPrometheusUrl()).isEmpty();
            assertThat(copy.getPropertyAsString(KpiListener.PROMETHEUS_URL, null)).isNull();
            assertThat(copy.getPropertyAsString(KpiListener.RESOURCE_PROFILE, null)).isNull();
        });
    }
}
