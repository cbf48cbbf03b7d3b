package io.github.agieval.jmeter.kpi;

import java.util.List;

import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.samplers.Remoteable;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.testelement.AbstractTestElement;
import org.apache.jmeter.testelement.TestStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.agieval.jmeter.common.JMeterVersionCheck;
import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.TestStopper;
import io.github.agieval.jmeter.kpi.parsing.KpiExpressions;
import io.github.agieval.jmeter.kpi.reports.KpiVerdict;
import io.github.agieval.jmeter.kpi.reports.ReportWriter;

/**
 * <b>KPI Assertions</b>: a listener that judges the run against KPIs (from k6-style lines and/or
 * a {@code performance-kpis.yml} file), live and at test end; writes {@code kpi-report.json},
 * {@code kpi-junit.xml} and {@code kpi-report.html}; prints a verdict table in non-GUI runs; makes
 * a headless {@code jmeter -n} run exit with 99 when a KPI fails; can stop the test gracefully as
 * soon as a KPI fails.
 *
 * <p>Fail-closed: settings are checked at start (unknown KPI names, an empty KPI set, a missing
 * baseline, a results folder that cannot be written are start failures, exit code 1); at start the
 * previous run's reports are replaced by "not finished" ones, and a run that did not start leaves
 * "not started" reports; a run without samples fails unless {@link #ALLOW_NO_DATA}; a failure
 * while judging ends in exit code 1, never 0.
 *
 * <p>This class keeps JMeter's contract only (properties, clone, the listener callbacks); the jobs
 * are elsewhere: {@link KpiSettings} reads and checks the properties, {@link RunCoordinator} runs a
 * run from start to exit code, {@link SampleIntake} hands a sample to the engine, {@link VerdictOutput}
 * writes the reports and the tables.
 *
 * <p>Threading and JMeter contracts: {@link NoThreadClone}, so one instance sees the samples of
 * every thread; {@link SampleListener#sampleOccurred} is called by all sampler threads at once
 * and only hands the sample to the {@link KpiEngine}'s striped recorder. A single daemon thread
 * per run ticks the engine once a second (windows, live table, abort); it calls into JMeter to
 * stop the test with no lock of this element or its engine held. Runtime state lives in a
 * {@link RunState} made at every test start and never handed to a copy of the element through
 * {@link #clone()} (a GUI Duplicate judges its own run). {@link Remoteable}: in a distributed run
 * ({@code -R}) JMeter's {@code ConvertListeners} leaves the element on the controlling client,
 * cloned once per engine; those clones, made from one run-time element, share one
 * {@link RunState} through an {@link EngineGroup}, so the verdict covers all engines;
 * {@code testStarted(host)}/{@code testEnded(host)} arrive once per engine and the report is
 * written after the last engine ended. Configuration lives in properties, resolved once per run.
 */
