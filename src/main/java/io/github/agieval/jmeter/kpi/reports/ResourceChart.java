package io.github.agieval.jmeter.kpi.reports;

import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.Metric;

import java.util.List;

import io.github.agieval.jmeter.resources.ResourceTrack;

/**
 * The HTML report's "Server resources" section: the resource KPIs' series from Prometheus (in %,
 * one line each, with their thresholds dashed) next to the load (samples/s and active threads) on
 * the same time axis, so that a CPU or pool peak can be read against the load that caused it.
 * Stateless.
 */
final class ResourceChart {

    private static final String[] COLORS = {"#cf222e", "#0969da", "#bf8700", "#8250df", "#1a7f37", "#57606a"};
    private static final int WIDTH = 600;
    private static final int HEIGHT = 240;
    private static final int LEFT = 60;
    private static final int PLOT_W = WIDTH - LEFT - 20;
    private static final int PLOT_H = 170;
    private static final int BASE = 30 + PLOT_H;

    private ResourceChart() {
    }

    /** The section, or "" when the run has no resource series. */
    static String section(KpiRun run, double[] loadX, double[] rps, double[] threads) {
        if (run.resources.isEmpty()) {
            return "";
        }
        double maxX = 1;
        double maxY = 1;
        for (ResourceTrack.Series s : run.resources) {
            for (ResourceTrack.Point p : s.points()) {
                maxX = Math.max(maxX, p.tMs() / 1000.0);
                maxY = Math.max(maxY, p.value() * 100);
            }
        }
        if (loadX.length > 0) {
            maxX = Math.max(maxX, loadX[loadX.length - 1]);
        }
        for (KpiOutcome o : run.outcomes) {
            if (o.kpi().metric().kind() == Metric.Kind.RESOURCE) {
                maxY = Math.max(maxY, o.kpi().threshold() * 100);
            }
        }
        double top = Math.max(100, HtmlReport.niceTop(maxY));
        StringBuilder s = new StringBuilder("<section class=\"two\"><div><h2>Server resources (Prometheus)</h2>");
        s.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" width=\"100%\" role=\"img\">");
        for (int i = 0; i <= 4; i++) {
            double y = BASE - PLOT_H * i / 4.0;
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - 20).append("\" y1=\"")
                    .append(HtmlReport.fmt(y, 1)).append("\" y2=\"").append(HtmlReport.fmt(y, 1))
                    .append("\" class=\"grid\"/><text x=\"").append(LEFT - 6).append("\" y=\"")
                    .append(HtmlReport.fmt(y + 4, 1)).append("\" class=\"lbl\" text-anchor=\"end\">")
                    .append(HtmlReport.fmt(top * i / 4, 0)).append("%</text>");
            double x = LEFT + PLOT_W * i / 4.0;
            s.append("<text x=\"").append(HtmlReport.fmt(x, 1)).append("\" y=\"").append(BASE + 16)
                    .append("\" class=\"lbl\" text-anchor=\"middle\">").append(HtmlReport.fmt(maxX * i / 4, 0))
                    .append(" s</text>");
        }
        List<ResourceTrack.Series> series = run.resources;
        for (int k = 0; k < series.size(); k++) {
            ResourceTrack.Series ser = series.get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder d = new StringBuilder();
            for (ResourceTrack.Point p : ser.points()) {
                d.append(d.length() == 0 ? 'M' : 'L').append(HtmlReport.fmt(LEFT + p.tMs() / 1000.0 / maxX * PLOT_W, 1))
                        .append(',').append(HtmlReport.fmt(BASE - p.value() * 100 / top * PLOT_H, 1));
            }
            if (d.length() > 0) {
                s.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color)
                        .append("\" stroke-width=\"2\"><title>").append(HtmlReport.esc(ser.name() + ": " + ser.query()))
                        .append("</title></path>");
            }
            Double threshold = threshold(run, ser.name());
            if (threshold != null) {
                double y = BASE - threshold * 100 / top * PLOT_H;
                s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - 20).append("\" y1=\"")
                        .append(HtmlReport.fmt(y, 1)).append("\" y2=\"").append(HtmlReport.fmt(y, 1))
                        .append("\" stroke=\"").append(color).append("\" stroke-dasharray=\"6 4\"/>");
            }
            s.append("<rect x=\"").append(LEFT + 10 + k * 170).append("\" y=\"4\" width=\"10\" height=\"10\" fill=\"")
                    .append(color).append("\"/><text x=\"").append(LEFT + 24 + k * 170).append("\" y=\"13\" class=\"lbl\">")
                    .append(HtmlReport.esc(ser.name() + (ser.failures() > 0 ? " (" + ser.failures() + " failed)" : "")))
                    .append("</text>");
        }
        s.append("</svg><p class=\"small\">Dashed: thresholds. Queries: ");
        for (int k = 0; k < series.size(); k++) {
            s.append(k == 0 ? "" : "; ").append("<code>").append(HtmlReport.esc(series.get(k).name())).append("</code> = <code>")
                    .append(HtmlReport.esc(series.get(k).query())).append("</code>");
        }
        s.append("</p></div><div><h2>Load over the same time</h2>")
                .append(HtmlReport.lineChart(loadX, List.of(new HtmlReport.Series("samples/s", "#0969da", rps),
                        new HtmlReport.Series("threads", "#8250df", threads)), ""))
                .append("</div></section>\n");
        return s.toString();
    }

    private static Double threshold(KpiRun run, String name) {
        for (KpiOutcome o : run.outcomes) {
            if (o.kpi().name().equals(name) && o.kpi().metric().kind() == Metric.Kind.RESOURCE) {
                return o.kpi().threshold();
            }
        }
        return null;
    }
}
