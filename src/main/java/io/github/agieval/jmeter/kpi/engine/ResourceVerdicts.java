package io.github.agieval.jmeter.kpi.engine;

import io.github.agieval.jmeter.resources.ResourceTrack;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server-side KPIs ({@link Metric.Kind#RESOURCE}) of a {@link KpiEngine}: each is judged on the
 * {@link ResourceTrack} attached to it (by index in the engine's KPIs), which a resource sampler
 * fills on a thread of its own; a resource KPI without a track has NO DATA.
 *
 * <p>Threading: not thread-safe by itself; the engine calls it under its own lock. The tracks are
 * thread-safe and read through their {@link ResourceTrack#judged()} snapshots.
 */
final class ResourceVerdicts {

    private Map<Integer, ResourceTrack> tracks = Map.of();

    void attach(Map<Integer, ResourceTrack> byKpiIndex) {
        this.tracks = Map.copyOf(byKpiIndex);
    }

    /** The attached tracks, in KPI order. */
    List<ResourceTrack> inKpiOrder() {
        return new TreeMap<>(tracks).values().stream().toList();
    }

    /** The series of the attached tracks, in KPI order (for the reports' charts). */
    List<ResourceTrack.Series> series() {
        return inKpiOrder().stream().map(ResourceTrack::series).toList();
    }

    /** The verdict of resource KPI {@code k}, number {@code i} of the engine's KPIs. */
    KpiOutcome judge(Kpi k, int i) {
        ResourceTrack track = tracks.get(i);
        if (track == null) {
            return new KpiOutcome(k, null, Verdict.NO_DATA, "no Prometheus source measures " + k.name());
        }
        ResourceTrack.Judged j = track.judged();
        if (j.value() == null) {
            return new KpiOutcome(k, null, Verdict.NO_DATA, j.detail());
        }
        return new KpiOutcome(k, j.value(), k.op().test(j.value(), k.threshold()) ? Verdict.PASS : Verdict.FAIL,
                j.detail());
    }

    /** Whether KPI number {@code i} has a track whose window is full (a windowed verdict may abort). */
    boolean fullWindow(int i) {
        ResourceTrack track = tracks.get(i);
        return track != null && track.judged().fullWindow();
    }
}
