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
            "  --max-body-bytes N       largest request body, larger gets 413 (default 1048576)",
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
            sandbox.close();
            System.out.println("AGI Evaluation Sandbox stopped");
            stopped.countDown();
        }, "sandbox-shutdown"));
        PrintStream out = System.out;
        out.println("AGI Evaluation Sandbox " + Sandbox.VERSION + " listening on " + sandbox.baseUrl()
                + " (" + sandbox.server().name().toLowerCase(java.util.Locale.ROOT) + " server, time factor " + config.timeFactor() + ", workers " + config.workers() + ")");
        out.println("faults: " + config.faults());
        out.println("admin: " + sandbox.baseUrl() + "/__admin/counters, /__admin/faults, /__admin/jobs; metrics: "
                + sandbox.baseUrl() + "/metrics. Ctrl-C stops.");
        out.flush();
        stopped.await();
    }

    static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** The configuration the options describe (port defaults to 8080 here). */
    static SandboxConfig parse(String[] args) {
        SandboxConfig.Builder b = SandboxConfig.builder().port(8080);
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
                    case "--token-lifetime" -> b.tokenLifetime(Duration.ofSeconds(Long.parseLong(v)));
                    case "--password" -> b.password(v);
                    case "--max-body-bytes" -> b.maxBodyBytes(Integer.parseInt(v));
                    case "--job-retention" -> b.jobRetention(Duration.ofSeconds(Long.parseLong(v)));
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
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + name + ": not a number: '" + v + "'");
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("unknown option")) {
                    throw e;
                }
                throw new IllegalArgumentException("option " + name + ": " + e.getMessage());
            }
        }
        return b.build();
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
