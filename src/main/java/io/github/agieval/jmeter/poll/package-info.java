/**
 * The Job Polling Controller: runs its children (a Job Status request) until an asynchronous job
 * reaches a terminal status, a limit, or is abandoned, waiting between polls (fixed or back-off,
 * jitter, Retry-After) on the virtual user's own parked thread, and records the whole job as one
 * sample. {@link io.github.agieval.jmeter.poll.JobPollController} is the element,
 * {@link io.github.agieval.jmeter.poll.gui.JobPollControllerGui} its GUI; element reference in
 * {@code docs/elements/poll.md}.
 */
package io.github.agieval.jmeter.poll;
