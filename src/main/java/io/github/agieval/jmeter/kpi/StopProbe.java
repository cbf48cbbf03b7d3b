package io.github.agieval.jmeter.kpi;

import java.lang.reflect.Field;

import org.apache.jmeter.engine.StandardJMeterEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether a local run was stopped before its plan's end by someone else than this listener:
 * the GUI's Stop or Shutdown button, {@code shutdown.sh}/{@code stoptest.sh} (JMeter's UDP
 * port), a "Stop Test" sample-error action or Flow Control Action. JMeter tells its listeners
 * nothing of it, but every one of these goes through {@link StandardJMeterEngine#stopTest}, whose
 * first act is to clear the engine's static "current engine" reference (which stays set when a
 * test ends by itself). The probe remembers that reference at test start and compares at test
 * end.
 *
 * <p>JMeter 5.6.3 has no public accessor for the reference, so the probe reads the private static
 * field {@code StandardJMeterEngine.engine} by reflection; if that field is ever missing, the
 * probe says "not stopped" and logs once (the reports then simply do not mention the stop).
 * Local runs only: a distributed run's client has no local engine.
 *
 * <p>Threading: stateless apart from the looked-up field; any thread.
 */
class StopProbe {

    private static final Logger log = LoggerFactory.getLogger(StopProbe.class);
    private static final Field ENGINE = engineField();

    private static Field engineField() {
        try {
            Field f = StandardJMeterEngine.class.getDeclaredField("engine");
            f.setAccessible(true); // NOSONAR the only way to see a stop in JMeter 5.6.3
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Cannot watch JMeter's engine for a stop by the user: {}", e.toString());
            return null;
        }
    }

    /** What {@link #stoppedSince} compares with; taken at test start. */
    Object mark() {
        return currentEngine();
    }

    /** Whether the test marked by {@code mark} was stopped before its end (by anyone). */
    boolean stoppedSince(Object mark) {
        return mark != null && currentEngine() != mark;
    }

    private static Object currentEngine() {
        if (ENGINE == null) {
            return null;
        }
        try {
            return ENGINE.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
