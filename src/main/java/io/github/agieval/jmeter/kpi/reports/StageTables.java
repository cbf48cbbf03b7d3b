package io.github.agieval.jmeter.kpi.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.StageReport;
import io.github.agieval.jmeter.kpi.engine.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link StageReport} for every report: the console's text table (also in the JUnit
 * report's output), the JSON report's {@code stages} object, the HTML report's section, and
 * {@code capacity.json}, the small machine-readable result of a capacity search for CI trend
 * keeping. Stateless.
 */
public final class StageTables {

    /** The capacity search's file, next to the reports. */
    static final String CAPACITY_FILE = "capacity.json";
    static final String CAPACITY_FORMAT = "agieval-capacity/1";

    private StageTables() {
    }

    // ---------------------------------------------------------------- console

    static String console(StageReport r) {
        List<String[]> rows = new ArrayList<>();
        List<Kpi> kpis = kpisOf(r);
        for (StageReport.Row row : r.rows()) {
            String[] cells = new String[4 + judged(kpis)];
            cells[0] = row.held() ? "held" : "BROKE";
            cells[1] = row.stage().number() + " " + row.stage().shape();
            cells[2] = Integer.toString(row.stage().toUsers());
            cells[3] = row.rps() == null ? "-" : Metric.formatNumber(Kpi.round(row.rps(), 1));
            int c = 4;
            for (KpiOutcome o : row.outcomes()) {
                if (o != null) {
                    cells[c++] = o.observedText() + (o.verdict() == Verdict.FAIL ? " FAIL" : "");
                }
            }
            rows.add(cells);
        }
        String[] head = new String[4 + judged(kpis)];
        head[0] = "Result";
        head[1] = "Stage";
        head[2] = "Users";
        head[3] = "req/s";
        int col = 4;
        for (Kpi k : kpis) {
            if (k != null) {
                String e = k.expression();
                head[col++] = e.length() > 40 ? e.substring(0, 37) + "..." : e;
            }
        }
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
            for (String[] c : rows) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("Stage by stage (").append(r.group()).append("; holds").append(r.rows().stream()
                .anyMatch(x -> !x.stage().steady()) ? " and ramps" : " only, ramps excluded").append("):\n");
        String rule = rule(w);
        b.append(rule).append(line(head, w)).append(rule);
        for (String[] c : rows) {
            b.append(line(c, w));
        }
        b.append(rule);
        if (r.rows().isEmpty()) {
            b.append("No stage was judged (no hold had samples).\n");
        } else {
            b.append(capitalize(r.firstBreachText())).append('\n');
        }
        if (r.capacity() != null) {
            b.append("Capacity: ").append(r.capacity().summary()).append('\n');
        }
        if (r.recovery() != null) {
            b.append(capitalize(r.recovery().summary())).append('\n');
        }
        return b.toString();
    }

    /** The KPIs judged per stage, in the run's order ({@code null} where a KPI is judged over the run only). */
    private static List<Kpi> kpisOf(StageReport r) {
        List<Kpi> out = new ArrayList<>();
        if (!r.rows().isEmpty()) {
            for (KpiOutcome o : r.rows().get(0).outcomes()) {
                out.add(o == null ? null : o.kpi());
            }
        }
        return out;
    }

