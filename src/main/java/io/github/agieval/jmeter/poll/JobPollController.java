package io.github.agieval.jmeter.poll;

import io.github.agieval.jmeter.common.InvalidSettingException;
import io.github.agieval.jmeter.common.JMeterVersionCheck;
import io.github.agieval.jmeter.common.Settings;

import io.github.agieval.jmeter.common.StartFailure;
import java.io.Serializable;
import java.util.function.DoubleSupplier;
import org.apache.jmeter.control.GenericController;
import org.apache.jmeter.control.IteratingController;
import org.apache.jmeter.control.NextIsNullException;
import org.apache.jmeter.engine.event.LoopIterationEvent;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.samplers.Sampler;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jorphan.util.JMeterStopTestException;
import org.apache.jorphan.util.JMeterStopThreadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job Polling Controller: runs its children (typically a Job Status request) again and again,
 * waiting between rounds, until the job reaches a terminal status, then records the whole job as
 * one sample ("job &lt;name&gt;") whose time runs from the start of polling (or from a submit-time
 * variable) to the terminal answer, and lets the thread go on.
 *
 * <p>This class is the element (properties, checked at test start through {@link PollSettings})
 * and the loop: it answers JMeter's {@link #next()} and the loop actions of its children. A
 * <i>round</i> runs every child once; after each round the {@link StatusReader} reads the status
 * (a variable, a JSON path on the last response, or an expression) and the {@link JobRun} says
 * whether the job ended: terminal status ({@link JobOutcome#SUCCEEDED}, {@link JobOutcome#FAILED}),
 * max polls or time-out ({@link JobOutcome#TIMED_OUT}), too many failed polls in a row
 * ({@link JobOutcome#ERROR}). Otherwise the {@link PollWaiter} waits ({@link WaitPolicy}: fixed or
 * exponential back-off, jitter, {@code Retry-After} of a 429/503), parked on the virtual user's
 * own thread, and the next round starts. Error actions and Flow Control Actions that abandon the
 * loop end the job as {@link JobOutcome#ABORTED}. A job cut short by the end of the thread or
 * test (a stop during a wait, see {@link PollWaiter}) records nothing: it has no outcome.
 *
 * <p>When a job ends, {@link JobVariables} exports its figures to the thread and the
 * {@link JobSampleBuilder} records the job sample (read back by {@link JobSampleFacts}); the
 * children's own samples reach the JTL unchanged.
 *
 * <p><b>Threading.</b> JMeter clones the controller per thread: configuration lives in properties
 * (shared, read-only during the test), everything that changes while polling lives in transient
 * fields of the clone (the job, the waiter, the status reader, the sample builder) and is touched
 * only by its thread. {@link #testStarted()} runs once on the un-cloned element to check the
 * settings before any thread starts.
 */
public class JobPollController extends GenericController
        implements IteratingController, TestStateListener, Serializable {

    private static final long serialVersionUID = 1L;

    private static final Logger log = LoggerFactory.getLogger(JobPollController.class);

    // ---- property keys (JMX) ----
    public static final String CONDITION_SOURCE = "JobPollController.conditionSource";
    public static final String STATUS_VARIABLE = "JobPollController.statusVariable";
    public static final String STATUS_JSON_PATH = "JobPollController.statusJsonPath";
    public static final String EXPRESSION = "JobPollController.expression";
    public static final String TERMINAL_VALUES = "JobPollController.terminalValues";
    public static final String SUCCESS_VALUES = "JobPollController.successValues";
    public static final String MAX_POLLS = "JobPollController.maxPolls";
    public static final String TIMEOUT = "JobPollController.timeoutMs";
    public static final String MAX_FAILED_POLLS = "JobPollController.maxFailedPolls";
    public static final String INTERVAL = "JobPollController.intervalMs";
    public static final String WAIT_BEFORE_FIRST_POLL = "JobPollController.waitBeforeFirstPoll";
    public static final String BACKOFF = "JobPollController.backoff";
    public static final String BACKOFF_MULTIPLIER = "JobPollController.backoffMultiplier";
    public static final String MAX_INTERVAL = "JobPollController.maxIntervalMs";
    public static final String JITTER_PERCENT = "JobPollController.jitterPercent";
    public static final String HONOUR_RETRY_AFTER = "JobPollController.honourRetryAfter";
    public static final String START_TIME_VARIABLE = "JobPollController.startTimeVariable";
    public static final String JOB_ID_VARIABLE = "JobPollController.jobIdVariable";
    public static final String RECORD_SAMPLE = "JobPollController.recordSample";
    public static final String SAMPLE_LABEL = "JobPollController.sampleLabel";
    public static final String VARIABLE_PREFIX = "JobPollController.variablePrefix";

    // ---- defaults (the seed's loop) ----
    public static final String DEFAULT_STATUS_VARIABLE = "job_status";
    public static final String DEFAULT_STATUS_JSON_PATH = "$.status";
    public static final String DEFAULT_TERMINAL_VALUES = "completed,failed";
    public static final String DEFAULT_SUCCESS_VALUES = "completed";
    public static final int DEFAULT_MAX_POLLS = 60;
    public static final long DEFAULT_INTERVAL = 5000;
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    public static final long DEFAULT_MAX_INTERVAL = 60000;
    public static final String DEFAULT_JOB_ID_VARIABLE = "job_id";
    public static final String DEFAULT_VARIABLE_PREFIX = "job_";

    // ---- exported variable names, after the prefix ----
    public static final String VAR_OUTCOME = "outcome";
    /** The {@code <prefix>outcome} of a skipped job: the job id variable was empty (the submit failed). */
    public static final String NO_JOB = "NO_JOB";
    public static final String VAR_FINAL_STATUS = "final_status";
    public static final String VAR_POLLS = "polls";
    public static final String VAR_TIME_MS = "time_ms";
    public static final String VAR_SUCCEEDED = "succeeded";

    // ---- per-thread runtime state (the clone's) ----
    private transient PollClock clock;
    private transient DoubleSupplier random;
    private transient PollWaiter waiter;
    private transient StatusReader statusReader;
    private transient JobSampleBuilder sampleBuilder;
    private transient JobRun job;
    /** A child asked to "continue": the round ended early. */
    private transient boolean roundEndPending;
    /** A child asked to "break": return null once so the parent moves on. */
    private transient boolean breakPending;

    public JobPollController() {
        super();
    }

    // ------------------------------------------------------------------ test hooks

    /** Replaces the clock and sleeper (tests and benchmarks); {@code null} means the real one. */
    public void setClock(PollClock clock) {
        this.clock = clock;
        this.waiter = null;
    }

    /** Replaces the jitter's random source (a uniform number in [0, 1)); {@code null} = real. */
    public void setRandom(DoubleSupplier random) {
        this.random = random;
        this.waiter = null;
    }

    private PollWaiter waiter() {
        if (waiter == null) {
            waiter = new PollWaiter(clock, random, getName());
        }
        return waiter;
    }

    // ------------------------------------------------------------------ test start

    /** Checks every literal setting once, before threads start; a bad one fails the start. */
    @Override
    public void testStarted() {
        JMeterVersionCheck.requireSupported(Settings.of(PollSettings.ELEMENT_KIND, getName()).element());
        try {
            PollSettings.parse(PollSettings.sourceOf(this), true);
        } catch (InvalidSettingException e) {
            throw StartFailure.report(log, e); // JMeter's engine then starts no thread group
        }
    }

    @Override
    public void testStarted(String host) {
        testStarted();
    }

    @Override
    public void testEnded() {
        // nothing held across the test
    }

    @Override
    public void testEnded(String host) {
        testEnded();
    }

    // ------------------------------------------------------------------ controller logic

    @Override
    public void initialize() {
        super.initialize();
        job = null;
        roundEndPending = false;
        breakPending = false;
    }

    @Override
    public Sampler next() {
        if (breakPending) {
            breakPending = false;
            return null;
        }
        if (job == null) {
            if (getSubControllers().isEmpty()) {
                return super.next(); // nothing to poll with: done, like an empty Simple Controller
            }
            if (!startJob()) {
                resetLoop(); // no job to poll (the submit failed): skipped, like a false If Controller
                return null;
            }
        } else if (roundEndPending) {
            roundEndPending = false;
            if (endRound()) {
                return null;
            }
        }
        return super.next();
    }

    /** All children ran: one poll round is complete. */
    @Override
    protected Sampler nextIsNull() throws NextIsNullException {
        if (job == null) { // defensive: cannot happen, next() starts a job first
            reInitialize();
            return null;
        }
        if (endRound()) {
            return null;
        }
        return next();
    }

    /** "Start next iteration of current loop" from a child: this round ends now. */
    @Override
    public void startNextLoop() {
        reInitialize();
        if (job != null) {
            roundEndPending = true;
        }
    }

    /** "Break current loop" from a child: polling is abandoned. */
    @Override
    public void breakLoop() {
        if (job != null) {
            finishJob(JobOutcome.ABORTED, "polling abandoned by a 'break current loop' action");
        }
        resetLoop();
        breakPending = true;
    }

    /** The thread loop restarts (error action "Start next thread loop", Flow Control Action). */
    @Override
    public void triggerEndOfLoop() {
        if (job != null) {
            finishJob(JobOutcome.ABORTED, "polling abandoned: the thread loop was restarted");
        }
        super.triggerEndOfLoop();
        resetLoop();
    }

    /** The parent starts a new iteration: a job still in progress here was abandoned. */
    @Override
    public void iterationStart(LoopIterationEvent iterEvent) {
        if (job != null) {
            finishJob(JobOutcome.ABORTED, "polling abandoned: the parent loop started a new iteration");
            resetLoop();
        }
    }

    private void resetLoop() {
        job = null;
        roundEndPending = false;
        resetCurrent();
        setFirst(true);
        resetIterCount();
        recoverRunningVersion();
    }

    /** Starts polling a job; {@code false} when there is no job: the job id variable is set up but empty. */
    private boolean startJob() {
        PollSettings settings;
        try {
            settings = PollSettings.parse(PollSettings.sourceOf(this), false);
        } catch (InvalidSettingException e) {
            log.error("{}", e.getMessage());
            throw new JMeterStopTestException(e.getMessage());
        }
        JMeterVariables vars = getThreadContext().getVariables();
        long now = waiter().now();
        JobRun.Start start = JobRun.startOf(settings, vars, now, getName());
        String jobId = vars.get(settings.jobIdVariable());
        if (jobId != null && jobId.isBlank()) {
            // a failed submit empties the job id: nothing to poll, and nothing of an earlier job may remain
            // (a plan that never sets the variable polls as before)
            JobVariables.noJob(vars, settings);
            return false;
        }
        job = new JobRun(settings, now, start.millis(), start.from(), jobId == null ? "" : jobId);
        // A status left over from the previous job must not end this one at once.
        if (settings.conditionSource() == ConditionSource.VARIABLE) {
            vars.remove(settings.statusVariable());
        }
        JobVariables.started(vars, settings);
        if (settings.waitBeforeFirstPoll()) {
            pause(Math.min(waiter().nextWait(job, -1), Math.max(0, job.deadlineMillis() - now)));
        }
        job.roundStartResult = getThreadContext().getPreviousResult();
        return true;
    }

    /**
     * Ends a round: reads the status and checks the limits; either finishes the job (returns
     * {@code true}, the controller is then ready for the next job) or waits for the next round.
     */
    private boolean endRound() {
        JobRun j = job;
        JMeterContext ctx = getThreadContext();
        JMeterVariables vars = ctx.getVariables();
        j.polls++;
        JobVariables.polls(vars, j.settings, j.polls);
        updateIterationIndex(getName(), j.polls);

        SampleResult last = ctx.getPreviousResult();
        boolean sampled = last != null && last != j.roundStartResult;
        if (!sampled) {
            last = null;
        }
        if (statusReader == null) {
            statusReader = new StatusReader();
        }
        if (statusReader.readRound(j, vars, last, sampled, getProperty(EXPRESSION), this)) {
            return endJob(j.terminal());
        }
        j.countRound(sampled, "false".equals(vars.get(JMeterThread.LAST_SAMPLE_OK)));
        long now = waiter().now();
        JobRun.Ending limit = j.limitReached(now);
        if (limit != null) {
            return endJob(limit);
        }

        long retryAfter = last == null ? -1 : RetryAfter.millis(last, now);
        long wait = waiter().nextWait(j, retryAfter);
        if (j.deadlineMillis() != Long.MAX_VALUE) {
            wait = Math.min(wait, j.deadlineMillis() - now); // the last poll happens at the time-out
        }
        reInitialize();
        pause(wait);
        j.roundStartResult = ctx.getPreviousResult();
        return false;
    }

    /** Ends the job as {@code ending} says; the controller is then ready for the next job. */
    private boolean endJob(JobRun.Ending ending) {
        finishJob(ending.outcome(), ending.message());
        resetLoop();
        return true;
    }

    /** Waits between polls; a stop during the wait ends the thread and drops the job (no sample). */
    private void pause(long millis) {
        try {
            waiter().pause(job, millis, getThreadContext().getThread());
        } catch (JMeterStopThreadException e) {
            job = null;
            throw e;
        }
    }

    /** Ends the job: exports its variables and records the job sample (unless switched off). */
    private void finishJob(JobOutcome outcome, String message) {
        JobRun j = job;
        job = null;
        JMeterContext ctx = getThreadContext();
        long end = Math.max(waiter().now(), j.startMillis);
        long elapsed = end - j.startMillis;
        JobVariables.finished(ctx.getVariables(), j, outcome, elapsed);
        if (log.isDebugEnabled()) {
            log.debug("Job Polling Controller '{}': job {} {} after {} polls, {} ms", getName(), j.jobId, outcome,
                    j.polls, elapsed);
        }
        if (j.settings.recordSample()) {
            if (sampleBuilder == null) {
                sampleBuilder = new JobSampleBuilder(this);
            }
            sampleBuilder.record(j, outcome, message, end, ctx);
        }
    }

    // ------------------------------------------------------------------ properties

    public String getConditionSource() {
        return getPropertyAsString(CONDITION_SOURCE, ConditionSource.VARIABLE.name());
    }

    public void setConditionSource(String source) {
        setProperty(CONDITION_SOURCE, source);
    }

    public String getStatusVariable() {
        return getPropertyAsString(STATUS_VARIABLE, DEFAULT_STATUS_VARIABLE);
    }

    public void setStatusVariable(String name) {
        setProperty(STATUS_VARIABLE, name);
    }

    public String getStatusJsonPath() {
        return getPropertyAsString(STATUS_JSON_PATH, DEFAULT_STATUS_JSON_PATH);
    }

    public void setStatusJsonPath(String path) {
        setProperty(STATUS_JSON_PATH, path);
    }

    public String getExpression() {
        return getPropertyAsString(EXPRESSION, "");
    }

    public void setExpression(String expression) {
        setProperty(EXPRESSION, expression);
    }

    public String getTerminalValues() {
        return getPropertyAsString(TERMINAL_VALUES, DEFAULT_TERMINAL_VALUES);
    }

    public void setTerminalValues(String values) {
        setProperty(TERMINAL_VALUES, values);
    }

    public String getSuccessValues() {
        return getPropertyAsString(SUCCESS_VALUES, DEFAULT_SUCCESS_VALUES);
    }

    public void setSuccessValues(String values) {
        setProperty(SUCCESS_VALUES, values);
    }

    public String getMaxPolls() {
        return getPropertyAsString(MAX_POLLS, Integer.toString(DEFAULT_MAX_POLLS));
    }

    public void setMaxPolls(String maxPolls) {
        setProperty(MAX_POLLS, maxPolls);
    }

    public String getTimeout() {
        return getPropertyAsString(TIMEOUT, "0");
    }

    public void setTimeout(String timeoutMs) {
        setProperty(TIMEOUT, timeoutMs);
    }

    public String getMaxFailedPolls() {
        return getPropertyAsString(MAX_FAILED_POLLS, "0");
    }

    public void setMaxFailedPolls(String maxFailedPolls) {
        setProperty(MAX_FAILED_POLLS, maxFailedPolls);
    }

    public String getInterval() {
        return getPropertyAsString(INTERVAL, Long.toString(DEFAULT_INTERVAL));
    }

    public void setInterval(String intervalMs) {
        setProperty(INTERVAL, intervalMs);
    }

    public boolean isWaitBeforeFirstPoll() {
        return getPropertyAsBoolean(WAIT_BEFORE_FIRST_POLL, true);
    }

    public void setWaitBeforeFirstPoll(boolean wait) {
        setProperty(WAIT_BEFORE_FIRST_POLL, wait);
    }

    public String getBackoff() {
        return getPropertyAsString(BACKOFF, BackoffMode.FIXED.name());
    }

    public void setBackoff(String backoff) {
        setProperty(BACKOFF, backoff);
    }

    public String getBackoffMultiplier() {
        return getPropertyAsString(BACKOFF_MULTIPLIER, "2");
    }

    public void setBackoffMultiplier(String multiplier) {
        setProperty(BACKOFF_MULTIPLIER, multiplier);
    }

    public String getMaxInterval() {
        return getPropertyAsString(MAX_INTERVAL, Long.toString(DEFAULT_MAX_INTERVAL));
    }

    public void setMaxInterval(String maxIntervalMs) {
        setProperty(MAX_INTERVAL, maxIntervalMs);
    }

    public String getJitterPercent() {
        return getPropertyAsString(JITTER_PERCENT, "0");
    }

    public void setJitterPercent(String percent) {
        setProperty(JITTER_PERCENT, percent);
    }

    public boolean isHonourRetryAfter() {
        return getPropertyAsBoolean(HONOUR_RETRY_AFTER, true);
    }

    public void setHonourRetryAfter(boolean honour) {
        setProperty(HONOUR_RETRY_AFTER, honour);
    }

    public String getStartTimeVariable() {
        return getPropertyAsString(START_TIME_VARIABLE, "");
    }

    public void setStartTimeVariable(String name) {
        setProperty(START_TIME_VARIABLE, name);
    }

    public String getJobIdVariable() {
        return getPropertyAsString(JOB_ID_VARIABLE, DEFAULT_JOB_ID_VARIABLE);
    }

    public void setJobIdVariable(String name) {
        setProperty(JOB_ID_VARIABLE, name);
    }

    public boolean isRecordSample() {
        return getPropertyAsBoolean(RECORD_SAMPLE, true);
    }

    public void setRecordSample(boolean record) {
        setProperty(RECORD_SAMPLE, record);
    }

    public String getSampleLabel() {
        return getPropertyAsString(SAMPLE_LABEL, "");
    }

    public void setSampleLabel(String label) {
        setProperty(SAMPLE_LABEL, label);
    }

    public String getVariablePrefix() {
        return getPropertyAsString(VARIABLE_PREFIX, DEFAULT_VARIABLE_PREFIX);
    }

    public void setVariablePrefix(String prefix) {
        setProperty(VARIABLE_PREFIX, prefix);
    }
}
