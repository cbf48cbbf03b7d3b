package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox's run-time-changeable behaviour: injected faults, queue capacity and token
 * lifetime. Immutable; the running sandbox holds the current value in an atomic reference, and
 * the admin endpoint swaps in a new one (so a request sees one consistent configuration).
 *
 * <p>JSON form (the admin API's, all keys optional in a PATCH):
 * <pre>{@code
 * {"latency":"normal:100,20", "latency_by_endpoint":{"GET /api/v1/jobs/{id}":"fixed:5"},
 *  "error_rate":0.0, "error_rate_by_endpoint":{}, "error_status":500,
 *  "drop_rate":0.0, "drop_rate_by_endpoint":{},
 *  "job_failure_rate":0.0, "job_hang_rate":0.0,
 *  "queue_capacity":10000, "queue_full_status":429, "token_lifetime_s":3600, "unhealthy":false,
 *  "max_concurrent_requests":0, "service_time_ms":50}
 * }</pre>
 */
public final class Faults {

    public static final String LATENCY = "latency";
    public static final String LATENCY_BY_ENDPOINT = "latency_by_endpoint";
    public static final String ERROR_RATE = "error_rate";
    public static final String ERROR_RATE_BY_ENDPOINT = "error_rate_by_endpoint";
    public static final String ERROR_STATUS = "error_status";
    public static final String DROP_RATE = "drop_rate";
    public static final String DROP_RATE_BY_ENDPOINT = "drop_rate_by_endpoint";
    public static final String JOB_FAILURE_RATE = "job_failure_rate";
    public static final String JOB_HANG_RATE = "job_hang_rate";
    public static final String QUEUE_CAPACITY = "queue_capacity";
    public static final String QUEUE_FULL_STATUS = "queue_full_status";
    public static final String TOKEN_LIFETIME_S = "token_lifetime_s";
    public static final String UNHEALTHY = "unhealthy";
    public static final String MAX_CONCURRENT_REQUESTS = "max_concurrent_requests";
    public static final String SERVICE_TIME_MS = "service_time_ms";

    /** Largest {@code max_concurrent_requests} accepted. */
    public static final int MAX_CONCURRENT_LIMIT = 100_000;
    /** Longest {@code service_time_ms} accepted (as long as one injected latency). */
    public static final int MAX_SERVICE_TIME_MS = (int) Latency.MAX_MS;
    /** Default {@code service_time_ms}. */
    public static final int DEFAULT_SERVICE_TIME_MS = 50;

    /** Largest queue capacity accepted. */
    public static final int MAX_QUEUE_CAPACITY = 10_000_000;
    /** Longest token lifetime accepted, in seconds (10 years). */
    public static final long MAX_TOKEN_LIFETIME_S = SandboxConfig.MAX_SECONDS;

    /** No faults, queue capacity 10000, token lifetime 3600 s. */
    public static final Faults NONE = builder().build();

    private final Latency latency;
    private final Map<String, Latency> latencyByEndpoint;
    private final double errorRate;
    private final Map<String, Double> errorRateByEndpoint;
    private final int errorStatus;
    private final double dropRate;
    private final Map<String, Double> dropRateByEndpoint;
    private final double jobFailureRate;
    private final double jobHangRate;
    private final int queueCapacity;
    private final int queueFullStatus;
    private final long tokenLifetimeSeconds;
    private final boolean unhealthy;
    private final int maxConcurrentRequests;
    private final int serviceTimeMs;

    private Faults(Builder b) {
        latency = b.latency;
        latencyByEndpoint = Collections.unmodifiableMap(new LinkedHashMap<>(b.latencyByEndpoint));
        errorRate = b.errorRate;
        errorRateByEndpoint = Collections.unmodifiableMap(new LinkedHashMap<>(b.errorRateByEndpoint));
        errorStatus = b.errorStatus;
        dropRate = b.dropRate;
        dropRateByEndpoint = Collections.unmodifiableMap(new LinkedHashMap<>(b.dropRateByEndpoint));
        jobFailureRate = b.jobFailureRate;
        jobHangRate = b.jobHangRate;
        queueCapacity = b.queueCapacity;
        queueFullStatus = b.queueFullStatus;
        tokenLifetimeSeconds = b.tokenLifetimeSeconds;
        unhealthy = b.unhealthy;
        maxConcurrentRequests = b.maxConcurrentRequests;
        serviceTimeMs = b.serviceTimeMs;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.latency = latency;
        b.latencyByEndpoint.putAll(latencyByEndpoint);
        b.errorRate = errorRate;
        b.errorRateByEndpoint.putAll(errorRateByEndpoint);
        b.errorStatus = errorStatus;
        b.dropRate = dropRate;
        b.dropRateByEndpoint.putAll(dropRateByEndpoint);
        b.jobFailureRate = jobFailureRate;
        b.jobHangRate = jobHangRate;
        b.queueCapacity = queueCapacity;
        b.queueFullStatus = queueFullStatus;
        b.tokenLifetimeSeconds = tokenLifetimeSeconds;
        b.unhealthy = unhealthy;
        b.maxConcurrentRequests = maxConcurrentRequests;
        b.serviceTimeMs = serviceTimeMs;
        return b;
    }

    /** Latency added to responses of {@code route} (its own setting, else the global one). */
    public Latency latencyFor(Route route) {
        return latencyByEndpoint.getOrDefault(route.template(), latency);
    }

    public double errorRateFor(Route route) {
        return errorRateByEndpoint.getOrDefault(route.template(), errorRate);
    }

    public double dropRateFor(Route route) {
        return dropRateByEndpoint.getOrDefault(route.template(), dropRate);
    }

    public Latency latency() {
        return latency;
    }

    public Map<String, Latency> latencyByEndpoint() {
        return latencyByEndpoint;
    }

    public double errorRate() {
        return errorRate;
    }

    public Map<String, Double> errorRateByEndpoint() {
        return errorRateByEndpoint;
    }

    public int errorStatus() {
        return errorStatus;
    }

    public double dropRate() {
        return dropRate;
    }

    public Map<String, Double> dropRateByEndpoint() {
        return dropRateByEndpoint;
    }

    public double jobFailureRate() {
        return jobFailureRate;
    }

    public double jobHangRate() {
        return jobHangRate;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public int queueFullStatus() {
        return queueFullStatus;
    }

    public long tokenLifetimeSeconds() {
        return tokenLifetimeSeconds;
    }

    public boolean unhealthy() {
        return unhealthy;
    }

    /** Capacity knob: API requests in service at once (0 = off, no limit). */
    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /** Capacity knob: how long each API request holds its slot, in ms (used when the knob is on). */
    public int serviceTimeMs() {
        return serviceTimeMs;
    }

    /** The JSON form (every key present). */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put(LATENCY, latency.toString());
        ObjectNode lat = o.putObject(LATENCY_BY_ENDPOINT);
        latencyByEndpoint.forEach((k, v) -> lat.put(k, v.toString()));
        o.put(ERROR_RATE, errorRate);
        ObjectNode err = o.putObject(ERROR_RATE_BY_ENDPOINT);
        errorRateByEndpoint.forEach(err::put);
        o.put(ERROR_STATUS, errorStatus);
        o.put(DROP_RATE, dropRate);
        ObjectNode drop = o.putObject(DROP_RATE_BY_ENDPOINT);
        dropRateByEndpoint.forEach(drop::put);
        o.put(JOB_FAILURE_RATE, jobFailureRate);
        o.put(JOB_HANG_RATE, jobHangRate);
        o.put(QUEUE_CAPACITY, queueCapacity);
        o.put(QUEUE_FULL_STATUS, queueFullStatus);
        o.put(TOKEN_LIFETIME_S, tokenLifetimeSeconds);
        o.put(UNHEALTHY, unhealthy);
        o.put(MAX_CONCURRENT_REQUESTS, maxConcurrentRequests);
        o.put(SERVICE_TIME_MS, serviceTimeMs);
        return o;
    }

    /**
     * This configuration with the keys present in {@code patch} changed (a {@code *_by_endpoint}
     * map replaces the previous map; {@code null} for an endpoint removes its own setting).
     *
     * @throws IllegalArgumentException naming the bad key or value
     */
    public Faults merge(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new IllegalArgumentException("fault configuration must be a JSON object");
        }
        Builder b = toBuilder();
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
                    b.latencyByEndpoint.clear();
                    object(key, v).fields().forEachRemaining(
                            f -> b.latency(f.getKey(), f.getValue().isNull() ? null : Latency.parse(text(key, f.getValue()))));
                    break;
                case ERROR_RATE:
                    b.errorRate(number(key, v));
                    break;
                case ERROR_RATE_BY_ENDPOINT:
                    b.errorRateByEndpoint.clear();
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
                    b.dropRateByEndpoint.clear();
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
                    if (!v.isBoolean()) {
                        throw new IllegalArgumentException("'" + key + "' must be true or false, got " + v);
                    }
                    b.unhealthy(v.booleanValue());
                    break;
                case MAX_CONCURRENT_REQUESTS:
                    b.maxConcurrentRequests(intValue(key, v));
                    break;
                case SERVICE_TIME_MS:
                    b.serviceTimeMs(intValue(key, v));
                    break;
                default:
                    throw new IllegalArgumentException("unknown fault setting '" + key + "'; known: "
                            + String.join(", ", NONE.toJson().properties().stream().map(Map.Entry::getKey).toList()));
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Faults f && f.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return Json.write(toJson());
    }

    /** Builder; every setter validates its value and names it in the exception. */
    public static final class Builder {
        private Latency latency = Latency.NONE;
        private final Map<String, Latency> latencyByEndpoint = new LinkedHashMap<>();
        private double errorRate;
        private final Map<String, Double> errorRateByEndpoint = new LinkedHashMap<>();
        private int errorStatus = 500;
        private double dropRate;
        private final Map<String, Double> dropRateByEndpoint = new LinkedHashMap<>();
        private double jobFailureRate;
        private double jobHangRate;
        private int queueCapacity = 10_000;
        private int queueFullStatus = 429;
        private long tokenLifetimeSeconds = 3600;
        private boolean unhealthy;
        private int maxConcurrentRequests;
        private int serviceTimeMs = DEFAULT_SERVICE_TIME_MS;

        private Builder() {
        }

        public Builder latency(Latency latency) {
            this.latency = latency == null ? Latency.NONE : latency;
            return this;
        }

        /** Latency of one endpoint ({@code null} removes its own setting). */
        public Builder latency(String endpoint, Latency latency) {
            put(latencyByEndpoint, LATENCY_BY_ENDPOINT, endpoint, latency);
            return this;
        }

        public Builder errorRate(double rate) {
            this.errorRate = fraction(ERROR_RATE, rate);
            return this;
        }

        public Builder errorRate(String endpoint, Double rate) {
            put(errorRateByEndpoint, ERROR_RATE_BY_ENDPOINT, endpoint,
                    rate == null ? null : fraction(ERROR_RATE_BY_ENDPOINT + "." + endpoint, rate));
            return this;
        }

        public Builder errorStatus(int status) {
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("'" + ERROR_STATUS + "' must be a 5xx status, got " + status);
            }
            this.errorStatus = status;
            return this;
        }

        public Builder dropRate(double rate) {
            this.dropRate = fraction(DROP_RATE, rate);
            return this;
        }

        public Builder dropRate(String endpoint, Double rate) {
            put(dropRateByEndpoint, DROP_RATE_BY_ENDPOINT, endpoint,
                    rate == null ? null : fraction(DROP_RATE_BY_ENDPOINT + "." + endpoint, rate));
            return this;
        }

        public Builder jobFailureRate(double rate) {
            this.jobFailureRate = fraction(JOB_FAILURE_RATE, rate);
            return this;
        }

        public Builder jobHangRate(double rate) {
            this.jobHangRate = fraction(JOB_HANG_RATE, rate);
            return this;
        }

        public Builder queueCapacity(int capacity) {
            if (capacity < 0 || capacity > MAX_QUEUE_CAPACITY) {
                throw new IllegalArgumentException("'" + QUEUE_CAPACITY + "' must be between 0 and "
                        + MAX_QUEUE_CAPACITY + ", got " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        public Builder queueFullStatus(int status) {
            if (status != 429 && status != 503) {
                throw new IllegalArgumentException("'" + QUEUE_FULL_STATUS + "' must be 429 or 503, got " + status);
            }
            this.queueFullStatus = status;
            return this;
        }

        public Builder tokenLifetimeSeconds(long seconds) {
            if (seconds < 1 || seconds > MAX_TOKEN_LIFETIME_S) {
                throw new IllegalArgumentException("'" + TOKEN_LIFETIME_S + "' must be between 1 and "
                        + MAX_TOKEN_LIFETIME_S + " seconds, got " + seconds);
            }
            this.tokenLifetimeSeconds = seconds;
            return this;
        }

        public Builder unhealthy(boolean unhealthy) {
            this.unhealthy = unhealthy;
            return this;
        }

        /** API requests in service at once, 0..100000 (0 = off). */
        public Builder maxConcurrentRequests(int n) {
            if (n < 0 || n > MAX_CONCURRENT_LIMIT) {
                throw new IllegalArgumentException("'" + MAX_CONCURRENT_REQUESTS + "' must be between 0 (off) and "
                        + MAX_CONCURRENT_LIMIT + ", got " + n);
            }
            this.maxConcurrentRequests = n;
            return this;
        }

        /** Time each API request holds its slot, 1..120000 ms. */
        public Builder serviceTimeMs(int ms) {
            if (ms < 1 || ms > MAX_SERVICE_TIME_MS) {
                throw new IllegalArgumentException("'" + SERVICE_TIME_MS + "' must be between 1 and "
                        + MAX_SERVICE_TIME_MS + " ms, got " + ms);
            }
            this.serviceTimeMs = ms;
            return this;
        }

        public Faults build() {
            return new Faults(this);
        }

        private static <V> void put(Map<String, V> map, String key, String endpoint, V value) {
            if (Route.byTemplate(endpoint) == null) {
                throw new IllegalArgumentException("'" + key + "': unknown endpoint '" + endpoint
                        + "'; use a route template such as 'GET /api/v1/jobs/{id}': " + Route.templates());
            }
            if (value == null) {
                map.remove(endpoint);
            } else {
                map.put(endpoint, value);
            }
        }

        private static double fraction(String key, double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("'" + key + "' must be a fraction between 0 and 1, got " + v);
            }
            return v;
        }
    }
}
