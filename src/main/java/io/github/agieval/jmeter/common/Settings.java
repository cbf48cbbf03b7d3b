package io.github.agieval.jmeter.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads one element's settings the same way in every element family, and builds the
 * {@link InvalidSettingException} that names the element, the property and the value.
 *
 * <p>The rules, the same for every element:
 * <ul>
 * <li><b>Empty means default.</b> A missing, empty or blank value is the property's default (JMeter's
 * TestBean GUI writes an empty string for every property a {@code .jmx} does not hold).</li>
 * <li><b>Booleans</b> are {@code true} or {@code false}, in any case; any other word is an error (never a
 * silent {@code false}).</li>
 * <li><b>Numbers</b> are checked against their range; the message gives the range.</li>
 * <li><b>Durations</b> use {@link Durations}' grammar; a bare number is milliseconds, in every element.</li>
 * </ul>
 * Values are trimmed. Values of secret properties must not be passed here (the message shows the value).
 *
 * <p>Threading: immutable; one instance per element and use, or shared.
 */
public final class Settings {

    private final String element;

    private Settings(String element) {
        this.element = element;
    }

    /** Settings of the element of kind {@code kind} (e.g. {@code Stage Thread Group}) named {@code name}. */
    public static Settings of(String kind, String name) {
        return new Settings(name == null || name.isBlank() ? kind : kind + " '" + name + "'");
    }

    /** The element as messages name it, e.g. {@code KPI Assertions 'KPIs'}. */
    public String element() {
        return element;
    }

    /** {@code true} when {@code raw} is missing, empty or blank: the property's default applies. */
    public static boolean isBlank(String raw) {
        return raw == null || raw.isBlank();
    }

    /** The trimmed value, or {@code def} when blank. */
    public String text(String property, String raw, String def) {
        return isBlank(raw) ? def : raw.trim();
    }

    /** The trimmed value, or {@code def} when blank; refuses a blank {@code def} too (a required value). */
    public String required(String property, String raw, String def) {
        String v = text(property, raw, def);
        if (isBlank(v)) {
            throw bad(property, raw, "must not be empty");
        }
        return v;
    }

    /** {@code true}/{@code false} in any case, or {@code def} when blank; anything else is an error. */
    public boolean bool(String property, String raw, boolean def) {
        if (isBlank(raw)) {
            return def;
        }
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw bad(property, raw, "must be true or false");
    }

    /** A whole number in {@code [min, max]}, or {@code def} when blank. */
    public long whole(String property, String raw, long def, long min, long max) {
        if (isBlank(raw)) {
            return def;
        }
        long n;
        try {
            n = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw bad(property, raw, "must be a whole number between " + min + " and " + max);
        }
        if (n < min || n > max) {
            throw bad(property, raw, "must be a whole number between " + min + " and " + max);
        }
        return n;
    }

    /** As {@link #whole} for an {@code int}. */
    public int wholeInt(String property, String raw, int def, int min, int max) {
        return (int) whole(property, raw, def, min, max);
    }

    /** A finite number in {@code [min, max]}, or {@code def} when blank. */
    public double decimal(String property, String raw, double def, double min, double max) {
        if (isBlank(raw)) {
            return def;
        }
        double d;
        try {
            d = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw bad(property, raw, "must be a number between " + num(min) + " and " + num(max));
        }
        if (!(d >= min && d <= max)) { // also refuses NaN
            throw bad(property, raw, "must be a number between " + num(min) + " and " + num(max));
        }
        return d;
    }

    /** A finite number above 0, or {@code def} when blank. */
    public double positive(String property, String raw, double def) {
        if (isBlank(raw)) {
            return def;
        }
        try {
            double d = Double.parseDouble(raw.trim());
            if (d > 0 && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw bad(property, raw, "must be a positive number");
    }

    /**
     * A duration in whole milliseconds within {@code [minMs, maxMs]} ({@link Durations}' grammar, a bare
     * number is milliseconds), or {@code defMs} when blank.
     */
    public long durationMs(String property, String raw, long defMs, long minMs, long maxMs) {
        if (isBlank(raw)) {
            return defMs;
        }
        long ms;
        try {
            ms = Durations.parseMillis(raw);
        } catch (IllegalArgumentException e) {
            throw bad(property, raw, e.getMessage());
        }
        if (ms < minMs || ms > maxMs) {
            throw bad(property, raw, "must be between " + Durations.format(minMs) + " and " + Durations.format(maxMs));
        }
        return ms;
    }

    /** One of {@code type}'s constants by name, in any case ({@code -} and {@code _} alike), or {@code def} when blank. */
    public <E extends Enum<E>> E choice(String property, String raw, Class<E> type, E def) {
        if (isBlank(raw)) {
            return def;
        }
        String v = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        throw bad(property, raw, "must be one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /** The exception for {@code property} = {@code value}: {@code problem}, naming this element. */
    public InvalidSettingException bad(String property, String value, String problem) {
        return new InvalidSettingException(element, property, value == null ? "" : value.trim(), problem);
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
