package io.github.agieval.jmeter.kpi;

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
import java.util.concurrent.ConcurrentHashMap;
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
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.common.StartFailure;

/**
 * <b>KPI Assertions</b>: a listener that judges the run against KPIs (from k6-style lines and/or
 * a {@code performance-kpis.yml} file), live and at test end; writes {@code kpi-report.json},
 * {@code kpi-junit.xml} and {@code kpi-report.html}; prints a verdict table in non-GUI runs; makes
 * a headless {@code jmeter -n} run exit with 99 when a KPI fails; can stop the test gracefully as
 * soon as a KPI fails.
 *
 * <p>Threading and JMeter contracts: {@link NoThreadClone}, so one instance sees the samples of
 * every thread; {@link SampleListener#sampleOccurred} is called by all sampler threads at once
 * and only hands the sample to the {@link KpiEngine}'s striped recorder. A single daemon thread
 * ticks the engine once a second (windows, live table, abort). {@link Remoteable}: in a
 * distributed run ({@code -R}) JMeter's {@code ConvertListeners} leaves this instance on the
 * controlling client and sends every engine's samples to it, so the verdict covers all engines;
 * {@code testStarted(host)}/{@code testEnded(host)} arrive once per engine and the report is
 * written after the last engine ended. Configuration lives in properties; runtime state is
 * transient and rebuilt at every test start.
 */
