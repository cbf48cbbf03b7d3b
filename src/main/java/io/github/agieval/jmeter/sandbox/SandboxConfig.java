package io.github.agieval.jmeter.sandbox;

import java.time.Duration;

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
 * <p>Immutable and thread-safe.
 */
public final class SandboxConfig {

    public static final String DEFAULT_PASSWORD = "test-password";

    /** The HTTP server library that carries the API. */
    public enum Server {
        /** Undertow's non-blocking core (the default: measured fastest, see docs/benchmarks.md). */
        UNDERTOW,
        /** The JDK's built-in {@code com.sun.net.httpserver} (no dependency). */
        JDK
    }

    private final String host;
    private final int port;
    private final double timeFactor;
    private final int workers;
    private final String password;
    private final int maxBodyBytes;
    private final Duration jobRetention;
    private final int maxRetainedJobs;
    private final int maxTokens;
    private final int ioThreads;
    private final Server server;
    private final Faults faults;

    private SandboxConfig(Builder b) {
        host = b.host;
        port = b.port;
        timeFactor = b.timeFactor;
        workers = b.workers;
        password = b.password;
        maxBodyBytes = b.maxBodyBytes;
        jobRetention = b.jobRetention;
        maxRetainedJobs = b.maxRetainedJobs;
        maxTokens = b.maxTokens;
        ioThreads = b.ioThreads;
        server = b.server;
        faults = b.faults.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: 127.0.0.1, ephemeral port, time factor 1, no faults. */
    public static SandboxConfig defaults() {
        return builder().build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public double timeFactor() {
        return timeFactor;
    }

    public int workers() {
        return workers;
    }

    public String password() {
        return password;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public Duration jobRetention() {
        return jobRetention;
    }

    public int maxRetainedJobs() {
        return maxRetainedJobs;
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** Request threads; 0 means the server library's default (see {@link Builder#ioThreads}). */
    public int ioThreads() {
        return ioThreads;
    }

    public Server server() {
        return server;
    }

    public Faults faults() {
        return faults;
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

        private Builder() {
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
            if (!(factor >= 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("time factor must be >= 0, got " + factor);
            }
            this.timeFactor = factor;
            return this;
        }

        /** Jobs that run at the same time (default 64); further jobs wait in the queue. */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** The password every user must log in with (default {@value #DEFAULT_PASSWORD}). */
        public Builder password(String password) {
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            this.password = password;
            return this;
        }

        /** Largest accepted request body in bytes (default 1 MiB); larger bodies get 413. */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max body bytes must be >= 1, got " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** How long a finished (or hung) job stays readable (default 10 minutes). */
        public Builder jobRetention(Duration retention) {
            if (retention == null || retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("job retention must be > 0, got " + retention);
            }
            this.jobRetention = retention;
            return this;
        }

        /** Most finished jobs kept at once (default 100000); the oldest go first. */
        public Builder maxRetainedJobs(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max retained jobs must be >= 1, got " + max);
            }
            this.maxRetainedJobs = max;
            return this;
        }

        /** Most live tokens at once (default 200000); beyond it the oldest are revoked. */
        public Builder maxTokens(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("max tokens must be >= 1, got " + max);
            }
            this.maxTokens = max;
            return this;
        }

        /**
         * Threads that handle requests; 0 (default) = the library's default: Undertow one I/O thread
         * per core, the JDK server max(4, 2 x cores) request threads.
         */
        public Builder ioThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("io threads must be >= 0, got " + threads);
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
            faults.tokenLifetimeSeconds(lifetime.toSeconds());
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
            return new SandboxConfig(this);
        }
    }
}
