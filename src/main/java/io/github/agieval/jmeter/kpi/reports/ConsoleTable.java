package io.github.agieval.jmeter.kpi.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.agieval.jmeter.kpi.engine.Baseline;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.Metric;
import io.github.agieval.jmeter.kpi.engine.Verdict;

/**
 * The plain-text verdict table printed at the end of a headless run (JMeter's console, the Maven
 * log): one row per KPI and baseline check, a summary line, the polls per job of the job labels (when
 * the run has job samples), and the report paths. Stateless.
 */
public final class ConsoleTable {

    private static final int MAX_KPI_WIDTH = 60;

    private ConsoleTable() {
    }

    public static String build(KpiRun run, List<String> reportFiles) {
        List<String[]> rows = new ArrayList<>();
        for (KpiOutcome o : run.outcomes) {
            Kpi k = o.kpi();
            rows.add(new String[] {run.unjudgedVerdict != null && k.measured() ? "NOT JUDGED" : mark(o.verdict()),
                    k.name(), run.unjudgedVerdict != null && k.measured() ? "-" : o.observedText(),
                    k.op().symbol() + (Double.isNaN(k.threshold()) ? "" : k.thresholdText()),
                    k.windowed() ? k.window().toSeconds() + "s windows" : "whole run"});
        }
        for (Baseline.Check c : run.baseline) {
            rows.add(new String[] {c.passed() ? "PASS" : "FAIL", "baseline: " + c.name(),
                    Kpi.formatValue(c.metric(), c.current()),
                    "<=" + Metric.formatNumber(c.tolerancePercent()) + "% worse than "
                            + Kpi.formatValue(c.metric(), c.baseline()),
                    String.format(Locale.ROOT, "%+.1f%%", Double.isInfinite(c.changePercent()) ? 999.9
                            : c.changePercent())});
        }
        String[] head = {"Result", "KPI", "Observed", "Threshold", "Over"};
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            w[i] = head[i].length();
        }
        for (String[] r : rows) {
            r[1] = r[1].length() > MAX_KPI_WIDTH ? r[1].substring(0, MAX_KPI_WIDTH - 3) + "..." : r[1];
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        String rule = rule(w);
        long failed = run.failedKpis();
        b.append("\n=== KPI verdict: ").append(run.verdictText()).append(" (")
                .append(run.outcomes.size() - failed).append(" of ").append(run.outcomes.size())
                .append(" KPIs passed");
        if (!run.baseline.isEmpty()) {
            b.append(", ").append(run.failedBaselineChecks()).append(" baseline regressions");
        }
        b.append("; ").append(run.all.count()).append(" samples");
        if (run.subSamples > 0) {
            b.append(" + ").append(run.subSamples).append(" sub-samples");
        }
        b.append(", ").append(run.all.errors()).append(" failed, ")
                .append(String.format(Locale.ROOT, "%.1f", run.durationSeconds())).append(" s) ===\n");
        b.append(rule).append(row(head, w)).append(rule);
        for (String[] r : rows) {
            b.append(row(r, w));
        }
        b.append(rule);
        List<PollsPerJob.Row> polls = PollsPerJob.rows(run);
        if (!polls.isEmpty()) {
            b.append("Polls per job:\n");
            for (PollsPerJob.Row p : polls) {
                b.append("  ").append(p.label()).append(": ").append(p.jobs()).append(p.jobs() == 1 ? " job" : " jobs")
                        .append(", avg ").append(Metric.formatNumber(Kpi.round(p.avg(), 1))).append(", p95 ")
                        .append(p.p95()).append(", max ").append(p.max()).append('\n');
            }
        }
        if (run.stages() != null) {
            b.append(StageTables.console(run.stages()));
        }
        if (run.abortReason != null) {
            b.append("Test stopped early: ").append(run.abortReason).append('\n');
        }
        for (String note : run.notes()) {
            if (run.abortReason == null || !note.endsWith(run.abortReason)) {
                b.append("Note: ").append(note).append('\n');
            }
        }
        for (String warning : run.warnings) {
            b.append("Warning: ").append(warning).append('\n');
        }
        if (!reportFiles.isEmpty()) {
            b.append("KPI reports:\n");
            for (String f : reportFiles) {
                b.append("  ").append(f).append('\n');
            }
        }
        return b.toString();
    }

    private static String mark(Verdict v) {
        switch (v) {
            case PASS:
                return "PASS";
            case FAIL:
                return "FAIL";
            case NO_DATA:
                return "FAIL (no data)";
            default:
                return "N/A (not measured)";
        }
    }

    private static String rule(int[] w) {
        StringBuilder b = new StringBuilder("+");
        for (int x : w) {
            b.append("-".repeat(x + 2)).append('+');
        }
        return b.append('\n').toString();
    }

    private static String row(String[] cells, int[] w) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < w.length; i++) {
            b.append(' ').append(cells[i]).append(" ".repeat(w[i] - cells[i].length())).append(" |");
        }
        return b.append('\n').toString();
    }
}
