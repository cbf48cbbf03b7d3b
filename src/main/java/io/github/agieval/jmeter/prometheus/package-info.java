/**
 * Live metrics out: a Prometheus exporter for JMeter runs, as an implementation for the stock
 * Backend Listener, on the official Prometheus Java client.
 *
 * <ul>
 * <li>{@link io.github.agieval.jmeter.prometheus.PrometheusBackendListenerClient}: the Backend Listener
 *     client; pull ({@code /metrics}) and push (Pushgateway) modes.</li>
 * <li>{@link io.github.agieval.jmeter.prometheus.ExporterSettings}: its parameters, checked at test start.</li>
 * <li>{@code SampleMetrics}: the metrics and the per-sample hot path; {@code LabelCap} bounds dynamic
 *     labels; {@code JobSample} reads the Job Polling Controller's job samples; {@code MetricsPusher}
 *     pushes.</li>
 * <li>{@link io.github.agieval.jmeter.prometheus.KpiStatusRegistry},
 *     {@link io.github.agieval.jmeter.prometheus.KpiStatusSource},
 *     {@link io.github.agieval.jmeter.prometheus.KpiStatusBoard}: how a KPI listener publishes its
 *     KPIs' live states to the exporter.</li>
 * </ul>
 *
 * <p>Reference: {@code docs/elements/prometheus.md}; the Grafana dashboard ships as
 * {@code grafana/agieval-jmeter-dashboard.json} in the distribution.
 */
package io.github.agieval.jmeter.prometheus;
