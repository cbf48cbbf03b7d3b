package io.github.agieval.jmeter.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar agieval-jmeter-plugins.jar sandbox [options]}: runs the sandbox in the
 * foreground until Ctrl-C (or SIGTERM), then stops it gracefully.
 *
 * <p>Threading: the main thread parses, starts the sandbox, prints its address and waits; a
 * shutdown hook closes it.
 */
public final class SandboxCommand {

    static final String USAGE = String.join("\n",
            "usage: java -jar agieval-jmeter-plugins.jar sandbox [options]",
            "Runs the reference AGI Evaluation Sandbox API server until Ctrl-C.",
            "  --port N                 port (default 8080; 0 = any free port)",
            "  --host ADDR              address to bind (default 127.0.0.1; 0.0.0.0 = every interface)",
            "  --time-factor F          factor on simulated job durations (default 1.0)",
            "  --workers N              jobs running at once (default 64)",
            "  --queue-capacity N       jobs waiting at most before 429/503 (default 10000)",
            "  --queue-full-status S    429 or 503 when the queue is full (default 429)",
            "  --token-lifetime SEC     bearer token lifetime in seconds (default 3600)",
            "  --password P             the password every user logs in with (default test-password)",
            "  --users U:P,U2:P2        per-user passwords: only these users can log in, each with its own",
            "  --users-file FILE        per-user passwords, one USER:PASSWORD a line (# comments)",
            "  --admin-token T          the admin API's secret (header X-Admin-Token); default: environment",
            "                           variable SANDBOX_ADMIN_TOKEN, else a random one printed at start",
            "  --max-body-bytes N       largest request body, larger gets 413 (default 1048576)",
            "  --max-body-memory N      bytes of bodies held at once, all connections; beyond: 503 (default 67108864)",
            "  --header-timeout SEC     time to send request line and headers (default 10)",
            "  --read-timeout SEC       time a request body may stall (default 10)",
            "  --idle-timeout SEC       time an idle connection stays open (default 60)",
            "  --job-retention SEC      how long finished jobs stay readable (default 600)",
            "  --io-threads N           request threads (default: undertow 1 per core, jdk max(4, 2 x cores))",
            "  --server undertow|jdk    HTTP server library (default undertow)",
            "  --latency SPEC           added latency: none, fixed:MS, uniform:MIN,MAX, normal:MEAN,SD, exponential:MEAN",
            "  --latency-for 'EP=SPEC'  latency of one endpoint, e.g. 'GET /api/v1/jobs/{id}=fixed:20' (repeatable)",
            "  --error-rate F           fraction of requests answered with error-status (default 0)",
            "  --error-rate-for 'EP=F'  error fraction of one endpoint (repeatable)",
            "  --error-status S         status of injected errors, 5xx (default 500)",
            "  --drop-rate F            fraction of connections closed without an answer (default 0)",
            "  --drop-rate-for 'EP=F'   drop fraction of one endpoint (repeatable)",
            "  --job-failure-rate F     fraction of jobs that end failed (default 0)",
            "  --job-hang-rate F        fraction of jobs that never finish (default 0)",
            "  --unhealthy              GET /health answers 503 {\"status\":\"degraded\"}",
            "  --max-concurrent-requests N  capacity knob: API requests in service at once, more wait FIFO",
            "                           (default 0 = off); true capacity = N x 1000 / service-time-ms requests/s",
            "  --service-time-ms MS     time each API request holds its slot when the knob is on (default 50)",
            "Faults can be changed at run time: PATCH /__admin/faults (see docs/elements/sandbox.md).");

    private SandboxCommand() {
    }

