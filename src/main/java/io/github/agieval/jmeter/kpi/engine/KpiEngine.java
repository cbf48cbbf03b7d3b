package io.github.agieval.jmeter.kpi.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.agieval.jmeter.resources.ResourceTrack;

/**
 * The threshold engine: aggregates samples per scope and judges the KPIs, live and at the end.
 * It knows nothing of JMeter elements, so the GUI, headless and Maven runs share it, and tests
 * drive it with a hand-set {@link Clock}.
 *
 * <p>Time is cut into slots: each {@link #tick()} (once a second in a run) closes the slot since
 * the previous tick. A slot counts towards the KPIs if it starts after the grace period. Whole-run
 * KPIs are judged on all counted samples; a KPI "over N s" on every window of the last N
 * counted slots, its observed value being the worst window's ({@link KpiWindows}). Samples belong
 * to the slot in which they reach the listener (in a local run, the second they end).
 *
 * <p>Threading: {@link #record} is called by any number of sampler threads at once (see
 * {@link SampleRecorder}); {@link #tick()}, {@link #finish()} and the read methods are
 * synchronized and run on the evaluating thread, the test-end thread or the GUI. Memory is
 * bounded by the number of scopes, the longest window and the timeline's points, never by the
 * number of samples.
 *
 * <p>Server-side KPIs ({@link Metric.Kind#RESOURCE}) are judged on the {@link ResourceTrack} attached
 * to each ({@link #attachResources}), which a resource sampler fills on a thread of its own; they take
 * part in live verdicts, abort on fail and the final verdict like every KPI ({@link ResourceVerdicts}).
 * Stage-by-stage verdicts, a capacity search's stop and final verdicts, and recovery KPIs come from
 * {@link StageVerdicts} around a {@link StageJudge}.
 */
public final class KpiEngine {

    private static final Logger log = LoggerFactory.getLogger(KpiEngine.class);

    /** How the engine judges. */
    public record Settings(Duration grace, boolean abortOnFail, Duration abortDelay, int maxLabels,
            int timelinePoints, boolean allowNoData) {

        /** Labels that get a scope of their own; further labels share "(other labels)". */
        public static final int DEFAULT_MAX_LABELS = 200;

        public Settings(Duration grace, boolean abortOnFail, Duration abortDelay, int maxLabels, int timelinePoints) {
            this(grace, abortOnFail, abortDelay, maxLabels, timelinePoints, false);
        }

        public static Settings defaults() {
            return new Settings(Duration.ZERO, false, Duration.ZERO, DEFAULT_MAX_LABELS, 600, false);
        }

        public Settings withGrace(Duration g) {
            return new Settings(g, abortOnFail, abortDelay, maxLabels, timelinePoints, allowNoData);
        }

        public Settings withAbort(boolean abort, Duration delay) {
            return new Settings(grace, abort, delay, maxLabels, timelinePoints, allowNoData);
        }

        /** Whether a run without a single sample may pass (off: every KPI fails with NO DATA). */
        public Settings withAllowNoData(boolean allow) {
            return new Settings(grace, abortOnFail, abortDelay, maxLabels, timelinePoints, allow);
        }
    }

    private final List<Kpi> kpis;
    private final Settings settings;
    private final Clock clock;
    private final TestStopper stopper;
    private final ScopeRegistry registry;
    private final SampleRecorder recorder;
    private final int[] kpiScopeIds;
    private final List<String> warnings = new ArrayList<>();

    // evaluator state, guarded by this
    private long startMs = -1;
    private long lastTickMs;
    private long endMs = -1;
    private Stats[] slot = new Stats[0];
    private Stats[] all = new Stats[0];
    private Stats[] counted = new Stats[0];
    private final KpiWindows windows;
    private final Timeline timeline;
    private List<KpiOutcome> live = List.of();
    private String abortReason;
    private boolean abortGaveUp;
    private final ResourceVerdicts resources = new ResourceVerdicts();
    private final StageVerdicts stages;

    public KpiEngine(List<Kpi> kpis, Settings settings, Clock clock, TestStopper stopper) {
        this.kpis = List.copyOf(kpis);
        this.settings = settings;
        this.clock = clock;
        this.stopper = stopper;
        Set<Scope> scopes = new HashSet<>();
        Set<Scope> allFields = new HashSet<>();
        for (Kpi k : kpis) {
            if (k.measured() && k.metric().kind() != Metric.Kind.RESOURCE) {
                scopes.add(k.scope());
                if (k.metric().field() == Metric.Field.LATENCY || k.metric().field() == Metric.Field.CONNECT) {
                    allFields.add(k.scope());
                }
            }
        }
        this.registry = new ScopeRegistry(scopes, allFields, settings.maxLabels());
        this.recorder = new SampleRecorder(registry, SampleRecorder.defaultStripes());
        this.kpiScopeIds = new int[this.kpis.size()];
        for (int i = 0; i < this.kpis.size(); i++) {
            Kpi k = this.kpis.get(i);
            if (!k.measured() || k.metric().kind() == Metric.Kind.RESOURCE) {
                continue;
            }
            kpiScopeIds[i] = registry.idOf(k.scope());
        }
        this.windows = new KpiWindows(this.kpis, kpiScopeIds, registry);
        this.timeline = new Timeline(settings.timelinePoints());
        this.stages = new StageVerdicts(this.kpis, kpiScopeIds, registry);
    }

