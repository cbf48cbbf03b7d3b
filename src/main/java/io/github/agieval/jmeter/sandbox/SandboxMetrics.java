package io.github.agieval.jmeter.sandbox;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's {@code GET /metrics}: the official Prometheus Java client's registry and text
 * exposition (format 0.0.4), holding the sandbox's own figures (requests by endpoint and status,
 * jobs, tokens, users, the capacity model and the modelled database pool) and the client's JVM and process
 * metrics ({@code process_cpu_seconds_total}, {@code process_resident_memory_bytes},
 * {@code jvm_memory_used_bytes}, threads, GC, ...).
 *
 * <p>One registry per sandbox, never the client's default registry, so several sandboxes in one
 * JVM (tests, a plan with two Sandbox Targets) each serve their own figures; the JVM and process
 * metrics are those of the JVM the sandbox runs in (JMeter's, for an embedded one). The JVM
 * collectors used keep no listener or static reference, so a stopped sandbox's registry is
 * garbage like the rest of it.
 *
 * <p>Threading: the sandbox figures are read at scrape time from the thread-safe state (no
 * copy is kept); a scrape runs on a request thread, concurrently with any other.
 */
final class SandboxMetrics {

    private final SandboxState state;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);

    SandboxMetrics(SandboxState state) {
        this.state = state;
        registry.register((MultiCollector) this::collect);
        ProcessMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmThreadsMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
    }

    /** The content type of {@link #scrape()}: {@code text/plain; version=0.0.4; charset=utf-8}. */
    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Every metric in the Prometheus text format. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not throw
        }
        return out.toByteArray();
    }

    /** The registry (for tests). */
    PrometheusRegistry registry() {
        return registry;
    }

    private MetricSnapshots collect() {
        MetricSnapshots.Builder b = MetricSnapshots.builder();
        CounterSnapshot.Builder requests = CounterSnapshot.builder().name("sandbox_requests")
                .help("Requests answered by the sandbox, by endpoint and status.");
        for (Map.Entry<String, Map<String, Long>> e : state.counters.snapshot().entrySet()) {
            for (Map.Entry<String, Long> s : e.getValue().entrySet()) {
                requests.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(Labels.of("endpoint", e.getKey(), "status", s.getKey()))
                        .value(s.getValue()).build());
            }
        }
        b.metricSnapshot(requests.build());
        gauge(b, "sandbox_jobs_queued", "Jobs waiting for a worker.", state.jobs.queued());
        gauge(b, "sandbox_jobs_running", "Jobs holding a worker.", state.jobs.running());
        gauge(b, "sandbox_jobs_hung", "Jobs that will never finish, still held.", state.jobs.hung());
        gauge(b, "sandbox_jobs_held", "Jobs in memory (any state).", state.jobs.held());
        gauge(b, "sandbox_workers", "Worker slots.", state.jobs.workers());
        Faults f = state.faults();
        gauge(b, "sandbox_queue_capacity", "Queue capacity.", f.queueCapacity());
        gauge(b, "sandbox_tokens_live", "Live bearer tokens.", state.tokens.live());
        gauge(b, "sandbox_users", "Users held.", state.users.size());
        counter(b, "sandbox_jobs_submitted", "Jobs accepted.", state.jobs.submitted());
        counter(b, "sandbox_jobs_completed", "Jobs completed.", state.jobs.completed());
        counter(b, "sandbox_jobs_failed", "Jobs failed.", state.jobs.failed());
        counter(b, "sandbox_jobs_rejected", "Jobs refused because the queue was full.", state.jobs.rejected());
        counter(b, "sandbox_jobs_expired", "Finished jobs forgotten after retention.", state.jobs.expired());
        counter(b, "sandbox_tokens_issued", "Tokens issued.", state.tokens.issuedCount());
        counter(b, "sandbox_tokens_revoked", "Tokens revoked by logout.", state.tokens.revokedCount());
        gauge(b, "sandbox_uptime_seconds", "Seconds since start.", state.uptimeSeconds());
        gauge(b, "sandbox_max_concurrent_requests",
                "Capacity knob: API requests in service at once (0 = off).", f.maxConcurrentRequests());
        gauge(b, "sandbox_service_time_seconds",
                "Capacity knob: time each API request holds its slot when the knob is on.", f.serviceTimeMs() / 1000.0);
        gauge(b, "sandbox_requests_in_service", "API requests holding a capacity slot now.",
                state.capacity.inUse());
        gauge(b, "sandbox_requests_waiting", "API requests waiting for a capacity slot now.",
                state.capacity.waiting());
        int dbMax = state.db.max();
        int dbActive = Math.min(state.db.active(), dbMax);
        gauge(b, "sandbox_db_connections_active", "Database connections in use (all of them while the "
                + "db_pool_exhausted fault is on).", dbActive);
        gauge(b, "sandbox_db_connections_idle", "Database connections free.", dbMax - dbActive);
        gauge(b, "sandbox_db_connections_max", "Database pool size.", dbMax);
        gauge(b, "sandbox_db_connections_pending", "Requests waiting for a database connection.",
                state.db.pending());
        counter(b, "sandbox_db_connection_timeouts", "Requests refused (503) because no database connection "
                + "came within the pool timeout.", state.db.timeouts());
        return b.build();
    }

    private static void gauge(MetricSnapshots.Builder b, String name, String help, double v) {
        b.metricSnapshot(GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(v).build()).build());
    }

    /** A counter; the exposition adds {@code _total} to {@code name}. */
    private static void counter(MetricSnapshots.Builder b, String name, String help, double v) {
        b.metricSnapshot(CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(v).build()).build());
    }

    /** Names of the sandbox's own metrics, as exposed (for docs and tests). */
    static final List<String> OWN = List.of("sandbox_requests_total", "sandbox_jobs_queued", "sandbox_jobs_running",
            "sandbox_jobs_hung", "sandbox_jobs_held", "sandbox_workers", "sandbox_queue_capacity",
            "sandbox_tokens_live", "sandbox_users", "sandbox_jobs_submitted_total", "sandbox_jobs_completed_total",
            "sandbox_jobs_failed_total", "sandbox_jobs_rejected_total", "sandbox_jobs_expired_total",
            "sandbox_tokens_issued_total", "sandbox_tokens_revoked_total", "sandbox_uptime_seconds",
            "sandbox_max_concurrent_requests", "sandbox_service_time_seconds", "sandbox_requests_in_service",
            "sandbox_requests_waiting", "sandbox_db_connections_active", "sandbox_db_connections_idle",
            "sandbox_db_connections_max", "sandbox_db_connections_pending", "sandbox_db_connection_timeouts_total");
}
