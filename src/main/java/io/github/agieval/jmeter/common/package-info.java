/**
 * Helpers shared by every element family: the suite's JSON mapper, one way to read a setting
 * ({@link io.github.agieval.jmeter.common.Settings}, {@link io.github.agieval.jmeter.common.Durations},
 * {@link io.github.agieval.jmeter.common.InvalidSettingException}), and how a headless run
 * ends with an exit code ({@link io.github.agieval.jmeter.common.HeadlessExit}), e.g. when an
 * element refuses to start the test and what it had started is undone
 * ({@link io.github.agieval.jmeter.common.StartFailure});
 * nothing element-specific lives here.
 */
package io.github.agieval.jmeter.common;
