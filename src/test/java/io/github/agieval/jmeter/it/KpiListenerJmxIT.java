package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.jmeter.testelement.TestElement;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.SearchByClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.agieval.jmeter.kpi.KpiListener;
import io.github.agieval.jmeter.kpi.KpiListenerFixture;
import io.github.agieval.jmeter.kpi.gui.KpiListenerGui;

/**
 * The KPI Assertions element written to a {@code .jmx} by JMeter's own SaveService (with the
 * assembled home's saveservice.properties) and loaded back: every property survives unchanged.
 */
class KpiListenerJmxIT {

    @BeforeAll
    static void jmeterHome() throws Exception {
        SaveServiceSupport.initJMeter();
    }

    private static KpiListener find(HashTree tree) {
        SearchByClass<KpiListener> search = new SearchByClass<>(KpiListener.class);
        tree.traverse(search);
        assertThat(search.getSearchResults()).hasSize(1);
        return search.getSearchResults().iterator().next();
    }

    @Test
    void shouldSaveAndLoadEveryPropertyUnchanged(@TempDir Path dir) throws Exception {
        KpiListener el = KpiListenerFixture.everyPropertySet();
        el.setProperty(TestElement.GUI_CLASS, KpiListenerGui.class.getName());
        el.setProperty(TestElement.TEST_CLASS, KpiListener.class.getName());
        SaveServiceSupport.RoundTrip saved = SaveServiceSupport.roundTrip(el, dir.resolve("kpi.jmx"));
        String jmx = saved.xml();
        KpiListener back = find(saved.loaded());

        assertThat(jmx).contains("<io.github.agieval.jmeter.kpi.KpiListener guiclass=\"io.github.agieval.jmeter.kpi"
                + ".gui.KpiListenerGui\" testclass=\"io.github.agieval.jmeter.kpi.KpiListener\" testname=\"Seed KPIs\"");
        assertThat(back.getName()).isEqualTo("Seed KPIs");
        assertThat(back.getExpressions()).isEqualTo(el.getExpressions());
        assertThat(back.getKpiFile()).isEqualTo("kpis/performance-kpis.yml");
        assertThat(back.getResultsDir()).isEqualTo("${__P(RESULTS_DIR,)}");
        assertThat(back.getGracePeriod()).isEqualTo("30s");
        assertThat(back.isAbortOnFail()).isTrue();
        assertThat(back.getAbortDelay()).isEqualTo("1m");
        assertThat(back.getBaselineFile()).isEqualTo("baseline/kpi-report.json");
        assertThat(back.getBaselineTolerance()).isEqualTo("12.5");
        assertThat(back.isExitOnFail()).isFalse();
        assertThat(back.isAllowNoData()).isTrue();
        assertThat(SaveServiceSupport.properties(back)).isEqualTo(SaveServiceSupport.properties(el));

        assertThat(SaveServiceSupport.save(saved.loaded())).isEqualTo(jmx);
    }

    @Test
    void shouldLoadTheItPlanWithItsListener() throws Exception {
        KpiListener el = find(SaveServiceSupport.load(JMeterHome.projectDir()
                .resolve("src/test/resources/plans/kpi-listener.jmx")));

        assertThat(el.getName()).isEqualTo("KPI Assertions");
        assertThat(el.getExpressions()).contains("p(95)<${__P(P95_MAX,500)}", "label~GET .*: count>=${__P(MIN_COUNT,1)}");
        assertThat(el.getResultsDir()).isEqualTo("${__P(RESULTS_DIR,)}");
    }
}
