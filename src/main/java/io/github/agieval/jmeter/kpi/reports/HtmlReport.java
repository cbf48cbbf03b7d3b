package io.github.agieval.jmeter.kpi.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.agieval.jmeter.kpi.engine.Baseline;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Stats;
import io.github.agieval.jmeter.kpi.engine.Timeline;
import io.github.agieval.jmeter.kpi.engine.Verdict;

/**
 * {@code kpi-report.html}: one self-contained page (inline CSS and SVG, no script, nothing
 * fetched from the network) with the verdict, a card per KPI in green or red with a gauge of
 * observed value against threshold, response-time percentiles per label, response times,
 * throughput, threads and errors over time, errors by type, the per-label table, baseline
 * checks and recommendations. Stateless.
 */
final class HtmlReport {

    private static final String GREEN = "#1a7f37";
    private static final String RED = "#cf222e";
    private static final String GREY = "#6e7781";
    private static final String[] PALETTE = {"#0969da", "#8250df", "#bf8700", "#cf222e", "#1a7f37", "#57606a"};
    private static final int MAX_LABELS_IN_CHART = 12;

    private HtmlReport() {
    }

    static String build(KpiRun run, String testName, List<String> recommendations) {
        StringBuilder h = new StringBuilder(32_000);
        boolean pass = run.passed();
        String verdict = run.verdictText();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>KPI report: ").append(esc(testName)).append(" - ").append(esc(verdict))
                .append("</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<header class=\"").append(pass ? "pass" : "fail").append("\"><h1>")
                .append(pass ? "&#10004; PASS" : "&#10008; " + esc(verdict)).append(" &middot; ").append(esc(testName))
                .append("</h1><p>").append(run.outcomes.size() - run.failedKpis()).append(" of ")
                .append(run.outcomes.size()).append(" KPIs passed");
        if (!run.baseline.isEmpty()) {
            h.append(", ").append(run.failedBaselineChecks()).append(" baseline regressions");
        }
        h.append(" &middot; ").append(esc(Instant.ofEpochMilli(run.startMs).toString())).append(" &middot; ")
                .append(fmt(run.durationSeconds(), 1)).append(" s</p>");
        if (run.abortReason != null) {
            h.append("<p class=\"abort\">Stopped early: ").append(esc(run.abortReason)).append("</p>");
        }
        for (String note : run.notes()) {
            if (run.abortReason == null || !note.endsWith(run.abortReason)) {
                h.append("<p class=\"abort\">").append(esc(note)).append("</p>");
            }
        }
        h.append("</header>\n<main>\n");

        summaryCards(h, run);
        kpiCards(h, run);
        if (run.stages() != null) {
            h.append(StageTables.html(run.stages(), run.startMs));
        }
        if (!run.baseline.isEmpty()) {
            baselineTable(h, run);
        }
        h.append("<section><h2>Response-time percentiles</h2>").append(percentileChart(run)).append("</section>\n");
        List<Timeline.Point> pts = run.timeline;
        double[] x = new double[pts.size()];
        double[] p50 = new double[pts.size()];
        double[] p95 = new double[pts.size()];
        double[] p99 = new double[pts.size()];
        double[] rps = new double[pts.size()];
        double[] threads = new double[pts.size()];
        double[] errors = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            Timeline.Point p = pts.get(i);
            x[i] = (p.startMs() + p.durationMs()) / 1000.0;
            p50[i] = p.p50();
            p95[i] = p.p95();
            p99[i] = p.p99();
            rps[i] = p.throughput();
            threads[i] = p.threads();
            errors[i] = p.errors();
        }
        h.append("<section class=\"two\"><div><h2>Response times over time</h2>")
                .append(lineChart(x, List.of(new Series("p50", PALETTE[0], p50), new Series("p95", PALETTE[2], p95),
                        new Series("p99", PALETTE[3], p99)), "ms"))
                .append("</div><div><h2>Throughput over time</h2>")
                .append(lineChart(x, List.of(new Series("samples/s", PALETTE[0], rps)), "/s"))
                .append("</div></section>\n");
        h.append("<section class=\"two\"><div><h2>Failures over time</h2>").append(barChart(x, errors, RED))
                .append("</div><div><h2>Active threads</h2>")
                .append(lineChart(x, List.of(new Series("threads", PALETTE[1], threads)), ""))
                .append("</div></section>\n");
        h.append(ResourceChart.section(run, x, rps, threads));
        h.append("<section><h2>Failures by type</h2>").append(errorTypes(run)).append("</section>\n");
        labelTable(h, run);
        pollTable(h, run);
        h.append("<section><h2>Recommendations</h2>");
        if (recommendations.isEmpty()) {
            h.append("<p>None: every KPI met its target.</p>");
        } else {
            h.append("<ul>");
            recommendations.forEach(r -> h.append("<li>").append(esc(r)).append("</li>"));
            h.append("</ul>");
        }
        if (!run.warnings.isEmpty()) {
            h.append("<h3>Warnings</h3><ul>");
            run.warnings.forEach(w -> h.append("<li>").append(esc(w)).append("</li>"));
            h.append("</ul>");
        }
        h.append("</section>\n</main><footer>Generated by the agieval KPI listener for Apache JMeter &middot; ")
                .append("percentiles are nearest-rank over HdrHistogram (3 significant digits)</footer></body></html>\n");
        return h.toString();
    }

    private static void summaryCards(StringBuilder h, KpiRun run) {
        Stats s = run.all;
        Metric.Field rt = Metric.Field.RESPONSE_TIME;
        Double rate = s.errorRate();
        h.append("<section class=\"cards\">");
        card(h, "Samples", Long.toString(s.count()), null);
        card(h, "Sub-samples", Long.toString(run.subSamples), null);
        card(h, "Failed", s.errors() + " (" + (rate == null ? "0" : fmt(rate * 100, 2)) + " %)",
                s.errors() > 0 ? RED : null);
        card(h, "Throughput", fmt(s.throughput(), 1) + " /s", null);
        card(h, "p95 response", s.count() == 0 ? "-" : s.percentile(rt, 95) + " ms", null);
        card(h, "p99 response", s.count() == 0 ? "-" : s.percentile(rt, 99) + " ms", null);
        card(h, "Peak threads", Long.toString(s.peakConcurrent()), null);
        h.append("</section>\n");
    }

    private static void card(StringBuilder h, String title, String value, String color) {
        h.append("<div class=\"card\"><div class=\"t\">").append(esc(title)).append("</div><div class=\"v\"")
                .append(color == null ? "" : " style=\"color:" + color + "\"").append(">").append(esc(value))
                .append("</div></div>");
    }

    private static void kpiCards(StringBuilder h, KpiRun run) {
        h.append("<section><h2>KPIs</h2><div class=\"kpis\">");
        for (KpiOutcome o : run.outcomes) {
            Kpi k = o.kpi();
            String cls = o.verdict() == Verdict.PASS ? "pass" : o.verdict() == Verdict.NOT_MEASURED ? "na" : "fail";
            String verdict = o.verdict() == Verdict.PASS ? "PASS" : o.verdict() == Verdict.NOT_MEASURED
                    ? "NOT MEASURED" : run.unjudgedVerdict != null ? "NOT JUDGED"
                    : o.verdict() == Verdict.NO_DATA ? "FAIL: no data" : "FAIL";
            h.append("<div class=\"kpi ").append(cls).append("\"><div class=\"kh\"><span class=\"pill ").append(cls)
                    .append("\">").append(verdict).append("</span> <b>").append(esc(k.name())).append("</b></div>");
            if (k.description() != null) {
                h.append("<div class=\"kd\">").append(esc(k.description())).append("</div>");
            }
            h.append("<div class=\"kd\">").append(esc(k.metric().describe())).append(" of ").append(esc(k.scope()
                    .toString())).append(k.windowed() ? ", every " + k.window().toSeconds() + " s window" : "")
                    .append("</div>");
            h.append("<div class=\"kv\">").append(esc(o.observedText())).append(" <span>")
                    .append(esc(k.op().symbol() + (Double.isNaN(k.threshold()) ? "" : " " + k.thresholdText())))
                    .append("</span></div>");
            if (o.observed() != null && !Double.isNaN(k.threshold())) {
                h.append(gauge(o.observed(), k.threshold(), o.verdict() == Verdict.PASS));
            }
            h.append("<div class=\"kd small\">").append(esc(o.detail())).append("</div></div>");
        }
        h.append("</div></section>\n");
    }

    /** A bar of the observed value with a tick at the threshold. */
    static String gauge(double observed, double threshold, boolean pass) {
        double top = Math.max(observed, threshold) * 1.25;
        if (top <= 0) {
            top = 1;
        }
        double w = 300;
        double ow = observed / top * w;
        double tx = threshold / top * w;
        return "<svg class=\"gauge\" viewBox=\"0 0 300 18\" width=\"300\" height=\"18\" role=\"img\"><rect x=\"0\""
                + " y=\"4\" width=\"300\" height=\"10\" rx=\"3\" fill=\"#eaeef2\"/><rect x=\"0\" y=\"4\" width=\""
                + fmt(ow, 1) + "\" height=\"10\" rx=\"3\" fill=\"" + (pass ? GREEN : RED) + "\"/><line x1=\""
                + fmt(tx, 1) + "\" x2=\"" + fmt(tx, 1) + "\" y1=\"0\" y2=\"18\" stroke=\"#24292f\" stroke-width=\"2\"/>"
                + "</svg>";
    }

    private static void baselineTable(StringBuilder h, KpiRun run) {
        h.append("<section><h2>Baseline comparison</h2><p class=\"small\">").append(esc(run.baselineSource))
                .append("</p><table><tr><th></th><th>Check</th><th>Baseline</th><th>Now</th><th>Change (worse +)</th>")
                .append("</tr>");
        for (Baseline.Check c : run.baseline) {
            String cls = c.passed() ? "pass" : "fail";
            h.append("<tr><td><span class=\"pill ").append(cls).append("\">").append(c.passed() ? "PASS" : "FAIL")
                    .append("</span></td><td>").append(esc(c.name())).append("</td><td>")
                    .append(esc(Kpi.formatValue(c.metric(), c.baseline()))).append("</td><td>")
                    .append(esc(Kpi.formatValue(c.metric(), c.current()))).append("</td><td>")
                    .append(Double.isInfinite(c.changePercent()) ? "new" : fmt(c.changePercent(), 1) + " %")
                    .append(" (tolerance ").append(Metric.formatNumber(c.tolerancePercent())).append(" %)</td></tr>");
        }
        h.append("</table></section>\n");
    }

    private static void labelTable(StringBuilder h, KpiRun run) {
        h.append("<section><h2>By label</h2><table><tr><th>Label</th><th>Samples</th><th>Failed</th>")
                .append("<th>Throughput /s</th><th>Min</th><th>Avg</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th>")
                .append("<th>Max</th></tr>");
        row(h, "All samples", run.all, true);
        run.byLabel.forEach((label, s) -> row(h, label, s, false));
        h.append("</table><p class=\"small\">Times in ms.</p></section>\n");
    }

    /** Polls per job of every label with job samples (none: no section). */
    private static void pollTable(StringBuilder h, KpiRun run) {
        List<PollsPerJob.Row> rows = PollsPerJob.rows(run);
        if (rows.isEmpty()) {
            return;
        }
        h.append("<section><h2>Polls per job</h2><table><tr><th>Job label</th><th>Jobs</th><th>Min</th>")
                .append("<th>Avg</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>Max</th></tr>");
        for (PollsPerJob.Row r : rows) {
            h.append("<tr><td>").append(esc(r.label())).append("</td><td>").append(r.jobs()).append("</td><td>")
                    .append(r.min()).append("</td><td>").append(fmt(r.avg(), 1)).append("</td><td>").append(r.p50())
                    .append("</td><td>").append(r.p90()).append("</td><td>").append(r.p95()).append("</td><td>")
                    .append(r.p99()).append("</td><td>").append(r.max()).append("</td></tr>");
        }
        h.append("</table><p class=\"small\">Status polls per job of the Job Polling Controller's job samples"
                + " (KPI metrics polls.avg, polls.p(95), polls.max...).</p></section>\n");
    }

    private static void row(StringBuilder h, String label, Stats s, boolean bold) {
        Metric.Field rt = Metric.Field.RESPONSE_TIME;
        h.append("<tr").append(bold ? " class=\"total\"" : "").append("><td>").append(esc(label)).append("</td><td>")
                .append(s.count()).append("</td><td").append(s.errors() > 0 ? " class=\"bad\"" : "").append(">")
                .append(s.errors()).append("</td><td>").append(fmt(s.throughput(), 2)).append("</td>");
        if (s.count() == 0) {
            h.append("<td colspan=\"7\">no samples</td></tr>");
            return;
        }
        h.append("<td>").append(s.min(rt)).append("</td><td>").append(fmt(s.mean(rt), 1)).append("</td>");
        for (int p : new int[] {50, 90, 95, 99}) {
            h.append("<td>").append(s.percentile(rt, p)).append("</td>");
        }
        h.append("<td>").append(s.max(rt)).append("</td></tr>");
    }

    private static String errorTypes(KpiRun run) {
        Map<String, Long> types = run.all.errorTypes();
        if (types.isEmpty()) {
            return "<p>No failed samples.</p>";
        }
        long max = types.values().stream().mapToLong(Long::longValue).max().orElse(1);
        int rowH = 26;
        int height = types.size() * rowH + 10;
        StringBuilder s = new StringBuilder("<svg viewBox=\"0 0 900 " + height + "\" width=\"100%\" role=\"img\">");
        int y = 5;
        for (Map.Entry<String, Long> e : types.entrySet()) {
            double w = 480.0 * e.getValue() / max;
            s.append("<text x=\"0\" y=\"").append(y + 16).append("\" class=\"lbl\">").append(esc(trim(e.getKey(), 48)))
                    .append("</text><rect x=\"360\" y=\"").append(y + 3).append("\" width=\"").append(fmt(w, 1))
                    .append("\" height=\"18\" fill=\"").append(RED).append("\"/><text x=\"").append(fmt(366 + w, 1))
                    .append("\" y=\"").append(y + 16).append("\" class=\"lbl\">").append(e.getValue()).append("</text>");
            y += rowH;
        }
        return s.append("</svg>").toString();
    }

    private static String percentileChart(KpiRun run) {
        List<String> names = new ArrayList<>();
        List<Stats> stats = new ArrayList<>();
        names.add("All samples");
        stats.add(run.all);
        for (Map.Entry<String, Stats> e : run.byLabel.entrySet()) {
            if (names.size() > MAX_LABELS_IN_CHART) {
                break;
            }
            if (e.getValue().count() > 0) {
                names.add(e.getKey());
                stats.add(e.getValue());
            }
        }
        int[] ps = {50, 90, 95, 99};
        double max = 1;
        for (Stats s : stats) {
            if (s.count() > 0) {
                max = Math.max(max, s.percentile(Metric.Field.RESPONSE_TIME, 99));
            }
        }
        double top = niceTop(max);
        int groupW = 70;
        int left = 60;
        int width = Math.max(600, left + names.size() * groupW + 20);
        int height = 300;
        int plotH = 200;
        int base = 30 + plotH;
        StringBuilder s = new StringBuilder("<svg viewBox=\"0 0 " + width + " " + height
                + "\" width=\"100%\" role=\"img\" aria-label=\"response-time percentiles\">");
        yAxis(s, left, base, plotH, top, "ms", width);
        for (int g = 0; g < names.size(); g++) {
            Stats st = stats.get(g);
            int gx = left + 10 + g * groupW;
            for (int i = 0; i < ps.length; i++) {
                double v = st.count() == 0 ? 0 : st.percentile(Metric.Field.RESPONSE_TIME, ps[i]);
                double bh = v / top * plotH;
                s.append("<rect x=\"").append(gx + i * 14).append("\" y=\"").append(fmt(base - bh, 1))
                        .append("\" width=\"12\" height=\"").append(fmt(bh, 1)).append("\" fill=\"").append(PALETTE[i])
                        .append("\"><title>").append(esc(names.get(g))).append(" p").append(ps[i]).append(": ")
                        .append(Metric.formatNumber(v)).append(" ms</title></rect>");
            }
            s.append("<text x=\"").append(gx + 28).append("\" y=\"").append(base + 14)
                    .append("\" class=\"lbl\" text-anchor=\"end\" transform=\"rotate(-30 ").append(gx + 28).append(' ')
                    .append(base + 14).append(")\">").append(esc(trim(names.get(g), 22))).append("</text>");
        }
        for (int i = 0; i < ps.length; i++) {
            s.append("<rect x=\"").append(left + 10 + i * 60).append("\" y=\"4\" width=\"10\" height=\"10\" fill=\"")
                    .append(PALETTE[i]).append("\"/><text x=\"").append(left + 24 + i * 60)
                    .append("\" y=\"13\" class=\"lbl\">p").append(ps[i]).append("</text>");
        }
        return s.append("</svg>").toString();
    }

    record Series(String name, String color, double[] y) {
    }

    static String lineChart(double[] x, List<Series> series, String unit) {
        if (x.length == 0) {
            return "<p>No data.</p>";
        }
        double maxY = 1;
        for (Series ser : series) {
            for (double v : ser.y()) {
                maxY = Math.max(maxY, v);
            }
        }
        TimeChart c = TimeChart.open(x, maxY, unit);
        StringBuilder s = c.svg();
        for (int k = 0; k < series.size(); k++) {
            Series ser = series.get(k);
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < x.length; i++) {
                d.append(i == 0 ? 'M' : 'L').append(fmt(c.xAt(x[i]), 1)).append(',')
                        .append(fmt(TimeChart.BASE - c.height(ser.y()[i]), 1));
            }
            s.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(ser.color())
                    .append("\" stroke-width=\"2\"/>");
            s.append("<rect x=\"").append(TimeChart.LEFT + 10 + k * 90)
                    .append("\" y=\"4\" width=\"10\" height=\"10\" fill=\"")
                    .append(ser.color()).append("\"/><text x=\"").append(TimeChart.LEFT + 24 + k * 90)
                    .append("\" y=\"13\" class=\"lbl\">").append(esc(ser.name())).append("</text>");
        }
        return s.append("</svg>").toString();
    }

    static String barChart(double[] x, double[] y, String color) {
        if (x.length == 0) {
            return "<p>No data.</p>";
        }
        double maxY = 1;
        for (double v : y) {
            maxY = Math.max(maxY, v);
        }
        TimeChart c = TimeChart.open(x, maxY, "");
        StringBuilder s = c.svg();
        double bw = Math.max(1, (double) TimeChart.PLOT_W / x.length - 1);
        for (int i = 0; i < x.length; i++) {
            if (y[i] <= 0) {
                continue;
            }
            double bh = c.height(y[i]);
            s.append("<rect x=\"").append(fmt(c.xAt(x[i]) - bw, 1)).append("\" y=\"")
                    .append(fmt(TimeChart.BASE - bh, 1)).append("\" width=\"").append(fmt(bw, 1)).append("\" height=\"")
                    .append(fmt(bh, 1)).append("\" fill=\"").append(color).append("\"><title>")
                    .append(Metric.formatNumber(y[i])).append(" at ").append(fmt(x[i], 1)).append(" s</title></rect>");
        }
        return s.append("</svg>").toString();
    }

    /**
     * The frame the charts over test time share: an SVG of fixed size, its y axis from 0 to a
     * round maximum and its x axis in seconds from 0 to the last bucket, both already drawn.
     */
    private record TimeChart(StringBuilder svg, double top, double maxX) {

        static final int WIDTH = 600;
        static final int HEIGHT = 240;
        static final int LEFT = 60;
        static final int PLOT_W = WIDTH - LEFT - 20;
        static final int PLOT_H = 170;
        static final int BASE = 30 + PLOT_H;

        static TimeChart open(double[] x, double maxY, String unit) {
            double top = niceTop(maxY);
            double maxX = Math.max(1, x[x.length - 1]);
            StringBuilder s = new StringBuilder("<svg viewBox=\"0 0 " + WIDTH + " " + HEIGHT
                    + "\" width=\"100%\" role=\"img\">");
            yAxis(s, LEFT, BASE, PLOT_H, top, unit, WIDTH);
            xAxis(s, LEFT, BASE, PLOT_W, maxX);
            return new TimeChart(s, top, maxX);
        }

        /** The horizontal position of time {@code t} (seconds). */
        double xAt(double t) {
            return LEFT + t / maxX * PLOT_W;
        }

        /** The drawn height of value {@code v}. */
        double height(double v) {
            return v / top * PLOT_H;
        }
    }

    private static void yAxis(StringBuilder s, int left, int base, int plotH, double top, String unit, int width) {
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double y = base - plotH * i / 4.0;
            s.append("<line x1=\"").append(left).append("\" x2=\"").append(width - 20).append("\" y1=\"")
                    .append(fmt(y, 1)).append("\" y2=\"").append(fmt(y, 1)).append("\" class=\"grid\"/><text x=\"")
                    .append(left - 6).append("\" y=\"").append(fmt(y + 4, 1)).append("\" class=\"lbl\" text-anchor=\"end\">")
                    .append(Metric.formatNumber(Kpi.round(v, 2))).append(esc(unit)).append("</text>");
        }
    }

    private static void xAxis(StringBuilder s, int left, int base, int plotW, double maxX) {
        for (int i = 0; i <= 4; i++) {
            double v = maxX * i / 4;
            double x = left + plotW * i / 4.0;
            s.append("<text x=\"").append(fmt(x, 1)).append("\" y=\"").append(base + 16)
                    .append("\" class=\"lbl\" text-anchor=\"middle\">").append(fmt(v, 0)).append(" s</text>");
        }
    }

    /** A round axis maximum at or above {@code v}. */
    static double niceTop(double v) {
        double exp = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * exp >= v) {
                return m * exp;
            }
        }
        return 10 * exp;
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
    }

    static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String esc(String s) {
        return JUnitReport.esc(s);
    }

    private static final String CSS = "body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;"
            + "color:#24292f;background:#f6f8fa}header{padding:18px 28px;color:#fff}header.pass{background:" + GREEN
            + "}header.fail{background:" + RED + "}header h1{margin:0 0 4px;font-size:26px}header p{margin:0}"
            + ".abort{font-weight:bold}main{padding:8px 28px}section{background:#fff;border:1px solid #d0d7de;"
            + "border-radius:8px;padding:12px 18px;margin:14px 0}section.two{display:grid;grid-template-columns:1fr 1fr;"
            + "gap:18px}section.cards{display:flex;flex-wrap:wrap;gap:12px;background:none;border:none;padding:0}"
            + ".card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:10px 16px;min-width:130px}"
            + ".card .t{color:" + GREY + ";font-size:12px;text-transform:uppercase}.card .v{font-size:22px;"
            + "font-weight:600}h2{font-size:17px;margin:4px 0 10px}.kpis{display:grid;grid-template-columns:"
            + "repeat(auto-fill,minmax(340px,1fr));gap:12px}.kpi{border:1px solid #d0d7de;border-left:6px solid "
            + GREY + ";border-radius:6px;padding:8px 12px}.kpi.pass{border-left-color:" + GREEN + "}.kpi.fail{"
            + "border-left-color:" + RED + ";background:#fff5f5}.kd{color:#57606a;font-size:13px}.kv{font-size:20px;"
            + "font-weight:600;margin:4px 0}.kv span{font-size:14px;color:#57606a;font-weight:normal}.small{"
            + "font-size:12px}.pill{display:inline-block;border-radius:10px;padding:1px 8px;color:#fff;font-size:12px;"
            + "font-weight:600;background:" + GREY + "}.pill.pass{background:" + GREEN + "}.pill.fail{background:" + RED
            + "}table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eaeef2;"
            + "padding:4px 8px;text-align:right}th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){"
            + "text-align:left}tr.total{font-weight:600}td.bad{color:" + RED + ";font-weight:600}.grid{stroke:#eaeef2}"
            + ".lbl{font-size:11px;fill:#57606a}svg{display:block}footer{color:" + GREY + ";font-size:12px;"
            + "padding:8px 28px 24px}@media(max-width:900px){section.two{grid-template-columns:1fr}}";
}