public class KpiListener extends AbstractTestElement
        implements SampleListener, TestStateListener, Remoteable, NoThreadClone {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(KpiListener.class);

    /** How messages name this kind of element. */
    static final String ELEMENT = "KPI Assertions";
    /** Why a run is "not started" when another element refused to start. */
    static final String NOT_STARTED_ELSEWHERE = "the test did not start: an element refused to start (its message is"
            + " on the console and in jmeter.log); nothing was judged";

    /** The exit code of a headless run in which at least one KPI failed. */
    public static final int KPI_FAILED_EXIT_CODE = KpiVerdict.KPI_FAILED_EXIT_CODE;

    /** KPI lines in the {@link KpiExpressions} syntax, one per line. */
    public static final String EXPRESSIONS = "KpiListener.expressions";
    /** Path of a {@code performance-kpis.yml} file (relative: to the plan's folder). */
    public static final String KPI_FILE = "KpiListener.kpiFile";
    /** Folder of the reports; empty = JMeter property {@code RESULTS_DIR}, else {@code kpi-results}. */
    public static final String RESULTS_DIR = "KpiListener.resultsDir";
    /** Ramp-up grace period: samples in the first N seconds are reported but not judged. */
    public static final String GRACE_PERIOD = "KpiListener.gracePeriod";
    /** Whether to stop the test gracefully as soon as a KPI fails. */
    public static final String ABORT_ON_FAIL = "KpiListener.abortOnFail";
    /** How long after the test start a failed KPI may first stop it. */
    public static final String ABORT_DELAY = "KpiListener.abortDelay";
    /** A previous run's {@code kpi-report.json} to compare with. */
    public static final String BASELINE_FILE = "KpiListener.baselineFile";
    /** How much worse than the baseline, in percent, is still accepted. */
    public static final String BASELINE_TOLERANCE = "KpiListener.baselineTolerance";
    /** Whether a headless run exits with 99 when a KPI fails. */
    public static final String EXIT_ON_FAIL = "KpiListener.exitOnFail";
    /** Whether a run without a single sample may pass (default: no, every KPI fails with NO DATA). */
    public static final String ALLOW_NO_DATA = "KpiListener.allowNoData";

    /** The Prometheus server resource KPIs are judged from (empty: JMeter property {@code PROMETHEUS_URL}). */
    public static final String PROMETHEUS_URL = ResourceSource.PROMETHEUS_URL;
    /** Default queries of the resource KPIs: {@code node} or {@code sandbox} (empty: {@code RESOURCE_PROFILE}, else node). */
    public static final String RESOURCE_PROFILE = ResourceSource.RESOURCE_PROFILE;
    /** How often the resource queries are sampled (empty: {@code RESOURCE_INTERVAL}, else 5s). */
    public static final String RESOURCE_INTERVAL = ResourceSource.RESOURCE_INTERVAL;
    /** Whether ramps get a row in the stage-by-stage table (holds always do). */
    public static final String STAGE_RAMPS = "KpiListener.stageRamps";
    /** Whether the run is a capacity search: the first step (hold) whose KPIs fail ends the test. */
    public static final String CAPACITY_SEARCH = "KpiListener.capacitySearch";
    /** How long a step's samples must cover before a failing KPI ends a capacity search. */
    public static final String CAPACITY_WINDOW = "KpiListener.capacityWindow";
    /** How long every KPI must hold again after the spike to count as recovered. */
    public static final String RECOVERY_WINDOW = "KpiListener.recoveryWindow";
    public static final String DEFAULT_CAPACITY_WINDOW = "10s";
    public static final String DEFAULT_RECOVERY_WINDOW = "5s";
    public static final String DEFAULT_GRACE_PERIOD = "0s";
    public static final String DEFAULT_ABORT_DELAY = "0s";
    public static final String DEFAULT_BASELINE_TOLERANCE = "10";

    /** JMeter property: further KPI lines (separated by new lines or {@code ;}), added to the element's. */
    public static final String KPI_EXPRESSIONS_PROPERTY = "KPI_EXPRESSIONS";
    /** JMeter property: the reports' folder when the element leaves it empty. */
    public static final String RESULTS_DIR_PROPERTY = "RESULTS_DIR";
    public static final String DEFAULT_RESULTS_DIR = "kpi-results";

    /** The reports' file names. */
    public static final String JSON_REPORT = ReportWriter.JSON_REPORT;
    public static final String JUNIT_REPORT = ReportWriter.JUNIT_REPORT;
    public static final String HTML_REPORT = ReportWriter.HTML_REPORT;

    /** Injected collaborators (clock, stopper, stop probe, live view); kept by clones, never the run. */
    private transient volatile RunCoordinator.Wiring wiring;
    /** This element's current (or last) run; never handed to a copy of the element. */
    private transient volatile RunState state;
    /** The group this clone's engine siblings share in a distributed run (its parent's {@link #children}). */
    private transient EngineGroup group;
    /** The group handed to the clones of this element (lazily made). */
    private transient EngineGroup children;

    private synchronized EngineGroup childGroup() {
        if (children == null) {
            children = new EngineGroup();
        }
        return children;
    }

    // ---------------------------------------------------------------- properties

    public String getExpressions() {
        return getPropertyAsString(EXPRESSIONS);
    }

    public void setExpressions(String v) {
        setProperty(EXPRESSIONS, v);
    }

    public String getKpiFile() {
        return getPropertyAsString(KPI_FILE);
    }

    public void setKpiFile(String v) {
        setProperty(KPI_FILE, v);
    }

    public String getResultsDir() {
        return getPropertyAsString(RESULTS_DIR);
    }

    public void setResultsDir(String v) {
        setProperty(RESULTS_DIR, v);
    }

    public String getGracePeriod() {
        return getPropertyAsString(GRACE_PERIOD, DEFAULT_GRACE_PERIOD);
    }

    public void setGracePeriod(String v) {
        setProperty(GRACE_PERIOD, v, DEFAULT_GRACE_PERIOD);
    }

    public boolean isAbortOnFail() {
        return getPropertyAsBoolean(ABORT_ON_FAIL, false);
    }

    public void setAbortOnFail(boolean v) {
        setProperty(ABORT_ON_FAIL, v, false);
    }

    public String getAbortDelay() {
        return getPropertyAsString(ABORT_DELAY, DEFAULT_ABORT_DELAY);
    }

    public void setAbortDelay(String v) {
        setProperty(ABORT_DELAY, v, DEFAULT_ABORT_DELAY);
    }

    public String getBaselineFile() {
        return getPropertyAsString(BASELINE_FILE);
    }

    public void setBaselineFile(String v) {
        setProperty(BASELINE_FILE, v);
    }

    public String getBaselineTolerance() {
        return getPropertyAsString(BASELINE_TOLERANCE, DEFAULT_BASELINE_TOLERANCE);
    }

    public void setBaselineTolerance(String v) {
        setProperty(BASELINE_TOLERANCE, v, DEFAULT_BASELINE_TOLERANCE);
    }

    public String getPrometheusUrl() {
        return getPropertyAsString(PROMETHEUS_URL, "");
    }

    /** Empty (the default) leaves the property out of the saved plan. */
    public void setPrometheusUrl(String v) {
        setProperty(PROMETHEUS_URL, v, "");
    }

    public String getResourceProfile() {
        return getPropertyAsString(RESOURCE_PROFILE, "");
    }

    public void setResourceProfile(String v) {
        setProperty(RESOURCE_PROFILE, v, "");
    }

    public String getResourceInterval() {
        return getPropertyAsString(RESOURCE_INTERVAL, "");
    }

    public void setResourceInterval(String v) {
        setProperty(RESOURCE_INTERVAL, v, "");
    }

    public boolean isExitOnFail() {
        return getPropertyAsBoolean(EXIT_ON_FAIL, true);
    }

    public void setExitOnFail(boolean v) {
        setProperty(EXIT_ON_FAIL, v, true);
    }

    public boolean isAllowNoData() {
        return getPropertyAsBoolean(ALLOW_NO_DATA, false);
    }

    public void setAllowNoData(boolean v) {
        setProperty(ALLOW_NO_DATA, v, false);
    }

    public boolean isStageRamps() {
        return getPropertyAsBoolean(STAGE_RAMPS, false);
    }

    public void setStageRamps(boolean v) {
        setProperty(STAGE_RAMPS, v, false);
    }

    public boolean isCapacitySearch() {
        return getPropertyAsBoolean(CAPACITY_SEARCH, false);
    }

    public void setCapacitySearch(boolean v) {
        setProperty(CAPACITY_SEARCH, v, false);
    }

    public String getCapacityWindow() {
        return getPropertyAsString(CAPACITY_WINDOW, DEFAULT_CAPACITY_WINDOW);
    }

    public void setCapacityWindow(String v) {
        setProperty(CAPACITY_WINDOW, v, DEFAULT_CAPACITY_WINDOW);
    }

    public String getRecoveryWindow() {
        return getPropertyAsString(RECOVERY_WINDOW, DEFAULT_RECOVERY_WINDOW);
    }

    public void setRecoveryWindow(String v) {
        setProperty(RECOVERY_WINDOW, v, DEFAULT_RECOVERY_WINDOW);
    }

    // ---------------------------------------------------------------- wiring (GUI, tests)

    /** The GUI that shows the live table; kept by clones (JMeter runs a clone of the GUI's tree). */
    public void setLiveView(KpiLiveView view) {
        this.wiring = wiring().withView(view);
    }

    private RunCoordinator.Wiring wiring() {
        RunCoordinator.Wiring w = wiring;
        return w != null ? w : RunCoordinator.Wiring.DEFAULT;
    }

    private RunCoordinator coordinator() {
        return new RunCoordinator(getName(), new KpiSettings(this), wiring());
    }

    @Override
    public Object clone() {
        KpiListener c = (KpiListener) super.clone();
        c.wiring = wiring;
        // never the run state: a copy judges its own run; clones made for the engines of one
        // distributed run find each other through the group instead
        c.state = null;
        c.group = childGroup();
        return c;
    }

    /** For tests: the clock, the stopper, and whether ticks are driven by the caller ({@link #tick()}). */
    void inject(java.time.Clock testClock, TestStopper testStopper, boolean callerTicks) {
        RunCoordinator.Wiring w = wiring();
        this.wiring = new RunCoordinator.Wiring(testClock, testStopper, w.probe(), callerTicks, w.view());
    }

    /** For tests: how a stop by someone else is seen. */
    void inject(StopProbe probe) {
        RunCoordinator.Wiring w = wiring();
        this.wiring = new RunCoordinator.Wiring(w.clock(), w.stopper(), probe, w.manualTicks(), w.view());
    }

    /** Evaluates now (the ticker calls it once a second). */
    void tick() {
        RunState st = state;
        if (st != null) {
            coordinator().tick(st);
        }
    }

    KpiEngine engine() {
        RunState st = state;
        return st == null ? null : st.engine;
    }

    KpiRun lastRun() {
        RunState st = state;
        return st == null ? null : st.lastRun;
    }

    List<String> lastReportFiles() {
        RunState st = state;
        return st == null ? null : st.lastReportFiles;
    }

    /** Everything a run needs from the properties, checked (see {@link KpiSettings#resolve()}). */
    RunState.Config resolveConfig() {
        return new KpiSettings(this).resolve();
    }

    /**
     * What the GUI's "Check KPIs" button shows: the KPIs after every other setting has been checked
     * too, the same checks a test start makes.
     *
     * @throws IllegalArgumentException naming the first bad line, file or property
     */
    public List<Kpi> checkKpis(List<String> warnings) {
        KpiSettings settings = new KpiSettings(this);
        List<Kpi> kpis = settings.loadKpis(warnings);
        settings.resolve();
        settings.stageSettings();
        return kpis;
    }

    // ---------------------------------------------------------------- test lifecycle

    /** A local run: a state of its own, always new. */
    @Override
    public void testStarted() {
        JMeterVersionCheck.requireSupported(Settings.of(ELEMENT, getName()).element());
        RunState st = new RunState(false);
        state = st;
        coordinator().start(st);
        st.engineStarted(null);
    }

    /** One engine of a distributed run: the first of this element's engine clones starts the shared run. */
    @Override
    public void testStarted(String host) {
        EngineGroup g = group != null ? group : childGroup();
        state = g.join(host, st -> {
            state = st;
            coordinator().start(st);
        });
        log.info("{}: collecting the samples of engine {}", getName(), host);
    }

    @Override
    public void sampleOccurred(SampleEvent event) {
        RunState st = state;
        KpiEngine e = st == null ? null : st.engine;
        if (e != null) {
            SampleIntake.record(e, st.remoteHosts, event);
        }
    }

    @Override
    public void sampleStarted(SampleEvent e) {
        // nothing: only completed samples count
    }

    @Override
    public void sampleStopped(SampleEvent e) {
        // nothing: only completed samples count
    }

    @Override
    public void testEnded() {
        endOne(null);
    }

    @Override
    public void testEnded(String host) {
        endOne(host);
    }

    private void endOne(String host) {
        RunState st = state;
        if (st == null) {
            log.warn("{}: test ended without having started", getName());
            return;
        }
        coordinator().end(st, host);
    }
}