    /** How many KPI columns a table has. */
    private static int judged(List<Kpi> kpis) {
        return (int) kpis.stream().filter(k -> k != null).count();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String rule(int[] w) {
        StringBuilder b = new StringBuilder("+");
        for (int x : w) {
            b.append("-".repeat(x + 2)).append('+');
        }
        return b.append('\n').toString();
    }

    private static String line(String[] cells, int[] w) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < w.length; i++) {
            b.append(' ').append(cells[i]).append(" ".repeat(w[i] - cells[i].length())).append(" |");
        }
        return b.append('\n').toString();
    }

    // ---------------------------------------------------------------- JSON

    static ObjectNode json(StageReport r, long runStartMs) {
        ObjectNode root = Json.object();
        root.put("group", r.group());
        ArrayNode rows = root.putArray("rows");
        for (StageReport.Row row : r.rows()) {
            rows.add(rowJson(row, runStartMs));
        }
        StageReport.Row broken = r.firstBroken();
        if (broken == null) {
            root.putNull("first_break");
        } else {
            ObjectNode fb = root.putObject("first_break");
            fb.put("stage", broken.stage().number());
            fb.put("shape", broken.stage().shape());
            fb.put("kpi", broken.firstFailed().kpi().name());
            fb.put("observed", broken.firstFailed().observed());
        }
        if (r.capacity() != null) {
            root.set("capacity", capacityJson(r.capacity()));
        }
        if (r.recovery() != null) {
            root.set("recovery", recoveryJson(r.recovery()));
        }
        return root;
    }

    private static ObjectNode rowJson(StageReport.Row row, long runStartMs) {
        ObjectNode o = Json.object();
        o.put("stage", row.stage().number());
        o.put("shape", row.stage().shape());
        o.put("steady", row.stage().steady());
        o.put("users", row.stage().toUsers());
        o.put("from_users", row.stage().fromUsers());
        o.put("start_s", (row.stage().startMs() - runStartMs) / 1000.0);
        o.put("end_s", (row.stage().endMs() - runStartMs) / 1000.0);
        o.put("judged_s", row.judgedMs() / 1000.0);
        o.put("samples", row.samples());
        o.put("failed_samples", row.errors());
        if (row.rps() == null) {
            o.putNull("requests_per_second");
        } else {
            o.put("requests_per_second", row.rps());
        }
        o.put("held", row.held());
        ArrayNode kpis = o.putArray("kpis");
        for (KpiOutcome k : row.outcomes()) {
            if (k == null) {
                continue;
            }
            ObjectNode ko = kpis.addObject();
            ko.put("name", k.kpi().name());
            if (k.observed() == null) {
                ko.putNull("observed");
            } else {
                ko.put("observed", k.observed());
            }
            ko.put("observed_text", k.observedText());
            ko.put("threshold", k.kpi().threshold());
            ko.put("verdict", k.verdict().name());
        }
        return o;
    }

    static ObjectNode capacityJson(StageReport.Capacity c) {
        ObjectNode o = Json.object();
        o.put("found", c.found());
        o.put("summary", c.summary());
        if (c.lastHeld() == null) {
            o.putNull("max_sustainable");
        } else {
            ObjectNode m = o.putObject("max_sustainable");
            m.put("stage", c.lastHeld().stage().number());
            m.put("users", c.lastHeld().stage().toUsers());
            if (c.lastHeld().rps() == null) {
                m.putNull("requests_per_second");
            } else {
                m.put("requests_per_second", c.lastHeld().rps());
            }
        }
        if (c.broke() == null) {
            o.putNull("broke");
        } else {
            ObjectNode b = o.putObject("broke");
            b.put("stage", c.broke().stage().number());
            b.put("users", c.broke().stage().toUsers());
            if (c.broke().rps() == null) {
                b.putNull("requests_per_second");
            } else {
                b.put("requests_per_second", c.broke().rps());
            }
            b.put("kpi", c.brokenBy().kpi().name());
            if (c.brokenBy().observed() == null) {
                b.putNull("observed");
            } else {
                b.put("observed", c.brokenBy().observed());
            }
            b.put("observed_text", c.brokenBy().observedText());
        }
        if (c.stopReason() == null) {
            o.putNull("stopped");
        } else {
            o.put("stopped", c.stopReason());
        }
        return o;
    }

    private static ObjectNode recoveryJson(StageReport.Recovery r) {
        ObjectNode o = Json.object();
        o.put("spike_stage", r.spike().number());
        o.put("spike_end_s", r.spikeEndMs() / 1000.0);
        o.put("window_s", r.windowMs() / 1000.0);
        o.put("recovered", r.recovered());
        if (r.recovered()) {
            o.put("recovery_s", r.recoveryMs() / 1000.0);
        } else {
            o.putNull("recovery_s");
        }
        o.put("observed_s", r.observedMs() / 1000.0);
        o.put("summary", r.summary());
        return o;
    }

    /** {@code capacity.json}: the search's result with the run's identity, for CI trend keeping. */
    static ObjectNode capacityFile(KpiRun run, String testName) {
        ObjectNode o = Json.object();
        o.put("format", CAPACITY_FORMAT);
        o.put("test_name", testName);
        o.put("started", Instant.ofEpochMilli(run.startMs).toString());
        o.put("verdict", run.verdict());
        o.setAll(capacityJson(run.stages().capacity()));
        return o;
    }

    // ---------------------------------------------------------------- HTML

    static String html(StageReport r, long runStartMs) {
        StringBuilder h = new StringBuilder();
        List<Kpi> kpis = kpisOf(r);
        h.append("<section><h2>Stage by stage</h2><p class=\"small\">").append(HtmlReport.esc(r.group()))
                .append(": every KPI judged on the samples that ended in each ")
                .append(r.rows().stream().anyMatch(x -> !x.stage().steady()) ? "stage" : "hold (ramps excluded)")
                .append(".</p><table><tr><th></th><th>Stage</th><th>Shape</th><th>Users</th><th>From (s)</th>")
                .append("<th>req/s</th>");
        for (Kpi k : kpis) {
            if (k != null) {
                h.append("<th>").append(HtmlReport.esc(k.expression())).append("</th>");
            }
        }
        h.append("</tr>");
        for (StageReport.Row row : r.rows()) {
            String cls = row.held() ? "pass" : "fail";
            h.append("<tr><td><span class=\"pill ").append(cls).append("\">").append(row.held() ? "HELD" : "BROKE")
                    .append("</span></td><td>").append(row.stage().number()).append("</td><td>")
                    .append(HtmlReport.esc(row.stage().shape())).append("</td><td>").append(row.stage().toUsers())
                    .append("</td><td>").append(Metric.formatNumber(Kpi.round((row.stage().startMs() - runStartMs)
                            / 1000.0, 1))).append("</td><td>")
                    .append(row.rps() == null ? "-" : Metric.formatNumber(Kpi.round(row.rps(), 1))).append("</td>");
            for (KpiOutcome o : row.outcomes()) {
                if (o == null) {
                    continue;
                }
                h.append("<td").append(o.verdict() == Verdict.FAIL ? " class=\"failcell\" style=\"color:#cf222e;"
                        + "font-weight:bold\"" : "").append('>').append(HtmlReport.esc(o.observedText()))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table><p>").append(HtmlReport.esc(capitalize(r.firstBreachText()))).append("</p>");
        if (r.capacity() != null) {
            h.append("<p><b>Capacity:</b> ").append(HtmlReport.esc(r.capacity().summary())).append("</p>");
        }
        if (r.recovery() != null) {
            h.append("<p><b>Recovery:</b> ").append(HtmlReport.esc(r.recovery().summary())).append("</p>");
        }
        h.append("</section>\n");
        return h.toString();
    }
}
