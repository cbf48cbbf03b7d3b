package io.github.agieval.jmeter.kpi.engine;

/**
 * A KPI with its observed value and verdict. {@code observed} is in the metric's base unit, or
 * {@code null} when there was nothing to compute it from. {@code detail} explains (e.g. which
 * window was the worst). Immutable.
 */
public record KpiOutcome(Kpi kpi, Double observed, Verdict verdict, String detail) {

    public String observedText() {
        if (kpi.metric().kind() == Metric.Kind.NOT_MEASURED) {
            return "not measured";
        }
        return observed == null ? "no samples" : Kpi.formatValue(kpi.metric(), observed);
    }
}
