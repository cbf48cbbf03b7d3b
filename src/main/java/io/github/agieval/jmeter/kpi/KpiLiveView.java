package io.github.agieval.jmeter.kpi;

import java.util.List;

import io.github.agieval.jmeter.kpi.engine.KpiOutcome;

/**
 * Receives the live verdicts of a running {@link KpiListener} (the GUI's KPI table). Called on
 * the listener's evaluating thread, about once a second, and once more at test end;
 * implementations hand the data to their own thread (e.g. Swing's event thread).
 */
@FunctionalInterface
public interface KpiLiveView {

    /** @param status one line: running / passed / failed, samples so far, report paths at the end */
    void kpisUpdated(List<KpiOutcome> outcomes, String status);
}
