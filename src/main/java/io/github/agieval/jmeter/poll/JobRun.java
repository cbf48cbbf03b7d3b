package io.github.agieval.jmeter.poll;

/**
 * The state of the one job a virtual user is polling: counters and times since the controller
 * was entered. Mutable, confined to the thread that owns the controller clone.
 */
final class JobRun {

    final PollSettings settings;
    /** When the controller was entered (epoch ms). */
    final long loopStartMillis;
    /** Where the job sample starts (epoch ms): the loop start or the start-time variable. */
    final long startMillis;
    /** What {@link #startMillis} came from, for the job sample's data. */
    final String startedFrom;
    /** Job id for the sample data and logs, or empty. */
    final String jobId;

    int polls;
    int failedPolls;
    int failedInARow;
    int waits;
    long waitedMillis;
    String lastStatus;
    /** Why the last round gave no status (JSON path condition), or {@code null}. */
    String statusProblem;
    /** The thread's previous result when the current round started, to tell whether it sampled. */
    Object roundStartResult;

    JobRun(PollSettings settings, long loopStartMillis, long startMillis, String startedFrom, String jobId) {
        this.settings = settings;
        this.loopStartMillis = loopStartMillis;
        this.startMillis = startMillis;
        this.startedFrom = startedFrom;
        this.jobId = jobId;
    }

    /** The wall-clock time after which no poll starts, or {@link Long#MAX_VALUE}. */
    long deadlineMillis() {
        return settings.timeoutMillis() > 0 ? startMillis + settings.timeoutMillis() : Long.MAX_VALUE;
    }
}
