package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests served, per endpoint (route template, {@link Route#UNMATCHED} or
 * {@code METHOD /path-template} for a 405) and answer ({@code "200"}, {@code "404"}, ... or
 * {@value #DROPPED} for a connection closed without an answer).
 *
 * <p>A request is counted once, when its answer is written (or its connection dropped); admin and
 * {@code /metrics} requests are not counted. Threading: lock-free; {@link LongAdder} cells in
 * concurrent maps, safe from every request thread. The key sets are bounded by the routes and
 * the status codes the sandbox writes.
 */
public final class RequestCounters {

    /** Status key of a request whose connection was closed without an answer. */
    public static final String DROPPED = "dropped";

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, LongAdder>> counts = new ConcurrentHashMap<>();
    private volatile long sinceMillis = System.currentTimeMillis();

    /** Counts one answer with {@code status} for {@code endpoint}. */
    public void record(String endpoint, int status) {
        record(endpoint, statusKey(status));
    }

    /** Counts one dropped connection for {@code endpoint}. */
    public void recordDropped(String endpoint) {
        record(endpoint, DROPPED);
    }

    private void record(String endpoint, String status) {
        counts.computeIfAbsent(endpoint, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, k -> new LongAdder())
                .increment();
    }

    private static final String[] STATUS_KEYS = new String[600];

    static {
        for (int i = 0; i < STATUS_KEYS.length; i++) {
            STATUS_KEYS[i] = Integer.toString(i);
        }
    }

    private static String statusKey(int status) {
        return status >= 0 && status < STATUS_KEYS.length ? STATUS_KEYS[status] : Integer.toString(status);
    }

    /** The count for {@code endpoint} and {@code status} ("200", "dropped", ...). */
    public long count(String endpoint, String status) {
        Map<String, LongAdder> m = counts.get(endpoint);
        LongAdder a = m == null ? null : m.get(status);
        return a == null ? 0 : a.sum();
    }

    /** Every answer counted for {@code endpoint}. */
    public long count(String endpoint) {
        Map<String, LongAdder> m = counts.get(endpoint);
        return m == null ? 0 : m.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Every request counted. */
    public long total() {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToLong(LongAdder::sum).sum();
    }

    /** Sorted snapshot: endpoint -> status -> count. */
    public Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.forEach((endpoint, m) -> {
            Map<String, Long> s = new TreeMap<>();
            m.forEach((status, a) -> s.put(status, a.sum()));
            out.put(endpoint, s);
        });
        return out;
    }

    /**
     * JSON: {@code {"since_ms":..., "total":N, "endpoints":{"GET /health":{"total":3,"statuses":{"200":3}}}}}.
     */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("since_ms", sinceMillis);
        ObjectNode endpoints = Json.object();
        long total = 0;
        for (Map.Entry<String, Map<String, Long>> e : snapshot().entrySet()) {
            ObjectNode ep = endpoints.putObject(e.getKey());
            ObjectNode statuses = Json.object();
            long sum = 0;
            for (Map.Entry<String, Long> s : e.getValue().entrySet()) {
                statuses.put(s.getKey(), s.getValue());
                sum += s.getValue();
            }
            ep.put("total", sum);
            ep.set("statuses", statuses);
            total += sum;
        }
        o.put("total", total);
        o.set("endpoints", endpoints);
        return o;
    }

    /** Sets every count to zero. */
    public void reset() {
        counts.clear();
        sinceMillis = System.currentTimeMillis();
    }
}