    /** log4j2 configuration of the command (console, Undertow/XNIO quiet), unless the user gives one. */
    static final String LOG_CONFIG = "io/github/agieval/jmeter/sandbox/sandbox-cli-log4j2.xml";

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        SandboxConfig config;
        try {
            config = parse(args);
        } catch (HelpRequested e) {
            System.out.println(USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (!SandboxConfig.isLoopback(config.host())) {
            System.err.println("WARNING: --host " + config.host() + " listens beyond loopback: anyone who can reach"
                    + " this port can use the API with the configured passwords. Bind 127.0.0.1 unless you mean it.");
        }
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(config);
        } catch (RuntimeException e) {
            System.err.println("sandbox: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sandbox.close(); // bounded: a few seconds whatever clients do
            } finally {
                System.out.println("AGI Evaluation Sandbox stopped");
                stopped.countDown();
            }
        }, "sandbox-shutdown"));
        PrintStream out = System.out;
        out.println("AGI Evaluation Sandbox " + Sandbox.VERSION + " listening on " + sandbox.baseUrl()
                + " (" + sandbox.server().name().toLowerCase(java.util.Locale.ROOT) + " server, time factor " + config.timeFactor() + ", workers " + config.workers() + ")");
        out.println("faults: " + config.faults());
        out.println("admin: " + sandbox.baseUrl() + "/__admin/counters, /__admin/faults, /__admin/jobs with header "
                + AdminGuard.HEADER + "; metrics: " + sandbox.baseUrl() + "/metrics. Ctrl-C stops.");
        out.println(config.adminTokenGenerated()
                ? "admin token (generated; give --admin-token or SANDBOX_ADMIN_TOKEN to fix it): " + config.adminToken()
                : "admin token: as given");
        out.flush();
        stopped.await();
    }

    static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** The configuration the options describe (port defaults to 8080 here). */
    static SandboxConfig parse(String[] args) {
        return parse(args, System.getenv(ADMIN_TOKEN_ENV));
    }

    /** Environment variable holding the admin token (kept out of the process list). */
    static final String ADMIN_TOKEN_ENV = "SANDBOX_ADMIN_TOKEN";

    static SandboxConfig parse(String[] args, String adminTokenFromEnv) {
        SandboxConfig.Builder b = SandboxConfig.builder().port(8080);
        if (adminTokenFromEnv != null && !adminTokenFromEnv.isEmpty()) {
            try {
                b.adminToken(adminTokenFromEnv);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("environment variable " + ADMIN_TOKEN_ENV + ": " + e.getMessage());
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            if (name.equals("-h") || name.equals("--help")) {
                throw new HelpRequested();
            }
            if (name.equals("--unhealthy")) {
                b.unhealthy(value == null || Boolean.parseBoolean(value));
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                value = args[++i];
            }
            String v = value;
            try {
                switch (name) {
                    case "--port" -> b.port(Integer.parseInt(v));
                    case "--host" -> b.host(v);
                    case "--time-factor" -> b.timeFactor(Double.parseDouble(v));
                    case "--workers" -> b.workers(Integer.parseInt(v));
                    case "--queue-capacity" -> b.queueCapacity(Integer.parseInt(v));
                    case "--queue-full-status" -> b.faults(f -> f.queueFullStatus(Integer.parseInt(v)));
                    case "--token-lifetime" -> b.faults(f -> f.tokenLifetimeSeconds(Long.parseLong(v)));
                    case "--password" -> b.password(v);
                    case "--users" -> users(b, java.util.Arrays.asList(v.split(",")), "--users");
                    case "--users-file" -> users(b, readLines(v), "--users-file " + v);
                    case "--admin-token" -> b.adminToken(v);
                    case "--max-body-memory" -> b.maxBodyMemoryBytes(Long.parseLong(v));
                    case "--header-timeout" -> b.headerTimeout(seconds(v));
                    case "--read-timeout" -> b.readTimeout(seconds(v));
                    case "--idle-timeout" -> b.idleTimeout(seconds(v));
                    case "--max-body-bytes" -> b.maxBodyBytes(Integer.parseInt(v));
                    case "--job-retention" -> b.jobRetention(retention(Long.parseLong(v)));
                    case "--io-threads" -> b.ioThreads(Integer.parseInt(v));
                    case "--server" -> b.server(server(v));
                    case "--latency" -> b.latency(Latency.parse(v));
                    case "--latency-for" -> {
                        String[] kv = endpointValue(name, v);
                        b.faults(f -> f.latency(kv[0], Latency.parse(kv[1])));
                    }
                    case "--error-rate" -> b.errorRate(Double.parseDouble(v));
                    case "--error-rate-for" -> {
                        String[] kv = endpointValue(name, v);
                        b.faults(f -> f.errorRate(kv[0], Double.parseDouble(kv[1])));
                    }
                    case "--error-status" -> b.faults(f -> f.errorStatus(Integer.parseInt(v)));
                    case "--drop-rate" -> b.dropRate(Double.parseDouble(v));
                    case "--drop-rate-for" -> {
                        String[] kv = endpointValue(name, v);
                        b.faults(f -> f.dropRate(kv[0], Double.parseDouble(kv[1])));
                    }
                    case "--job-failure-rate" -> b.jobFailureRate(Double.parseDouble(v));
                    case "--job-hang-rate" -> b.jobHangRate(Double.parseDouble(v));
                    case "--max-concurrent-requests" -> b.faults(f -> f.maxConcurrentRequests(Integer.parseInt(v)));
                    case "--service-time-ms" -> b.faults(f -> f.serviceTimeMs(Integer.parseInt(v)));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + name + ": not a number: '" + v + "'");
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("option " + name + ": out of range: '" + v + "'");
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("unknown option")) {
                    throw e;
                }
                throw new IllegalArgumentException("option " + name + ": " + e.getMessage());
            }
        }
        return b.build();
    }

    /** {@code USER:PASSWORD} entries; a bad one is named by its position, never by its password. */
    private static void users(SandboxConfig.Builder b, java.util.List<String> entries, String source) {
        int n = 0;
        for (String raw : entries) {
            n++;
            String e = raw.strip();
            if (e.isEmpty() || e.startsWith("#")) {
                continue;
            }
            int colon = e.indexOf(':');
            if (colon <= 0 || colon == e.length() - 1) {
                throw new IllegalArgumentException("entry " + n + " of " + source + " is not USER:PASSWORD");
            }
            b.user(e.substring(0, colon), e.substring(colon + 1));
        }
    }

    private static java.util.List<String> readLines(String file) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Paths.get(file), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("cannot read '" + file + "': " + e);
        }
    }

    private static Duration retention(long seconds) {
        if (seconds < 1 || seconds > SandboxConfig.MAX_SECONDS) {
            throw new IllegalArgumentException("must be between 1 and " + SandboxConfig.MAX_SECONDS + " seconds, got "
                    + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /** Seconds, possibly fractional ({@code 0.5}). */
    private static Duration seconds(String v) {
        double d = Double.parseDouble(v);
        if (!(d >= 0 && d <= 86_400)) {
            throw new IllegalArgumentException("must be between 0 and 86400 seconds, got " + v);
        }
        return Duration.ofMillis(Math.round(d * 1000));
    }

    private static SandboxConfig.Server server(String v) {
        for (SandboxConfig.Server s : SandboxConfig.Server.values()) {
            if (s.name().equalsIgnoreCase(v.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("must be undertow or jdk, got '" + v + "'");
    }

    private static String[] endpointValue(String option, String v) {
        int eq = v.lastIndexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected 'METHOD /path=VALUE', e.g. 'GET /api/v1/jobs/{id}=0.1', got '"
                    + v + "'");
        }
        return new String[] {v.substring(0, eq).trim(), v.substring(eq + 1).trim()};
    }
}
