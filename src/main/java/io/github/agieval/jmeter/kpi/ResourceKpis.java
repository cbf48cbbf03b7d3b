package io.github.agieval.jmeter.kpi;

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.Metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.agieval.jmeter.resources.ResourceProfile;
import io.github.agieval.jmeter.resources.ResourceQuery;

/**
 * Decides, at test start, which server-side KPIs ({@code cpu_utilization}, {@code memory_utilization},
 * {@code database_connections}...) are measured: with a Prometheus source, those with their own
 * {@code query} or a default query in the chosen {@link ResourceProfile} become
 * {@link Metric.Kind#RESOURCE} KPIs (carrying the query they will be judged on); without a source,
 * or without a query, they stay (or become) NOT MEASURED, each with a warning that says why.
 *
 * <p>Stateless and thread-safe.
 */
final class ResourceKpis {

    /** The KPIs as they will be judged and the warnings to show (the parser's, adjusted). */
    record Resolved(List<Kpi> kpis, List<String> warnings) {

        boolean anyResource() {
            return kpis.stream().anyMatch(k -> k.metric().kind() == Metric.Kind.RESOURCE);
        }
    }

    private ResourceKpis() {
    }

    /**
     * @param source the Prometheus URL as messages show it, or {@code null} when there is none
     * @throws IllegalArgumentException when a KPI to be measured has a target that is no number
     */
    static Resolved resolve(List<Kpi> kpis, List<String> warnings, String source, ResourceProfile profile) {
        List<Kpi> out = new ArrayList<>(kpis.size());
        List<String> w = new ArrayList<>(warnings);
        for (Kpi k : kpis) {
            Metric m = k.metric();
            if (!m.serverSide()) {
                out.add(k);
                continue;
            }
            String name = m.unmeasuredName();
            if (source == null) {
                if (m.kind() == Metric.Kind.RESOURCE) {
                    w.add(k.source() + ": " + name + " has a query but KPI Assertions has no Prometheus source"
                            + " (property PROMETHEUS_URL or the element's Prometheus URL); reported as not measured");
                    out.add(notMeasured(k));
                } else {
                    out.add(k);
                }
                continue;
            }
            Optional<ResourceQuery> q = m.resourceQuery() != null ? Optional.of(m.resourceQuery())
                    : profile.defaultQuery(name);
            if (q.isEmpty()) {
                replaceParserWarning(w, k, k.source() + ": " + name + " has no default query in resource profile '"
                        + profile.key() + "' (it has defaults for " + String.join(", ", profile.names())
                        + "); give it a query to judge it from " + source + "; reported as not measured");
                out.add(k);
                continue;
            }
            if (Double.isNaN(k.threshold())) {
                throw new IllegalArgumentException(k.source() + ": " + name + " is measured from " + source
                        + " but its target is not a number with an optional % (e.g. <70% or <80% of pool)");
            }
            replaceParserWarning(w, k, null);
            out.add(new Kpi(k.name(), k.description(), k.scope(), Metric.resource(name, q.get()), k.op(),
                    k.threshold(), k.window(), k.source()));
        }
        return new Resolved(List.copyOf(out), List.copyOf(w));
    }

    private static Kpi notMeasured(Kpi k) {
        return new Kpi(k.name(), k.description(), k.scope(), Metric.notMeasured(k.metric().unmeasuredName()), k.op(),
                k.threshold(), k.window(), k.source());
    }

    /** Drops the KPI file's "not measured by the load generator" warning of {@code k}; adds {@code replacement}. */
    private static void replaceParserWarning(List<String> warnings, Kpi k, String replacement) {
        String head = k.source().replaceFirst(" target .*$", "") + ": " + k.name() + " (target ";
        warnings.removeIf(x -> x.startsWith(head) && x.contains("not measured by the load generator"));
        if (replacement != null) {
            warnings.add(replacement);
        }
    }
}
