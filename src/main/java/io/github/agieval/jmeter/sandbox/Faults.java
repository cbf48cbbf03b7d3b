package io.github.agieval.jmeter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox's run-time-changeable behaviour: injected faults, queue capacity and token
 * lifetime, the capacity knob and the modelled database pool. An immutable record (its canonical
 * constructor checks every value, naming it); the running sandbox holds the current value in an
 * atomic reference, and the admin endpoint swaps in a new one (so a request sees one consistent
 * configuration). {@link #toString()} is the JSON form; {@link #merge} reads a JSON patch
 * through {@code FaultsJson}.
 *
 * <p>JSON form (the admin API's, all keys optional in a PATCH):
 * <pre>{@code
 * {"latency":"normal:100,20", "latency_by_endpoint":{"GET /api/v1/jobs/{id}":"fixed:5"},
 *  "error_rate":0.0, "error_rate_by_endpoint":{}, "error_status":500,
 *  "drop_rate":0.0, "drop_rate_by_endpoint":{},
 *  "job_failure_rate":0.0, "job_hang_rate":0.0,
 *  "queue_capacity":10000, "queue_full_status":429, "token_lifetime_s":3600, "unhealthy":false,
 *  "max_concurrent_requests":0, "service_time_ms":50,
 *  "db_pool_size":20, "db_pool_timeout_ms":1000, "db_pool_exhausted":false}
 * }</pre>
 */
public record Faults(
        Latency latency,
        Map<String, Latency> latencyByEndpoint,
        double errorRate,
        Map<String, Double> errorRateByEndpoint,
        int errorStatus,
        double dropRate,
        Map<String, Double> dropRateByEndpoint,
        double jobFailureRate,
        double jobHangRate,
        int queueCapacity,
        int queueFullStatus,
        long tokenLifetimeSeconds,
        boolean unhealthy,
        // Capacity knob: API requests in service at once (0 = off, no limit).
        int maxConcurrentRequests,
        // Capacity knob: how long each API request holds its slot, in ms (used when the knob is on).
        int serviceTimeMs,
        // Connections of the modelled database pool.
        int dbPoolSize,
        // How long a request waits for a database connection before its 503, in ms (0: refused at once).
        int dbPoolTimeoutMs,
        // Fault: the database pool looks exhausted (every connection active, none handed out).
        boolean dbPoolExhausted) {

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
    public static final String DB_POOL_SIZE = "db_pool_size";
    public static final String DB_POOL_TIMEOUT_MS = "db_pool_timeout_ms";
    public static final String DB_POOL_EXHAUSTED = "db_pool_exhausted";

    /** Largest {@code db_pool_size} accepted. */
    public static final int MAX_DB_POOL_SIZE = 100_000;
    /** Default {@code db_pool_size}. */
    public static final int DEFAULT_DB_POOL_SIZE = 20;
    /** Default {@code db_pool_timeout_ms}. */
    public static final int DEFAULT_DB_POOL_TIMEOUT_MS = 1000;

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

    /** No faults, queue capacity 10000, token lifetime 3600 s, capacity knob off, a pool of 20. */
    public static final Faults NONE = builder().build();

    /** Checks every value (the message names the JSON key) and freezes the maps, in their order. */
    public Faults {
        latency = latency == null ? Latency.NONE : latency;
        latencyByEndpoint = endpoints(LATENCY_BY_ENDPOINT, latencyByEndpoint, null);
        errorRate = fraction(ERROR_RATE, errorRate);
        errorRateByEndpoint = endpoints(ERROR_RATE_BY_ENDPOINT, errorRateByEndpoint, ERROR_RATE_BY_ENDPOINT);
        errorStatus = checkErrorStatus(errorStatus);
        dropRate = fraction(DROP_RATE, dropRate);
        dropRateByEndpoint = endpoints(DROP_RATE_BY_ENDPOINT, dropRateByEndpoint, DROP_RATE_BY_ENDPOINT);
        jobFailureRate = fraction(JOB_FAILURE_RATE, jobFailureRate);
        jobHangRate = fraction(JOB_HANG_RATE, jobHangRate);
        queueCapacity = (int) range(QUEUE_CAPACITY, queueCapacity, 0, MAX_QUEUE_CAPACITY, "");
        queueFullStatus = checkQueueFullStatus(queueFullStatus);
        tokenLifetimeSeconds = range(TOKEN_LIFETIME_S, tokenLifetimeSeconds, 1, MAX_TOKEN_LIFETIME_S, " seconds");
        maxConcurrentRequests = checkMaxConcurrent(maxConcurrentRequests);
        serviceTimeMs = (int) range(SERVICE_TIME_MS, serviceTimeMs, 1, MAX_SERVICE_TIME_MS, " ms");
        dbPoolSize = (int) range(DB_POOL_SIZE, dbPoolSize, 1, MAX_DB_POOL_SIZE, "");
        dbPoolTimeoutMs = (int) range(DB_POOL_TIMEOUT_MS, dbPoolTimeoutMs, 0, MAX_SERVICE_TIME_MS, " ms");
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
        b.dbPoolSize = dbPoolSize;
        b.dbPoolTimeoutMs = dbPoolTimeoutMs;
        b.dbPoolExhausted = dbPoolExhausted;
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
        o.put(DB_POOL_SIZE, dbPoolSize);
        o.put(DB_POOL_TIMEOUT_MS, dbPoolTimeoutMs);
        o.put(DB_POOL_EXHAUSTED, dbPoolExhausted);
        return o;
    }

    /**
     * This configuration with the keys present in {@code patch} changed (a {@code *_by_endpoint}
     * map replaces the previous map; {@code null} for an endpoint removes its own setting).
     *
     * @throws IllegalArgumentException naming the bad key or value
     */
    public Faults merge(JsonNode patch) {
        return FaultsJson.merge(this, patch);
    }

    // ---- value checks, shared by the canonical constructor and the builder's setters ----

    private static double fraction(String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("'" + key + "' must be a fraction between 0 and 1, got " + v);
        }
        return v;
    }

    private static long range(String key, long v, long min, long max, String unit) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("'" + key + "' must be between " + min + " and " + max + unit
                    + ", got " + v);
        }
        return v;
    }

    private static int checkErrorStatus(int status) {
        if (status < 500 || status > 599) {
            throw new IllegalArgumentException("'" + ERROR_STATUS + "' must be a 5xx status, got " + status);
        }
        return status;
    }

    private static int checkQueueFullStatus(int status) {
        if (status != 429 && status != 503) {
            throw new IllegalArgumentException("'" + QUEUE_FULL_STATUS + "' must be 429 or 503, got " + status);
        }
        return status;
    }

    private static int checkMaxConcurrent(int n) {
        if (n < 0 || n > MAX_CONCURRENT_LIMIT) {
            throw new IllegalArgumentException("'" + MAX_CONCURRENT_REQUESTS + "' must be between 0 (off) and "
                    + MAX_CONCURRENT_LIMIT + ", got " + n);
        }
        return n;
    }

    private static void checkEndpoint(String key, String endpoint) {
        if (Route.byTemplate(endpoint) == null) {
            throw new IllegalArgumentException("'" + key + "': unknown endpoint '" + endpoint
                    + "'; use a route template such as 'GET /api/v1/jobs/{id}': " + Route.templates());
        }
    }

    /** An unmodifiable copy in the given order; keys checked, and values as fractions when {@code fractionKey} is set. */
    private static <V> Map<String, V> endpoints(String key, Map<String, V> map, String fractionKey) {
        Map<String, V> copy = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((endpoint, value) -> {
                checkEndpoint(key, endpoint);
                if (fractionKey != null) {
                    fraction(fractionKey + "." + endpoint, ((Number) value).doubleValue());
                }
                copy.put(endpoint, java.util.Objects.requireNonNull(value, key));
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The JSON form, e.g. {@code {"latency":"none", ..., "db_pool_exhausted":false}}. */
    @Override
    public String toString() {
        return Json.write(toJson());
    }

    /** Builder; every setter checks its value at once and names it in the exception. */
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
        private int dbPoolSize = DEFAULT_DB_POOL_SIZE;
        private int dbPoolTimeoutMs = DEFAULT_DB_POOL_TIMEOUT_MS;
        private boolean dbPoolExhausted;

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
            this.errorStatus = checkErrorStatus(status);
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
            this.queueCapacity = (int) range(QUEUE_CAPACITY, capacity, 0, MAX_QUEUE_CAPACITY, "");
            return this;
        }

        public Builder queueFullStatus(int status) {
            this.queueFullStatus = checkQueueFullStatus(status);
            return this;
        }

        public Builder tokenLifetimeSeconds(long seconds) {
            this.tokenLifetimeSeconds = range(TOKEN_LIFETIME_S, seconds, 1, MAX_TOKEN_LIFETIME_S, " seconds");
            return this;
        }

        public Builder unhealthy(boolean unhealthy) {
            this.unhealthy = unhealthy;
            return this;
        }

        /** API requests in service at once, 0..100000 (0 = off). */
        public Builder maxConcurrentRequests(int n) {
            this.maxConcurrentRequests = checkMaxConcurrent(n);
            return this;
        }

        /** Time each API request holds its slot, 1..120000 ms. */
        public Builder serviceTimeMs(int ms) {
            this.serviceTimeMs = (int) range(SERVICE_TIME_MS, ms, 1, MAX_SERVICE_TIME_MS, " ms");
            return this;
        }

        /** Connections of the modelled database pool, 1..100000 (default 20). */
        public Builder dbPoolSize(int size) {
            this.dbPoolSize = (int) range(DB_POOL_SIZE, size, 1, MAX_DB_POOL_SIZE, "");
            return this;
        }

        /** Wait for a database connection before 503, 0..120000 ms (default 1000; 0 = refuse at once). */
        public Builder dbPoolTimeoutMs(int ms) {
            this.dbPoolTimeoutMs = (int) range(DB_POOL_TIMEOUT_MS, ms, 0, MAX_SERVICE_TIME_MS, " ms");
            return this;
        }

        /** Fault: the database pool looks exhausted. */
        public Builder dbPoolExhausted(boolean exhausted) {
            this.dbPoolExhausted = exhausted;
            return this;
        }

        public Faults build() {
            return new Faults(latency, latencyByEndpoint, errorRate, errorRateByEndpoint, errorStatus, dropRate,
                    dropRateByEndpoint, jobFailureRate, jobHangRate, queueCapacity, queueFullStatus,
                    tokenLifetimeSeconds, unhealthy, maxConcurrentRequests, serviceTimeMs, dbPoolSize, dbPoolTimeoutMs,
                    dbPoolExhausted);
        }

        /** Removes every endpoint's own setting of a {@code *_by_endpoint} key (before a JSON map replaces them). */
        Builder clear(String byEndpointKey) {
            switch (byEndpointKey) {
                case LATENCY_BY_ENDPOINT -> latencyByEndpoint.clear();
                case ERROR_RATE_BY_ENDPOINT -> errorRateByEndpoint.clear();
                case DROP_RATE_BY_ENDPOINT -> dropRateByEndpoint.clear();
                default -> throw new IllegalArgumentException("not a by-endpoint key: " + byEndpointKey);
            }
            return this;
        }

        private static <V> void put(Map<String, V> map, String key, String endpoint, V value) {
            checkEndpoint(key, endpoint);
            if (value == null) {
                map.remove(endpoint);
            } else {
                map.put(endpoint, value);
            }
        }
    }
}
