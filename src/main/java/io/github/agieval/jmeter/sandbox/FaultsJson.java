package io.github.agieval.jmeter.sandbox;

import static io.github.agieval.jmeter.sandbox.Faults.DB_POOL_EXHAUSTED;
import static io.github.agieval.jmeter.sandbox.Faults.DB_POOL_SIZE;
import static io.github.agieval.jmeter.sandbox.Faults.DB_POOL_TIMEOUT_MS;
import static io.github.agieval.jmeter.sandbox.Faults.DROP_RATE;
import static io.github.agieval.jmeter.sandbox.Faults.DROP_RATE_BY_ENDPOINT;
import static io.github.agieval.jmeter.sandbox.Faults.ERROR_RATE;
import static io.github.agieval.jmeter.sandbox.Faults.ERROR_RATE_BY_ENDPOINT;
import static io.github.agieval.jmeter.sandbox.Faults.ERROR_STATUS;
import static io.github.agieval.jmeter.sandbox.Faults.JOB_FAILURE_RATE;
import static io.github.agieval.jmeter.sandbox.Faults.JOB_HANG_RATE;
import static io.github.agieval.jmeter.sandbox.Faults.LATENCY;
import static io.github.agieval.jmeter.sandbox.Faults.LATENCY_BY_ENDPOINT;
import static io.github.agieval.jmeter.sandbox.Faults.MAX_CONCURRENT_REQUESTS;
import static io.github.agieval.jmeter.sandbox.Faults.QUEUE_CAPACITY;
import static io.github.agieval.jmeter.sandbox.Faults.QUEUE_FULL_STATUS;
import static io.github.agieval.jmeter.sandbox.Faults.SERVICE_TIME_MS;
import static io.github.agieval.jmeter.sandbox.Faults.TOKEN_LIFETIME_S;
import static io.github.agieval.jmeter.sandbox.Faults.UNHEALTHY;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a JSON patch of the fault configuration (the admin API's {@code POST /__admin/faults}
 * body, see {@link Faults}): every key present changes one setting, checked for its JSON type here
 * and for its range by {@link Faults.Builder}; errors name the key and the value.
 *
 * <p>Threading: stateless; safe from any thread.
 */
final class FaultsJson {

    private FaultsJson() {
    }

    /**
     * {@code base} with the keys present in {@code patch} changed (a {@code *_by_endpoint} map
     * replaces the previous map; {@code null} for an endpoint removes its own setting).
     *
     * @throws IllegalArgumentException naming the bad key or value
     */
    static Faults merge(Faults base, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new IllegalArgumentException("fault configuration must be a JSON object");
        }
        Faults.Builder b = base.toBuilder();
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            switch (key) {
                case LATENCY:
                    b.latency(Latency.parse(text(key, v)));
                    break;
                case LATENCY_BY_ENDPOINT:
                    b.clear(LATENCY_BY_ENDPOINT);
                    object(key, v).fields().forEachRemaining(
                            f -> b.latency(f.getKey(), f.getValue().isNull() ? null : Latency.parse(text(key, f.getValue()))));
                    break;
                case ERROR_RATE:
                    b.errorRate(number(key, v));
                    break;
                case ERROR_RATE_BY_ENDPOINT:
                    b.clear(ERROR_RATE_BY_ENDPOINT);
                    object(key, v).fields().forEachRemaining(
                            f -> b.errorRate(f.getKey(), f.getValue().isNull() ? null : number(key, f.getValue())));
                    break;
                case ERROR_STATUS:
                    b.errorStatus(intValue(key, v));
                    break;
                case DROP_RATE:
                    b.dropRate(number(key, v));
                    break;
                case DROP_RATE_BY_ENDPOINT:
                    b.clear(DROP_RATE_BY_ENDPOINT);
                    object(key, v).fields().forEachRemaining(
                            f -> b.dropRate(f.getKey(), f.getValue().isNull() ? null : number(key, f.getValue())));
                    break;
                case JOB_FAILURE_RATE:
                    b.jobFailureRate(number(key, v));
                    break;
                case JOB_HANG_RATE:
                    b.jobHangRate(number(key, v));
                    break;
                case QUEUE_CAPACITY:
                    b.queueCapacity(intValue(key, v));
                    break;
                case QUEUE_FULL_STATUS:
                    b.queueFullStatus(intValue(key, v));
                    break;
                case TOKEN_LIFETIME_S:
                    b.tokenLifetimeSeconds(integer(key, v));
                    break;
                case UNHEALTHY:
                    b.unhealthy(bool(key, v));
                    break;
                case DB_POOL_SIZE:
                    b.dbPoolSize(intValue(key, v));
                    break;
                case DB_POOL_TIMEOUT_MS:
                    b.dbPoolTimeoutMs(intValue(key, v));
                    break;
                case DB_POOL_EXHAUSTED:
                    b.dbPoolExhausted(bool(key, v));
                    break;
                case MAX_CONCURRENT_REQUESTS:
                    b.maxConcurrentRequests(intValue(key, v));
                    break;
                case SERVICE_TIME_MS:
                    b.serviceTimeMs(intValue(key, v));
                    break;
                default:
                    throw new IllegalArgumentException("unknown fault setting '" + key + "'; known: "
                            + String.join(", ", Faults.NONE.toJson().properties().stream().map(Map.Entry::getKey).toList()));
            }
        }
        return b.build();
    }

    private static String text(String key, JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + key + "' must be a string such as \"normal:100,20\", got " + v);
        }
        return v.textValue();
    }

    private static boolean bool(String key, JsonNode v) {
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("'" + key + "' must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    private static JsonNode object(String key, JsonNode v) {
        if (!v.isObject()) {
            throw new IllegalArgumentException("'" + key + "' must be an object keyed by endpoint, e.g. "
                    + "{\"GET /api/v1/jobs/{id}\": ...}, got " + v);
        }
        return v;
    }

    private static double number(String key, JsonNode v) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + key + "' must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static long integer(String key, JsonNode v) {
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + key + "' must be an integer, got " + v);
        }
        if (!v.canConvertToLong()) {
            throw new IllegalArgumentException("'" + key + "' is out of range, got " + clip(v));
        }
        return v.longValue();
    }

    /** An integer that must fit an int; the setter then checks its own range. */
    private static int intValue(String key, JsonNode v) {
        long n = integer(key, v);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + key + "' is out of range, got " + n);
        }
        return (int) n;
    }

    private static String clip(JsonNode v) {
        String t = v.toString();
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }
}
