package io.github.agieval.jmeter.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.SearchByClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.agieval.jmeter.kpi.KpiListener;

/**
 * The KPI Assertions element written to a {@code .jmx} by JMeter's own SaveService (with the
 * assembled home's saveservice.properties) and loaded back: every property survives unchanged.
 */
class KpiListenerJmxIT {

    @BeforeAll
    static void jmeterHome() throws Exception {
        Path home = JMeterHome.assembled().home();
        JMeterUtils.setJMeterHome(home.toString());
        JMeterUtils.loadJMeterProperties(home.resolve("bin/jmeter.properties").toString());
        JMeterUtils.initLocale();
    }

    private static KpiListener find(HashTree tree) {
        SearchByClass<KpiListener> search = new SearchByClass<>(KpiListener.class);
        tree.traverse(search);
        assertThat(search.getSearchResults()).hasSize(1);
        return search.getSearchResults().iterator().next();
    }

    @Test
    void shouldSaveAndLoadEveryPropertyUnchanged(@TempDir Path dir) throws Exception {
        KpiListener el = new KpiListener();
        el.setName("Seed KPIs");
        el.setProperty(org.apache.jmeter.testelement.TestElement.GUI_CLASS,
                io.github.agieval.jmeter.kpi.KpiListenerGui.class.getName());
        el.setProperty(org.apache.jmeter.testelement.TestElement.TEST_CLASS, KpiListener.class.getName());
        el.setExpressions("p(95)<500\nlabel=Submit Evaluation: p(99)<1s over 30s\nrate<1%");
        el.setKpiFile("kpis/performance-kpis.yml");
        el.setResultsDir("${__P(RESULTS_DIR,)}");
        el.setGracePeriod("30s");
        el.setAbortOnFail(true);
        el.setAbortDelay("1m");
        el.setBaselineFile("baseline/kpi-report.json");
        el.setBaselineTolerance("12.5");
        el.setExitOnFail(false);
        HashTree tree = new HashTree();
        tree.add(el);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SaveService.saveTree(tree, out);
        String jmx = out.toString(StandardCharsets.UTF_8);
        Path file = dir.resolve("kpi.jmx");
        Files.writeString(file, jmx);
        KpiListener back = find(SaveService.loadTree(file.toFile()));

        assertThat(jmx).contains("<io.github.agieval.jmeter.kpi.KpiListener guiclass=\"io.github.agieval.jmeter.kpi"
                + ".KpiListenerGui\" testclass=\"io.github.agieval.jmeter.kpi.KpiListener\" testname=\"Seed KPIs\"");
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

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        HashTree tree2 = new HashTree();
        tree2.add(back);
        SaveService.saveTree(tree2, again);
        assertThat(again.toString(StandardCharsets.UTF_8)).isEqualTo(jmx);
    }

    @Test
    void shouldLoadTheItPlanWithItsListener() throws Exception {
        KpiListener el = find(SaveService.loadTree(JMeterHome.projectDir()
                .resolve("src/test/resources/plans/kpi-listener.jmx").toFile()));

        assertThat(el.getName()).isEqualTo("KPI Assertions");
        assertThat(el.getExpressions()).contains("p(95)<${__P(P95_MAX,500)}", "label~GET .*: count>=${__P(MIN_COUNT,1)}");
        assertThat(el.getResultsDir()).isEqualTo("${__P(RESULTS_DIR,)}");
    }
}
