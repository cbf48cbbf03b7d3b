package io.github.agieval.jmeter.kpi.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.agieval.jmeter.resources.ResourceTrack;

/**
 * Everything a finished run's reports show: the verdicts and the aggregates they came from, and
 * what the reports must say about the run itself (it did not start, it did not finish, it was
 * stopped by the user, it recorded no samples). Built once by {@link KpiEngine#finish()} or
 * {@link #unjudged}; not modified afterwards (the {@code with...} methods return copies).
 */
public final class KpiRun {

    /** Verdict of a run that was judged and met every KPI. */
    static final String PASS = "PASS";
    /** Verdict of a run that was judged and broke a KPI (or the baseline). */
    static final String FAIL = "FAIL";
    /** Verdict of a run that never started its thread groups (an element refused to start). */
    public static final String NOT_STARTED = "NOT_STARTED";
    /** Verdict of the placeholder reports written at test start, replaced at test end. */
    public static final String NOT_FINISHED = "NOT_FINISHED";
    /** Verdict of a run whose judging failed with an internal error. */
    public static final String ERROR = "ERROR";

    public final long startMs;
    public final long endMs;
    public final List<KpiOutcome> outcomes;
    public final Stats all;
    public final Stats counted;
    public final Map<String, Stats> byLabel;
    public final Map<String, Stats> byRegexScope;
    public final List<Timeline.Point> timeline;
    public final KpiEngine.Settings settings;
    public final String abortReason;
    public final List<String> warnings;
    public final List<Baseline.Check> baseline;
    public final String baselineSource;
    /** Sub-samples (sub-results at any depth) of the samples: JTL rows = samples + sub-samples. */
    public final long subSamples;
    /** Distinct labels beyond the per-label cap, counted in "(other labels)"; see {@link #foldedLabelsCapped}. */
    public final long foldedLabels;
    /** Whether more labels were folded than could be told apart ({@link #foldedLabels} is then a lower bound). */
    public final boolean foldedLabelsCapped;
    /** Why the run was stopped before the plan's end by someone else than this listener, or {@code null}. */
    public final String stoppedBy;
    /** Set for a run that was not judged: {@link #NOT_STARTED}, {@link #NOT_FINISHED} or {@link #ERROR}. */
    public final String unjudgedVerdict;
    /** Why the run was not judged (with {@link #unjudgedVerdict}), or {@code null}. */
    public final String unjudgedReason;
    /** The server's resources through the run (from Prometheus), for the charts; empty without a source. */
    public final List<ResourceTrack.Series> resources;
    /**
     * The stage-by-stage verdicts, or {@code null} when the load did not come from a Stage Thread
     * Group; set once, when the run is built ({@link #withStages}), and carried by every copy.
     */
    private StageReport stages;

    KpiRun(long startMs, long endMs, List<KpiOutcome> outcomes, Stats all, Stats counted, Map<String, Stats> byLabel,
            Map<String, Stats> byRegexScope, List<Timeline.Point> timeline, KpiEngine.Settings settings,
            String abortReason, List<String> warnings, long subSamples, long foldedLabels,
            boolean foldedLabelsCapped) {
        this(startMs, endMs, outcomes, all, counted, byLabel, byRegexScope, timeline, settings, abortReason,
                warnings, List.of(), null, subSamples, foldedLabels, foldedLabelsCapped, null, null, null, List.of());
    }

    @SuppressWarnings("java:S107") // one immutable record of everything a report shows
    private KpiRun(long startMs, long endMs, List<KpiOutcome> outcomes, Stats all, Stats counted,
            Map<String, Stats> byLabel, Map<String, Stats> byRegexScope, List<Timeline.Point> timeline,
            KpiEngine.Settings settings, String abortReason, List<String> warnings, List<Baseline.Check> baseline,
            String baselineSource, long subSamples, long foldedLabels, boolean foldedLabelsCapped, String stoppedBy,
            String unjudgedVerdict, String unjudgedReason, List<ResourceTrack.Series> resources) {
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
        this.subSamples = subSamples;
        this.foldedLabels = foldedLabels;
        this.foldedLabelsCapped = foldedLabelsCapped;
        this.stoppedBy = stoppedBy;
        this.unjudgedVerdict = unjudgedVerdict;
        this.unjudgedReason = unjudgedReason;
        this.resources = resources;
    }

    /**
     * A run that was not judged: every KPI gets {@link Verdict#NO_DATA} with {@code reason}, no
     * samples; {@code verdict} is {@link #NOT_STARTED}, {@link #NOT_FINISHED} or {@link #ERROR}.
     */
    public static KpiRun unjudged(String verdict, String reason, long startMs, long endMs, List<Kpi> kpis,
            KpiEngine.Settings settings) {
        List<KpiOutcome> outcomes = new ArrayList<>();
        for (Kpi k : kpis) {
            outcomes.add(new KpiOutcome(k, null, k.measured() ? Verdict.NO_DATA : Verdict.NOT_MEASURED,
                    "not judged: " + reason));
        }
        return new KpiRun(startMs, endMs, List.copyOf(outcomes), new Stats(true), new Stats(true), Map.of(), Map.of(),
                List.of(), settings, null, List.of(), List.of(), null, 0, 0, false, null, verdict, reason, List.of());
    }

