package io.github.agieval.jmeter.kpi.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.swing.SwingUtilities;

import org.apache.jmeter.testelement.TestElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.agieval.jmeter.it.JMeterSupport;
import io.github.agieval.jmeter.kpi.KpiListener;
import io.github.agieval.jmeter.kpi.KpiListenerFixture;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.Verdict;
import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;

class KpiListenerGuiTest {

    @BeforeAll
    static void props() {
        JMeterSupport.init();
    }

    private static KpiListener configured() {
        return KpiListenerFixture.everyPropertySet();
    }

    @Test
    @SuppressWarnings("deprecation")
    void shouldStillOpenPlansSavedWithTheOldGuiClassNameWhenTheGuiMovedToGui() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            Object byName;
            try {
                // what JMeter does with the guiclass attribute of a plan saved before 0.2
                byName = Class.forName("io.github.agieval.jmeter.kpi.KpiListenerGui").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            assertThat(byName).isInstanceOf(KpiListenerGui.class);
            KpiListenerGui old = (KpiListenerGui) byName;
            KpiListener original = configured();
            old.configure(original);
            KpiListener copy = (KpiListener) old.createTestElement();

            assertThat(copy.getExpressions()).isEqualTo(original.getExpressions());
            assertThat(copy.getKpiFile()).isEqualTo("kpis/performance-kpis.yml");
            // outside JMeter's menu building (dragging, pasting a node) it answers like the current GUI
            assertThat(old.getMenuCategories()).isNotEmpty().isEqualTo(new KpiListenerGui().getMenuCategories());
        });
    }

    @Test
    void shouldRoundTripEveryPropertyThroughConfigureAndModify() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            KpiListenerGui gui = new KpiListenerGui();
            KpiListener original = configured();
            gui.configure(original);
            KpiListener copy = (KpiListener) gui.createTestElement();

            assertThat(copy.getName()).isEqualTo("Seed KPIs");
            assertThat(copy.getExpressions()).isEqualTo(original.getExpressions());
            assertThat(copy.getKpiFile()).isEqualTo("kpis/performance-kpis.yml");
            assertThat(copy.getResultsDir()).isEqualTo("${__P(RESULTS_DIR,)}");
            assertThat(copy.getGracePeriod()).isEqualTo("30s");
            assertThat(copy.isAbortOnFail()).isTrue();
            assertThat(copy.getAbortDelay()).isEqualTo("1m");
            assertThat(copy.getBaselineFile()).isEqualTo("baseline/kpi-report.json");
            assertThat(copy.getBaselineTolerance()).isEqualTo("12.5");
            assertThat(copy.isExitOnFail()).isFalse();
            assertThat(copy.isAllowNoData()).isTrue();
            assertThat(copy.isStageRamps()).isTrue();
            assertThat(copy.isCapacitySearch()).isTrue();
            assertThat(copy.getCapacityWindow()).isEqualTo("20s");
            assertThat(copy.getRecoveryWindow()).isEqualTo("8s");
            assertThat(copy.getPropertyAsString(TestElement.GUI_CLASS)).isEqualTo(KpiListenerGui.class.getName());
            assertThat(copy.getPropertyAsString(TestElement.TEST_CLASS)).isEqualTo(KpiListener.class.getName());
        });
    }

    @Test
    void shouldKeepAPropertyExpressionInASwitchThroughConfigureAndModify() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            KpiListenerGui gui = new KpiListenerGui();
            KpiListener original = configured();
            original.setProperty(KpiListener.ABORT_ON_FAIL, "${__P(ABORT_ON_FAIL,false)}");
            original.setProperty(KpiListener.ALLOW_NO_DATA, "${allow}");
            gui.configure(original);
            KpiListener copy = (KpiListener) gui.createTestElement();

            assertThat(copy.getPropertyAsString(KpiListener.ABORT_ON_FAIL)).isEqualTo("${__P(ABORT_ON_FAIL,false)}");
            assertThat(copy.getPropertyAsString(KpiListener.ALLOW_NO_DATA)).isEqualTo("${allow}");
            assertThat(copy.isExitOnFail()).as("a plain switch stays a plain switch").isFalse();
        });
    }

    @Test
    void shouldShowDefaultsAfterClearGui() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            KpiListenerGui gui = new KpiListenerGui();
            gui.configure(configured());
            gui.clearGui();
            KpiListener el = (KpiListener) gui.createTestElement();

            assertThat(el.getExpressions()).isEmpty();
            assertThat(el.getGracePeriod()).isEqualTo(KpiListener.DEFAULT_GRACE_PERIOD);
            assertThat(el.isAbortOnFail()).isFalse();
            assertThat(el.getBaselineTolerance()).isEqualTo("10");
            assertThat(el.isExitOnFail()).isTrue();
            assertThat(el.isAllowNoData()).isFalse();
            assertThat(el.isCapacitySearch()).isFalse();
            assertThat(el.isStageRamps()).isFalse();
            assertThat(el.getCapacityWindow()).isEqualTo(KpiListener.DEFAULT_CAPACITY_WINDOW);
            assertThat(el.getRecoveryWindow()).isEqualTo(KpiListener.DEFAULT_RECOVERY_WINDOW);
            assertThat(gui.getStaticLabel()).isEqualTo("KPI Assertions");
            assertThat(gui.getMenuCategories()).containsExactly("menu_listener");
            assertThat(gui).as("one GUI, and one live table, per element of the tree")
                    .isInstanceOf(org.apache.jmeter.gui.UnsharedComponent.class);
        });
    }

    @Test
    void shouldShowLiveOutcomesAndCheckProblems() throws Exception {
        KpiListenerGui[] holder = new KpiListenerGui[1];
        SwingUtilities.invokeAndWait(() -> holder[0] = new KpiListenerGui());
        KpiListenerGui gui = holder[0];
        Kpi kpi = KpiExpressions.parse("p(95)<500", "t");
        gui.kpisUpdated(List.of(new KpiOutcome(kpi, 612.0, Verdict.FAIL, "40 samples")), "running: 1 of 1 KPIs failing");
        SwingUtilities.invokeAndWait(() -> {
            assertThat(gui.statusText()).isEqualTo("running: 1 of 1 KPIs failing");
            assertThat(gui.tableModel().getRowCount()).isEqualTo(1);
            assertThat(gui.tableModel().getValueAt(0, 0)).isEqualTo("FAIL");
            assertThat(gui.tableModel().getValueAt(0, 2)).isEqualTo("612ms");
            assertThat(gui.tableModel().getValueAt(0, 3)).isEqualTo("<500ms");

            KpiListener bad = new KpiListener();
            bad.setExpressions("p(95)<500\nrps>fast");
            gui.configure(bad);
            gui.checkKpis();
            assertThat(gui.statusText()).startsWith("Problem: property KpiListener.expressions line 2 'rps>fast'");

            KpiListener good = new KpiListener();
            good.setExpressions("p(95)<500\nrate<1%");
            gui.configure(good);
            gui.checkKpis();
            assertThat(gui.statusText()).isEqualTo("2 KPIs OK");
            assertThat(gui.tableModel().getValueAt(1, 1)).isEqualTo("rate<1%");
        });
    }
}
