package io.github.agieval.jmeter.kpi.reports;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.kpi.engine.Baseline;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Stats;
import io.github.agieval.jmeter.kpi.engine.Timeline;
import io.github.agieval.jmeter.kpi.engine.Verdict;
import io.github.agieval.jmeter.resources.ResourceTrack;

/**
 * {@code kpi-report.json}: the seed analyzer's report shape ({@code test_summary},
 * {@code response_times}, {@code throughput}, {@code errors}, {@code recommendations}) plus each
 * KPI with observed value, threshold and verdict, the baseline checks, the timeline and the server's
 * resource series from Prometheus ({@code resources}: values as fractions). Times in
 * milliseconds, rates as fractions (0..1), throughput in samples per second. Stateless.
 */
final class JsonReport {

    static final String FORMAT = "agieval-kpi-report/1";

    private JsonReport() {
    }

    static ObjectNode build(KpiRun run, String testName, List<String> recommendations, List<String> reportFiles) {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        ObjectNode summary = root.putObject("test_summary");
        summary.put("test_name", testName);
        summary.put("verdict", run.verdict());
        ArrayNode notes = summary.putArray("notes");
        run.notes().forEach(notes::add);
        putNullable(summary, "not_judged_reason", run.unjudgedReason);
        putNullable(summary, "stopped_by", run.stoppedBy);
        summary.put("started", Instant.ofEpochMilli(run.startMs).toString());
        summary.put("ended", Instant.ofEpochMilli(run.endMs).toString());
        summary.put("test_duration_s", run.durationSeconds());
        summary.put("samples", run.all.count());
        summary.put("sub_samples", run.subSamples);
        summary.put("jtl_rows", run.all.count() + run.subSamples);
        summary.put("failed_samples", run.all.errors());
        summary.put("samples_judged", run.counted.count());
        summary.put("grace_period_s", run.settings.grace().toMillis() / 1000.0);
        summary.put("peak_threads", run.all.peakConcurrent());
        ObjectNode engines = summary.putObject("peak_threads_by_engine");
        run.all.peakThreadsByEngine().forEach(engines::put);
        summary.put("kpis_total", run.outcomes.size());
        summary.put("kpis_failed", run.failedKpis());
        summary.put("kpis_not_measured",
                run.outcomes.stream().filter(o -> o.verdict() == Verdict.NOT_MEASURED).count());
        summary.put("baseline_regressions", run.failedBaselineChecks());
        summary.put("labels_folded", run.foldedLabels);
        summary.put("labels_folded_more", run.foldedLabelsCapped);
        if (run.abortReason != null) {
            summary.put("aborted", run.abortReason);
        } else {
            summary.putNull("aborted");
        }

        if (run.stages() != null) {
            root.set("stages", StageTables.json(run.stages(), run.startMs));
        }

        ObjectNode rt = root.putObject("response_times");
        rt.set("all", stats(run.all, true));
        ObjectNode labels = rt.putObject("by_label");
        run.byLabel.forEach((label, s) -> labels.set(label, stats(s, s.allFields())));
        if (!run.byRegexScope.isEmpty()) {
            ObjectNode scopes = rt.putObject("by_scope");
            run.byRegexScope.forEach((scope, s) -> scopes.set(scope, stats(s, s.allFields())));
        }

        ObjectNode tp = root.putObject("throughput");
        tp.put("total_requests", run.all.count());
        tp.put("requests_per_second", run.all.throughput());
        tp.put("test_duration_s", run.durationSeconds());
        ObjectNode tpLabels = tp.putObject("by_label");
        run.byLabel.forEach((label, s) -> tpLabels.put(label, s.throughput()));

        ObjectNode errors = root.putObject("errors");
        errors.put("total_errors", run.all.errors());
        Double rate = run.all.errorRate();
        errors.put("error_rate", rate == null ? 0 : rate);
        errors.put("error_percentage", rate == null ? 0 : rate * 100);
        ArrayNode byType = errors.putArray("by_type");
        run.all.errorTypes().forEach((type, n) -> byType.addObject().put("type", type).put("count", n));

        ArrayNode kpis = root.putArray("kpis");
        for (KpiOutcome o : run.outcomes) {
            Kpi k = o.kpi();
            ObjectNode n = kpis.addObject();
            n.put("name", k.name());
            if (k.description() != null) {
                n.put("description", k.description());
            }
            n.put("expression", k.measured() ? k.expression() : k.name());
            n.put("metric", k.metric().describe());
            n.put("scope", k.scope().toString());
            n.put("comparator", k.op().symbol());
            if (Double.isNaN(k.threshold())) {
                n.putNull("threshold");
            } else {
                n.put("threshold", k.threshold());
                n.put("threshold_text", k.thresholdText());
            }
            n.put("unit", unitName(k.metric()));
            if (k.windowed()) {
                n.put("window_s", k.window().toSeconds());
            } else {
                n.putNull("window_s");
            }
            if (o.observed() == null) {
                n.putNull("observed");
            } else {
                n.put("observed", o.observed());
            }
            n.put("observed_text", o.observedText());
            n.put("verdict", o.verdict().name());
            n.put("detail", o.detail());
            n.put("source", k.source());
        }

        ObjectNode baseline = root.putObject("baseline");
        if (run.baselineSource != null) {
            baseline.put("source", run.baselineSource);
        } else {
            baseline.putNull("source");
        }
        ArrayNode checks = baseline.putArray("checks");
        for (Baseline.Check c : run.baseline) {
            checks.addObject().put("name", c.name()).put("baseline", c.baseline()).put("current", c.current())
                    .put("change_percent", Double.isInfinite(c.changePercent()) ? 1e9 : c.changePercent())
                    .put("tolerance_percent", c.tolerancePercent()).put("verdict", c.passed() ? "PASS" : "FAIL");
        }

        ArrayNode rec = root.putArray("recommendations");
        recommendations.forEach(rec::add);
        ArrayNode warn = root.putArray("warnings");
        run.warnings.forEach(warn::add);
        ArrayNode files = root.putArray("report_files");
        reportFiles.forEach(files::add);

        ArrayNode resources = root.putArray("resources");
        for (ResourceTrack.Series r : run.resources) {
            ObjectNode n = resources.addObject().put("name", r.name()).put("query", r.query())
                    .put("failed_queries", r.failures());
            ArrayNode values = n.putArray("points");
            r.points().forEach(p -> values.addObject().put("t_s", p.tMs() / 1000.0).put("value", p.value()));
        }

        ArrayNode points = root.putObject("timeline").putArray("points");
        for (Timeline.Point p : run.timeline) {
            points.addObject().put("t_s", p.startMs() / 1000.0).put("duration_s", p.durationMs() / 1000.0)
                    .put("count", p.count()).put("errors", p.errors()).put("rps", p.throughput())
                    .put("threads", p.threads()).put("p50", p.p50()).put("p90", p.p90()).put("p95", p.p95())
                    .put("p99", p.p99()).put("max", p.max()).put("avg", p.avg());
        }
        return root;
    }

