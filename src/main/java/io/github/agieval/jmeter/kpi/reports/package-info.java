/**
 * What a finished {@link io.github.agieval.jmeter.kpi.engine.KpiRun} is shown as: {@code kpi-report.json},
 * {@code kpi-junit.xml}, {@code kpi-report.html} (written atomically by {@link
 * io.github.agieval.jmeter.kpi.reports.ReportWriter}), the console table ({@link
 * io.github.agieval.jmeter.kpi.reports.ConsoleTable}), the stage-by-stage table in each of them and
 * {@code capacity.json} ({@link io.github.agieval.jmeter.kpi.reports.StageTables}) and {@link io.github.agieval.jmeter.kpi.reports.KpiVerdict},
 * the end of a run for callers outside KPI Assertions (the judge command). Stateless.
 */
package io.github.agieval.jmeter.kpi.reports;
