package io.github.agieval.jmeter.kpi.engine;

/** The verdict on one KPI. */
public enum Verdict {
    /** The observed value meets the threshold. */
    PASS,
    /** The observed value breaks the threshold. */
    FAIL,
    /** There were no samples in the KPI's scope to compute the value from: counts as failed. */
    NO_DATA,
    /** The load generator cannot measure this metric (server CPU, memory...): reported, not judged. */
    NOT_MEASURED;

    public boolean failed() {
        return this == FAIL || this == NO_DATA;
    }
}
