package io.github.agieval.jmeter.kpi;

import org.apache.jmeter.engine.StandardJMeterEngine;

/**
 * Stops the running test gracefully when a KPI fails and abort-on-fail is on: threads finish the
 * sample they are in, then the test ends as after a "Shutdown", so tearDown thread groups still
 * run (with the Test Plan's "Run tearDown Thread Groups after shutdown" on, JMeter's default).
 * Injected so that tests can observe the request without a running engine.
 */
@FunctionalInterface
public interface TestStopper {

    /** Asks the test to stop; {@code reason} says which KPI failed. Called at most once per run. */
    void stopTest(String reason);

    /**
     * The local engine's graceful shutdown ({@link StandardJMeterEngine#stopEngine()}). In a
     * distributed run the controlling client has no local engine; the request is then only logged.
     */
    static TestStopper jmeterEngine() {
        return reason -> StandardJMeterEngine.stopEngine();
    }
}
