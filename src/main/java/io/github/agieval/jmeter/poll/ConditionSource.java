package io.github.agieval.jmeter.poll;

/** Where the {@link JobPollController} reads whether a job has reached a terminal state. */
public enum ConditionSource {
    /** The value of a JMeter variable (default {@code job_status}) is among the terminal values. */
    VARIABLE,
    /** A JSON path applied to the last response of a poll round gives one of the terminal values. */
    JSON_PATH,
    /** A JMeter expression (e.g. {@code ${__jexl3(...)}}) evaluates to {@code true}. */
    EXPRESSION
}
