/**
 * Helpers shared by every element family: HTTP and JSON, secret masking, and how a headless run
 * ends with an exit code ({@link io.github.agieval.jmeter.common.HeadlessExit}), e.g. when an
 * element refuses to start the test ({@link io.github.agieval.jmeter.common.StartFailure});
 * nothing element-specific lives here.
 */
package io.github.agieval.jmeter.common;