    /**
     * Judges stage by stage the stages {@code plans} gives (the Stage Thread Group's, see
     * {@link io.github.agieval.jmeter.common.StageTimeline}); call before {@link #start()}.
     */
    public synchronized void judgeStages(StageJudge.Settings stageSettings,
            java.util.function.Supplier<io.github.agieval.jmeter.common.StageTimeline.Plan> plans) {
        stages.judgeStages(stageSettings, plans);
    }

    public List<Kpi> kpis() {
        return kpis;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The tracks that judge the {@link Metric.Kind#RESOURCE} KPIs, by index in {@link #kpis()}; a
     * resource KPI without one has NO DATA.
     */
    public synchronized void attachResources(Map<Integer, ResourceTrack> tracks) {
        resources.attach(tracks);
    }

    /** The attached resource tracks, in KPI order (for the reports' charts). */
    public synchronized List<ResourceTrack> resourceTracks() {
        return resources.inKpiOrder();
    }

    /** Starts the clock of the run. */
    public synchronized void start() {
        startMs = clock.millis();
        lastTickMs = startMs;
    }

    public synchronized long startMs() {
        return startMs;
    }

    /** Records one sample without sub-samples; called by any thread. */
    public void record(String label, long start, long end, long elapsed, long latency, long connect, boolean ok,
            String errorType, String engine, int allThreads) {
        record(label, start, end, elapsed, latency, connect, ok, errorType, engine, allThreads, 0);
    }

    /**
     * Records one sample; called by any thread. {@code errorType} is only read when {@code ok} is
     * false; {@code subSamples} is the number of its sub-results at any depth (counted, not judged).
     */
    @SuppressWarnings("java:S107") // the fields of one sample, passed without allocating
    public void record(String label, long start, long end, long elapsed, long latency, long connect, boolean ok,
            String errorType, String engine, int allThreads, int subSamples) {
        record(label, start, end, elapsed, latency, connect, ok, errorType, engine, allThreads, subSamples, -1);
    }

    /**
     * Records one sample; called by any thread. {@code polls} is the poll count of a job sample (the
     * Job Polling Controller's, see {@link Metric.Field#POLLS}), negative for any other sample.
     */
    @SuppressWarnings("java:S107") // the fields of one sample, passed without allocating
    public void record(String label, long start, long end, long elapsed, long latency, long connect, boolean ok,
            String errorType, String engine, int allThreads, int subSamples, int polls) {
        recorder.record(label, start, end, elapsed, latency, connect, ok, errorType, engine, allThreads, subSamples,
                polls);
    }

    /**
     * Closes the slot since the last tick, updates totals, windows and live verdicts, may abort.
     * The stopper is called after this engine's lock is released: stopping a test calls into the
     * engine and its threads, whose callbacks must never wait for a lock held across that call.
     */
    public void tick() {
        String abort;
        synchronized (this) {
            if (startMs < 0 || endMs >= 0) {
                return;
            }
            closeSlot(clock.millis());
            live = evaluate(false);
            abort = maybeAbort();
            String capacityStop = stages.capacityStop();
            if (abort == null && capacityStop != null && abortReason == null) {
                abortReason = capacityStop;
                abort = capacityStop;
            }
        }
        if (abort != null) {
            log.warn("Stopping the test: {}", abort);
            try {
                stopper.stopTest(abort);
            } catch (RuntimeException e) {
                log.error("Could not stop the test", e);
                abortFailed(abort, e.getMessage());
            }
        }
    }

    private void closeSlot(long now) {
        int n = registry.size();
        if (slot.length < n) {
            slot = grow(slot, n);
            all = grow(all, n);
            counted = grow(counted, n);
        }
        recorder.drainInto(slot);
        long slotStart = lastTickMs;
        long duration = Math.max(0, now - slotStart);
        lastTickMs = now;
        boolean countsForKpis = slotStart - startMs >= settings.grace().toMillis();
        for (int id = 0; id < n; id++) {
            Stats s = slot[id];
            s.closeSlot();
            all[id].add(s);
            if (countsForKpis) {
                counted[id].add(s);
            }
        }
        if (duration > 0 || slot[ScopeRegistry.ALL].count() > 0) {
            timeline.add(slotStart - startMs, duration, slot[ScopeRegistry.ALL]);
        }
        if (countsForKpis) {
            windows.addSlot(slot, duration, now, startMs);
        }
        stages.onSlot(startMs, slotStart, now, slot);
        for (int id = 0; id < n; id++) {
            slot[id].reset();
        }
    }

    private Stats[] grow(Stats[] a, int n) {
        Stats[] b = java.util.Arrays.copyOf(a, n);
        for (int i = a.length; i < n; i++) {
            b[i] = new Stats(registry.entry(i).allFields());
        }
        return b;
    }

    private List<KpiOutcome> evaluate(boolean atEnd) {
        List<KpiOutcome> out = new ArrayList<>(kpis.size());
        for (int i = 0; i < kpis.size(); i++) {
            out.add(evaluate(i, atEnd));
        }
        return Collections.unmodifiableList(out);
    }

    private KpiOutcome evaluate(int i, boolean atEnd) {
        Kpi k = kpis.get(i);
        if (!k.measured()) {
            return new KpiOutcome(k, null, Verdict.NOT_MEASURED,
                    "the load generator cannot measure " + k.name() + "; monitor it on the server");
        }
        if (atEnd && !settings.allowNoData() && all.length > 0 && all[ScopeRegistry.ALL].count() == 0) {
            return new KpiOutcome(k, null, Verdict.NO_DATA, "the run recorded no samples at all");
        }
        if (k.metric().kind() == Metric.Kind.RESOURCE) {
            return resources.judge(k, i);
        }
        if (k.metric().kind() == Metric.Kind.RECOVERY) {
            return stages.recovery(k, clock, atEnd);
        }
        int id = kpiScopeIds[i];
        Stats s = id < counted.length ? counted[id] : new Stats(false);
        if (!k.windowed()) {
            Double v = s.value(k.metric(), -1);
            String detail = s.count() + " samples" + (settings.grace().isZero() ? ""
                    : " after a grace period of " + settings.grace().toSeconds() + "s");
            return outcome(k, v, detail);
        }
        return windows.judge(i, atEnd);
    }

    static String fmtSeconds(long ms) {
        return Metric.formatNumber(Kpi.round(ms / 1000.0, 1)) + "s";
    }

    /** The verdict of {@code k} for observed {@code v}: NO DATA when null. */
    static KpiOutcome outcome(Kpi k, Double v, String detail) {
        if (v == null) {
            return new KpiOutcome(k, null, Verdict.NO_DATA, "no samples in " + k.scope());
        }
        return new KpiOutcome(k, v, k.op().test(v, k.threshold()) ? Verdict.PASS : Verdict.FAIL, detail);
    }

    /** The reason to stop the test now (set once), or {@code null}; the caller stops it outside the lock. */
    private String maybeAbort() {
        if (!settings.abortOnFail() || abortReason != null || abortGaveUp) {
            return null;
        }
        long now = clock.millis();
        if (now - startMs < settings.abortDelay().toMillis()) {
            return null;
        }
        for (int i = 0; i < live.size(); i++) {
            KpiOutcome o = live.get(i);
            Kpi k = o.kpi();
            boolean judgeable = !(k.metric().growsDuringRun() && !k.op().lowerIsBetter())
                    && (!k.windowed() || (windows.judges(i) ? windows.hasFullWindow(i)
                            : resources.fullWindow(i)));
            if (o.verdict() == Verdict.FAIL && judgeable) {
                abortReason = "KPI failed: " + k.name() + " (observed " + o.observedText() + ", threshold "
                        + k.op().symbol() + k.thresholdText() + ") at " + fmtSeconds(now - startMs);
                return abortReason;
            }
        }
        return null;
    }

    /**
     * The stop asked for {@code reason} failed: the reports must not say the test stopped early,
     * so the abort is withdrawn (and not tried again) and a warning says what happened.
     */
    private synchronized void abortFailed(String reason, String problem) {
        abortReason = null;
        abortGaveUp = true;
        warnings.add("Abort on fail could not stop the test (" + problem + "); it ran on. The stop was asked for"
                + " because " + reason);
    }

    /** The verdicts as of the last tick (empty before the first). */
    public synchronized List<KpiOutcome> liveOutcomes() {
        return live;
    }

    /** Why the test was stopped early, or {@code null}. */
    public synchronized String abortReason() {
        return abortReason;
    }

    /** Closes the last slot and judges every KPI over the run. Idempotent. */
    public synchronized KpiRun finish() {
        if (endMs < 0) {
            if (startMs < 0) {
                start();
            }
            long now = clock.millis();
            closeSlot(now);
            endMs = now;
            live = evaluate(true);
        }
        Map<String, Stats> byLabel = new LinkedHashMap<>();
        Map<String, Stats> byScope = new LinkedHashMap<>();
        for (ScopeRegistry.Entry e : registry.entries()) {
            if (e.id() < all.length) {
                if (e.label()) {
                    byLabel.put(e.scope().value(), all[e.id()]);
                } else if (e.scope().type() == Scope.Type.REGEX) {
                    byScope.put(e.scope().expression(), all[e.id()]);
                }
            }
        }
        StageReport stageReport = stages.report(endMs);
        List<KpiOutcome> outcomes = StageVerdicts.finalOutcomes(live, stageReport);
        return new KpiRun(startMs, endMs, outcomes, all[ScopeRegistry.ALL], counted[ScopeRegistry.ALL], byLabel,
                byScope, timeline.points(), settings, abortReason, List.copyOf(warnings),
                all[ScopeRegistry.ALL].subSamples(), registry.foldedLabels(), registry.foldedOverflow())
                .withResources(resources.series())
                .withStages(stageReport);
    }

    /** Adds a warning to the run's report. */
    public synchronized void warn(String warning) {
        warnings.add(warning);
    }
}
