package io.github.agieval.jmeter.judge;

/**
 * One row of a JTL file: a sample, or a sub-sample of the sample before it ({@link #subSample()}).
 *
 * @param label the sample's label
 * @param start start time, epoch milliseconds (JTL {@code timeStamp} / {@code ts})
 * @param elapsed elapsed milliseconds ({@code elapsed} / {@code t})
 * @param latency time to first byte, ms; 0 when the JTL does not hold it
 * @param connect connect time, ms; 0 when the JTL does not hold it
 * @param ok whether the sample succeeded
 * @param responseCode the response code; empty when absent
 * @param failureMessage the first assertion's failure message; empty when absent
 * @param threadName the thread's name; empty when absent
 * @param allThreads active threads of all groups when the sample ended; 0 when absent
 * @param hostname the engine's host name (distributed runs); empty when absent
 * @param subSample {@code true} for a sub-sample (a redirect, a re-login) of the sample before it
 * @param polls the poll count of a Job Polling Controller's job sample (its response message ends with
 *        {@code " (polls=N)"}, see {@link io.github.agieval.jmeter.kpi.engine.JobPolls}); -1 for other samples
 */
public record JtlSample(String label, long start, long elapsed, long latency, long connect, boolean ok,
        String responseCode, String failureMessage, String threadName, int allThreads, String hostname,
        boolean subSample, int polls) {

    /** A sample that is not a job sample (no poll count). */
    @SuppressWarnings("java:S107") // one JTL row
    public JtlSample(String label, long start, long elapsed, long latency, long connect, boolean ok,
            String responseCode, String failureMessage, String threadName, int allThreads, String hostname,
            boolean subSample) {
        this(label, start, elapsed, latency, connect, ok, responseCode, failureMessage, threadName, allThreads,
                hostname, subSample, -1);
    }

    /** End time, epoch milliseconds. */
    public long end() {
        return start + elapsed;
    }
}
