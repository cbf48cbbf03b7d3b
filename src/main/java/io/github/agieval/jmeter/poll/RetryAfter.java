package io.github.agieval.jmeter.poll;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.jmeter.samplers.SampleResult;

/**
 * Reads the {@code Retry-After} header (RFC 9110 §10.2.3) of a 429 or 503 answer: either
 * delta-seconds or an HTTP-date. Stateless.
 */
final class RetryAfter {

    private static final String HEADER = "retry-after";

    private RetryAfter() {
    }

    /**
     * The wait the server asked for in {@code result}, in milliseconds, or {@code -1} if the
     * result is not a 429/503 or carries no usable {@code Retry-After}.
     *
     * @param nowMillis the current wall-clock time, to turn an HTTP-date into a delay
     */
    static long millis(SampleResult result, long nowMillis) {
        if (result == null) {
            return -1;
        }
        String code = result.getResponseCode();
        if (!"429".equals(code) && !"503".equals(code)) {
            return -1;
        }
        String value = headerValue(result.getResponseHeaders());
        return value == null ? -1 : parse(value, nowMillis);
    }

    /** The value of the first {@code Retry-After} line of a raw header block, or {@code null}. */
    static String headerValue(String headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(HEADER)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Delay in ms for a header value, {@code -1} if it is neither delta-seconds nor an HTTP-date. */
    static long parse(String value, long nowMillis) {
        String v = value.trim();
        if (v.isEmpty()) {
            return -1;
        }
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Math.multiplyExact(Long.parseLong(v), 1000L);
            } catch (ArithmeticException | NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
        try {
            long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowMillis);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
