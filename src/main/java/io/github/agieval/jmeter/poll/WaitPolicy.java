package io.github.agieval.jmeter.poll;

/**
 * The length of the waits between polls: fixed or exponential back-off with a cap, optional
 * jitter, and a server's {@code Retry-After} as a lower bound, itself capped by the max interval
 * (a server cannot park a user for longer than the plan allows). Pure functions of the settings;
 * the randomness comes from the caller (per-thread source, replaceable in tests).
 */
final class WaitPolicy {

    private WaitPolicy() {
    }

    /**
     * The wait before the next poll.
     *
     * @param s             the job's settings
     * @param waitIndex     0 for the job's first wait, 1 for the second, ...
     * @param retryAfterMs  what the last answer's {@code Retry-After} asked for, or {@code -1}
     * @param random        a uniform number in [0, 1), used only when jitter is on
     * @return milliseconds to wait, before truncation at the job's time-out
     */
    static long waitMillis(PollSettings s, int waitIndex, long retryAfterMs, double random) {
        double base;
        if (s.backoff() == BackoffMode.EXPONENTIAL) {
            base = s.intervalMillis() * Math.pow(s.backoffMultiplier(), waitIndex);
        } else {
            base = s.intervalMillis();
        }
        base = Math.min(base, s.maxIntervalMillis());
        if (s.jitterPercent() > 0) {
            double j = s.jitterPercent() / 100.0;
            base = base * (1.0 + j * (2.0 * random - 1.0));
            base = Math.max(0, Math.min(base, s.maxIntervalMillis()));
        }
        long wait = Math.round(base);
        if (s.honourRetryAfter() && retryAfterMs > wait) {
            // a server cannot make a user wait longer than the plan allows (nor overflow the wait)
            wait = Math.min(retryAfterMs, s.maxIntervalMillis());
        }
        return wait;
    }
}
