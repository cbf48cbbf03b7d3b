package io.github.agieval.jmeter.kpi.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The KPIs "over N s" of a {@link KpiEngine}: per scope, a ring of the last counted slots (as long
 * as the longest window on that scope); after each counted slot, every window of the last N slots
 * is valued and each windowed KPI keeps its worst window. A run shorter than the window is judged
 * on what the ring holds.
 *
 * <p>Threading: not thread-safe by itself; the engine calls it under its own lock. Memory is bounded
 * by the number of scopes and the longest window, never by the number of samples.
 */
final class KpiWindows {

    private final List<Kpi> kpis;
    private final int[] kpiScopeIds;
    private final ScopeRegistry registry;
    private final Map<Integer, Deque<Slot>> rings = new HashMap<>();
    private final Map<Integer, Integer> ringLengths = new HashMap<>();
    private final WindowState[] windows;

    private record Slot(Stats stats, long durationMs, long endMs) {
    }

    private static final class WindowState {
        Double worst;
        long worstEndMs;
        long worstCount;
    }

    private record Window(Stats stats, long durationMs) {
    }

    /** @param kpiScopeIds the scope id of each KPI in {@code registry} (measured, not RESOURCE ones) */
    KpiWindows(List<Kpi> kpis, int[] kpiScopeIds, ScopeRegistry registry) {
        this.kpis = kpis;
        this.kpiScopeIds = kpiScopeIds;
        this.registry = registry;
        this.windows = new WindowState[kpis.size()];
        for (int i = 0; i < kpis.size(); i++) {
            Kpi k = kpis.get(i);
            if (!k.measured() || k.metric().kind() == Metric.Kind.RESOURCE || !k.windowed()) {
                continue;
            }
            windows[i] = new WindowState();
            int len = (int) k.window().toSeconds();
            ringLengths.merge(kpiScopeIds[i], len, Math::max);
        }
    }

    /** Whether KPI number {@code i} is judged here. */
    boolean judges(int i) {
        return windows[i] != null;
    }

    /** Whether KPI number {@code i} has seen a full window (its verdict may abort the test). */
    boolean hasFullWindow(int i) {
        return windows[i].worst != null;
    }

    /**
     * Adds the counted slot ending at {@code now} (ms since the epoch; the run started at
     * {@code startMs}) that lasted {@code durationMs}, {@code slot} by scope id, and updates the
     * worst windows.
     */
    void addSlot(Stats[] slot, long durationMs, long now, long startMs) {
        for (Map.Entry<Integer, Integer> e : ringLengths.entrySet()) {
            Deque<Slot> ring = rings.computeIfAbsent(e.getKey(), k -> new ArrayDeque<>());
            Stats copy = new Stats(slot[e.getKey()].allFields());
            copy.add(slot[e.getKey()]);
            ring.addLast(new Slot(copy, durationMs, now));
            while (ring.size() > e.getValue()) {
                ring.removeFirst();
            }
        }
        updateWindows(now, startMs);
    }

    private void updateWindows(long now, long startMs) {
        for (int i = 0; i < kpis.size(); i++) {
            WindowState w = windows[i];
            if (w == null) {
                continue;
            }
            Kpi k = kpis.get(i);
            Deque<Slot> ring = rings.get(kpiScopeIds[i]);
            int len = (int) k.window().toSeconds();
            if (ring == null || ring.size() < len) {
                continue;
            }
            Window win = window(ring, len, kpiScopeIds[i]);
            Double v = win.stats.value(k.metric(), win.durationMs / 1000.0);
            if (v == null) {
                continue;
            }
            boolean worse = w.worst == null
                    || (k.op().lowerIsBetter() ? v > w.worst : v < w.worst);
            if (worse) {
                w.worst = v;
                w.worstEndMs = now - startMs;
                w.worstCount = win.stats.count();
            }
        }
    }

    /** The newest {@code len} slots of {@code ring} merged. */
    private Window window(Deque<Slot> ring, int len, int scopeId) {
        Stats merged = new Stats(registry.entry(scopeId).allFields());
        long duration = 0;
        int taken = 0;
        for (Iterator<Slot> it = ring.descendingIterator(); it.hasNext() && taken < len; taken++) {
            Slot s = it.next();
            merged.add(s.stats());
            duration += s.durationMs();
        }
        return new Window(merged, duration);
    }

    /** The verdict of windowed KPI number {@code i}: its worst full window, else what the ring holds. */
    KpiOutcome judge(int i, boolean atEnd) {
        Kpi k = kpis.get(i);
        int id = kpiScopeIds[i];
        WindowState w = windows[i];
        long len = k.window().toSeconds();
        if (w.worst != null) {
            return KpiEngine.outcome(k, w.worst, "worst " + len + "s window ended at "
                    + KpiEngine.fmtSeconds(w.worstEndMs) + " (" + w.worstCount + " samples)");
        }
        Deque<Slot> ring = rings.get(id);
        if (ring == null || ring.isEmpty()) {
            return KpiEngine.outcome(k, null, "no samples");
        }
        Window win = window(ring, (int) len, id);
        Double v = win.stats.value(k.metric(), win.durationMs / 1000.0);
        String detail = (atEnd ? "run shorter than the window: " : "no full window yet: ") + "over "
                + KpiEngine.fmtSeconds(win.durationMs) + " (" + win.stats.count() + " samples)";
        return KpiEngine.outcome(k, v, detail);
    }
}
