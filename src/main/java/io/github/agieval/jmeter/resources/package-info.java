/**
 * SUT resource KPIs in: the server's CPU, memory and database connections, judged by KPI Assertions
 * from PromQL queries to a Prometheus server sampled through the run.
 *
 * <ul>
 * <li>{@link io.github.agieval.jmeter.resources.PromQlClient}: instant queries on Prometheus' HTTP API.</li>
 * <li>{@link io.github.agieval.jmeter.resources.ResourceProfile}: the default queries for
 *     {@code node_exporter} and for the reference sandbox; {@link io.github.agieval.jmeter.resources.ResourceQuery}:
 *     a KPI's query (and pool query for a ratio).</li>
 * <li>{@link io.github.agieval.jmeter.resources.ResourceSampler}: checks the queries before the test
 *     starts and samples them on a daemon thread of its own;
 *     {@link io.github.agieval.jmeter.resources.ResourceTrack}: one KPI's values (judged average,
 *     windows, bounded chart series).</li>
 * </ul>
 *
 * <p>Reference: {@code docs/elements/kpi.md} (resource KPIs) and {@code docs/elements/prometheus.md}.
 */
package io.github.agieval.jmeter.resources;