    private static void putNullable(ObjectNode n, String key, String value) {
        if (value == null) {
            n.putNull(key);
        } else {
            n.put(key, value);
        }
    }

    static String unitName(Metric m) {
        switch (m.unit()) {
            case MILLISECONDS:
                return "ms";
            case RATIO:
                return "ratio";
            case PER_SECOND:
                return "per_second";
            default:
                return "count";
        }
    }

    static ObjectNode stats(Stats s, boolean allFields) {
        ObjectNode n = Json.object();
        n.put("count", s.count());
        n.put("sub_samples", s.subSamples());
        n.put("errors", s.errors());
        Double rate = s.errorRate();
        n.put("error_rate", rate == null ? 0 : rate);
        n.put("throughput", s.throughput());
        field(n, s, Metric.Field.RESPONSE_TIME);
        if (allFields && s.tracks(Metric.Field.LATENCY)) {
            field(n.putObject("latency"), s, Metric.Field.LATENCY);
            field(n.putObject("connect"), s, Metric.Field.CONNECT);
        }
        PollsPerJob.Row polls = PollsPerJob.row("", s);
        if (polls != null) {
            n.putObject("polls").put("jobs", polls.jobs()).put("min", polls.min()).put("max", polls.max())
                    .put("avg", Kpi.round(polls.avg(), 3)).put("p50", polls.p50()).put("p90", polls.p90())
                    .put("p95", polls.p95()).put("p99", polls.p99());
        }
        return n;
    }

    private static void field(ObjectNode n, Stats s, Metric.Field f) {
        if (s.count() == 0) {
            for (String k : List.of("min", "max", "avg", "p50", "p90", "p95", "p99")) {
                n.putNull(k);
            }
            return;
        }
        n.put("min", s.min(f));
        n.put("max", s.max(f));
        n.put("avg", s.mean(f));
        for (int p : new int[] {50, 90, 95, 99}) {
            n.put("p" + p, s.percentile(f, p));
        }
    }
}
