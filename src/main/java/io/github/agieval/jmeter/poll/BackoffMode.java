package io.github.agieval.jmeter.poll;

/** How the wait between two polls of one job develops. */
public enum BackoffMode {
    /** Every wait is the interval. */
    FIXED,
    /** The n-th wait is interval × multiplier^(n-1), capped at the max interval. */
    EXPONENTIAL
}
