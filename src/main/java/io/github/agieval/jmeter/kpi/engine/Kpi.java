package io.github.agieval.jmeter.kpi.engine;

import java.time.Duration;

/**
 * One key performance indicator: a metric over a scope of samples, compared with a threshold,
 * over the whole run or over every sliding window of a given length.
 *
 * <p>{@code threshold} is in the metric's base unit (milliseconds, a ratio 0..1, samples per
 * second, a count). {@code source} says where it was defined (e.g. {@code "expressions line 3"}
 * or {@code "kpis.yml line 12"}). Immutable.
 */
public record Kpi(String name, String description, Scope scope, Metric metric, Op op, double threshold,
        Duration window, String source) {

    public boolean windowed() {
        return window != null;
    }

    public boolean measured() {
        return metric.kind() != Metric.Kind.NOT_MEASURED;
    }

    /** The threshold as written in the line syntax, with its unit ({@code 500ms}, {@code 1%}). */
    public String thresholdText() {
        return formatValue(metric, threshold);
    }

    /** The canonical line of this KPI, e.g. {@code label=Login: p(95)<500ms over 30s}. */
    public String expression() {
        String scopeText = scope.expression();
        String line = (scopeText.isEmpty() ? "" : scopeText + ": ") + metric.expression() + op.symbol()
                + thresholdText();
        if (window != null) {
            line += " over " + window.toSeconds() + "s";
        }
        return line;
    }

    /** A value of {@code metric} with its unit, as people read it. */
    public static String formatValue(Metric metric, double value) {
        switch (metric.unit()) {
            case MILLISECONDS:
                return Metric.formatNumber(round(value, 3)) + "ms";
            case RATIO:
                return Metric.formatNumber(round(value * 100, 4)) + "%";
            case PER_SECOND:
                return Metric.formatNumber(round(value, 2)) + "/s";
            default:
                return Metric.formatNumber(round(value, 3));
        }
    }

    public static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
