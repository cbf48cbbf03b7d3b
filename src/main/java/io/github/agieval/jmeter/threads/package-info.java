/**
 * Thread groups of the suite: the stage-driven (k6 ramping-vus) thread group.
 */
package io.github.agieval.jmeter.threads;
