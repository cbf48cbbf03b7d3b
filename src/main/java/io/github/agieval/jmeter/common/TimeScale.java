package io.github.agieval.jmeter.common;

import org.apache.jmeter.util.JMeterUtils;

/**
 * The suite's time scale: the JMeter property {@value #PROPERTY}, a factor on every duration of a
 * plan (stages, graceful ramp-down, poll intervals and time-outs, the sandbox's job durations), so
 * that a 20-minute plan runs in one minute at {@code -JTIME_SCALE=0.05}. Missing or empty means 1.
 * The suite's elements apply it themselves (their fields show the real durations); stock elements
 * get it through the {@code ${__scaled(...)}} function.
 *
 * <p>Threading: stateless; reads JMeter's properties on each call.
 */
public final class TimeScale {

    /** The JMeter property holding the factor. */
    public static final String PROPERTY = "TIME_SCALE";

    private TimeScale() {
    }

    /**
     * The current factor, checked: a value that is not a positive number is refused with
     * {@code settings}' element named in the message.
     */
    public static double current(Settings settings) {
        String raw = JMeterUtils.getJMeterProperties() == null ? null : JMeterUtils.getProperty(PROPERTY);
        return settings.positive(PROPERTY + " (JMeter property)", raw, 1.0);
    }

    /** {@code ms} times {@code factor}, rounded; a positive duration stays at least 1 ms. */
    public static long apply(long ms, double factor) {
        if (ms <= 0 || factor == 1.0) {
            return ms;
        }
        double scaled = ms * factor;
        return scaled >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE / 2 : Math.max(1, Math.round(scaled));
    }
}
