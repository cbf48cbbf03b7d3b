package io.github.agieval.jmeter.kpi.engine;

import io.github.agieval.jmeter.common.StageTimeline;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * What stages add to a {@link KpiEngine}'s verdicts, around its {@link StageJudge}: the judge fed
 * slot by slot, the stop a capacity search asks for (kept until the engine stops the test), the
 * {@link Metric.Kind#RECOVERY} KPIs, and the final verdicts of a capacity search taken at the
 * maximum sustainable load.
 *
 * <p>Threading: not thread-safe by itself; the engine calls it under its own lock.
 */
final class StageVerdicts {

    private final List<Kpi> kpis;
    private final int[] kpiScopeIds;
    private final ScopeRegistry registry;
    private StageJudge judge;
    private String capacityStop;

    StageVerdicts(List<Kpi> kpis, int[] kpiScopeIds, ScopeRegistry registry) {
        this.kpis = kpis;
        this.kpiScopeIds = kpiScopeIds;
        this.registry = registry;
        this.judge = new StageJudge(kpis, kpiScopeIds, registry, StageJudge.Settings.defaults(), () -> null);
    }

    /** Judges stage by stage the stages {@code plans} gives, with {@code settings}. */
    void judgeStages(StageJudge.Settings settings, Supplier<StageTimeline.Plan> plans) {
        this.judge = new StageJudge(kpis, kpiScopeIds, registry, settings, plans);
    }

    /** Feeds the slot {@code [slotStart, now)}; a capacity search's first stop request is kept. */
    void onSlot(long startMs, long slotStart, long now, Stats[] slot) {
        String stop = judge.onSlot(startMs, slotStart, now, slot);
        if (stop != null && capacityStop == null) {
            capacityStop = stop;
        }
    }

    /** The stop a capacity search asked for, or {@code null}. */
    String capacityStop() {
        return capacityStop;
    }

    /** The verdict of recovery KPI {@code k} now, as {@code clock} tells. */
    KpiOutcome recovery(Kpi k, Clock clock, boolean atEnd) {
        Double v = judge.recoveryMs(clock.millis(), atEnd);
        if (v == null) {
            return new KpiOutcome(k, null, Verdict.NO_DATA, judge.noRecoveryReason());
        }
        StageReport.Recovery r = judge.report(clock.millis()).recovery();
        if (r != null && !r.recovered()) {
            // unrecovered at the end: the watched time is a lower bound, so the KPI fails whatever it says
            return new KpiOutcome(k, v, Verdict.FAIL, r.summary());
        }
        return KpiEngine.outcome(k, v, r == null ? "" : r.summary());
    }

    StageReport report(long endMs) {
        return judge.report(endMs);
    }

    /**
     * The final verdicts: {@code whole} (over the whole run), or for a capacity search each KPI
     * judged stage by stage as it was at the maximum sustainable load (the last step that held), or
     * at the first step when even that broke.
     */
    static List<KpiOutcome> finalOutcomes(List<KpiOutcome> whole, StageReport stages) {
        return stages == null || stages.capacity() == null ? whole : atCapacity(whole, stages.capacity());
    }

    /**
     * A capacity search's verdicts: each KPI judged stage by stage as it was at the maximum
     * sustainable load (the last step that held), or at the first step when even that broke; the
     * others as over the whole run.
     */
    private static List<KpiOutcome> atCapacity(List<KpiOutcome> whole, StageReport.Capacity capacity) {
        StageReport.Row row = capacity.found() ? capacity.lastHeld() : capacity.broke();
        if (row == null) {
            return whole;
        }
        List<KpiOutcome> out = new ArrayList<>(whole.size());
        for (int i = 0; i < whole.size(); i++) {
            KpiOutcome o = i < row.outcomes().size() ? row.outcomes().get(i) : null;
            out.add(o == null ? whole.get(i) : new KpiOutcome(o.kpi(), o.observed(), o.verdict(),
                    (capacity.found() ? "at the maximum sustainable load, " : "at the first step, ") + row.title()
                            + ": " + o.detail()));
        }
        return Collections.unmodifiableList(out);
    }
}
