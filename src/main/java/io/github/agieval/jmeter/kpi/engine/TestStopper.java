package io.github.agieval.jmeter.kpi.engine;

import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.apache.jmeter.engine.RemoteJMeterEngine;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.rmi.RmiUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the running test gracefully when a KPI fails and abort-on-fail is on: threads finish the
 * sample they are in, then the test ends as after a "Shutdown", so tearDown thread groups still
 * run (with the Test Plan's "Run tearDown Thread Groups after shutdown" on, JMeter's default).
 * Injected so that tests can observe the request without a running engine.
 *
 * <p>Threading: called on the listener's evaluating thread with no lock of the listener or its
 * engine held (JMeter's stop reaches every sampler thread, whose callbacks take those locks).
 */
@FunctionalInterface
public interface TestStopper {

    /**
     * Asks the test to stop; {@code reason} says which KPI failed. Called at most once per run.
     * Throws {@link IllegalStateException} naming what could not be stopped.
     */
    void stopTest(String reason);

    /**
     * The local engine's graceful shutdown ({@link StandardJMeterEngine#stopEngine()}; JMeter
     * runs it on a thread of its own).
     */
    static TestStopper jmeterEngine() {
        return reason -> StandardJMeterEngine.stopEngine();
    }

    /**
     * A distributed run's graceful shutdown, as the client's "Shutdown" does it: asks every
     * engine in {@code hosts} (the {@code host[:port]} entries of {@code -R}, as JMeter reports
     * them to the listener) over RMI to shut its test down, with the client's RMI socket settings
     * (SSL or not). Every engine is asked even if one fails; then an {@link IllegalStateException}
     * names the engines that could not be reached.
     */
    static TestStopper remoteEngines(Supplier<? extends Collection<String>> hosts) {
        return reason -> {
            Logger log = LoggerFactory.getLogger(TestStopper.class);
            List<String> failed = new ArrayList<>();
            for (String host : List.copyOf(hosts.get())) {
                try {
                    remoteEngine(host).rstopTest(false);
                    log.info("Asked engine {} to shut its test down: {}", host, reason);
                } catch (Exception e) { // NOSONAR every engine is tried; the failures are reported together
                    log.error("Could not stop engine {}", host, e);
                    failed.add(host + " (" + e + ")");
                }
            }
            if (!failed.isEmpty()) {
                throw new IllegalStateException("could not stop engine(s) " + String.join(", ", failed));
            }
        };
    }

    /** The remote engine object that {@code jmeter-server} at {@code hostAndPort} registered. */
    private static RemoteJMeterEngine remoteEngine(String hostAndPort) throws Exception {
        String host = hostAndPort;
        int port = RmiUtils.DEFAULT_RMI_PORT;
        int bracket = hostAndPort.indexOf(']');
        int colon = hostAndPort.indexOf(':', Math.max(bracket, 0));
        if (colon >= 0 && (bracket >= 0 || hostAndPort.indexOf(':', colon + 1) < 0)) {
            host = hostAndPort.substring(0, colon);
            port = Integer.parseInt(hostAndPort.substring(colon + 1));
        }
        Registry registry = LocateRegistry.getRegistry(host, port, RmiUtils.createClientSocketFactory());
        // the name jmeter-server binds its engine under (RemoteJMeterEngineImpl.JMETER_ENGINE_RMI_NAME)
        return (RemoteJMeterEngine) registry.lookup("JMeterEngine");
    }
}
