package io.github.agieval.jmeter.kpi;

import io.github.agieval.jmeter.prometheus.KpiStatus;
import io.github.agieval.jmeter.prometheus.KpiStatusBoard;
import io.github.agieval.jmeter.prometheus.KpiStatusRegistry;

import io.github.agieval.jmeter.common.JMeterVersionCheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.lang3.StringUtils;
import org.apache.jmeter.JMeter;
import org.apache.jmeter.engine.util.CompoundVariable;
import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.samplers.Remoteable;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.services.FileServer;
import org.apache.jmeter.testelement.AbstractTestElement;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.HeadlessExit;
import io.github.agieval.jmeter.common.StageTimeline;
import io.github.agieval.jmeter.common.InvalidSettingException;
import io.github.agieval.jmeter.common.Settings;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.common.StartFailure;

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
    public static final int KPI_FAILED_EXIT_CODE = 99;

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

    public static final String JSON_REPORT = ReportWriter.JSON_REPORT;
    public static final String JUNIT_REPORT = ReportWriter.JUNIT_REPORT;
    public static final String HTML_REPORT = ReportWriter.HTML_REPORT;

    private transient volatile KpiLiveView liveView;
    /** This element's verdicts for the Prometheus exporter (jmeter_kpi_state); replaced at every start. */
    private transient volatile KpiStatusBoard prometheusBoard;
    private transient Clock clock;
    private transient TestStopper stopper;
    private transient StopProbe stopProbe;
    private transient boolean manualTicks;
    /** This element's current (or last) run; never handed to a copy of the element. */
    private transient volatile RunState state;
    /** The group this clone's engine siblings share in a distributed run (its parent's {@link #children}). */
    private transient EngineGroup group;
    /** The group handed to the clones of this element (lazily made). */
    private transient EngineGroup children;

    /**
     * The clones made from one element: on the client of a distributed run JMeter clones the
     * run-time tree once per engine, and these clones share the run. A run-time element is
     * itself a fresh clone at every start, so a group never outlives its run; a GUI copy is made
     * from the GUI element, never from a run-time one, so it is never in a running group.
     * Guarded by its monitor.
     */
    private static final class EngineGroup {
        RunState run;
    }

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

    /** How stages are judged: {@link IllegalArgumentException} naming a bad property. */
    StageJudge.Settings stageSettings() {
        Duration window = duration(CAPACITY_WINDOW, resolved(CAPACITY_WINDOW, DEFAULT_CAPACITY_WINDOW));
        Duration recovery = duration(RECOVERY_WINDOW, resolved(RECOVERY_WINDOW, DEFAULT_RECOVERY_WINDOW));
        if (recovery.isZero()) {
            throw new IllegalArgumentException("property " + RECOVERY_WINDOW + ": '" + resolved(RECOVERY_WINDOW, "")
                    + "' must be longer than 0 (e.g. 5s)");
        }
        return new StageJudge.Settings(resolvedFlag(STAGE_RAMPS, false), resolvedFlag(CAPACITY_SEARCH, false),
                window, recovery);
    }

    /**
     * A property's value with functions and variables evaluated. In a local run JMeter's
     * PreCompiler has already done it; on the controlling client of a distributed run it does so
     * only for ResultCollector and Backend Listener, so this element evaluates its own.
     */
    String resolved(String key, String defaultValue) {
        String v = getPropertyAsString(key, defaultValue);
        if (v != null && v.contains("${")) {
            v = new CompoundVariable(v).execute();
        }
        // an empty value (the GUI writes "" for an empty field) means the default
        return v == null || v.isBlank() ? defaultValue : v;
    }

    /** A true/false property: empty means the default; anything but true or false is an error. */
    boolean resolvedFlag(String key, boolean defaultValue) {
        return Settings.of(ELEMENT, getName()).bool(key, resolved(key, ""), defaultValue);
    }

    // ---------------------------------------------------------------- wiring (GUI, tests)

    /** The GUI that shows the live table; kept by clones (JMeter runs a clone of the GUI's tree). */
    public void setLiveView(KpiLiveView view) {
        this.liveView = view;
    }

    @Override
    public Object clone() {
        KpiListener c = (KpiListener) super.clone();
        c.liveView = liveView;
        c.clock = clock;
        c.stopper = stopper;
        c.stopProbe = stopProbe;
        c.manualTicks = manualTicks;
        // never the run state: a copy judges its own run; clones made for the engines of one
        // distributed run find each other through the group instead
        c.state = null;
        c.group = childGroup();
        return c;
    }

    /** For tests: the clock, the stopper, and whether ticks are driven by the caller ({@link #tick()}). */
    void inject(Clock testClock, TestStopper testStopper, boolean callerTicks) {
        this.clock = testClock;
        this.stopper = testStopper;
        this.manualTicks = callerTicks;
    }

    /** For tests: how a stop by someone else is seen. */
    void inject(StopProbe probe) {
        this.stopProbe = probe;
    }

    /** Evaluates now (the ticker calls it once a second). */
    void tick() {
        RunState st = state;
        if (st != null) {
            tick(st);
        }
    }

    private void tick(RunState st) {
        KpiEngine e = st.engine;
        if (e == null || st.finished()) {
            return;
        }
        e.tick();
        synchronized (st) {
            // under the state's lock so that a late tick never overwrites the final verdict
            if (!st.finished()) {
                publish(e.liveOutcomes(), "running: " + status(e));
            }
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

    // ---------------------------------------------------------------- test lifecycle

    /** A local run: a state of its own, always new. */
    @Override
    public void testStarted() {
        JMeterVersionCheck.requireSupported(Settings.of("KPI Assertions", getName()).element());
        RunState st = new RunState(false);
        state = st;
        begin(st);
        st.engineStarted(null);
    }

    /** One engine of a distributed run: the first of this element's engine clones starts the shared run. */
    @Override
    public void testStarted(String host) {
        EngineGroup g = group != null ? group : childGroup();
        RunState st;
        synchronized (g) {
            st = g.run;
            if (st == null || st.finished()) {
                st = new RunState(true);
                state = st;
                begin(st);
                g.run = st;
            }
            st.engineStarted(host);
        }
        state = st;
        log.info("{}: collecting the samples of engine {}", getName(), host);
    }

    /**
     * Resolves the settings, replaces the previous run's reports with "not finished" ones and
     * starts judging; on bad settings writes "not started" reports and throws what
     * {@link StartFailure#report} returns.
     */
    private void begin(RunState st) {
        KpiStatusBoard board = new KpiStatusBoard();
        prometheusBoard = board;
        // stays registered after the test, so that the exporter's last push still has the final verdicts
        KpiStatusRegistry.register(getName(), board);
        RunState.Config cfg;
        StageJudge.Settings stageSettings;
        // a new test: the stage groups (started after the listeners) publish their stages again
        StageTimeline.reset();
        try {
            cfg = resolveConfig();
            stageSettings = stageSettings();
            st.config = cfg;
            startedReports(st);
        } catch (IllegalArgumentException e) {
            String msg = e instanceof InvalidSettingException ? e.getMessage()
                    : ELEMENT + " '" + getName() + "': " + e.getMessage();
            IllegalStateException failure = StartFailure.report(log, new IllegalStateException(msg, e));
            didNotStart(st, msg);
            throw failure;
        }
        for (String w : cfg.warnings()) {
            log.warn("{}: {}", getName(), w);
        }
        TestStopper stop = stopper != null ? stopper
                : st.distributed ? TestStopper.remoteEngines(() -> st.remoteHosts) : TestStopper.jmeterEngine();
        KpiEngine e = new KpiEngine(cfg.kpis(), cfg.settings(), clock(), stop);
        e.judgeStages(stageSettings, StageTimeline::current);
        cfg.warnings().forEach(e::warn);
        e.start();
        st.stopMark = st.distributed ? null : probe().mark();
        st.engine = e;
        if (!manualTicks) {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kpi-evaluator-" + getName());
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(() -> safeTick(st), 1000, 1000, TimeUnit.MILLISECONDS);
            st.ticker = ticker;
        }
        // JMeter calls no testEnded when a later element's testStarted throws: then say so in the reports
        st.undo = StartFailure.onFailure(ELEMENT + " '" + getName() + "': write 'not started' reports",
                () -> didNotStart(st, NOT_STARTED_ELSEWHERE));
        log.info("{}: judging {} KPIs (grace {}, abort on fail {}), reports to {}", getName(), cfg.kpis().size(),
                cfg.settings().grace(), cfg.settings().abortOnFail(), cfg.resultsDir());
    }

    /** The "not finished" reports that replace the previous run's at start (so no stale verdict survives). */
    private void startedReports(RunState st) {
        RunState.Config cfg = st.config;
        long now = clock().millis();
        KpiRun placeholder = KpiRun.unjudged(KpiRun.NOT_FINISHED, "the run started at " + java.time.Instant
                .ofEpochMilli(now) + " has not ended (if these reports stay, the test did not start or was killed)",
                now, now, cfg.kpis(), cfg.settings());
        try {
            ReportWriter.write(cfg.resultsDir(), placeholder, testName());
        } catch (UncheckedIOException ex) {
            throw new IllegalArgumentException("property " + RESULTS_DIR + ": cannot write the reports to "
                    + cfg.resultsDir() + ": " + ex.getCause(), ex);
        }
    }

    /**
     * The run did not start ({@code reason} says why): writes "not started" reports over the
     * previous run's, shows it live and on the console, asks for exit code 1, and leaves no
     * state behind (the next start begins afresh). Safe to call more than once.
     */
    void didNotStart(RunState st, String reason) {
        if (st.finishNow()) {
            notStartedReports(st, reason);
        }
    }

    private void notStartedReports(RunState st, String reason) {
        st.stopTicker();
        RunState.Config cfg = st.config;
        long now = clock().millis();
        List<Kpi> kpis = cfg != null ? cfg.kpis() : List.of();
        KpiEngine.Settings settings = cfg != null ? cfg.settings() : KpiEngine.Settings.defaults();
        KpiRun run = KpiRun.unjudged(KpiRun.NOT_STARTED, reason, now, now, kpis, settings);
        Path dir = cfg != null ? cfg.resultsDir() : resultsDirOrNull();
        List<String> files = List.of();
        if (dir != null) {
            try {
                files = ReportWriter.write(dir, run, testName());
            } catch (UncheckedIOException ex) {
                log.error("{}: cannot write the KPI reports to {}", getName(), dir, ex);
            }
        }
        st.lastRun = run;
        st.lastReportFiles = files;
        show(ConsoleTable.build(run, files));
        publish(run.outcomes, run.verdictText() + ": " + reason);
        HeadlessExit.exitForStartFailure(StartFailure.EXIT_CODE);
    }

    private Path resultsDirOrNull() {
        try {
            return resultsDir();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void safeTick(RunState st) {
        try {
            tick(st);
        } catch (RuntimeException ex) {
            log.error("{}: KPI evaluation failed", getName(), ex);
        }
    }

    /** Everything a run needs from the properties, checked: {@link IllegalArgumentException} naming the property. */
    RunState.Config resolveConfig() {
        List<String> warnings = new ArrayList<>();
        List<Kpi> kpis = loadKpis(warnings);
        KpiEngine.Settings settings = settings();
        boolean exitOnFail = resolvedFlag(EXIT_ON_FAIL, true);
        double tolerance = tolerance();
        Path baselinePath = null;
        JsonNode baseline = null;
        String baselineFile = resolved(BASELINE_FILE, "").trim();
        if (!baselineFile.isEmpty()) {
            baselinePath = resolveInput(baselineFile);
            if (!Files.isRegularFile(baselinePath)) {
                throw new IllegalArgumentException("property " + BASELINE_FILE + ": baseline report '" + baselineFile
                        + "' not found (looked at " + baselinePath + ")");
            }
            try {
                baseline = Baseline.read(baselinePath);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("property " + BASELINE_FILE + ": " + e.getMessage(), e);
            }
        }
        return new RunState.Config(List.copyOf(kpis), List.copyOf(warnings), settings, exitOnFail, resultsDir(),
                baselinePath, baseline, tolerance);
    }

    /**
     * What the GUI's "Check KPIs" button shows: the KPIs ({@link #loadKpis}) after every other
     * setting has been checked too ({@link #resolveConfig}), the same checks a test start makes.
     *
     * @throws IllegalArgumentException naming the first bad line, file or property
     */
    public List<Kpi> checkKpis(List<String> warnings) {
        List<Kpi> kpis = loadKpis(warnings);
        resolveConfig();
        stageSettings();
        return kpis;
    }

    /**
     * All KPIs: the element's lines, the {@code KPI_EXPRESSIONS} property's, the YAML file's.
     * {@link IllegalArgumentException} for a bad line or file, and for a set that could never
     * fail a run (no KPI at all, or none the load generator can measure).
     */
    List<Kpi> loadKpis(List<String> warnings) {
        List<Kpi> kpis = new ArrayList<>(KpiExpressions.parseLines(resolved(EXPRESSIONS, ""), "property " + EXPRESSIONS));
        String extra = JMeterUtils.getPropDefault(KPI_EXPRESSIONS_PROPERTY, "");
        if (StringUtils.isNotBlank(extra)) {
            kpis.addAll(KpiExpressions.parseLines(extra.replace(';', '\n'), "JMeter property "
                    + KPI_EXPRESSIONS_PROPERTY));
        }
        String file = resolved(KPI_FILE, "").trim();
        if (!file.isEmpty()) {
            Path path = resolveInput(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("property " + KPI_FILE + ": KPI file '" + file
                        + "' not found (looked at " + path + ")");
            }
            KpiYaml.Loaded loaded;
            try {
                loaded = KpiYaml.load(path);
            } catch (KpiParseException e) {
                throw new IllegalArgumentException("property " + KPI_FILE + ": " + e.getMessage(), e);
            }
            if (loaded.kpis().isEmpty()) {
                throw new IllegalArgumentException("property " + KPI_FILE + ": KPI file '" + file
                        + "' defines no KPIs (looked at " + path + ")");
            }
            kpis.addAll(loaded.kpis());
            warnings.addAll(loaded.warnings());
        }
        if (kpis.isEmpty()) {
            throw new IllegalArgumentException("no KPIs defined (property " + EXPRESSIONS + ", JMeter property "
                    + KPI_EXPRESSIONS_PROPERTY + " and property " + KPI_FILE + " are all empty): a run without KPIs"
                    + " cannot fail; give at least one, e.g. p(95)<500");
        }
        if (kpis.stream().noneMatch(Kpi::measured)) {
            throw new IllegalArgumentException("none of the " + kpis.size() + " KPIs can be measured by the load"
                    + " generator (" + kpis.stream().map(Kpi::name).reduce((a, b) -> a + ", " + b).orElse("")
                    + "): a run judged on them alone cannot fail; add a KPI such as p(95)<500");
        }
        return kpis;
    }

    KpiEngine.Settings settings() {
        Duration grace = duration(GRACE_PERIOD, resolved(GRACE_PERIOD, DEFAULT_GRACE_PERIOD));
        Duration delay = duration(ABORT_DELAY, resolved(ABORT_DELAY, DEFAULT_ABORT_DELAY));
        tolerance();
        return KpiEngine.Settings.defaults().withGrace(grace).withAbort(resolvedFlag(ABORT_ON_FAIL, false), delay)
                .withAllowNoData(resolvedFlag(ALLOW_NO_DATA, false));
    }

    private double tolerance() {
        String raw = resolved(BASELINE_TOLERANCE, DEFAULT_BASELINE_TOLERANCE);
        String t = raw.trim().replace("%", "");
        try {
            double v = Double.parseDouble(t);
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + BASELINE_TOLERANCE + ": '" + raw
                    + "' is not a percentage >= 0 (e.g. 10)");
        }
    }

    private static Duration duration(String property, String text) {
        String t = text == null || text.isBlank() ? "0" : text.trim();
        Duration d = KpiExpressions.parseDuration(t);
        if (d == null) {
            throw new IllegalArgumentException("property " + property + ": '" + text
                    + "' is not a duration (e.g. 30s, 1m, 500ms or plain milliseconds)");
        }
        return d;
    }

    private static Path resolveInput(String file) {
        Path p = Paths.get(file);
        if (p.isAbsolute()) {
            return p;
        }
        String base = FileServer.getFileServer().getBaseDir();
        if (base != null) {
            Path inBase = Paths.get(base).resolve(p);
            if (Files.exists(inBase)) {
                return inBase;
            }
        }
        return p.toAbsolutePath();
    }

    /** The folder the reports go to. */
    Path resultsDir() {
        String dir = resolved(RESULTS_DIR, "").trim();
        if (dir.isEmpty()) {
            dir = JMeterUtils.getPropDefault(RESULTS_DIR_PROPERTY, "").trim();
        }
        if (dir.isEmpty()) {
            dir = DEFAULT_RESULTS_DIR;
        }
        try {
            return Paths.get(dir).toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("property " + RESULTS_DIR + ": '" + dir + "' is not a folder path: "
                    + e.getMessage(), e);
        }
    }

    private Clock clock() {
        return clock != null ? clock : Clock.systemUTC();
    }

    private StopProbe probe() {
        return stopProbe != null ? stopProbe : new StopProbe();
    }

    @Override
    public void sampleOccurred(SampleEvent event) {
        RunState st = state;
        KpiEngine e = st == null ? null : st.engine;
        if (e == null) {
            return;
        }
        SampleResult r = event.getResult();
        boolean ok = r.isSuccessful();
        e.record(r.getSampleLabel(), r.getStartTime(), r.getEndTime(), r.getTime(), r.getLatency(),
                r.getConnectTime(), ok, ok ? null : errorType(r), engineKey(st, event, r), r.getAllThreads(),
                subSamples(r));
    }

    /** The sub-results of {@code r} at any depth: each one a JTL row of its own when sub-results are saved. */
    static int subSamples(SampleResult r) {
        SampleResult[] subs = r.getSubResults();
        int n = subs.length;
        for (SampleResult sub : subs) {
            n += subSamples(sub);
        }
        return n;
    }

    private static String engineKey(RunState st, SampleEvent event, SampleResult r) {
        Set<String> hosts = st.remoteHosts;
        if (hosts.isEmpty()) {
            return "local";
        }
        String thread = r.getThreadName();
        for (String h : hosts) {
            if (thread != null && thread.startsWith(h + "-")) {
                return h;
            }
        }
        return event.getHostname();
    }

    /** What a failure is grouped by: the response code and message, or the first assertion's message. */
    static String errorType(SampleResult r) {
        String code = StringUtils.defaultString(r.getResponseCode());
        String message = StringUtils.defaultString(r.getResponseMessage());
        if (code.isEmpty() || code.startsWith("2") || code.startsWith("3")) {
            String assertion = r.getFirstAssertionFailureMessage();
            if (assertion != null) {
                return StringUtils.abbreviate("Assertion failed: " + assertion, 100);
            }
        }
        return StringUtils.abbreviate(code.isEmpty() ? message : code + " " + message, 100);
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
        boolean last = st.engineEndedAndLast();
        if (host != null) {
            log.info("{}: engine {} ended ({} ended)", getName(), host, st.engineCounts());
        }
        if (last) {
            finish(st);
        }
    }

    /**
     * Judges the run, writes the reports, prints the table and sets the exit code. Whatever goes
     * wrong in here ends in a non-zero exit code of a headless run, never in a silent 0 (JMeter
     * only logs what a {@code testEnded} throws).
     */
    private void finish(RunState st) {
        try {
            st.stopTicker();
            StartFailure.Registration undo = st.undo;
            if (undo != null) {
                undo.close();
            }
            if (StartFailure.failedSince(st.startNanos)) {
                // e.g. a thread group refused to start after this listener had started: JMeter still ends the test
                notStartedReports(st, NOT_STARTED_ELSEWHERE);
                return;
            }
            conclude(st, judge(st));
        } catch (RuntimeException | Error ex) { // NOSONAR the exit code must survive anything
            log.error("{}: finishing the KPI verdict failed", getName(), ex);
            System.err.println("KPI Assertions '" + getName() + "': the verdict could not be finished: " + ex); // NOSONAR
            HeadlessExit.exitWhenJMeterIsDone(StartFailure.EXIT_CODE);
            errorReports(st, ex);
            if (ex instanceof Error) {
                throw (Error) ex;
            }
        }
    }

    /** Best effort after a failure while finishing: "error" reports, so that no earlier verdict stays. */
    private void errorReports(RunState st, Throwable ex) {
        try {
            RunState.Config cfg = st.config;
            long now = System.currentTimeMillis();
            KpiRun run = KpiRun.unjudged(KpiRun.ERROR, "finishing the verdict failed: " + ex, now, now, cfg.kpis(),
                    cfg.settings());
            st.lastRun = run;
            st.lastReportFiles = ReportWriter.write(cfg.resultsDir(), run, testName());
        } catch (RuntimeException | Error again) { // NOSONAR already failing: keep the first problem
            log.error("{}: cannot write the error reports either", getName(), again);
        }
    }

    private KpiRun judge(RunState st) {
        RunState.Config cfg = st.config;
        KpiEngine e = st.engine;
        try {
            KpiRun run = e.finish();
            if (cfg.baseline() != null) {
                run = run.withBaseline(Baseline.compare(cfg.baseline(), run, cfg.tolerance()),
                        cfg.baselinePath().toString());
            }
            if (run.abortReason == null && st.stopMark != null && probe().stoppedSince(st.stopMark)) {
                run = run.withStoppedBy("Test stopped by user (or by a Stop Test action) before the plan's end:"
                        + " the verdict covers the samples up to the stop");
            }
            return run;
        } catch (RuntimeException ex) {
            log.error("{}: judging the run failed", getName(), ex);
            long now = System.currentTimeMillis(); // not the clock: it may be what failed
            return KpiRun.unjudged(KpiRun.ERROR, "judging the run failed: " + ex, now, now, cfg.kpis(),
                    cfg.settings());
        }
    }

    private void conclude(RunState st, KpiRun run) {
        RunState.Config cfg = st.config;
        List<String> files = List.of();
        String writeProblem = null;
        try {
            files = ReportWriter.write(cfg.resultsDir(), run, testName());
        } catch (UncheckedIOException ex) {
            log.error("{}: cannot write the KPI reports to {}", getName(), cfg.resultsDir(), ex);
            writeProblem = "KPI reports could not be written to " + cfg.resultsDir() + ": " + ex.getCause() + "\n";
        }
        st.lastRun = run;
        st.lastReportFiles = files;
        show(ConsoleTable.build(run, files) + (writeProblem == null ? "" : writeProblem));
        KpiEngine e = st.engine;
        String word = run.unjudgedVerdict != null ? run.verdictText() : run.passed() ? "PASSED" : "FAILED";
        publish(run.outcomes, word + ": " + status(e) + (run.stoppedBy == null ? "" : "; stopped by user")
                + (files.isEmpty() ? "" : "; reports in " + cfg.resultsDir()));
        int code = exitCode(run, cfg, writeProblem != null);
        if (code != 0) {
            HeadlessExit.exitWhenJMeterIsDone(code);
        }
    }

    /** 1 when the run was not judged or its reports are missing; 99 when it failed (and the gate is on); else 0. */
    static int exitCode(KpiRun run, RunState.Config cfg, boolean reportsMissing) {
        if (run.unjudgedVerdict != null || reportsMissing) {
            return StartFailure.EXIT_CODE;
        }
        return !run.passed() && cfg.exitOnFail() ? KPI_FAILED_EXIT_CODE : 0;
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
        return StringUtils.isNotBlank(script) ? script + " / " + getName() : getName();
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

    private void publish(List<KpiOutcome> outcomes, String status) {
        KpiStatusBoard board = prometheusBoard;
        if (board != null) {
            board.update(outcomes.stream().map(o -> new KpiStatus(o.kpi().name(),
                    KpiStatus.State.valueOf(o.verdict().name()), o.observed(), o.kpi().threshold())).toList());
        }
        KpiLiveView view = liveView;
        if (view != null) {
            try {
                view.kpisUpdated(outcomes, status);
            } catch (RuntimeException ex) {
                log.warn("{}: live view failed", getName(), ex);
            }
        }
    }
}
