package io.github.agieval.jmeter.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running reference AGI Evaluation Sandbox API server (see {@code docs/elements/sandbox.md}).
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().timeFactor(0.01).build())) {
 *     http.get(sandbox.baseUrl() + "/health");
 * }
 * }</pre>
 *
 * <p>Threading: a fixed pool of {@link SandboxConfig#ioThreads()} request threads serves HTTP; one
 * daemon timer thread ends simulated jobs, releases delayed answers and runs housekeeping (every
 * second: expired tokens, old jobs, idle users). All threads, Undertow's I/O and worker threads
 * included, are daemon threads, so an embedded sandbox never keeps a JVM alive;
 * {@link #close()} stops it gracefully: no new connections, answers in progress (including
 * delayed ones) get up to two seconds, then every connection is closed and the threads end (a
 * few seconds at most, whatever clients do).
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    /** Version reported by /health and /api/v1/status. */
    public static final String VERSION = versionOf();

    private final SandboxConfig config;
    private final SandboxState state;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService requests;
    private final Transport transport;
    private final Dispatcher dispatcher;
    private final int port;
    private final AtomicInteger closed = new AtomicInteger();
    private final SandboxConfig.Server serverKind;
    private final BodyBudget budget;

    private Sandbox(SandboxConfig config) throws IOException {
        this.config = config;
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("sandbox-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.state = new SandboxState(config, timer);
        int cores = Runtime.getRuntime().availableProcessors();
        SandboxConfig.Server server = config.server();
        if (server == SandboxConfig.Server.UNDERTOW && !undertowAvailable()) {
            LOG.warn("Undertow is not on the class path; the sandbox uses the JDK HTTP server");
            server = SandboxConfig.Server.JDK;
        }
        int threads = config.ioThreads() > 0 ? config.ioThreads()
                : server == SandboxConfig.Server.UNDERTOW ? Math.max(2, cores) : Math.max(4, 2 * cores);
        this.requests = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("sandbox-http"));
        this.budget = new BodyBudget(config.maxBodyMemoryBytes());
        try {
            if (server == SandboxConfig.Server.UNDERTOW) {
                dispatcher = new Dispatcher(state, "undertow", timer, Runnable::run);
                this.transport = new UndertowTransport(config, threads, budget, dispatcher);
            } else {
                dispatcher = new Dispatcher(state, "jdk", timer, requests);
                this.transport = new JdkHttpTransport(config, requests, timer, budget, dispatcher);
            }
        } catch (IOException | RuntimeException e) {
            timer.shutdownNow();
            requests.shutdownNow();
            throw e;
        }
        this.port = transport.port();
        this.serverKind = server;
        timer.scheduleWithFixedDelay(this::housekeeping, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Starts a sandbox with {@code config}.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static Sandbox start(SandboxConfig config) {
        try {
            Sandbox s = new Sandbox(config);
            LOG.info("AGI Evaluation Sandbox {} listening on {} ({} server, time factor {}, workers {}, faults {})",
                    VERSION, s.baseUrl(), s.server(), config.timeFactor(), config.workers(), config.faults());
            if (!SandboxConfig.isLoopback(config.host())) {
                LOG.warn("WARNING: the sandbox listens on {}, beyond loopback: anyone who can reach this port can "
                        + "log in with the configured passwords and use the API; the admin API still needs the "
                        + "admin token. Bind 127.0.0.1 unless you mean it.", config.host());
            }
            return s;
        } catch (IOException e) {
            throw cannotStart(config, e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) { // Undertow wraps bind errors
                throw cannotStart(config, io);
            }
            throw e;
        }
    }

    private static UncheckedIOException cannotStart(SandboxConfig config, IOException e) {
        return new UncheckedIOException("cannot start the sandbox on " + config.host() + ":" + config.port()
                + ": " + e.getMessage(), e);
    }

    /** Starts a sandbox with the defaults on an ephemeral port of 127.0.0.1. */
    public static Sandbox start() {
        return start(SandboxConfig.defaults());
    }

    /** The port it listens on (the real one when started on port 0). */
    public int port() {
        return port;
    }

    /** The HTTP server library in use (the JDK's when Undertow is missing from the class path). */
    public SandboxConfig.Server server() {
        return serverKind;
    }

    private static boolean undertowAvailable() {
        try {
            Class.forName("io.undertow.Undertow", false, Sandbox.class.getClassLoader());
            Class.forName("org.xnio.nio.NioXnioProvider", false, Sandbox.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** {@code http://<host>:<port>}, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        String h = config.host();
        if (h.equals("0.0.0.0") || h.equals("::")) {
            h = "127.0.0.1";
        } else if (h.indexOf(':') >= 0) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + port();
    }

    public SandboxConfig config() {
        return config;
    }

    /** The fault configuration in force now. */
    public Faults faults() {
        return state.faults();
    }

    /** Replaces the fault configuration (what {@code PUT /__admin/faults} does). */
    public void faults(Faults faults) {
        state.faults(faults);
    }

    /** The request counters (also at {@code /__admin/counters} and {@code /metrics}). */
    public RequestCounters counters() {
        return state.counters;
    }

    /** Back to the state right after start (what {@code POST /__admin/reset} does). */
    public void reset() {
        state.reset();
    }

    private void housekeeping() {
        try {
            state.housekeeping();
        } catch (RuntimeException e) {
            LOG.warn("sandbox housekeeping failed", e);
        }
    }

    /** The secret the admin API needs in header {@code X-Admin-Token} (see {@link SandboxConfig#adminToken()}). */
    public String adminToken() {
        return config.adminToken();
    }

    /** Stops gracefully; idempotent. */
    @Override
    public void close() {
        if (closed.getAndIncrement() > 0) {
            return;
        }
        // graceful: answers in progress (delayed ones too) get up to two seconds
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (dispatcher.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            transport.stop();
        } catch (RuntimeException e) {
            LOG.warn("sandbox on port {}: the HTTP server did not stop cleanly", port, e);
        } finally {
            timer.shutdownNow();
            requests.shutdown();
            try {
                if (!requests.awaitTermination(2, TimeUnit.SECONDS)) {
                    requests.shutdownNow();
                }
            } catch (InterruptedException e) {
                requests.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("AGI Evaluation Sandbox on port {} stopped", port);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String versionOf() {
        String v = Sandbox.class.getPackage() == null ? null : Sandbox.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Bytes of request bodies held now, over all connections (see {@link SandboxConfig#maxBodyMemoryBytes()}). */
    long bodyMemoryInUse() {
        return budget.used();
    }

    /** Requests received and not yet answered or dropped (for tests of the graceful stop). */
    int inFlight() {
        return dispatcher.inFlight();
    }
}
