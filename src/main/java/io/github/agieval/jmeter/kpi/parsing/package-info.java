/**
 * KPI definitions into {@link io.github.agieval.jmeter.kpi.engine.Kpi}s: k6-style lines ({@link
 * io.github.agieval.jmeter.kpi.parsing.KpiExpressions}) and the seed's {@code performance-kpis.yml} ({@link
 * io.github.agieval.jmeter.kpi.parsing.KpiYaml}); a bad line or file is a {@link
 * io.github.agieval.jmeter.kpi.parsing.KpiParseException} naming it.
 */
package io.github.agieval.jmeter.kpi.parsing;
