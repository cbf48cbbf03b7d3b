package io.github.agieval.jmeter.poll;

import org.apache.jmeter.threads.JMeterVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of the one job a virtual user is polling: counters and times since the controller
 * was entered, and the rules that end it (terminal status, failed polls in a row, max polls,
 * time-out) as {@link Ending}s.
 *
 * <p>Threading: mutable, confined to the thread that owns the controller clone.
 */
final class JobRun {

    private static final Logger log = LoggerFactory.getLogger(JobRun.class);

    /** How a job ends: the outcome and the reason, the job sample's response message before the poll count. */
    record Ending(JobOutcome outcome, String message) {
    }

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

    /**
     * Where a job entered at {@code nowMillis} starts: the epoch-millisecond time in the start-time
     * variable when it is set and not in the future, else {@code nowMillis} (a bad value is logged).
     *
     * @return the start and what it came from ({@code loop} or the variable's name)
     */
    static Start startOf(PollSettings s, JMeterVariables vars, long nowMillis, String elementName) {
        if (s.startTimeVariable().isEmpty()) {
            return new Start(nowMillis, "loop");
        }
        String raw = vars.get(s.startTimeVariable());
        Long at = parseEpochMillis(raw);
        if (at != null && at <= nowMillis) {
            return new Start(at, s.startTimeVariable());
        }
        if (raw != null && !raw.isBlank()) {
            log.warn("Job Polling Controller '{}': start time variable {} = '{}' is not an epoch-millisecond"
                    + " time before now; the job is timed from the start of polling", elementName,
                    s.startTimeVariable(), raw);
        }
        return new Start(nowMillis, "loop");
    }

    /** A job's start time (epoch ms) and what it came from. */
    record Start(long millis, String from) {
    }

    /** The wall-clock time after which no poll starts, or {@link Long#MAX_VALUE}. */
    long deadlineMillis() {
        return settings.timeoutMillis() > 0 ? startMillis + settings.timeoutMillis() : Long.MAX_VALUE;
    }

    /** The last status read, or empty. */
    String finalStatus() {
        return lastStatus == null ? "" : lastStatus;
    }

    /** The end of a job whose status is terminal: a success or not, by the success values. */
    Ending terminal() {
        boolean ok = settings.isSuccess(lastStatus);
        return ok ? new Ending(JobOutcome.SUCCEEDED, "final status '" + lastStatus + "'")
                  : new Ending(JobOutcome.FAILED,
                          "final status '" + lastStatus + "' is not a success value " + settings.successValues());
    }

    /** Counts a round that did not end the job: {@code failed} when its last sample failed. */
    void countRound(boolean sampled, boolean failed) {
        if (sampled && failed) {
            failedPolls++;
            failedInARow++;
        } else if (sampled) {
            failedInARow = 0;
        }
    }

    /**
     * The limit the job reached after a round without a terminal status, at {@code nowMillis}, or
     * {@code null} when polling goes on: failed polls in a row, then max polls, then the time-out.
     */
    Ending limitReached(long nowMillis) {
        PollSettings s = settings;
        if (s.maxFailedPolls() > 0 && failedInARow >= s.maxFailedPolls()) {
            return new Ending(JobOutcome.ERROR,
                    withStatusProblem("polling failed " + s.maxFailedPolls() + " times in a row"));
        }
        if (s.maxPolls() > 0 && polls >= s.maxPolls()) {
            return new Ending(JobOutcome.TIMED_OUT,
                    withStatusProblem("timed out: max polls (" + s.maxPolls() + ") reached"));
        }
        if (nowMillis >= deadlineMillis()) {
            return new Ending(JobOutcome.TIMED_OUT,
                    withStatusProblem("timed out: time-out (" + s.timeoutMillis() + " ms) elapsed"));
        }
        return null;
    }

    /** {@code message}, plus why no status could be read when that is why the job did not end. */
    private String withStatusProblem(String message) {
        return statusProblem == null ? message : message + "; no status read: " + statusProblem;
    }

    private static Long parseEpochMillis(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
