package io.github.agieval.jmeter.prometheus;

import java.util.List;

/**
 * Something that knows the live state of KPIs, e.g. a running KPI Assertions listener. The exporter
 * asks every {@linkplain KpiStatusRegistry registered} source at each scrape and push.
 *
 * <p>Threading: called on the exporter's threads (the {@code /metrics} server's, the push
 * scheduler's, JMeter's engine thread at test end), concurrently with the source's own updates:
 * return an immutable snapshot, quickly, without blocking on the source's work (see
 * {@link KpiStatusBoard}, a ready-made source that a publisher fills).
 */
@FunctionalInterface
public interface KpiStatusSource {

    /** The KPIs' states now; empty when there are none yet. */
    List<KpiStatus> kpiStatuses();
}
