package io.github.agieval.jmeter.common;

import org.slf4j.Logger;

/**
 * How every element of this suite refuses to start a test whose settings are bad.
 *
 * <p>An element checks its settings at test start ({@code testStarted}, or a thread group's
 * {@code start}); when one is bad it builds an exception whose message names the element, the
 * property and the value, and throws what {@link #report} returns. {@code report} writes the
 * message to jmeter.log (ERROR, under the element's own logger) and to the console
 * ({@code System.err}, where a {@code jmeter -n} user looks), and asks for exit code
 * {@value #EXIT_CODE} through {@link HeadlessExit}: stock {@code jmeter -n} otherwise ends with
 * exit code 0 when a {@code testStarted} throws. The thrown exception then makes JMeter's engine
 * start no thread group.
 *
 * <p>Threading: stateless; {@link HeadlessExit} keeps the only (process-wide) state.
 */
public final class StartFailure {

    /** Exit code of a headless run that an element refused to start (JMeter's own start-up error code). */
    public static final int EXIT_CODE = 1;

    private StartFailure() {
    }

    /** Reports {@code failure}'s message (see the class comment) and returns {@code failure}, to be thrown. */
    public static <E extends RuntimeException> E report(Logger log, E failure) {
        return report(log, failure.getMessage(), failure);
    }

    /**
     * Reports {@code message} (see the class comment) and returns {@code failure}, to be thrown;
     * for an element whose log line says more than its exception.
     */
    public static <E extends RuntimeException> E report(Logger log, String message, E failure) {
        log.error("{}", message);
        System.err.println(message); // NOSONAR the console of a headless run must show why the test did not start
        HeadlessExit.exitWhenJMeterIsDone(EXIT_CODE);
        return failure;
    }
}
