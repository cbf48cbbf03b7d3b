/**
 * Judging a finished run from its JTL file: {@link io.github.agieval.jmeter.judge.JtlReader} reads the
 * CSV or XML JTL of any JMeter 5.x run, sample by sample, with clear errors for a missing, unknown,
 * incomplete or truncated file.
 */
package io.github.agieval.jmeter.judge;
