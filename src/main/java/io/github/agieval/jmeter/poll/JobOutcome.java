package io.github.agieval.jmeter.poll;

/**
 * How a polled job ended, as the job sample's response code and the {@code <prefix>outcome}
 * variable show it. Only {@link #SUCCEEDED} is a successful job sample.
 */
public enum JobOutcome {
    /** A terminal status among the success values. */
    SUCCEEDED,
    /** A terminal status outside the success values. */
    FAILED,
    /** Max polls reached or the time-out elapsed before a terminal status. */
    TIMED_OUT,
    /** Too many consecutive polls failed (the "max failed polls" limit). */
    ERROR,
    /**
     * Polling was abandoned by the plan: an error action "Start next thread loop", a Flow Control
     * Action "break"/"start next thread loop", or a parent loop restarting.
     */
    ABORTED;

    public boolean isSuccess() {
        return this == SUCCEEDED;
    }
}
