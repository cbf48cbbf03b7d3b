/**
 * The KPI-assertion listener: thresholds over response times, throughput and errors, reports and exit codes.
 * Its GUI is {@link io.github.agieval.jmeter.kpi.gui.KpiListenerGui}, in {@code gui} like every element
 * family's; {@code KpiListenerGui} here is only the deprecated old name that keeps plans saved before 0.2
 * loading.
 */
package io.github.agieval.jmeter.kpi;
