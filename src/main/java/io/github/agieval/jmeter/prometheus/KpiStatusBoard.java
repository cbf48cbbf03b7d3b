package io.github.agieval.jmeter.prometheus;

import java.util.List;

/**
 * A {@link KpiStatusSource} that a publisher fills: the KPI listener calls {@link #update} whenever it
 * has evaluated its KPIs (about once a second and at test end); the exporter reads the latest list.
 *
 * <p>Threading: one volatile reference to an immutable list; {@link #update} from any thread.
 */
public final class KpiStatusBoard implements KpiStatusSource {

    private volatile List<KpiStatus> statuses = List.of();

    /** Replaces the published states with {@code now} (copied). */
    public void update(List<KpiStatus> now) {
        statuses = List.copyOf(now);
    }

    @Override
    public List<KpiStatus> kpiStatuses() {
        return statuses;
    }
}
