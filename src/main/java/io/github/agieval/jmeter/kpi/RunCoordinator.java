package io.github.agieval.jmeter.kpi;

import io.github.agieval.jmeter.common.StageTimeline;
import io.github.agieval.jmeter.kpi.engine.StageJudge;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.agieval.jmeter.common.HeadlessExit;
import io.github.agieval.jmeter.common.InvalidSettingException;
import io.github.agieval.jmeter.common.StartFailure;
import io.github.agieval.jmeter.kpi.engine.Baseline;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.kpi.engine.TestStopper;
import io.github.agieval.jmeter.kpi.reports.KpiVerdict;
import io.github.agieval.jmeter.prometheus.KpiStatusBoard;
import io.github.agieval.jmeter.prometheus.KpiStatusRegistry;

/**
 * Runs one {@link RunState} of a KPI Assertions element from start to verdict: resolves the settings
 * ({@link KpiSettings}) and refuses a bad start, starts the {@link KpiEngine} and its evaluating
 * thread, counts the engines of a distributed run out, notices a stop by someone else, judges at the
 * end, has {@link VerdictOutput} show it, and sets the exit code of a headless run (99 a KPI failed, 1
 * not judged or reports missing).
 *
 * <p>Threading: made per call by the element from its wiring (cheap, no state but the wiring); the run's
 * state is the {@link RunState}. Start and end run on JMeter's test threads, {@link #tick} on the run's
 * single evaluating thread; the final verdict and a late tick are kept apart by the state's monitor. The
 * engine may stop the test from the evaluating thread, with no lock of the element or its engine held.
 */
final class RunCoordinator {

    private static final Logger log = LoggerFactory.getLogger(RunCoordinator.class);

    /**
     * What a run is wired to besides the element's properties; the defaults are JMeter's, tests inject
     * their own.
     *
     * @param clock the engine's time ({@code null}: the system clock)
     * @param stopper how to stop the test ({@code null}: the local or the remote engines)
     * @param probe how a stop by someone else is seen ({@code null}: JMeter's engine)
     * @param manualTicks whether the caller ticks ({@link KpiListener#tick()}) instead of a thread
     * @param view the GUI's live table, or {@code null}
     */
    record Wiring(Clock clock, TestStopper stopper, StopProbe probe, boolean manualTicks, KpiLiveView view) {
        static final Wiring DEFAULT = new Wiring(null, null, null, false, null);

        Wiring withView(KpiLiveView v) {
            return new Wiring(clock, stopper, probe, manualTicks, v);
        }

        Clock clockOrSystem() {
            return clock != null ? clock : Clock.systemUTC();
        }

        StopProbe probeOrJMeter() {
            return probe != null ? probe : new StopProbe();
        }
    }

    private final String name;
    private final KpiSettings settings;
    private final Wiring wiring;
    private final VerdictOutput out;

    RunCoordinator(String elementName, KpiSettings settings, Wiring wiring) {
        this.name = elementName;
        this.settings = settings;
        this.wiring = wiring;
        this.out = new VerdictOutput(elementName, wiring.view());
    }

    /**
     * Resolves the settings, replaces the previous run's reports with "not finished" ones and
     * starts judging; on bad settings writes "not started" reports and throws what
     * {@link StartFailure#report} returns.
     */
    void start(RunState st) {
        KpiStatusBoard board = new KpiStatusBoard();
        st.board = board;
        // stays registered after the test, so that the exporter's last push still has the final verdicts
        KpiStatusRegistry.register(name, board);
        RunState.Config cfg;
        StageJudge.Settings stageSettings;
        // a new test: the stage groups (started after the listeners) publish their stages again
        StageTimeline.reset();
        try {
            cfg = settings.resolve();
            stageSettings = settings.stageSettings();
            st.config = cfg;
            out.started(st, wiring.clockOrSystem().millis());
            st.resourceConfig = settings.resourceSource();
            ResourceSource.check(st.resourceConfig, cfg.kpis());
        } catch (IllegalArgumentException e) {
            String msg = e instanceof InvalidSettingException ? e.getMessage()
                    : KpiListener.ELEMENT + " '" + name + "': " + e.getMessage();
            IllegalStateException failure = StartFailure.report(log, new IllegalStateException(msg, e));
            didNotStart(st, msg);
            throw failure;
        }
        for (String w : cfg.warnings()) {
            log.warn("{}: {}", name, w);
        }
        TestStopper stop = wiring.stopper() != null ? wiring.stopper()
                : st.distributed ? TestStopper.remoteEngines(() -> st.remoteHosts) : TestStopper.jmeterEngine();
        KpiEngine e = new KpiEngine(cfg.kpis(), cfg.settings(), wiring.clockOrSystem(), stop);
        e.judgeStages(stageSettings, StageTimeline::current);
        cfg.warnings().forEach(e::warn);
        e.start();
        st.stopMark = st.distributed ? null : wiring.probeOrJMeter().mark();
        st.resources = ResourceSource.start(st.resourceConfig, e, wiring.clockOrSystem(), "kpi-resources-" + name);
        st.engine = e;
        if (!wiring.manualTicks()) {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kpi-evaluator-" + name);
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(() -> safeTick(st), 1000, 1000, TimeUnit.MILLISECONDS);
            st.ticker = ticker;
        }
        // JMeter calls no testEnded when a later element's testStarted throws: then say so in the reports
        st.undo = StartFailure.onFailure(KpiListener.ELEMENT + " '" + name + "': write 'not started' reports",
                () -> didNotStart(st, KpiListener.NOT_STARTED_ELSEWHERE));
        log.info("{}: judging {} KPIs (grace {}, abort on fail {}), reports to {}", name, cfg.kpis().size(),
                cfg.settings().grace(), cfg.settings().abortOnFail(), cfg.resultsDir());
    }

