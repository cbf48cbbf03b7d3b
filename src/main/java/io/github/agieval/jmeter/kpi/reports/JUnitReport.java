package io.github.agieval.jmeter.kpi.reports;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.github.agieval.jmeter.kpi.engine.Baseline;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.Scope;
import io.github.agieval.jmeter.kpi.engine.Verdict;

/**
 * {@code kpi-junit.xml}: one {@code <testcase>} per KPI (and per baseline check) in the JUnit XML
 * format Jenkins, GitLab and GitHub read: a failed KPI is a {@code <failure>} with the observed
 * value and the threshold, a not-measured one is {@code <skipped>}. Stateless.
 */
final class JUnitReport {

    private JUnitReport() {
    }

    static String build(KpiRun run, String testName, String consoleTable) {
        boolean unjudged = run.unjudgedVerdict != null;
        int tests = run.outcomes.size() + run.baseline.size() + (unjudged ? 1 : 0);
        long failures = run.failedKpis() + run.failedBaselineChecks() + (unjudged ? 1 : 0);
        long skipped = run.outcomes.stream().filter(o -> o.verdict() == Verdict.NOT_MEASURED).count();
        String time = String.format(Locale.ROOT, "%.3f", run.durationSeconds());
        StringBuilder x = new StringBuilder(4096);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"KPI\" tests=\"").append(tests).append("\" failures=\"").append(failures)
                .append("\" errors=\"0\" skipped=\"").append(skipped).append("\" time=\"").append(time).append("\">\n");
        x.append("  <testsuite name=\"KPI assertions: ").append(esc(testName)).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\" time=\"").append(time).append("\" timestamp=\"")
                .append(Instant.ofEpochMilli(run.startMs).toString()).append("\">\n");
        x.append("    <properties>\n");
        prop(x, "verdict", run.verdict());
        prop(x, "samples", Long.toString(run.all.count()));
        prop(x, "sub_samples", Long.toString(run.subSamples));
        prop(x, "jtl_rows", Long.toString(run.all.count() + run.subSamples));
        prop(x, "failed_samples", Long.toString(run.all.errors()));
        prop(x, "grace_period_s", Long.toString(run.settings.grace().toSeconds()));
        if (run.abortReason != null) {
            prop(x, "aborted", run.abortReason);
        }
        if (run.stoppedBy != null) {
            prop(x, "stopped_by", run.stoppedBy);
        }
        List<String> notes = run.notes();
        for (int i = 0; i < notes.size(); i++) {
            prop(x, "note." + (i + 1), notes.get(i));
        }
        x.append("    </properties>\n");
        if (unjudged) {
            x.append("    <testcase classname=\"kpi.run\" name=\"run started and finished\" time=\"0\">\n")
                    .append("      <failure type=\"").append(run.verdict()).append("\" message=\"")
                    .append(esc(run.verdictText() + ": " + run.unjudgedReason)).append("\">")
                    .append(esc(run.unjudgedReason)).append("</failure>\n    </testcase>\n");
        }
        for (KpiOutcome o : run.outcomes) {
            Kpi k = o.kpi();
            String classname = "kpi." + (k.scope().type() == Scope.Type.ALL ? "all" : k.scope().expression());
            x.append("    <testcase classname=\"").append(esc(classname)).append("\" name=\"").append(esc(k.name()))
                    .append("\" time=\"0\">");
            String summary = "observed " + o.observedText() + ", threshold " + k.op().symbol()
                    + (Double.isNaN(k.threshold()) ? "" : k.thresholdText());
            if (o.verdict() == Verdict.NOT_MEASURED) {
                x.append("<skipped message=\"").append(esc("not measured: " + o.detail())).append("\"/>");
            } else if (o.verdict().failed()) {
                x.append("\n      <failure type=\"KPI ").append(o.verdict().name()).append("\" message=\"")
                        .append(esc(summary)).append("\">").append(esc(k.metric().describe() + " of " + k.scope()
                                + ": " + summary + "; " + o.detail() + " [" + k.source() + "]"))
                        .append("</failure>\n    ");
            } else {
                x.append("<system-out>").append(esc(summary + "; " + o.detail())).append("</system-out>");
            }
            x.append("</testcase>\n");
        }
        for (Baseline.Check c : run.baseline) {
            x.append("    <testcase classname=\"kpi.baseline\" name=\"").append(esc(c.name())).append("\" time=\"0\">");
            if (!c.passed()) {
                x.append("<failure type=\"baseline regression\" message=\"").append(esc(c.describe())).append("\"/>");
            } else {
                x.append("<system-out>").append(esc(c.describe())).append("</system-out>");
            }
            x.append("</testcase>\n");
        }
        x.append("    <system-out>").append(esc(consoleTable)).append("</system-out>\n");
        x.append("  </testsuite>\n</testsuites>\n");
        return x.toString();
    }

    private static void prop(StringBuilder x, String name, String value) {
        x.append("      <property name=\"").append(esc(name)).append("\" value=\"").append(esc(value)).append("\"/>\n");
    }

    /** Escapes for XML text and attributes, dropping characters XML 1.0 cannot hold. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '&':
                    b.append("&amp;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                case '\'':
                    b.append("&apos;");
                    break;
                default:
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }
}
