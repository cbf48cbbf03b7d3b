package io.github.agieval.jmeter.common;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The poll count a Job Polling Controller's job sample carries, written and read in one place:
 * its response message ends with {@code " (polls=N)"} (a JTL keeps it) and its JSON body holds
 * {@code "job_id"} and {@code "polls": N} (live only). Who decides that a sample is a job sample
 * (its response code) is the caller's business: the poll package knows the outcome names, the KPI
 * engine (which depends on {@code common} only) accepts any word.
 *
 * <p>Cost: a message costs a check of its last character and one {@code lastIndexOf}; only a small
 * body ({@link #MAX_BODY}) is parsed. Threading: stateless.
 */
public final class JobPollCount {

    /** What a job sample's response message ends with, before the count and {@code ")"}. */
    public static final String MESSAGE_MARK = " (polls=";
    /** Job sample bodies are small; a larger body is not one (and is not parsed). */
    public static final int MAX_BODY = 16 * 1024;

    private JobPollCount() {
    }

    /** {@code message} with the poll count appended: {@code "<message> (polls=N)"}. */
    public static String withPolls(String message, int polls) {
        return message + MESSAGE_MARK + polls + ")";
    }

    /** The count N of a message ending with {@code " (polls=N)"} (1 to 9 digits), else -1. */
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

    /** The count of a JSON body with {@code job_id} and a whole, non-negative {@code polls}, else -1. */
    public static int fromBody(byte[] body) {
        if (body == null || body.length < 2 || body.length > MAX_BODY || body[0] != '{') {
            return -1;
        }
        JsonNode data;
        try {
            data = Json.parse(body);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        JsonNode polls = data == null ? null : data.get("polls");
        if (polls == null || !polls.isIntegralNumber() || !polls.canConvertToInt() || polls.asInt() < 0
                || !data.has("job_id")) {
            return -1;
        }
        return polls.asInt();
    }
}
