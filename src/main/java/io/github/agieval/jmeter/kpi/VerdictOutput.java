package io.github.agieval.jmeter.kpi;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.commons.lang3.StringUtils;
import org.apache.jmeter.JMeter;
import org.apache.jmeter.services.FileServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.engine.KpiOutcome;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.reports.ConsoleTable;
import io.github.agieval.jmeter.kpi.reports.ReportWriter;
import io.github.agieval.jmeter.prometheus.KpiStatus;
import io.github.agieval.jmeter.prometheus.KpiStatusBoard;

/**
 * Everything a run of one KPI Assertions element shows: the three reports (a "not finished"
 * placeholder at start, "not started" or "error" reports when it comes to that, the verdict at the
 * end), the console table of a non-GUI run, the GUI's live table ({@link KpiLiveView}) and the
 * Prometheus exporter's status board. Decides nothing: {@link RunCoordinator} says when.
 *
 * <p>Threading: no state of its own; called on the test's start and end threads and on the run's
 * evaluating thread, which the coordinator keeps from overlapping for one run.
 */
final class VerdictOutput {

    private static final Logger log = LoggerFactory.getLogger(VerdictOutput.class);

    private final String elementName;
    private final KpiLiveView view;

    VerdictOutput(String elementName, KpiLiveView view) {
        this.elementName = elementName;
        this.view = view;
    }

    /**
     * The "not finished" reports that replace the previous run's at start (so no stale verdict
     * survives); {@link IllegalArgumentException} naming the results folder when they cannot be written.
     */
    void started(RunState st, long now) {
        RunState.Config cfg = st.config;
        KpiRun placeholder = KpiRun.unjudged(KpiRun.NOT_FINISHED, "the run started at " + Instant.ofEpochMilli(now)
                + " has not ended (if these reports stay, the test did not start or was killed)", now, now,
                cfg.kpis(), cfg.settings());
        try {
            ReportWriter.write(cfg.resultsDir(), placeholder, testName());
        } catch (UncheckedIOException ex) {
            throw new IllegalArgumentException("property " + KpiListener.RESULTS_DIR + ": cannot write the reports to "
                    + cfg.resultsDir() + ": " + ex.getCause(), ex);
        }
    }

    /** The live verdicts of a running test, for the GUI and the Prometheus exporter. */
    void live(RunState st, List<KpiOutcome> outcomes) {
        publish(st, outcomes, "running: " + status(st.engine));
    }

    /** "Not started" reports into {@code dir} (none when {@code null}), the table, the live view. */
    void notStarted(RunState st, String reason, Path dir, long now) {
        RunState.Config cfg = st.config;
        List<Kpi> kpis = cfg != null ? cfg.kpis() : List.of();
        KpiEngine.Settings settings = cfg != null ? cfg.settings() : KpiEngine.Settings.defaults();
        KpiRun run = KpiRun.unjudged(KpiRun.NOT_STARTED, reason, now, now, kpis, settings);
        List<String> files = List.of();
        if (dir != null) {
            try {
                files = ReportWriter.write(dir, run, testName());
            } catch (UncheckedIOException ex) {
                log.error("{}: cannot write the KPI reports to {}", elementName, dir, ex);
            }
        }
        st.lastRun = run;
        st.lastReportFiles = files;
        show(ConsoleTable.build(run, files));
        publish(st, run.outcomes, run.verdictText() + ": " + reason);
    }

    /** Best effort after a failure while finishing: "error" reports, so that no earlier verdict stays. */
    void error(RunState st, Throwable ex) {
        try {
            RunState.Config cfg = st.config;
            long now = System.currentTimeMillis();
            KpiRun run = KpiRun.unjudged(KpiRun.ERROR, "finishing the verdict failed: " + ex, now, now, cfg.kpis(),
                    cfg.settings());
            st.lastRun = run;
            st.lastReportFiles = ReportWriter.write(cfg.resultsDir(), run, testName());
        } catch (RuntimeException | Error again) { // NOSONAR already failing: keep the first problem
            log.error("{}: cannot write the error reports either", elementName, again);
        }
    }

    /**
     * The judged run: its reports, the console table, the final live verdicts.
     *
     * @return whether the reports were written
     */
    boolean concluded(RunState st, KpiRun run) {
        RunState.Config cfg = st.config;
        List<String> files = List.of();
        String writeProblem = null;
        try {
            files = ReportWriter.write(cfg.resultsDir(), run, testName());
        } catch (UncheckedIOException ex) {
            log.error("{}: cannot write the KPI reports to {}", elementName, cfg.resultsDir(), ex);
            writeProblem = "KPI reports could not be written to " + cfg.resultsDir() + ": " + ex.getCause() + "\n";
        }
        st.lastRun = run;
        st.lastReportFiles = files;
        show(ConsoleTable.build(run, files) + (writeProblem == null ? "" : writeProblem));
        String word = run.unjudgedVerdict != null ? run.verdictText() : run.passed() ? "PASSED" : "FAILED";
        publish(st, run.outcomes, word + ": " + status(st.engine) + (run.stoppedBy == null ? "" : "; stopped by user")
                + (files.isEmpty() ? "" : "; reports in " + cfg.resultsDir()));
        return writeProblem == null;
    }

    private void show(String table) {
        log.info("{}", table);
        if (JMeter.isNonGUI()) {
            System.out.println(table); // NOSONAR JMeter's console and the Maven log show stdout
            System.out.flush();
        }
    }

    private String testName() {
        String script = FileServer.getFileServer().getScriptName();
        return StringUtils.isNotBlank(script) ? script + " / " + elementName : elementName;
    }

    private static String status(KpiEngine e) {
        if (e == null) {
            return "not started";
        }
        List<KpiOutcome> live = e.liveOutcomes();
        long failed = live.stream().filter(o -> o.verdict().failed()).count();
        String abort = e.abortReason();
        return failed + " of " + live.size() + " KPIs failing" + (abort != null ? "; stopped: " + abort : "");
    }

    private void publish(RunState st, List<KpiOutcome> outcomes, String status) {
        KpiStatusBoard board = st.board;
        if (board != null) {
            board.update(outcomes.stream().map(o -> new KpiStatus(o.kpi().name(),
                    KpiStatus.State.valueOf(o.verdict().name()), o.observed(), o.kpi().threshold())).toList());
        }
        if (view != null) {
            try {
                view.kpisUpdated(outcomes, status);
            } catch (RuntimeException ex) {
                log.warn("{}: live view failed", elementName, ex);
            }
        }
    }
}
