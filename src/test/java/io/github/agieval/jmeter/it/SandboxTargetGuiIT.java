package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import static io.github.agieval.jmeter.it.SaveServiceSupport.properties;

import io.github.agieval.jmeter.sandbox.SandboxTarget;
import java.nio.file.Path;
import org.apache.jmeter.testbeans.gui.TestBeanGUI;
import org.apache.jmeter.testelement.TestElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandbox Target in JMeter's own GUI and save service (with the assembled JMeter home's
 * properties): the TestBean GUI shows the BeanInfo defaults and round-trips every property, and
 * the element saves to .jmx and loads back unchanged.
 */
class SandboxTargetGuiIT {

    private static final String[] ALL = {SandboxTarget.PROP_BASE_URL, SandboxTarget.PROP_PORT,
        SandboxTarget.PROP_PASSWORD, SandboxTarget.PROP_TIME_FACTOR, SandboxTarget.PROP_WORKERS,
        SandboxTarget.PROP_QUEUE_CAPACITY, SandboxTarget.PROP_TOKEN_LIFETIME, SandboxTarget.PROP_LATENCY,
        SandboxTarget.PROP_ERROR_RATE, SandboxTarget.PROP_DROP_RATE, SandboxTarget.PROP_JOB_FAILURE_RATE,
        SandboxTarget.PROP_JOB_HANG_RATE, SandboxTarget.PROP_FAULTS, SandboxTarget.PROP_MAX_CONCURRENT_REQUESTS,
        SandboxTarget.PROP_SERVICE_TIME_MS, SandboxTarget.PROP_DB_POOL_SIZE, SandboxTarget.PROP_DB_POOL_EXHAUSTED};

    @BeforeAll
    static void jmeter() throws Exception {
        SaveServiceSupport.initJMeter();
    }

    @Test
    void shouldShowDefaultsAndRoundTripEveryPropertyThroughTheGui() {
        TestBeanGUI gui = new TestBeanGUI(SandboxTarget.class);
        assertThat(gui.getStaticLabel()).isEqualTo("Sandbox Target");
        TestElement created = gui.createTestElement();
        assertThat(created).isInstanceOf(SandboxTarget.class);
        assertThat(created.getPropertyAsString(SandboxTarget.PROP_BASE_URL)).isEqualTo("${__P(BASE_URL,)}");
        assertThat(created.getPropertyAsString(SandboxTarget.PROP_TIME_FACTOR)).isEqualTo("${__P(SANDBOX_TIME_FACTOR,)}");
        assertThat(created.getPropertyAsString(SandboxTarget.PROP_PASSWORD)).isEqualTo("${__P(PASSWORD,test-password)}");
        assertThat(created.getPropertyAsString(SandboxTarget.PROP_FAULTS)).isEqualTo("${__P(SANDBOX_FAULTS,)}");

        SandboxTarget edited = new SandboxTarget();
        edited.setName("target A");
        for (int i = 0; i < ALL.length; i++) {
            edited.setProperty(ALL[i], "value-" + i);
        }
        edited.setProperty(TestElement.GUI_CLASS, TestBeanGUI.class.getName());
        edited.setProperty(TestElement.TEST_CLASS, SandboxTarget.class.getName());
        gui.configure(edited);
        TestElement back = gui.createTestElement();
        for (int i = 0; i < ALL.length; i++) {
            assertThat(back.getPropertyAsString(ALL[i])).as(ALL[i]).isEqualTo("value-" + i);
        }
        assertThat(back.getName()).isEqualTo("target A");
    }

    @Test
    void shouldSaveToJmxAndLoadBackUnchanged(@TempDir Path dir) throws Exception {
        SandboxTarget el = (SandboxTarget) new TestBeanGUI(SandboxTarget.class).createTestElement();
        el.setName("Sandbox Target");
        el.setProperty(SandboxTarget.PROP_FAULTS, "{\"error_rate_by_endpoint\":{\"GET /api/v1/jobs/{id}\":0.1}}");
        el.setProperty(SandboxTarget.PROP_TIME_FACTOR, "0.05");
        SaveServiceSupport.RoundTrip saved = SaveServiceSupport.roundTrip(el, dir.resolve("target.jmx"));
        assertThat(saved.xml()).contains("<io.github.agieval.jmeter.sandbox.SandboxTarget guiclass=\"TestBeanGUI\"")
                .contains("<stringProp name=\"timeFactor\">0.05</stringProp>");
        Object first = saved.root();
        assertThat(first).isInstanceOf(SandboxTarget.class);
        assertThat(properties((TestElement) first)).isEqualTo(properties(el));
    }
}
