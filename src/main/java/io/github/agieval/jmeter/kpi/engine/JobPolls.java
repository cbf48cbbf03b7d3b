package io.github.agieval.jmeter.kpi.engine;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.agieval.jmeter.common.Json;

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
    public static final String MESSAGE_MARK = " (polls=";
    /** Job sample bodies are small; a larger body is not one (and is not parsed). */
    static final int MAX_BODY = 16 * 1024;

    private JobPolls() {
    }

    /** The count N of a message ending with {@code " (polls=N)"}, else -1. */
    public static int fromMessage(String message) {
        if (message == null || message.isEmpty() || message.charAt(message.length() - 1) != ')') {
            return -1;
        }
        int at = message.lastIndexOf(MESSAGE_MARK);
        if (at < 0) {
            return -1;
        }
        int from = at + MESSAGE_MARK.length();
        int to = message.length() - 1;
        if (from == to || to - from > 9) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = message.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
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
        if (responseCode == null || responseCode.isEmpty() || !Character.isLetter(responseCode.charAt(0))
                || body == null || body.length < 2 || body.length > MAX_BODY || body[0] != '{') {
            return -1;
        }
        JsonNode data;
        try {
            data = Json.parse(body);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        JsonNode polls = data == null ? null : data.get("polls");
        if (polls == null || !polls.canConvertToInt() || !polls.isIntegralNumber() || polls.asInt() < 0
                || !data.has("job_id")) {
            return -1;
        }
        return polls.asInt();
    }
}
