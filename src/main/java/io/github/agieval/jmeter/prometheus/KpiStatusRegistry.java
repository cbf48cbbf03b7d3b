package io.github.agieval.jmeter.prometheus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where KPI sources make themselves known to the Prometheus exporter, within one JMeter JVM (one
 * engine). A KPI Assertions listener registers its {@link KpiStatusSource} under its own key in
 * {@code testStarted} (replacing what the same key registered in an earlier run) and leaves it
 * registered after {@code testEnded}, so that the exporter's last push at test end still sees the
 * final verdicts; closing the returned {@link Registration} removes it. An empty registry means no
 * KPI metrics are exported.
 *
 * <p>Threading: process-wide state guarded by the class lock; sources are called outside it.
 */
public final class KpiStatusRegistry {

    private static final Logger log = LoggerFactory.getLogger(KpiStatusRegistry.class);

    private static final Map<String, KpiStatusSource> SOURCES = new LinkedHashMap<>();

    private KpiStatusRegistry() {
    }

    /**
     * Registers {@code source} under {@code key} (e.g. the listener's name), replacing an earlier
     * source of that key.
     */
    public static Registration register(String key, KpiStatusSource source) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        synchronized (KpiStatusRegistry.class) {
            SOURCES.put(key, source);
        }
        return new Registration(key, source);
    }

    /** The states of every registered source's KPIs; a source that throws is logged and skipped. */
    public static List<KpiStatus> snapshot() {
        List<KpiStatusSource> sources;
        synchronized (KpiStatusRegistry.class) {
            if (SOURCES.isEmpty()) {
                return List.of();
            }
            sources = new ArrayList<>(SOURCES.values());
        }
        List<KpiStatus> out = new ArrayList<>();
        for (KpiStatusSource s : sources) {
            try {
                out.addAll(s.kpiStatuses());
            } catch (RuntimeException e) {
                log.warn("KPI status source {} failed; its KPIs are left out of this scrape", s, e);
            }
        }
        return out;
    }

    /** Removes every source (for tests). */
    static synchronized void clear() {
        SOURCES.clear();
    }

    /** One registration; {@link #close()} removes the source unless another replaced it. */
    public static final class Registration implements AutoCloseable {
        private final String key;
        private final KpiStatusSource source;

        private Registration(String key, KpiStatusSource source) {
            this.key = key;
            this.source = source;
        }

        @Override
        public void close() {
            synchronized (KpiStatusRegistry.class) {
                SOURCES.remove(key, source);
            }
        }
    }
}
