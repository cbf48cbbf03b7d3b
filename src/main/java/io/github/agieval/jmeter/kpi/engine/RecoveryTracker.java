package io.github.agieval.jmeter.kpi.engine;

import io.github.agieval.jmeter.common.StageTimeline;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the recovery after a spike: the time from the end of the spike stage (the last stage
 * at the plan's peak users, followed by less load that is not 0) until every KPI holds again over a window of
 * consecutive evaluation slots. The KPIs looked at are those judged stage by stage except
 * throughput (which falls with the load by design); a KPI without samples in the window does not
 * count against it, but the window needs samples.
 *
 * <p>The answer is the start of the first such window minus the spike's end (0 when the KPIs
 * held from the first slot after it), to the slot (about a second). Memory: the slots of one
 * window, per scope.
 *
 * <p>Threading: used by the engine's evaluating thread under the engine's lock only.
 */
final class RecoveryTracker {

    private record Slot(long startMs, Map<Integer, Stats> byScope) {
    }

    private final StageTimeline.Stage spike;
    private final List<Kpi> kpis;
    private final int[] scopeIds;
    private final ScopeRegistry registry;
    private final Duration window;
    private final int slots;
    private final Deque<Slot> ring = new ArrayDeque<>();
    private Long recoveredAtMs;
    private long lastEndMs = -1;

    private RecoveryTracker(StageTimeline.Stage spike, List<Kpi> kpis, int[] scopeIds, ScopeRegistry registry,
            Duration window) {
        this.spike = spike;
        this.kpis = kpis;
        this.scopeIds = scopeIds;
        this.registry = registry;
        this.window = window;
        this.slots = (int) Math.max(1, (window.toMillis() + 999) / 1000);
    }

    /** A tracker for {@code plan}'s spike, or {@code null} when no stage at the peak is followed by less load. */
    static RecoveryTracker forPlan(StageTimeline.Plan plan, List<Kpi> kpis, int[] scopeIds, ScopeRegistry registry,
            Duration window) {
        StageTimeline.Stage spike = spikeOf(plan);
        return spike == null ? null : new RecoveryTracker(spike, kpis, scopeIds, registry, window);
    }

    /**
     * The last stage that ends at the peak (a hold if there is one), if a stage that comes down to
     * fewer users, but some, follows it (a spike, not the final ramp-down of a stress shape).
     */
    static StageTimeline.Stage spikeOf(StageTimeline.Plan plan) {
        int peak = plan.peakUsers();
        StageTimeline.Stage spike = null;
        for (StageTimeline.Stage s : plan.stages()) {
            if (s.toUsers() == peak && s.durationMs() > 0 && (s.steady() || spike == null || !spike.steady())) {
                spike = s;
            }
        }
        if (spike == null) {
            return null;
        }
        for (StageTimeline.Stage s : plan.stages()) {
            if (s.number() > spike.number() && s.toUsers() < peak && s.toUsers() > 0 && s.durationMs() > 0) {
                return spike;
            }
        }
        return null;
    }

    /** Whether {@code k} is watched for the recovery. */
    static boolean watched(Kpi k) {
        return StageJudge.judgedPerStage(k) && k.metric().kind() != Metric.Kind.THROUGHPUT;
    }

    /** Takes one closed slot, epoch ms {@code [start, end)} with its middle {@code mid}. */
    void onSlot(long start, long end, long mid, Stats[] slot) {
        if (recoveredAtMs != null || mid < spike.endMs()) {
            return;
        }
        lastEndMs = end;
        Map<Integer, Stats> copy = new LinkedHashMap<>();
        copy(slot, ScopeRegistry.ALL, copy);
        for (int i = 0; i < kpis.size(); i++) {
            if (watched(kpis.get(i))) {
                copy(slot, scopeIds[i], copy);
            }
        }
        ring.addLast(new Slot(start, copy));
        while (ring.size() > slots) {
            ring.removeFirst();
        }
        if (ring.size() == slots && holds()) {
            recoveredAtMs = ring.peekFirst().startMs();
            ring.clear();
        }
    }

    private void copy(Stats[] slot, int id, Map<Integer, Stats> into) {
        if (id < slot.length && !into.containsKey(id)) {
            Stats s = new Stats(registry.entry(id).allFields());
            s.add(slot[id]);
            into.put(id, s);
        }
    }

    /** Whether every watched KPI holds on the ring's slots merged (and they have samples). */
    private boolean holds() {
        Map<Integer, Stats> merged = new LinkedHashMap<>();
        for (Slot s : ring) {
            for (Map.Entry<Integer, Stats> e : s.byScope().entrySet()) {
                merged.computeIfAbsent(e.getKey(), k -> new Stats(registry.entry(k).allFields())).add(e.getValue());
            }
        }
        Stats all = merged.get(ScopeRegistry.ALL);
        if (all == null || all.count() == 0) {
            return false;
        }
        for (int i = 0; i < kpis.size(); i++) {
            Kpi k = kpis.get(i);
            if (!watched(k)) {
                continue;
            }
            Stats st = merged.get(scopeIds[i]);
            Double v = st == null ? null : st.value(k.metric(), -1);
            if (v != null && !k.op().test(v, k.threshold())) {
                return false;
            }
        }
        return true;
    }

    /** The result as of {@code endMs} (epoch), or {@code null} while the spike has not ended. */
    StageReport.Recovery result(long runStartMs, long endMs) {
        if (endMs < spike.endMs() && recoveredAtMs == null) {
            return null;
        }
        Long recovery = recoveredAtMs == null ? null : Math.max(0, recoveredAtMs - spike.endMs());
        long observed = Math.max(0, Math.max(lastEndMs, endMs) - spike.endMs());
        return new StageReport.Recovery(spike, spike.endMs() - runStartMs, window.toMillis(), recovery, observed);
    }
}
