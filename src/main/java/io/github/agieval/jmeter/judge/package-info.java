/**
 * Judging a finished run from its JTL file: {@link io.github.agieval.jmeter.judge.JtlReader} reads the
 * CSV or XML JTL of any JMeter 5.x run, sample by sample, with clear errors for a missing, unknown,
 * incomplete or truncated file, through {@code CsvJtlReader} (with {@code CsvLines} for RFC 4180
 * records and {@code SubSampleTracker} telling sub-sample rows per thread) or {@code XmlJtlReader};
 * {@link io.github.agieval.jmeter.judge.JudgeCommand} (the {@code judge}
 * command) replays those samples into the KPI Assertions engine on a clock set from the samples'
 * times and writes the same reports, console table and exit codes (0, 99, 1);
 * {@link io.github.agieval.jmeter.judge.JudgeStages} gives it the stages the run followed
 * ({@code --stages}), for the stage-by-stage verdicts, a capacity search and the recovery.
 */
package io.github.agieval.jmeter.judge;
