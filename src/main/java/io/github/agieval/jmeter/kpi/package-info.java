/**
 * The KPI-assertion listener: thresholds over response times, throughput and errors, reports and exit codes.
 */
package io.github.agieval.jmeter.kpi;
