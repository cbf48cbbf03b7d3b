package io.github.agieval.jmeter.kpi.engine;

import io.github.agieval.jmeter.common.JobPollCount;

/**
 * Reads the poll count of a job sample: the sample the Job Polling Controller records when a job
 * ends. Its contract: the response message ends with {@code " (polls=N)"}, and the JSON body holds
 * {@code "job_id"} and {@code "polls": N}; the response code is the job's outcome (a word such as
 * {@code SUCCEEDED}, never an HTTP status). A JTL keeps the message but not the body, so the
 * {@code judge} command reads the message; the live listener reads the message and, for job
 * samples of a controller that does not write the suffix yet, the body. Any other sample has no
 * poll count ({@code -1}).
 *
 * <p>Cost: a sample that is not a job sample costs a suffix check of its message and a look at its
 * response code; only a job sample's (small) body is parsed. Stateless and thread-safe.
 */
public final class JobPolls {

    /** What a job sample's response message ends with, before the count and {@code ")"}. */
    public static final String MESSAGE_MARK = JobPollCount.MESSAGE_MARK;
    /** Job sample bodies are small; a larger body is not one (and is not parsed). */
    static final int MAX_BODY = JobPollCount.MAX_BODY;

    private JobPolls() {
    }

    /** The count N of a message ending with {@code " (polls=N)"}, else -1. */
    public static int fromMessage(String message) {
        return JobPollCount.fromMessage(message);
    }

    /**
     * The count of a live sample: from its message, else from the body of a job sample (a response code
     * that is a word, a JSON object with {@code job_id} and a whole-number {@code polls}); else -1.
     */
    public static int of(String responseCode, String message, byte[] body) {
        int n = fromMessage(message);
        if (n >= 0) {
            return n;
        }
        if (responseCode == null || responseCode.isEmpty() || !Character.isLetter(responseCode.charAt(0))) {
            return -1;
        }
        return JobPollCount.fromBody(body);
    }
}