public class KpiListener extends AbstractTestElement
        implements SampleListener, TestStateListener, Remoteable, NoThreadClone {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(KpiListener.class);

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

    public static final String DEFAULT_GRACE_PERIOD = "0s";
    public static final String DEFAULT_ABORT_DELAY = "0s";
    public static final String DEFAULT_BASELINE_TOLERANCE = "10";

    /** JMeter property: further KPI lines (separated by new lines or {@code ;}), added to the element's. */
    public static final String KPI_EXPRESSIONS_PROPERTY = "KPI_EXPRESSIONS";
    /** JMeter property: the reports' folder when the element leaves it empty. */
    public static final String RESULTS_DIR_PROPERTY = "RESULTS_DIR";
    public static final String DEFAULT_RESULTS_DIR = "kpi-results";

    public static final String JSON_REPORT = "kpi-report.json";
    public static final String JUNIT_REPORT = "kpi-junit.xml";
    public static final String HTML_REPORT = "kpi-report.html";

    private transient volatile KpiLiveView liveView;
    private transient Clock clock;
    private transient TestStopper stopper;
    private transient boolean manualTicks;
    private transient RunState state = new RunState();

    /**
     * The runtime state of one run, shared by this element and its clones: JMeter runs a clone of
     * the plan's tree, and on the client of a distributed run one clone per engine, each receiving
     * that engine's samples; sharing this object makes one verdict over all of them (JMeter's
     * ResultCollector shares its JTL file by name for the same reason). Guarded by its monitor,
     * except the volatile fields read per sample.
     */
    static final class RunState {
        volatile KpiEngine engine;
        volatile Set<String> remoteHosts;
        ScheduledExecutorService ticker;
        int enginesStarted;
        int enginesEnded;
        volatile KpiRun lastRun;
        volatile List<String> lastReportFiles;
    }

    private RunState state() {
        RunState s = state;
        if (s == null) {
            synchronized (this) {
                if (state == null) {
                    state = new RunState();
                }
                s = state;
            }
        }
        return s;
    }

    public KpiListener() {
        super();
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
        return v == null ? defaultValue : v;
    }

    boolean resolvedFlag(String key, boolean defaultValue) {
        String v = resolved(key, Boolean.toString(defaultValue)).trim();
        return v.isEmpty() ? defaultValue : Boolean.parseBoolean(v);
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
        c.manualTicks = manualTicks;
        c.state = state();
        return c;
    }

    /** For tests: the clock, the stopper, and whether ticks are driven by the caller ({@link #tick()}). */
    void inject(Clock testClock, TestStopper testStopper, boolean callerTicks) {
        this.clock = testClock;
        this.stopper = testStopper;
        this.manualTicks = callerTicks;
    }

    /** Evaluates now (the ticker calls it once a second). */
    void tick() {
        RunState st = state();
        KpiEngine e = st.engine;
        if (e != null && st.lastRun == null) {
            e.tick();
            synchronized (st) {
                if (st.lastRun == null) {
                    publish(e.liveOutcomes(), "running: " + status(e));
                }
            }
        }
    }

    KpiEngine engine() {
        return state().engine;
    }

    KpiRun lastRun() {
        return state().lastRun;
    }

    List<String> lastReportFiles() {
        return state().lastReportFiles;
    }

    // ---------------------------------------------------------------- test lifecycle

    @Override
    public void testStarted() {
        startIfFirst(null);
    }

    @Override
    public void testStarted(String host) {
        startIfFirst(host);
    }

    private void startIfFirst(String host) {
        RunState st = state();
        synchronized (st) {
            if (st.enginesStarted == 0 || st.engine == null || st.lastRun != null) {
                st.enginesStarted = 0;
                st.enginesEnded = 0;
                st.remoteHosts = ConcurrentHashMap.newKeySet();
                st.lastRun = null;
                st.lastReportFiles = null;
                st.engine = null;
                start(st);
            }
            st.enginesStarted++;
            if (host != null) {
                st.remoteHosts.add(host);
                log.info("{}: collecting the samples of engine {}", getName(), host);
            }
        }
    }

    private void start(RunState st) {
        List<Kpi> kpis;
        KpiEngine.Settings settings;
        List<String> warnings = new ArrayList<>();
        try {
            kpis = loadKpis(warnings);
            settings = settings();
        } catch (IllegalArgumentException e) {
            String msg = "KPI Assertions '" + getName() + "': " + e.getMessage();
            throw StartFailure.report(log, new IllegalStateException(msg, e));
        }
        for (String w : warnings) {
            log.warn("{}: {}", getName(), w);
        }
        if (kpis.isEmpty()) {
            log.warn("{}: no KPIs defined; the run is reported but cannot fail", getName());
        }
        KpiEngine e = new KpiEngine(kpis, settings, clock(), stopper != null ? stopper : TestStopper.jmeterEngine());
        warnings.forEach(e::warn);
        e.start();
        st.engine = e;
        if (!manualTicks) {
            st.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kpi-evaluator-" + getName());
                t.setDaemon(true);
                return t;
            });
            st.ticker.scheduleAtFixedRate(this::safeTick, 1000, 1000, TimeUnit.MILLISECONDS);
        }
        log.info("{}: judging {} KPIs (grace {}, abort on fail {})", getName(), kpis.size(), settings.grace(),
                settings.abortOnFail());
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException ex) {
            log.error("{}: KPI evaluation failed", getName(), ex);
        }
    }

    /** All KPIs: the element's lines, the {@code KPI_EXPRESSIONS} property's, the YAML file's. */
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
            KpiYaml.Loaded loaded = KpiYaml.load(path);
            kpis.addAll(loaded.kpis());
            warnings.addAll(loaded.warnings());
        }
        return kpis;
    }

    KpiEngine.Settings settings() {
        Duration grace = duration(GRACE_PERIOD, resolved(GRACE_PERIOD, DEFAULT_GRACE_PERIOD));
        Duration delay = duration(ABORT_DELAY, resolved(ABORT_DELAY, DEFAULT_ABORT_DELAY));
        tolerance();
        return KpiEngine.Settings.defaults().withGrace(grace).withAbort(resolvedFlag(ABORT_ON_FAIL, false), delay);
    }

    private double tolerance() {
        String raw = resolved(BASELINE_TOLERANCE, DEFAULT_BASELINE_TOLERANCE);
        String t = raw.trim().replace("%", "");
        try {
            double v = Double.parseDouble(t);
            if (v < 0) {
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
        return Paths.get(dir).toAbsolutePath();
    }

    private Clock clock() {
        return clock != null ? clock : Clock.systemUTC();
    }

    @Override
    public void sampleOccurred(SampleEvent event) {
        KpiEngine e = state().engine;
        if (e == null) {
            return;
        }
        SampleResult r = event.getResult();
        boolean ok = r.isSuccessful();
        e.record(r.getSampleLabel(), r.getStartTime(), r.getEndTime(), r.getTime(), r.getLatency(),
                r.getConnectTime(), ok, ok ? null : errorType(r), engineKey(event, r), r.getAllThreads());
    }

    private String engineKey(SampleEvent event, SampleResult r) {
        Set<String> hosts = state().remoteHosts;
        if (hosts == null || hosts.isEmpty()) {
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
        RunState st = state();
        synchronized (st) {
            st.enginesEnded++;
            if (host != null) {
                log.info("{}: engine {} ended ({} of {})", getName(), host, st.enginesEnded, st.enginesStarted);
            }
            if (st.enginesEnded < st.enginesStarted || st.engine == null || st.lastRun != null) {
                return;
            }
            finish(st);
        }
    }

    private void finish(RunState st) {
        if (st.ticker != null) {
            st.ticker.shutdownNow();
            st.ticker = null;
        }
        KpiEngine e = st.engine;
        KpiRun run = e.finish();
        String baseline = resolved(BASELINE_FILE, "").trim();
        if (!baseline.isEmpty()) {
            Path path = resolveInput(baseline);
            try {
                JsonNode previous = Baseline.read(path);
                run = run.withBaseline(Baseline.compare(previous, run, tolerance()), path.toString());
            } catch (IllegalArgumentException ex) {
                log.error("{}: {}", getName(), ex.getMessage());
                e.warn(ex.getMessage());
                run = e.finish();
            }
        }
        List<String> files = new ArrayList<>();
        String table;
        try {
            files = writeReports(run);
            table = ConsoleTable.build(run, files);
        } catch (UncheckedIOException ex) {
            log.error("{}: cannot write the KPI reports to {}", getName(), resultsDir(), ex);
            table = ConsoleTable.build(run, List.of()) + "KPI reports could not be written to " + resultsDir()
                    + ": " + ex.getCause() + "\n";
        }
        st.lastRun = run;
        st.lastReportFiles = files;
        log.info("{}", table);
        if (JMeter.isNonGUI()) {
            System.out.println(table); // NOSONAR JMeter's console and the Maven log show stdout
            System.out.flush();
        }
        publish(run.outcomes, (run.passed() ? "PASSED" : "FAILED") + ": " + status(e)
                + (files.isEmpty() ? "" : "; reports in " + resultsDir()));
        if (!run.passed()) {
            if (resolvedFlag(EXIT_ON_FAIL, true)) {
                HeadlessExit.exitWhenJMeterIsDone(KPI_FAILED_EXIT_CODE);
            }
        }
    }

    List<String> writeReports(KpiRun run) {
        Path dir = resultsDir();
        Path json = dir.resolve(JSON_REPORT);
        Path junit = dir.resolve(JUNIT_REPORT);
        Path html = dir.resolve(HTML_REPORT);
        List<String> files = List.of(json.toString(), junit.toString(), html.toString());
        String name = testName();
        List<String> recommendations = Recommendations.of(run);
        try {
            Files.createDirectories(dir);
            Files.writeString(json, Json.writePretty(JsonReport.build(run, name, recommendations, files)),
                    StandardCharsets.UTF_8);
            Files.writeString(junit, JUnitReport.build(run, name, ConsoleTable.build(run, files)),
                    StandardCharsets.UTF_8);
            Files.writeString(html, HtmlReport.build(run, name, recommendations), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return files;
    }

    private String testName() {
        String script = FileServer.getFileServer().getScriptName();
        return StringUtils.isNotBlank(script) ? script + " / " + getName() : getName();
    }

    private static String status(KpiEngine e) {
        List<KpiOutcome> live = e.liveOutcomes();
        long failed = live.stream().filter(o -> o.verdict().failed()).count();
        String abort = e.abortReason();
        return failed + " of " + live.size() + " KPIs failing" + (abort != null ? "; stopped: " + abort : "");
    }

    private void publish(List<KpiOutcome> outcomes, String status) {
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
