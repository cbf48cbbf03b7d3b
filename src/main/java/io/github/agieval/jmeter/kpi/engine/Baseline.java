package io.github.agieval.jmeter.kpi.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;

/**
 * Compares a run with a previous run's {@code kpi-report.json}: every KPI present in both (by
 * name) and the response time's p95 and p99 over all samples. A value more than
 * {@code tolerance} percent worse than the baseline's is a regression (worse = higher for
 * ceilings such as {@code p(95)<500}, lower for floors such as {@code rps>100}; a baseline of 0
 * for a ceiling makes any positive value a regression).
 *
 * <p>Stateless; thread-safe.
 */
public final class Baseline {

    /** One comparison. {@code changePercent} is positive when the value got worse. */
    public record Check(String name, Metric metric, double baseline, double current, double changePercent,
            double tolerancePercent, boolean passed) {

        public String describe() {
            return name + ": " + Kpi.formatValue(metric, current) + " now, " + Kpi.formatValue(metric, baseline)
                    + " in the baseline (" + (changePercent >= 0 ? "+" : "")
                    + String.format(Locale.ROOT, "%.1f", changePercent) + " % worse, tolerance "
                    + Metric.formatNumber(tolerancePercent) + " %)";
        }
    }

    private Baseline() {
    }

    public static JsonNode read(Path file) {
        try {
            return Json.parse(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read baseline report " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<Check> compare(JsonNode previous, KpiRun run, double tolerancePercent) {
        List<Check> checks = new ArrayList<>();
        Map<String, JsonNode> before = new HashMap<>();
        for (JsonNode k : previous.path("kpis")) {
            before.put(k.path("name").asText(), k);
        }
        for (KpiOutcome o : run.outcomes) {
            JsonNode b = before.get(o.kpi().name());
            if (b == null || o.observed() == null || !b.path("observed").isNumber() || !o.kpi().measured()) {
                continue;
            }
            checks.add(check("KPI " + o.kpi().name(), o.kpi().metric(), b.path("observed").asDouble(),
                    o.observed(), o.kpi().op().lowerIsBetter(), tolerancePercent));
        }
        JsonNode prevAll = previous.path("response_times").path("all");
        Metric.Field rt = Metric.Field.RESPONSE_TIME;
        for (int p : new int[] {95, 99}) {
            JsonNode v = prevAll.path("p" + p);
            Long now = run.all.percentile(rt, p);
            if (v.isNumber() && now != null) {
                checks.add(check("p" + p + " response time of all samples", Metric.percentile(rt, p), v.asDouble(),
                        now, true, tolerancePercent));
            }
        }
        return checks;
    }

    static Check check(String name, Metric metric, double baseline, double current, boolean lowerIsBetter,
            double tolerancePercent) {
        double change;
        if (baseline == 0) {
            change = current == 0 ? 0 : (lowerIsBetter ? Double.POSITIVE_INFINITY : -100);
        } else {
            change = (current - baseline) / Math.abs(baseline) * 100;
            if (!lowerIsBetter) {
                change = -change;
            }
        }
        boolean passed = change <= tolerancePercent;
        return new Check(name, metric, baseline, current, change, tolerancePercent, passed);
    }
}
