package io.github.agieval.jmeter.sandbox;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Start-up configuration of a {@link Sandbox}: where it listens, how fast simulated jobs run,
 * its limits, and the initial {@link Faults} (which the admin API can change later).
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().timeFactor(0.01).build())) {
 *     String base = sandbox.baseUrl();   // http://127.0.0.1:<ephemeral port>
 * }
 * }</pre>
 *
 * <p>An immutable record, built with {@link #builder()} (whose setters check each value and name
 * it); {@link #toString()} never shows the password, the users' passwords or the admin token.
 * Thread-safe.
 */
public record SandboxConfig(
        String host,
        int port,
        double timeFactor,
        int workers,
        String password,
        int maxBodyBytes,
        Duration jobRetention,
        int maxRetainedJobs,
        int maxTokens,
        // request threads; 0 means the server library's default (see Builder#ioThreads)
        int ioThreads,
        Server server,
        Faults faults,
        // the secret the admin API (/__admin/...) requires in header X-Admin-Token
        String adminToken,
        // whether adminToken was generated (not given)
        boolean adminTokenGenerated,
        // per-user passwords (user name to password); empty: every user name logs in with password
        Map<String, String> users,
        // bytes of request bodies held at once over all connections; beyond it requests get 503
        long maxBodyMemoryBytes,
        // time a client gets, once it starts a request, to complete its request line and headers
        Duration headerTimeout,
        // time a request body may stall without any byte arriving before the connection is closed
        Duration readTimeout,
        // time an idle connection (no request in progress) stays open
        Duration idleTimeout) {

    public static final String DEFAULT_PASSWORD = "test-password";

    /** Longest token lifetime and job retention accepted (10 years, in seconds). */
    public static final long MAX_SECONDS = 10L * 365 * 86_400;
    /** Largest accepted {@link Builder#maxBodyBytes} (64 MiB). */
    public static final int MAX_BODY_BYTES_LIMIT = 64 * 1024 * 1024;
    /** Default of {@link Builder#maxBodyMemoryBytes}: request bodies held at once, all connections (64 MiB). */
    public static final long DEFAULT_MAX_BODY_MEMORY = 64L * 1024 * 1024;
    /** Default time a client gets to send its request line and headers (10 s). */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a request body may stall without a byte arriving (10 s). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** Default time an idle keep-alive connection stays open (60 s). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** The HTTP server library that carries the API. */
    public enum Server {
        /** Undertow's non-blocking core (the default: measured fastest, see docs/benchmarks.md). */
        UNDERTOW,
        /** The JDK's built-in {@code com.sun.net.httpserver} (no dependency). */
        JDK
    }

    /** Freezes the users map and keeps the body memory at least one body. */
    public SandboxConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(adminToken, "adminToken");
        users = Collections.unmodifiableMap(new LinkedHashMap<>(users == null ? Map.of() : users));
        maxBodyMemoryBytes = Math.max(maxBodyMemoryBytes, maxBodyBytes);
    }

    /** The configuration without its secrets: password, users' passwords and admin token are hidden. */
    @Override
    public String toString() {
        return "SandboxConfig[host=" + host + ", port=" + port + ", timeFactor=" + timeFactor + ", workers=" + workers
                + ", maxBodyBytes=" + maxBodyBytes + ", jobRetention=" + jobRetention + ", maxRetainedJobs="
                + maxRetainedJobs + ", maxTokens=" + maxTokens + ", ioThreads=" + ioThreads + ", server=" + server
                + ", faults=" + faults + ", users=" + users.keySet() + ", maxBodyMemoryBytes=" + maxBodyMemoryBytes
                + ", headerTimeout=" + headerTimeout + ", readTimeout=" + readTimeout + ", idleTimeout=" + idleTimeout
                + "]";
    }

    /** A fresh random admin secret: 32 random bytes, URL-safe Base64 (43 characters). */
    static String generateToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: 127.0.0.1, ephemeral port, time factor 1, no faults. */
    public static SandboxConfig defaults() {
        return builder().build();
    }

    /** Whether {@code host} is a loopback address or name (binding it exposes nothing to the network). */
    public static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Builder; each setter checks its value and names it in the exception. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private double timeFactor = 1.0;
        private int workers = 64;
        private String password = DEFAULT_PASSWORD;
        private int maxBodyBytes = 1024 * 1024;
        private Duration jobRetention = Duration.ofMinutes(10);
        private int maxRetainedJobs = 100_000;
        private int maxTokens = 200_000;
        private int ioThreads;
        private Server server = Server.UNDERTOW;
        private Faults.Builder faults = Faults.builder();
        private String adminToken;
        private final Map<String, String> users = new LinkedHashMap<>();
        private long maxBodyMemoryBytes = DEFAULT_MAX_BODY_MEMORY;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

        private Builder() {
        }

        /**
         * The admin secret (at least 16 characters, no spaces or control characters); default: a
         * random one, see {@link SandboxConfig#adminToken()}.
         */
        public Builder adminToken(String token) {
            if (token == null || token.length() < 16 || token.length() > 512
                    || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                // the value itself is a secret: never in the message
                throw new IllegalArgumentException("admin token must be 16..512 printable ASCII characters "
                        + "without spaces");
            }
            this.adminToken = token;
            return this;
        }

        /** Gives {@code user} its own password (see {@link SandboxConfig#users()}). */
        public Builder user(String user, String password) {
            if (user == null || user.isBlank() || user.length() > 128) {
                throw new IllegalArgumentException("user name must be 1..128 characters, got '"
                        + (user == null ? "" : user) + "'");
            }
            if (password == null || password.isEmpty() || password.length() > 1024) {
                throw new IllegalArgumentException("the password of user '" + user + "' must be 1..1024 characters");
            }
            users.put(user, password);
            return this;
        }

        /** Largest total of request bodies held at once (default 64 MiB, at least the max body size). */
        public Builder maxBodyMemoryBytes(long bytes) {
            if (bytes < 1 || bytes > 1L << 40) {
                throw new IllegalArgumentException("max body memory must be 1..2^40 bytes, got " + bytes);
            }
            this.maxBodyMemoryBytes = bytes;
            return this;
        }

        /** Time to complete request line and headers (default 10 s; 10 ms..1 hour). */
        public Builder headerTimeout(Duration timeout) {
            this.headerTimeout = timeout("header timeout", timeout);
            return this;
        }

        /** Time a body may stall (default 10 s; 10 ms..1 hour). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout("read timeout", timeout);
            return this;
        }

        /** Time an idle connection stays open (default 60 s; 10 ms..1 hour). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout("idle timeout", timeout);
            return this;
        }

        private static Duration timeout(String what, Duration d) {
            if (d == null || d.compareTo(Duration.ofMillis(10)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(what + " must be between 10 ms and 1 hour, got " + d);
            }
            return d;
        }

        /** Address to bind (default 127.0.0.1; {@code 0.0.0.0} for every interface). */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            this.host = host.trim();
            return this;
        }

        /** Port (default 0: an ephemeral port, see {@link Sandbox#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Factor on every simulated job duration (default 1.0; 0.01 makes jobs 100 times faster). */
        public Builder timeFactor(double factor) {
            if (!(factor >= 0 && factor <= 1000)) {
                throw new IllegalArgumentException("time factor must be between 0 and 1000, got " + factor);
            }
            this.timeFactor = factor;
            return this;
        }

        /** Jobs that run at the same time (default 64); further jobs wait in the queue. */
        public Builder workers(int workers) {
            if (workers < 1 || workers > 100_000) {
                throw new IllegalArgumentException("workers must be 1..100000, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** The password every user must log in with (default {@value #DEFAULT_PASSWORD}). */
        public Builder password(String password) {
            if (password == null || password.isEmpty() || password.length() > 1024) {
                throw new IllegalArgumentException("password must be 1..1024 characters");
            }
            this.password = password;
            return this;
        }

        /** Largest accepted request body in bytes (default 1 MiB); larger bodies get 413. */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1 || bytes > MAX_BODY_BYTES_LIMIT) {
                throw new IllegalArgumentException("max body bytes must be 1.." + MAX_BODY_BYTES_LIMIT + ", got " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** How long a finished (or hung) job stays readable (default 10 minutes). */
        public Builder jobRetention(Duration retention) {
            if (retention == null || retention.isNegative() || retention.isZero()
                    || retention.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0) {
                throw new IllegalArgumentException("job retention must be between 1 ms and " + MAX_SECONDS
                        + " s, got " + retention);
            }
            this.jobRetention = retention;
            return this;
        }

        /** Most finished jobs kept at once (default 100000); the oldest go first. */
        public Builder maxRetainedJobs(int max) {
            if (max < 1 || max > 10_000_000) {
                throw new IllegalArgumentException("max retained jobs must be 1..10000000, got " + max);
            }
            this.maxRetainedJobs = max;
            return this;
        }

        /** Most live tokens at once (default 200000); beyond it the oldest are revoked. */
        public Builder maxTokens(int max) {
            if (max < 1 || max > 10_000_000) {
                throw new IllegalArgumentException("max tokens must be 1..10000000, got " + max);
            }
            this.maxTokens = max;
            return this;
        }

        /**
         * Threads that handle requests; 0 (default) = the library's default: Undertow one I/O thread
         * per core, the JDK server max(4, 2 x cores) request threads.
         */
        public Builder ioThreads(int threads) {
            if (threads < 0 || threads > 1024) {
                throw new IllegalArgumentException("io threads must be 0..1024, got " + threads);
            }
            this.ioThreads = threads;
            return this;
        }

        /** The HTTP server library (default {@link Server#UNDERTOW}). */
        public Builder server(Server server) {
            this.server = java.util.Objects.requireNonNull(server, "server");
            return this;
        }

        /** Initial fault configuration (replaces everything set by the fault setters so far). */
        public Builder faults(Faults faults) {
            this.faults = faults.toBuilder();
            return this;
        }

        /** Changes the initial fault configuration in place, e.g. {@code f -> f.errorRate(0.1)}. */
        public Builder faults(java.util.function.Consumer<Faults.Builder> change) {
            change.accept(this.faults);
            return this;
        }

        public Builder queueCapacity(int capacity) {
            faults.queueCapacity(capacity);
            return this;
        }

        public Builder tokenLifetime(Duration lifetime) {
            faults.tokenLifetimeSeconds(lifetime == null ? 0 : lifetime.toSeconds());
            return this;
        }

        public Builder latency(Latency latency) {
            faults.latency(latency);
            return this;
        }

        public Builder errorRate(double rate) {
            faults.errorRate(rate);
            return this;
        }

        public Builder dropRate(double rate) {
            faults.dropRate(rate);
            return this;
        }

        public Builder jobFailureRate(double rate) {
            faults.jobFailureRate(rate);
            return this;
        }

        public Builder jobHangRate(double rate) {
            faults.jobHangRate(rate);
            return this;
        }

        public Builder unhealthy(boolean unhealthy) {
            faults.unhealthy(unhealthy);
            return this;
        }

        public SandboxConfig build() {
            boolean generated = adminToken == null;
            return new SandboxConfig(host, port, timeFactor, workers, password, maxBodyBytes, jobRetention,
                    maxRetainedJobs, maxTokens, ioThreads, server, faults.build(), generated ? generateToken() : adminToken,
                    generated, users, maxBodyMemoryBytes, headerTimeout, readTimeout, idleTimeout);
        }
    }
}
