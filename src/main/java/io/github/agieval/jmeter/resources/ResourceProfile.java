package io.github.agieval.jmeter.resources;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The default PromQL of the server-side KPIs, per kind of target. Every value is a fraction
 * (0.7 = 70 %), compared with thresholds such as {@code <70%}.
 *
 * <ul>
 * <li>{@link #NODE}: a host watched by {@code node_exporter}: CPU busy share of all cores, memory in
 *     use (1 - MemAvailable / MemTotal); no database pool.</li>
 * <li>{@link #SANDBOX}: the reference sandbox's own {@code /metrics} (Prometheus Java client, scrape
 *     job {@code sandbox}): process CPU in cores (1 = one core busy), JVM heap used / max, and its
 *     database pool's active / max connections.</li>
 * </ul>
 *
 * <p>A KPI's own {@code query:} (and {@code pool_query:}) replaces its default. Immutable.
 */
public enum ResourceProfile {

    NODE(Map.of(
            "cpu_utilization", ResourceQuery.of("1 - avg(rate(node_cpu_seconds_total{mode=\"idle\"}[1m]))"),
            "memory_utilization", ResourceQuery.of(
                    "1 - sum(node_memory_MemAvailable_bytes) / sum(node_memory_MemTotal_bytes)"))),

    SANDBOX(Map.of(
            "cpu_utilization", ResourceQuery.of("sum(rate(process_cpu_seconds_total{job=\"sandbox\"}[1m]))"),
            "memory_utilization", ResourceQuery.of("sum(jvm_memory_used_bytes{job=\"sandbox\",area=\"heap\"})"
                    + " / sum(jvm_memory_max_bytes{job=\"sandbox\",area=\"heap\"})"),
            "database_connections", new ResourceQuery("sum(sandbox_db_connections_active{job=\"sandbox\"})",
                    "sum(sandbox_db_connections_max{job=\"sandbox\"})")));

    /** The profile used when none is given. */
    public static final ResourceProfile DEFAULT = NODE;

    private final Map<String, ResourceQuery> defaults;

    ResourceProfile(Map<String, ResourceQuery> defaults) {
        this.defaults = defaults;
    }

    /** The default query of KPI {@code name} ({@code cpu_utilization}...), if this profile has one. */
    public Optional<ResourceQuery> defaultQuery(String name) {
        return Optional.ofNullable(defaults.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** The names this profile has default queries for. */
    public java.util.Set<String> names() {
        return new java.util.TreeSet<>(defaults.keySet());
    }

    /** {@code node} or {@code sandbox}, any case; {@code null} for anything else. */
    public static ResourceProfile parse(String text) {
        if (text == null) {
            return null;
        }
        for (ResourceProfile p : values()) {
            if (p.name().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        return null;
    }

    /** The name as written in settings. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
