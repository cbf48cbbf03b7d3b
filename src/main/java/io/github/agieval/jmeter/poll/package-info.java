/**
 * The Job Polling Controller: runs its children (a Job Status request) until an asynchronous job
 * reaches a terminal status, a limit, or is abandoned, waiting between polls (fixed or back-off,
 * jitter, Retry-After) on the virtual user's own parked thread, and records the whole job as one
 * sample. Element reference in {@code docs/elements/poll.md}.
 *
 * <p>One job per class:
 * <ul>
 * <li>{@link io.github.agieval.jmeter.poll.JobPollController}: the element (properties) and the
 *     loop (JMeter's {@code next()}, the loop actions of its children);
 *     {@link io.github.agieval.jmeter.poll.gui.JobPollControllerGui} its GUI;</li>
 * <li>{@code PollSettings}: the properties read and checked through {@code common.Settings};</li>
 * <li>{@code StatusReader}: the status after a round (variable, JSON path, expression);</li>
 * <li>{@code JobRun}: the job in progress, its counters and the rules that end it;</li>
 * <li>{@code PollWaiter} with {@code WaitPolicy}, {@code RetryAfter}, {@code PollClock},
 *     {@code StopWatcher}: how long to wait, and the wait itself;</li>
 * <li>{@code JobVariables}: the variables exported to the thread;</li>
 * <li>{@code JobSampleBuilder} with {@code ScopeListeners}: the job sample, built and delivered;
 *     {@link io.github.agieval.jmeter.poll.JobSampleFacts} reads its facts back (poll count).</li>
 * </ul>
 */
package io.github.agieval.jmeter.poll;
