/**
 * KPI Assertions: the element and the coordination of one run. The package map:
 *
 * <pre>
 * kpi            the element (KpiListener: JMeter's contract only), its settings (KpiSettings),
 *                the run's coordination (RunCoordinator, RunState, EngineGroup: local and distributed
 *                start/end, ticking, stop detection), how a sample enters the engine (SampleIntake),
 *                what a run's verdict is shown as (VerdictOutput: reports, console, live view,
 *                Prometheus status, exit code), KpiLiveView for the GUI
 * kpi.engine     the judging, free of JMeter's run: Kpi/Metric/Op/Scope (what a KPI is), SampleRecorder
 *                and Stats (striped, memory-bounded aggregates), Timeline, ScopeRegistry, KpiEngine (live
 *                windows, verdicts, abort-on-fail), KpiRun (a finished run), Baseline, Verdict, TestStopper
 * kpi.parsing    KPI lines (KpiExpressions, k6 style) and the seed's performance-kpis.yml (KpiYaml)
 * kpi.reports    kpi-report.json, kpi-junit.xml, kpi-report.html (ReportWriter), the console table,
 *                recommendations, and KpiVerdict (the end of a run for the judge command)
 * kpi.gui        the element's GUI
 * </pre>
 *
 * <p>Dependencies: {@code parsing} and {@code reports} use {@code engine}; this package uses all three;
 * {@code engine} uses none of them. The GUI is {@link io.github.agieval.jmeter.kpi.gui.KpiListenerGui};
 * {@code KpiListenerGui} here is only the deprecated old name that keeps plans saved before 0.2 loading.
 */
package io.github.agieval.jmeter.kpi;
