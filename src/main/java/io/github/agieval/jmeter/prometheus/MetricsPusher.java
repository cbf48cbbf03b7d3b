package io.github.agieval.jmeter.prometheus;

import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push mode: sends the whole registry to a Prometheus Pushgateway with the official client
 * ({@code PUT /metrics/job/<job>/instance/<engine>}, text format), every push interval and once more
 * at test end; it never deletes the group, so that a CI job can read the last run's metrics after
 * JMeter has ended (the group is replaced by the next run of the same job and engine).
 *
 * <p>A failed push is logged (a warning for the first failure of a series, then at debug level
 * until a push succeeds again) and does not disturb the test; the final push's failure is a warning.
 *
 * <p>Threading: periodic pushes run on one daemon thread of its own; {@link #close()} stops it,
 * waits for a push in flight, then pushes a last time on the caller's thread.
 */
final class MetricsPusher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsPusher.class);

    private final PushGateway gateway;
    private final String where;
    private final ScheduledExecutorService scheduler;
    private boolean failing;
    private boolean closed;

    MetricsPusher(ExporterSettings settings, PrometheusRegistry registry) {
        gateway = PushGateway.builder()
                .scheme("https".equalsIgnoreCase(settings.pushgateway().getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                .address(settings.pushgatewayAddress())
                .job(settings.job())
                .groupingKey("instance", settings.engine())
                .registry(registry)
                .format(Format.PROMETHEUS_TEXT)
                .build();
        where = settings.pushgateway() + " (job " + settings.job() + ", instance " + settings.engine() + ")";
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "prometheus-push");
            t.setDaemon(true);
            return t;
        });
        long every = settings.pushIntervalMs();
        scheduler.scheduleWithFixedDelay(() -> push(false), every, every, TimeUnit.MILLISECONDS);
    }

    /** Pushes now; {@code true} on success. */
    synchronized boolean push(boolean last) {
        try {
            gateway.push();
            if (failing || last) {
                log.info("Prometheus exporter: {}pushed to {}", last ? "last metrics " : "", where);
            }
            failing = false;
            return true;
        } catch (IOException | RuntimeException e) {
            if (!failing || last) {
                log.warn("Prometheus exporter: push to {} failed: {}", where, e.toString());
            } else {
                log.debug("Prometheus exporter: push to {} failed again: {}", where, e.toString());
            }
            failing = true;
            return false;
        }
    }

    /** Stops the periodic pushes (no final push): undo of a test that did not start. */
    void cancel() {
        scheduler.shutdownNow();
    }

    /** Stops the periodic pushes and pushes once more. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scheduler.shutdownNow();
        }
        push(true);
    }
}
