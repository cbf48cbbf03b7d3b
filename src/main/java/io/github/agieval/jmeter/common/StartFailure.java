package io.github.agieval.jmeter.common;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every element of this suite refuses to start a test whose settings are bad, and how what
 * was already started is undone.
 *
 * <p>An element checks its settings at test start ({@code testStarted}, or a thread group's
 * {@code start}); when one is bad it builds an exception whose message names the element, the
 * property and the value (see {@link Settings}), and throws what {@link #report} returns.
 * {@code report} writes the message to jmeter.log (ERROR, under the element's own logger) and to the
 * console ({@code System.err}, where a {@code jmeter -n} user looks), runs the undo actions of the
 * elements that had already started (see below), and asks {@link HeadlessExit} for exit code
 * {@value #EXIT_CODE}, which then wins over any other code (a run that did not start is never
 * judged 99). Stock {@code jmeter -n} otherwise ends with exit code 0 when a {@code testStarted}
 * throws. The thrown exception then makes JMeter's engine start no (further) thread group.
 *
 * <p><b>Undo.</b> JMeter does not call {@code testEnded} when a {@code testStarted} throws, so an
 * element that starts something in {@code testStarted} (a server, a property it sets, a report it
 * owns) registers how to undo it with {@link #onFailure} and closes that {@link Registration} in
 * its {@code testEnded}. On a start failure every open registration runs once, newest first, and is
 * removed; an undo that throws is logged and the others still run. A thread group whose
 * {@code start} fails may still see JMeter call {@code testEnded} afterwards: undo actions must
 * therefore be idempotent, and elements can ask {@link #failedSince} whether the run they started
 * failed to start.
 *
 * <p>Threading: process-wide state guarded by the class lock; undo actions run outside it, on the
 * thread that reports the failure (JMeter's engine thread).
 */
public final class StartFailure {

    /** Exit code of a headless run that an element refused to start (JMeter's own start-up error code). */
    public static final int EXIT_CODE = 1;

    private static final Logger log = LoggerFactory.getLogger(StartFailure.class);

    private static final Set<Registration> OPEN = new LinkedHashSet<>();
    private static long lastFailureNanos = Long.MIN_VALUE;
    private static boolean anyFailure;

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
        List<Registration> undo;
        synchronized (StartFailure.class) {
            lastFailureNanos = System.nanoTime();
            anyFailure = true;
            undo = new ArrayList<>(OPEN);
            OPEN.clear();
        }
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).runOnce();
        }
        HeadlessExit.exitForStartFailure(EXIT_CODE);
        return failure;
    }

    /**
     * Registers {@code undo}, run if the test fails to start before the registration is closed;
     * {@code what} names it in the log (e.g. {@code Sandbox Target 'Sandbox': stop the embedded sandbox}).
     */
    public static Registration onFailure(String what, Runnable undo) {
        Registration r = new Registration(what, undo);
        synchronized (StartFailure.class) {
            OPEN.add(r);
        }
        return r;
    }

    /**
     * {@code true} when a start failure was reported at or after {@code nanos} ({@link System#nanoTime()}):
     * an element that noted the time in its {@code testStarted} asks whether its run failed to start.
     */
    public static synchronized boolean failedSince(long nanos) {
        return anyFailure && lastFailureNanos - nanos >= 0;
    }

    /** How many undo registrations are open (for tests). */
    static synchronized int openRegistrations() {
        return OPEN.size();
    }

    /** An undo action; {@link #close()} it when the test ended normally. */
    public static final class Registration implements AutoCloseable {

        private final String what;
        private final Runnable undo;
        private boolean done;

        private Registration(String what, Runnable undo) {
            this.what = what;
            this.undo = undo;
        }

        /** Removes the undo action without running it (the element cleans up in {@code testEnded}). */
        @Override
        public void close() {
            synchronized (StartFailure.class) {
                OPEN.remove(this);
            }
        }

        private void runOnce() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            try {
                log.info("Test did not start; undoing: {}", what);
                undo.run();
            } catch (RuntimeException | Error e) { // NOSONAR every other undo must still run
                log.error("Test did not start; undoing '{}' failed", what, e);
            }
        }
    }
}
