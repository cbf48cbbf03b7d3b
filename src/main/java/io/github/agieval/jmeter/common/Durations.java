package io.github.agieval.jmeter.common;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suite's one duration grammar: a sum of parts with units, Go/k6 style ({@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 1.5s}), or a bare number.
 *
 * <p><b>A bare number is milliseconds, in every field of every element</b> (like JMeter's own timers
 * and k6 thresholds); units are always accepted, in any case. Results are whole milliseconds, rounded
 * to the nearest; negative values and durations over {@link #MAX_MS} (one year) are refused. The
 * table of every duration field is in {@code docs/settings.md}.
 *
 * <p>Threading: stateless.
 */
public final class Durations {

    /** The longest duration accepted anywhere: one year, in milliseconds. */
    public static final long MAX_MS = 366L * 24 * 3_600_000;

    private static final Pattern BARE = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|h|m|s)");

    private Durations() {
    }

    /**
     * Parses {@code text} as described in the class comment (a bare number is milliseconds).
     *
     * @return whole milliseconds
     * @throws IllegalArgumentException whose message says what is wrong (the caller adds the element,
     *     property and value, see {@link Settings#durationMs})
     */
    public static long parseMillis(String text) {
        String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        double ms;
        if (BARE.matcher(v).matches()) {
            ms = Double.parseDouble(v);
        } else {
            Matcher m = PART.matcher(v);
            int end = 0;
            ms = 0;
            while (m.find() && m.start() == end) {
                double amount = Double.parseDouble(m.group(1));
                ms += switch (m.group(2)) {
                    case "h" -> amount * 3_600_000;
                    case "m" -> amount * 60_000;
                    case "s" -> amount * 1000;
                    default -> amount;
                };
                end = m.end();
            }
            if (v.isEmpty() || end != v.length()) {
                throw new IllegalArgumentException("is not a duration (use e.g. 500ms, 30s, 5m, 1h30m, "
                        + "or a number of milliseconds)");
            }
        }
        if (ms > MAX_MS) {
            throw new IllegalArgumentException("is longer than one year");
        }
        return Math.round(ms);
    }

    /** {@code ms} written with the largest whole unit, e.g. {@code 90000} as {@code 90s}, {@code 120000} as {@code 2m}. */
    public static String format(long ms) {
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
