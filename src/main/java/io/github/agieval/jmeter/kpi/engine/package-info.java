/**
 * The KPI engine: what a KPI is ({@link io.github.agieval.jmeter.kpi.engine.Kpi}, {@link
 * io.github.agieval.jmeter.kpi.engine.Metric}, {@link io.github.agieval.jmeter.kpi.engine.Op}, {@link
 * io.github.agieval.jmeter.kpi.engine.Scope}), the aggregates of the samples (striped {@code SampleRecorder},
 * memory-bounded {@link io.github.agieval.jmeter.kpi.engine.Stats}, {@link
 * io.github.agieval.jmeter.kpi.engine.Timeline}), the live and final judging ({@link
 * io.github.agieval.jmeter.kpi.engine.KpiEngine}, {@link io.github.agieval.jmeter.kpi.engine.KpiRun}, {@link
 * io.github.agieval.jmeter.kpi.engine.Baseline}; the engine's parts: {@code KpiWindows} for the KPIs "over
 * N s", {@code ResourceVerdicts} for the server-side KPIs on their resource tracks, {@code StageVerdicts}
 * for what stages add), and, when the load
 * follows stages, the stage-by-stage verdicts, capacity search and recovery after a spike ({@link
 * io.github.agieval.jmeter.kpi.engine.StageJudge}, {@code RecoveryTracker}, {@link
 * io.github.agieval.jmeter.kpi.engine.StageReport}). Knows nothing of KPI syntax, reports or the element; time
 * is an injected {@link java.time.Clock}, so it runs the same live (KPI Assertions) and offline (judge).
 */
package io.github.agieval.jmeter.kpi.engine;
