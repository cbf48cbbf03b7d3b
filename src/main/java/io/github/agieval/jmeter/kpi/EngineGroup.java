package io.github.agieval.jmeter.kpi;

import java.util.function.Consumer;

/**
 * The clones made from one KPI Assertions element: on the client of a distributed run JMeter clones
 * the run-time tree once per engine, and these clones share one {@link RunState}, so one verdict covers
 * every engine. A run-time element is itself a fresh clone at every start, so a group never outlives its
 * run; a GUI copy is made from the GUI element, never from a run-time one, so it is never in a running
 * group.
 *
 * <p>Threading: guarded by its monitor; a run is started under it, so the engines' {@code testStarted}
 * calls (one per engine, possibly at once) start exactly one run.
 */
final class EngineGroup {

    private RunState run;

    /**
     * Joins engine {@code host} to the group's run; when there is none (or the last one finished), first
     * makes a new one and hands it to {@code start}. If {@code start} throws, the group keeps no run.
     */
    synchronized RunState join(String host, Consumer<RunState> start) {
        RunState st = run;
        if (st == null || st.finished()) {
            st = new RunState(true);
            start.accept(st);
            run = st;
        }
        st.engineStarted(host);
        return st;
    }
}
