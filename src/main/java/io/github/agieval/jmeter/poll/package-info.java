/**
 * The job-polling controller: submit, then poll until a job is completed or failed, recorded as one job sample.
 */
package io.github.agieval.jmeter.poll;
