package io.github.agieval.jmeter.kpi;

import java.util.List;
import java.util.Map;

/**
 * Everything a finished run's reports show: the verdicts and the aggregates they came from.
 * Built once by {@link KpiEngine#finish()}; not modified afterwards (baseline checks are added
 * by {@link #withBaseline}).
 */
final class KpiRun {

    final long startMs;
    final long endMs;
    final List<KpiOutcome> outcomes;
    final Stats all;
    final Stats counted;
    final Map<String, Stats> byLabel;
    final Map<String, Stats> byRegexScope;
    final List<Timeline.Point> timeline;
    final KpiEngine.Settings settings;
    final String abortReason;
    final List<String> warnings;
    final List<Baseline.Check> baseline;
    final String baselineSource;

    KpiRun(long startMs, long endMs, List<KpiOutcome> outcomes, Stats all, Stats counted, Map<String, Stats> byLabel,
            Map<String, Stats> byRegexScope, List<Timeline.Point> timeline, KpiEngine.Settings settings,
            String abortReason, List<String> warnings) {
        this(startMs, endMs, outcomes, all, counted, byLabel, byRegexScope, timeline, settings, abortReason,
                warnings, List.of(), null);
    }

    private KpiRun(long startMs, long endMs, List<KpiOutcome> outcomes, Stats all, Stats counted,
            Map<String, Stats> byLabel, Map<String, Stats> byRegexScope, List<Timeline.Point> timeline,
            KpiEngine.Settings settings, String abortReason, List<String> warnings, List<Baseline.Check> baseline,
            String baselineSource) {
        this.startMs = startMs;
        this.endMs = endMs;
        this.outcomes = outcomes;
        this.all = all;
        this.counted = counted;
        this.byLabel = byLabel;
        this.byRegexScope = byRegexScope;
        this.timeline = timeline;
        this.settings = settings;
        this.abortReason = abortReason;
        this.warnings = warnings;
        this.baseline = baseline;
        this.baselineSource = baselineSource;
    }

    KpiRun withBaseline(List<Baseline.Check> checks, String source) {
        return new KpiRun(startMs, endMs, outcomes, all, counted, byLabel, byRegexScope, timeline, settings,
                abortReason, warnings, List.copyOf(checks), source);
    }

    long failedKpis() {
        return outcomes.stream().filter(o -> o.verdict().failed()).count();
    }

    long failedBaselineChecks() {
        return baseline.stream().filter(c -> !c.passed()).count();
    }

    /** Whether the run passes: every KPI passes (or is not measured) and no baseline regression. */
    boolean passed() {
        return failedKpis() == 0 && failedBaselineChecks() == 0;
    }

    double durationSeconds() {
        return Math.max(0, endMs - startMs) / 1000.0;
    }
}
