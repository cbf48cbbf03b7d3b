package io.github.agieval.jmeter.kpi.engine;

import io.github.agieval.jmeter.common.StageTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Judges every KPI stage by stage when the load comes from a Stage Thread Group, runs a capacity
 * search, and measures the recovery after the spike (through a {@link RecoveryTracker}).
 *
 * <p>Each evaluation slot of the {@link KpiEngine} (about a second) belongs to the stage that
 * contains its middle, on the {@link StageTimeline} the group published; the slot's samples (those
 * that reached the listener in it) count towards that stage if it is a hold, or a ramp when
 * ramps are asked for. So a stage's figures are those of the samples that ended in it, to the
 * second. Per stage, the aggregates of the KPIs' scopes are kept ({@link Stats}, bounded by the
 * range of values), so memory grows with stages x scopes, never with samples.
 *
 * <p>Capacity search: every hold is a step. A step breaks when a KPI fails on the samples of the
 * step so far once they cover the confirmation window (or, for a step shorter than the window,
 * when it ends), never on one bad second; the first step that breaks ends the search, and the
 * engine stops the test gracefully. The maximum sustainable load is the last step before it.
 *
 * <p>Threading: used by the engine's evaluating thread under the engine's lock only.
 */
public final class StageJudge {

    /**
     * How to judge stages: ramps as rows too, a capacity search and its confirmation window, the
     * recovery window.
     */
    public record Settings(boolean includeRamps, boolean capacitySearch, Duration capacityWindow, Duration recoveryWindow) {

        public static final Duration DEFAULT_CAPACITY_WINDOW = Duration.ofSeconds(10);
        public static final Duration DEFAULT_RECOVERY_WINDOW = Duration.ofSeconds(5);

        public static Settings defaults() {
            return new Settings(false, false, DEFAULT_CAPACITY_WINDOW, DEFAULT_RECOVERY_WINDOW);
        }
    }

    /** What one judged stage has collected. */
    private static final class StageStats {
        final StageTimeline.Stage stage;
        final Map<Integer, Stats> byScope = new LinkedHashMap<>();
        long judgedMs;

        StageStats(StageTimeline.Stage stage) {
            this.stage = stage;
        }
    }

    private final List<Kpi> kpis;
    private final int[] scopeIds;
    private final ScopeRegistry registry;
    private final Settings settings;
    private final Supplier<StageTimeline.Plan> plans;
    private final TreeSet<Integer> scopes = new TreeSet<>();
    private final Map<Integer, StageStats> stages = new LinkedHashMap<>();
    private StageTimeline.Plan plan;
    private RecoveryTracker recovery;
    private StageReport.Capacity capacity;
    private long runStartMs;

    /**
     * @param scopeIds the scope id of each KPI (as the engine numbers them; unused for unmeasured KPIs)
     * @param plans    where the stage plan comes from ({@link StageTimeline#current()} in a run)
     */
    StageJudge(List<Kpi> kpis, int[] scopeIds, ScopeRegistry registry, Settings settings,
            Supplier<StageTimeline.Plan> plans) {
        this.kpis = kpis;
        this.scopeIds = scopeIds.clone();
        this.registry = registry;
        this.settings = settings;
        this.plans = plans;
        scopes.add(ScopeRegistry.ALL);
        for (int i = 0; i < kpis.size(); i++) {
            if (judgedPerStage(kpis.get(i))) {
                scopes.add(scopeIds[i]);
            }
        }
    }

    /** Whether {@code k} gets a verdict per stage (not counts, peak threads, recovery, unmeasured metrics). */
    static boolean judgedPerStage(Kpi k) {
        return k.measured() && !k.metric().growsDuringRun() && k.metric().kind() != Metric.Kind.RECOVERY;
    }

    Settings settings() {
        return settings;
    }

    /** The plan being judged, or {@code null} (no Stage Thread Group published one yet). */
    StageTimeline.Plan plan() {
        return plan;
    }

    /**
     * Takes one closed slot ({@code slot[id]} per scope id, epoch ms {@code [start, end)}).
     *
     * @return why the capacity search stops the test now (once), or {@code null}
     */
    String onSlot(long runStartMs, long start, long end, Stats[] slot) {
        this.runStartMs = runStartMs;
        if (plan == null) {
            plan = plans.get();
            if (plan == null || plan.stages().isEmpty()) {
                plan = null;
                return null;
            }
            recovery = RecoveryTracker.forPlan(plan, kpis, scopeIds, registry, settings.recoveryWindow());
        }
        long mid = start + (end - start) / 2;
        if (recovery != null) {
            recovery.onSlot(start, end, mid, slot);
        }
        StageTimeline.Stage stage = plan.stageAt(mid);
        if (stage == null || !(stage.steady() || settings.includeRamps())) {
            return searchAfterStage(mid);
        }
        StageStats s = stages.computeIfAbsent(stage.number(), n -> new StageStats(stage));
        s.judgedMs += Math.max(0, end - start);
        for (int id : scopes) {
            if (id < slot.length) {
                s.byScope.computeIfAbsent(id, k -> new Stats(registry.entry(k).allFields())).add(slot[id]);
            }
        }
        return settings.capacitySearch() ? searchStep(stage, s, false) : null;
    }

    /** A slot outside every judged stage: a step that ended before it is complete; judge it. */
    private String searchAfterStage(long mid) {
        if (!settings.capacitySearch() || capacity != null) {
            return null;
        }
        StageStats last = lastStep(mid);
        return last == null ? null : searchStep(last.stage, last, true);
    }

