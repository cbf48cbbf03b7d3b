package io.github.agieval.jmeter.kpi;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.kpi.engine.Kpi;
import io.github.agieval.jmeter.kpi.engine.KpiEngine;
import io.github.agieval.jmeter.kpi.engine.KpiRun;
import io.github.agieval.jmeter.prometheus.KpiStatusBoard;

/**
 * The runtime state of one run of one KPI Assertions element: the settings resolved at its start,
 * the {@link KpiEngine}, the evaluating thread, and the verdict once written. A new instance is
 * made at every test start and never handed to another element: a copy of the element (GUI
 * Duplicate, Copy/Paste) judges its own run. The only sharing is inside one distributed run,
 * where JMeter gives each engine its own clone of the element: those clones (made from the same
 * run-time element) join one instance, so one verdict covers every engine.
 *
 * <p>Threading: the fields set at start are written before the state is published (under the
 * group's or the element's start) and only read afterwards; {@link #engine} and the verdict fields
 * are volatile; the engine counts and {@link #finished} are guarded by this object's monitor.
 */
final class RunState {

    /** The settings of this run, resolved once at its start. */
    record Config(List<Kpi> kpis, List<String> warnings, KpiEngine.Settings settings, boolean exitOnFail,
            Path resultsDir, Path baselinePath, JsonNode baseline, double tolerance) {
    }

    final boolean distributed;
    /** {@link System#nanoTime()} at this run's start, for {@link io.github.agieval.jmeter.common.StartFailure#failedSince}. */
    final long startNanos = System.nanoTime();
    /** The undo registered with StartFailure: "not started" reports if the test fails to start. */
    volatile io.github.agieval.jmeter.common.StartFailure.Registration undo;
    volatile Config config;
    volatile KpiEngine engine;
    /** This run's verdicts for the Prometheus exporter ({@code jmeter_kpi_state}). */
    volatile KpiStatusBoard board;
    /** What {@link StopProbe#stoppedSince} compares with (local runs), or {@code null}. */
    volatile Object stopMark;
    final Set<String> remoteHosts = ConcurrentHashMap.newKeySet();
    volatile ScheduledExecutorService ticker;
    private int enginesStarted;
    private int enginesEnded;
    private boolean finished;
    volatile KpiRun lastRun;
    volatile List<String> lastReportFiles;

    RunState(boolean distributed) {
        this.distributed = distributed;
    }

    /** One more engine (or the local run) started and reports to this state. */
    synchronized void engineStarted(String host) {
        enginesStarted++;
        if (host != null) {
            remoteHosts.add(host);
        }
    }

    /**
     * One engine (or the local run) ended; {@code true} exactly once: when the last one ended and
     * nobody finished the run yet. The caller then writes the verdict.
     */
    synchronized boolean engineEndedAndLast() {
        enginesEnded++;
        if (enginesEnded < enginesStarted || finished || engine == null) {
            return false;
        }
        finished = true;
        return true;
    }

    /** Marks the run finished (e.g. it did not start); {@code true} if it was not finished yet. */
    synchronized boolean finishNow() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }

    synchronized boolean finished() {
        return finished;
    }

    synchronized String engineCounts() {
        return enginesEnded + " of " + enginesStarted;
    }

    /** Stops the evaluating thread, if any. */
    void stopTicker() {
        ScheduledExecutorService t = ticker;
        ticker = null;
        if (t != null) {
            t.shutdownNow();
        }
    }
}