    /** Evaluates now: windows, live verdicts, abort-on-fail (the ticker calls it once a second). */
    void tick(RunState st) {
        KpiEngine e = st.engine;
        if (e == null || st.finished()) {
            return;
        }
        e.tick();
        synchronized (st) {
            // under the state's lock so that a late tick never overwrites the final verdict
            if (!st.finished()) {
                out.live(st, e.liveOutcomes());
            }
        }
    }

    private void safeTick(RunState st) {
        try {
            tick(st);
        } catch (RuntimeException ex) {
            log.error("{}: KPI evaluation failed", name, ex);
        }
    }

    /** One engine (or the local run, {@code host == null}) ended; the last one finishes the run. */
    void end(RunState st, String host) {
        boolean last = st.engineEndedAndLast();
        if (host != null) {
            log.info("{}: engine {} ended ({} ended)", name, host, st.engineCounts());
        }
        if (last) {
            finish(st);
        }
    }

    /**
     * The run did not start ({@code reason} says why): writes "not started" reports over the
     * previous run's, shows it live and on the console, asks for exit code 1, and leaves no
     * state behind (the next start begins afresh). Safe to call more than once.
     */
    void didNotStart(RunState st, String reason) {
        if (st.finishNow()) {
            notStarted(st, reason);
        }
    }

    private void notStarted(RunState st, String reason) {
        st.stopTicker();
        out.notStarted(st, reason, st.config != null ? st.config.resultsDir() : settings.resultsDirOrNull(),
                wiring.clockOrSystem().millis());
        HeadlessExit.exitForStartFailure(StartFailure.EXIT_CODE);
    }

    /**
     * Judges the run, writes the reports, prints the table and sets the exit code. Whatever goes
     * wrong in here ends in a non-zero exit code of a headless run, never in a silent 0 (JMeter
     * only logs what a {@code testEnded} throws).
     */
    private void finish(RunState st) {
        try {
            st.stopTicker();
            st.lastResourceRound();
            StartFailure.Registration undo = st.undo;
            if (undo != null) {
                undo.close();
            }
            if (StartFailure.failedSince(st.startNanos)) {
                // e.g. a thread group refused to start after this listener had started: JMeter still ends the test
                notStarted(st, KpiListener.NOT_STARTED_ELSEWHERE);
                return;
            }
            KpiRun run = judge(st);
            boolean written = out.concluded(st, run);
            int code = exitCode(run, st.config, !written);
            if (code != 0) {
                HeadlessExit.exitWhenJMeterIsDone(code);
            }
        } catch (RuntimeException | Error ex) { // NOSONAR the exit code must survive anything
            log.error("{}: finishing the KPI verdict failed", name, ex);
            System.err.println("KPI Assertions '" + name + "': the verdict could not be finished: " + ex); // NOSONAR
            HeadlessExit.exitWhenJMeterIsDone(StartFailure.EXIT_CODE);
            out.error(st, ex);
            if (ex instanceof Error) {
                throw (Error) ex;
            }
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
            if (run.abortReason == null && st.stopMark != null && wiring.probeOrJMeter().stoppedSince(st.stopMark)) {
                run = run.withStoppedBy("Test stopped by user (or by a Stop Test action) before the plan's end:"
                        + " the verdict covers the samples up to the stop");
            }
            return run;
        } catch (RuntimeException ex) {
            log.error("{}: judging the run failed", name, ex);
            long now = System.currentTimeMillis(); // not the clock: it may be what failed
            return KpiRun.unjudged(KpiRun.ERROR, "judging the run failed: " + ex, now, now, cfg.kpis(),
                    cfg.settings());
        }
    }

    /** 1 when the run was not judged or its reports are missing; 99 when it failed (and the gate is on); else 0. */
    static int exitCode(KpiRun run, RunState.Config cfg, boolean reportsMissing) {
        return KpiVerdict.exitCode(run, cfg.exitOnFail(), reportsMissing);
    }
}