    private StageStats lastStep(long before) {
        StageStats last = null;
        for (StageStats s : stages.values()) {
            if (s.stage.steady() && s.stage.endMs() <= before) {
                last = s;
            }
        }
        return last;
    }

    /** Judges the step in progress (or complete); decides the search when it broke. */
    private String searchStep(StageTimeline.Stage stage, StageStats s, boolean complete) {
        if (capacity != null || !stage.steady()) {
            return null;
        }
        // a step that ended before this one is complete: judge it whatever its length
        for (StageStats earlier : stages.values()) {
            if (earlier != s && earlier.stage.steady() && earlier.stage.number() < stage.number()) {
                StageReport.Row row = row(earlier);
                if (!row.held()) {
                    return decide(row);
                }
            }
        }
        boolean confirmed = complete || s.judgedMs >= settings.capacityWindow().toMillis();
        if (!confirmed) {
            return null;
        }
        StageReport.Row row = row(s);
        return row.held() ? null : decide(row);
    }

    private String decide(StageReport.Row broke) {
        StageReport.Row lastHeld = null;
        for (StageStats s : stages.values()) {
            if (s.stage.steady() && s.stage.number() < broke.stage().number()) {
                lastHeld = row(s);
            }
        }
        KpiOutcome by = broke.firstFailed();
        String reason = "capacity search: " + broke.title() + " broke " + by.kpi().expression() + " (observed "
                + by.observedText() + ")";
        capacity = new StageReport.Capacity(lastHeld, broke, by, reason);
        return reason;
    }

    /** The stage-by-stage verdicts as of now, or {@code null} when no plan was published. */
    StageReport report(long endMs) {
        if (plan == null) {
            return null;
        }
        List<StageReport.Row> rows = new ArrayList<>();
        for (StageStats s : stages.values()) {
            rows.add(row(s));
        }
        StageReport.Capacity cap = null;
        if (settings.capacitySearch()) {
            cap = capacity != null ? refreshed(capacity, rows) : finalCapacity(rows);
        }
        return new StageReport(plan.group(), rows, cap, recovery == null ? null : recovery.result(runStartMs, endMs));
    }

    /** The capacity decided live, with the rows' final figures (samples that ended after the stop). */
    private static StageReport.Capacity refreshed(StageReport.Capacity c, List<StageReport.Row> rows) {
        StageReport.Row held = c.lastHeld() == null ? null : find(rows, c.lastHeld().stage().number());
        StageReport.Row broke = find(rows, c.broke().stage().number());
        return new StageReport.Capacity(held == null ? c.lastHeld() : held, broke == null ? c.broke() : broke,
                c.brokenBy(), c.stopReason());
    }

    private static StageReport.Row find(List<StageReport.Row> rows, int number) {
        for (StageReport.Row r : rows) {
            if (r.stage().number() == number) {
                return r;
            }
        }
        return null;
    }

    /** The search's result at the end of a run it did not stop: the first step that broke, if any. */
    private static StageReport.Capacity finalCapacity(List<StageReport.Row> rows) {
        StageReport.Row lastHeld = null;
        for (StageReport.Row r : rows) {
            if (!r.stage().steady()) {
                continue;
            }
            if (!r.held()) {
                return new StageReport.Capacity(lastHeld, r, r.firstFailed(), null);
            }
            lastHeld = r;
        }
        return new StageReport.Capacity(lastHeld, null, null, null);
    }

    private StageReport.Row row(StageStats s) {
        Stats all = s.byScope.get(ScopeRegistry.ALL);
        double seconds = s.judgedMs / 1000.0;
        List<KpiOutcome> outcomes = new ArrayList<>(kpis.size());
        for (int i = 0; i < kpis.size(); i++) {
            Kpi k = kpis.get(i);
            if (!judgedPerStage(k)) {
                outcomes.add(null);
                continue;
            }
            Stats st = s.byScope.get(scopeIds[i]);
            Double v = st == null ? null : st.value(k.metric(), seconds);
            if (v == null) {
                outcomes.add(new KpiOutcome(k, null, Verdict.NO_DATA, "no samples in " + k.scope() + " in this stage"));
            } else {
                outcomes.add(new KpiOutcome(k, v, k.op().test(v, k.threshold()) ? Verdict.PASS : Verdict.FAIL,
                        st.count() + " samples in this stage"));
            }
        }
        long count = all == null ? 0 : all.count();
        long errors = all == null ? 0 : all.errors();
        Double rps = seconds > 0 ? count / seconds : null;
        return new StageReport.Row(s.stage, s.judgedMs, count, errors, rps, outcomes);
    }

    /** The recovery KPI's value as of now (ms), or {@code null} while unknown. */
    Double recoveryMs(long endMs, boolean atEnd) {
        if (recovery == null) {
            return null;
        }
        StageReport.Recovery r = recovery.result(runStartMs, endMs);
        if (r == null) {
            return null;
        }
        if (r.recovered()) {
            return r.recoveryMs().doubleValue();
        }
        return atEnd ? (double) r.observedMs() : null;
    }

    /** Why there is no recovery value: no stage plan, or no spike in it. */
    String noRecoveryReason() {
        if (plan == null) {
            return "no stage timeline: recovery needs the load of a Stage Thread Group in this JVM";
        }
        return recovery == null ? "the stages have no peak followed by less load" : "the spike has not ended yet";
    }
}