    public KpiRun withBaseline(List<Baseline.Check> checks, String source) {
        return keepStages(new KpiRun(startMs, endMs, outcomes, all, counted, byLabel, byRegexScope, timeline, settings,
                abortReason, warnings, List.copyOf(checks), source, subSamples, foldedLabels, foldedLabelsCapped,
                stoppedBy, unjudgedVerdict, unjudgedReason, resources));
    }

    /** This run, noted as stopped before the plan's end by {@code who} (not by this listener). */
    public KpiRun withStoppedBy(String who) {
        return keepStages(new KpiRun(startMs, endMs, outcomes, all, counted, byLabel, byRegexScope, timeline, settings,
                abortReason, warnings, baseline, baselineSource, subSamples, foldedLabels, foldedLabelsCapped, who,
                unjudgedVerdict, unjudgedReason, resources));
    }

    /** This run with the server's resource series. */
    KpiRun withResources(List<ResourceTrack.Series> series) {
        return keepStages(new KpiRun(startMs, endMs, outcomes, all, counted, byLabel, byRegexScope, timeline, settings,
                abortReason, warnings, baseline, baselineSource, subSamples, foldedLabels, foldedLabelsCapped,
                stoppedBy, unjudgedVerdict, unjudgedReason, List.copyOf(series)));
    }

    /** This run with one more warning. */
    KpiRun withWarning(String warning) {
        List<String> w = new ArrayList<>(warnings);
        w.add(warning);
        return keepStages(new KpiRun(startMs, endMs, outcomes, all, counted, byLabel, byRegexScope, timeline, settings,
                abortReason, List.copyOf(w), baseline, baselineSource, subSamples, foldedLabels, foldedLabelsCapped,
                stoppedBy, unjudgedVerdict, unjudgedReason, resources));
    }

    /** This run with the stage-by-stage verdicts {@code report} (may be {@code null}). */
    KpiRun withStages(StageReport report) {
        KpiRun copy = keepStages(new KpiRun(startMs, endMs, outcomes, all, counted, byLabel, byRegexScope, timeline,
                settings, abortReason, warnings, baseline, baselineSource, subSamples, foldedLabels, foldedLabelsCapped,
                stoppedBy, unjudgedVerdict, unjudgedReason, resources));
        copy.stages = report;
        return copy;
    }

    private KpiRun keepStages(KpiRun copy) {
        copy.stages = stages;
        return copy;
    }

    /** The stage-by-stage verdicts, or {@code null} when the load did not come from a Stage Thread Group. */
    public StageReport stages() {
        return stages;
    }

    /** Whether this run was a capacity search (its verdict is then whether a sustainable load was found). */
    public boolean capacitySearch() {
        return stages != null && stages.capacity() != null;
    }

    public long failedKpis() {
        return outcomes.stream().filter(o -> o.verdict().failed()).count();
    }

    public long failedBaselineChecks() {
        return baseline.stream().filter(c -> !c.passed()).count();
    }

    /**
     * Whether the run passes: judged, every KPI passes (or is not measured), no baseline regression;
     * for a capacity search, a sustainable load was found (the step that broke fails its KPIs by design).
     */
    public boolean passed() {
        if (capacitySearch()) {
            return unjudgedVerdict == null && stages.capacity().found() && failedBaselineChecks() == 0;
        }
        return unjudgedVerdict == null && failedKpis() == 0 && failedBaselineChecks() == 0;
    }

    /** {@link #PASS}, {@link #FAIL}, or the verdict of a run that was not judged. */
    public String verdict() {
        if (unjudgedVerdict != null) {
            return unjudgedVerdict;
        }
        return passed() ? PASS : FAIL;
    }

    /** The verdict as people read it: {@code PASS}, {@code FAIL}, {@code NOT STARTED}... */
    public String verdictText() {
        return verdict().replace('_', ' ');
    }

    /** Samples whose scope had none at all while the run was judged: the whole run recorded nothing. */
    public boolean noSamples() {
        return unjudgedVerdict == null && all.count() == 0;
    }

    /** Lines that say what the run itself was (not started, stopped, no data, folded labels), for every report. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        if (unjudgedVerdict != null) {
            notes.add(verdictText() + ": " + unjudgedReason);
        }
        if (abortReason != null) {
            notes.add("Test stopped early by this listener: " + abortReason);
        }
        if (capacitySearch()) {
            notes.add("Capacity search: " + stages.capacity().summary());
        }
        if (stoppedBy != null) {
            notes.add(stoppedBy);
        }
        if (noSamples()) {
            notes.add(settings.allowNoData() ? "The run recorded no samples (allowed: \"allow no data\" is on)"
                    : "NO DATA: the run recorded no samples; every KPI fails (set \"allow no data\" to accept this)");
        }
        if (foldedLabels > 0) {
            notes.add((foldedLabelsCapped ? "more than " : "") + foldedLabels + " sample labels beyond the first "
                    + settings.maxLabels() + " were folded into '" + ScopeRegistry.OTHER_LABELS + "'");
        }
        return notes;
    }

    public double durationSeconds() {
        return Math.max(0, endMs - startMs) / 1000.0;
    }
}
