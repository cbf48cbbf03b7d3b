/**
 * Thread groups of the suite.
 *
 * <ul>
 * <li>{@link io.github.agieval.jmeter.threads.StageThreadGroup}: users follow k6
 * {@code ramping-vus} stages (ramp up, hold, ramp down, multi-stage), with LIFO removal and a
 * graceful ramp-down.</li>
 * <li>{@link io.github.agieval.jmeter.threads.StageRun}: one run of the group (its scheduler
 * thread, its users, its lock); {@link io.github.agieval.jmeter.threads.StageUser}: one user;
 * {@link io.github.agieval.jmeter.threads.StageClock}: the run's time source, virtual in tests.</li>
 * <li>{@link io.github.agieval.jmeter.threads.StageSchedule}: the pure, immutable schedule (parse,
 * validate, users at a moment, next change, events).</li>
 * <li>{@link io.github.agieval.jmeter.threads.StageLoopController}: the group's infinite loop that
 * can retire its user at an iteration boundary.</li>
 * <li>{@link io.github.agieval.jmeter.threads.ArrivalRateThreadGroup}: an open workload in the Open
 * Model Thread Group's schedule language ({@link io.github.agieval.jmeter.threads.ArrivalSchedule}),
 * served by a pool of started users; {@link io.github.agieval.jmeter.threads.ArrivalRun}: one run
 * (its dispatcher thread, the pool); {@link io.github.agieval.jmeter.threads.PoolUser}: one user and
 * its lock-free hand-over; {@link io.github.agieval.jmeter.threads.ArrivalLoopController}: the
 * user's loop, one iteration per arrival.</li>
 * </ul>
 *
 * <p>Reference: {@code docs/elements/threads.md}.
 */
package io.github.agieval.jmeter.threads;
