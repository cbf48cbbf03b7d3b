package io.github.agieval.jmeter.kpi;

/** A KPI Assertions element with every property set away from its default, for round-trip tests. */
public final class KpiListenerFixture {

    private KpiListenerFixture() {
    }

    /** Named "Seed KPIs"; each property's value is distinct from its default and from the others. */
    public static KpiListener everyPropertySet() {
        KpiListener el = new KpiListener();
        el.setName("Seed KPIs");
        el.setExpressions("p(95)<500\nlabel=Submit Evaluation: p(99)<1s over 30s\nrate<1%");
        el.setKpiFile("kpis/performance-kpis.yml");
        el.setResultsDir("${__P(RESULTS_DIR,)}");
        el.setGracePeriod("30s");
        el.setAbortOnFail(true);
        el.setAbortDelay("1m");
        el.setBaselineFile("baseline/kpi-report.json");
        el.setBaselineTolerance("12.5");
        el.setExitOnFail(false);
        el.setAllowNoData(true);
        el.setPrometheusUrl("${__P(PROMETHEUS_URL,http://127.0.0.1:9090)}");
        el.setResourceProfile("sandbox");
        el.setResourceInterval("2s");
        el.setStageRamps(true);
        el.setCapacitySearch(true);
        el.setCapacityWindow("20s");
        el.setRecoveryWindow("8s");
        return el;
    }
}
