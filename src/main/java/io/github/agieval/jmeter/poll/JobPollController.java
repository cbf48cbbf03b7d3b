package io.github.agieval.jmeter.poll;

import io.github.agieval.jmeter.common.InvalidSettingException;
import io.github.agieval.jmeter.common.JMeterVersionCheck;
import io.github.agieval.jmeter.common.Settings;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.common.StartFailure;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.apache.jmeter.control.GenericController;
import org.apache.jmeter.control.IteratingController;
import org.apache.jmeter.control.NextIsNullException;
import org.apache.jmeter.engine.event.LoopIterationEvent;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.samplers.Sampler;
import org.apache.jmeter.testelement.TestStateListener;
import org.apache.jmeter.testelement.property.JMeterProperty;
import org.apache.jmeter.testelement.property.NullProperty;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.JMeterVariables;
import org.apache.jmeter.threads.ListenerNotifier;
import org.apache.jmeter.util.JMeterUtils;
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
 * <p><b>Loop.</b> A <i>round</i> runs every child once; after each round the controller reads the
 * status (a variable, a JSON path on the last response, or an expression), and ends the job when
 * the status is terminal ({@link JobOutcome#SUCCEEDED} or {@link JobOutcome#FAILED}), when max
 * polls or the time-out is reached ({@link JobOutcome#TIMED_OUT}), or after too many failed polls
 * in a row ({@link JobOutcome#ERROR}). Otherwise it waits ({@link WaitPolicy}: fixed or
 * exponential back-off, jitter, {@code Retry-After} of a 429/503) and starts the next round.
 * Error actions and Flow Control Actions that abandon the loop end the job as
 * {@link JobOutcome#ABORTED}. A job cut short by the end of the thread or test records nothing:
 * it has no outcome.
 *
 * <p><b>Waiting.</b> The wait happens inside {@link #next()}, on the virtual user's own thread,
 * parked (never spinning) through an injectable {@link PollClock}. "Stop" interrupts the thread
 * and ends the wait at once; "Shutdown" and the "Stop Thread" actions are seen by the
 * {@link StopWatcher}; a wait that would outlast the thread group's scheduled end lasts until
 * that end (the user is not stopped early). Every wait is capped (max interval, time-out) and
 * computed without overflow. In all three cases the thread ends with a
 * {@link JMeterStopThreadException}, no further poll is made and no job sample is recorded.
 *
 * <p><b>The job sample</b> is delivered, like a Transaction Controller's, straight to the sample
 * listeners in scope of the controller ({@link ScopeListeners}), as a transaction sample event so
 * that an enclosing Transaction Controller does not count it twice. The children's own samples
 * reach the JTL unchanged.
 *
 * <p><b>Threading.</b> JMeter clones the controller per thread: configuration lives in properties
 * (shared, read-only during the test), everything that changes while polling lives in transient
 * fields of the clone and is touched only by its thread. {@link #testStarted()} runs once on the
 * un-cloned element to check the settings before any thread starts.
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

    private static final String TRUE = "true";

    /** SampleResult's own reading of this property: the meaning of setStampAndTime's stamp. */
    private static final boolean START_TIMESTAMP =
            JMeterUtils.getPropDefault("sampleresult.timestamp.start", false);

    // ---- per-thread runtime state (the clone's) ----
    private transient PollClock clock;
    private transient DoubleSupplier random;
    private transient ListenerNotifier notifier;
    private transient JobRun job;
    /** A child asked to "continue": the round ended early. */
    private transient boolean roundEndPending;
    /** A child asked to "break": return null once so the parent moves on. */
    private transient boolean breakPending;
    private transient List<SampleListener> scopeListeners;
    private transient boolean scopeResolved;
    private transient String compiledPathText;
    private transient JsonPath compiledPath;

    public JobPollController() {
        super();
    }

    // ------------------------------------------------------------------ test hooks

    /** Replaces the clock and sleeper (tests and benchmarks); {@code null} means the real one. */
    public void setClock(PollClock clock) {
        this.clock = clock;
    }

    /** Replaces the jitter's random source (a uniform number in [0, 1)); {@code null} = real. */
    public void setRandom(DoubleSupplier random) {
        this.random = random;
    }

    private PollClock clock() {
        return clock != null ? clock : PollClock.SYSTEM;
    }

    private double nextRandom() {
        return random != null ? random.getAsDouble() : ThreadLocalRandom.current().nextDouble();
    }

    // ------------------------------------------------------------------ test start

    /** Checks every literal setting once, before threads start; a bad one fails the start. */
    @Override
    public void testStarted() {
        JMeterVersionCheck.requireSupported(Settings.of("Job Polling Controller", getName()).element());
        try {
            PollSettings.parse(settingsSource(), true);
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
            settings = PollSettings.parse(settingsSource(), false);
        } catch (InvalidSettingException e) {
            log.error("{}", e.getMessage());
            throw new JMeterStopTestException(e.getMessage());
        }
        JMeterVariables vars = getThreadContext().getVariables();
        long now = clock().currentTimeMillis();
        long start = now;
        String startedFrom = "loop";
        if (!settings.startTimeVariable().isEmpty()) {
            String raw = vars.get(settings.startTimeVariable());
            Long at = parseEpochMillis(raw);
            if (at != null && at <= now) {
                start = at;
                startedFrom = settings.startTimeVariable();
            } else if (raw != null && !raw.isBlank()) {
                log.warn("Job Polling Controller '{}': start time variable {} = '{}' is not an epoch-millisecond"
                        + " time before now; the job is timed from the start of polling", getName(),
                        settings.startTimeVariable(), raw);
            }
        }
        String jobId = vars.get(settings.jobIdVariable());
        if (jobId != null && jobId.isBlank()) {
            // a failed submit empties the job id: nothing to poll, and nothing of an earlier job may remain
            // (a plan that never sets the variable polls as before)
            clearOutputs(vars, settings);
            vars.put(settings.variablePrefix() + VAR_OUTCOME, NO_JOB);
            vars.put(settings.variablePrefix() + VAR_SUCCEEDED, "false");
            return false;
        }
        job = new JobRun(settings, now, start, startedFrom, jobId == null ? "" : jobId);
        // A status left over from the previous job must not end this one at once.
        if (settings.conditionSource() == ConditionSource.VARIABLE) {
            vars.remove(settings.statusVariable());
        }
        clearOutputs(vars, settings);
        vars.put(settings.variablePrefix() + VAR_POLLS, "0");
        if (settings.waitBeforeFirstPoll()) {
            pause(Math.min(nextWait(-1), Math.max(0, job.deadlineMillis() - now)));
        }
        job.roundStartResult = getThreadContext().getPreviousResult();
        return true;
    }

    private static void clearOutputs(JMeterVariables vars, PollSettings settings) {
        String prefix = settings.variablePrefix();
        vars.remove(prefix + VAR_OUTCOME);
        vars.remove(prefix + VAR_FINAL_STATUS);
        vars.remove(prefix + VAR_TIME_MS);
        vars.remove(prefix + VAR_SUCCEEDED);
        vars.remove(prefix + VAR_POLLS);
    }

    /**
     * Ends a round: evaluates the condition and the limits; either finishes the job (returns
     * {@code true}, the controller is then ready for the next job) or waits for the next round.
     */
    private boolean endRound() {
        JobRun j = job;
        PollSettings s = j.settings;
        JMeterContext ctx = getThreadContext();
        JMeterVariables vars = ctx.getVariables();
        j.polls++;
        vars.put(s.variablePrefix() + VAR_POLLS, Integer.toString(j.polls));
        updateIterationIndex(getName(), j.polls);

        SampleResult last = ctx.getPreviousResult();
        boolean sampled = last != null && last != j.roundStartResult;
        if (!sampled) {
            last = null;
        }

        boolean terminal;
        if (s.conditionSource() == ConditionSource.EXPRESSION) {
            j.lastStatus = vars.get(s.statusVariable());
            terminal = evaluateExpression();
        } else {
            String status;
            if (s.conditionSource() == ConditionSource.VARIABLE) {
                status = vars.get(s.statusVariable());
            } else {
                status = readJsonPath(s.statusJsonPath(), last, sampled);
            }
            if (status != null) {
                j.lastStatus = status;
                j.statusProblem = null;
            }
            terminal = status != null && s.isTerminal(status);
        }
        if (terminal) {
            boolean ok = s.isSuccess(j.lastStatus);
            finishJob(ok ? JobOutcome.SUCCEEDED : JobOutcome.FAILED,
                    ok ? "final status '" + j.lastStatus + "'"
                       : "final status '" + j.lastStatus + "' is not a success value " + s.successValues());
            resetLoop();
            return true;
        }

        if (sampled && "false".equals(vars.get(JMeterThread.LAST_SAMPLE_OK))) {
            j.failedPolls++;
            j.failedInARow++;
        } else if (sampled) {
            j.failedInARow = 0;
        }
        if (s.maxFailedPolls() > 0 && j.failedInARow >= s.maxFailedPolls()) {
            finishJob(JobOutcome.ERROR,
                    withStatusProblem(j, "polling failed " + s.maxFailedPolls() + " times in a row"));
            resetLoop();
            return true;
        }
        if (s.maxPolls() > 0 && j.polls >= s.maxPolls()) {
            finishJob(JobOutcome.TIMED_OUT,
                    withStatusProblem(j, "timed out: max polls (" + s.maxPolls() + ") reached"));
            resetLoop();
            return true;
        }
        long now = clock().currentTimeMillis();
        if (now >= j.deadlineMillis()) {
            finishJob(JobOutcome.TIMED_OUT,
                    withStatusProblem(j, "timed out: time-out (" + s.timeoutMillis() + " ms) elapsed"));
            resetLoop();
            return true;
        }

        long retryAfter = last == null ? -1 : RetryAfter.millis(last, now);
        long wait = nextWait(retryAfter);
        if (j.deadlineMillis() != Long.MAX_VALUE) {
            wait = Math.min(wait, j.deadlineMillis() - now); // the last poll happens at the time-out
        }
        reInitialize();
        pause(wait);
        j.roundStartResult = ctx.getPreviousResult();
        return false;
    }

    private long nextWait(long retryAfterMs) {
        JobRun j = job;
        long wait = WaitPolicy.waitMillis(j.settings, j.waits, retryAfterMs, nextRandom());
        j.waits++;
        return wait;
    }

    /**
     * Waits {@code millis} on the virtual user's thread, parked, ending early (by stopping the
     * thread) when JMeter stops it; see the class comment.
     */
    private void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        PollClock c = clock();
        JMeterThread thread = getThreadContext().getThread();
        long endTime = thread == null ? 0 : thread.getEndTime();
        long now = c.currentTimeMillis();
        boolean untilEnd = endTime > 0 && millis > endTime - now;
        if (untilEnd) {
            // wait (the user stays) until the thread group's scheduled end, then end the thread cleanly
            millis = Math.max(0, endTime - now);
        }
        long start = c.nanoTime();
        long waitNanos = millis >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : millis * 1_000_000L;
        try (StopWatcher.Registration ignored = StopWatcher.watch(thread)) {
            while (true) {
                if (StopWatcher.isStopping(thread)) {
                    throw stopThread("the thread was asked to stop");
                }
                long remaining = waitNanos - (c.nanoTime() - start); // overflow-safe: elapsed time is small
                if (remaining <= 0) {
                    break;
                }
                c.park(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopThread("the thread was interrupted (test stopped)");
        }
        job.waitedMillis += millis;
        if (untilEnd) {
            throw stopThread("the thread group's scheduled end came during the wait between polls");
        }
    }

    private JMeterStopThreadException stopThread(String why) {
        JobRun j = job;
        if (j != null) {
            log.info("Job Polling Controller '{}': {} while waiting after {} polls of job {}; no job sample recorded",
                    getName(), why, j.polls, j.jobId);
        }
        job = null;
        return new JMeterStopThreadException("Job Polling Controller '" + getName() + "': " + why);
    }

    private boolean evaluateExpression() {
        JMeterProperty prop = getProperty(EXPRESSION);
        prop.recoverRunningVersion(this); // forget the function's cached value, as While Controller does
        String value = prop.getStringValue();
        return value != null && TRUE.equalsIgnoreCase(value.trim());
    }

    /**
     * The status at {@code path} in the response of the round's last sample, or {@code null};
     * when there is none, the reason goes to the job ({@link JobRun#statusProblem}) so that the
     * job sample says why the job never reached a terminal status.
     */
    private String readJsonPath(String path, SampleResult last, boolean sampled) {
        if (last == null) {
            job.statusProblem = sampled ? "the round's last sample has no response" : "the round made no sample";
            return null;
        }
        String body = last.getResponseDataAsString();
        if (body == null || body.isBlank()) {
            job.statusProblem = "the response of '" + last.getSampleLabel() + "' (" + last.getResponseCode()
                    + ") is empty, not JSON";
            return null;
        }
        if (!path.equals(compiledPathText)) {
            compiledPath = JsonPath.compile(path);
            compiledPathText = path;
        }
        Object document;
        try {
            document = Configuration.defaultConfiguration().jsonProvider().parse(body);
        } catch (RuntimeException e) {
            document = null;
        }
        if (!(document instanceof java.util.Map) && !(document instanceof List)) {
            // the default JSON provider is lenient: plain text or HTML comes back as a string
            job.statusProblem = "the response of '" + last.getSampleLabel() + "' (" + last.getResponseCode()
                    + ", " + describeType(last) + ") is not JSON";
            return null;
        }
        Object value;
        try {
            value = compiledPath.read(document);
        } catch (RuntimeException e) { // path not found
            job.statusProblem = "JSON path " + path + " not found in the response of '" + last.getSampleLabel() + "'";
            return null;
        }
        if (value instanceof List<?> list) {
            value = list.isEmpty() ? null : list.get(0);
        }
        if (value == null || value instanceof java.util.Map || value instanceof List) {
            job.statusProblem = "JSON path " + path + " in the response of '" + last.getSampleLabel()
                    + "' is " + (value == null ? "null or empty" : "an object or array, not a status");
            return null;
        }
        return String.valueOf(value);
    }

    private static String describeType(SampleResult r) {
        String type = r.getContentType();
        return type == null || type.isEmpty() ? "no content type" : type;
    }

    /** {@code message}, plus why no status could be read when that is why the job did not end. */
    private static String withStatusProblem(JobRun j, String message) {
        return j.statusProblem == null ? message : message + "; no status read: " + j.statusProblem;
    }

    private static Long parseEpochMillis(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ the job sample

    private void finishJob(JobOutcome outcome, String message) {
        JobRun j = job;
        job = null;
        PollSettings s = j.settings;
        JMeterContext ctx = getThreadContext();
        JMeterVariables vars = ctx.getVariables();
        long end = Math.max(clock().currentTimeMillis(), j.startMillis);
        long elapsed = end - j.startMillis;
        String finalStatus = j.lastStatus == null ? "" : j.lastStatus;

        String prefix = s.variablePrefix();
        vars.put(prefix + VAR_OUTCOME, outcome.name());
        vars.put(prefix + VAR_FINAL_STATUS, finalStatus);
        vars.put(prefix + VAR_POLLS, Integer.toString(j.polls));
        vars.put(prefix + VAR_TIME_MS, Long.toString(elapsed));
        vars.put(prefix + VAR_SUCCEEDED, Boolean.toString(outcome.isSuccess()));
        // Until the next sample, an If Controller after this one sees the job's outcome.
        vars.put(JMeterThread.LAST_SAMPLE_OK, Boolean.toString(outcome.isSuccess()));

        if (log.isDebugEnabled()) {
            log.debug("Job Polling Controller '{}': job {} {} after {} polls, {} ms", getName(), j.jobId, outcome,
                    j.polls, elapsed);
        }
        if (!s.recordSample()) {
            return;
        }
        SampleResult res = new SampleResult();
        // the stamp is the start or the end, as SampleResult reads sampleresult.timestamp.start
        res.setStampAndTime(START_TIMESTAMP ? j.startMillis : end, elapsed);
        res.setSampleLabel(s.sampleLabel());
        res.setSuccessful(outcome.isSuccess());
        res.setResponseCode(outcome.name());
        res.setResponseMessage(message);
        res.setDataType(SampleResult.TEXT);
        res.setContentType("application/json");
        res.setSamplerData(describe(s));
        ObjectNode data = Json.object();
        data.put("job_id", j.jobId);
        data.put("outcome", outcome.name());
        data.put("final_status", finalStatus);
        data.put("polls", j.polls);
        data.put("failed_polls", j.failedPolls);
        data.put("time_ms", elapsed);
        data.put("waited_ms", j.waitedMillis);
        data.put("timed_out", outcome == JobOutcome.TIMED_OUT);
        data.put("max_polls", s.maxPolls());
        data.put("timeout_ms", s.timeoutMillis());
        data.put("timed_from", j.startedFrom);
        data.put("message", message);
        if (j.statusProblem != null) {
            data.put("status_problem", j.statusProblem);
        }
        res.setResponseData(Json.write(data), StandardCharsets.UTF_8.name());

        JMeterThread thread = ctx.getThread();
        AbstractThreadGroup group = ctx.getThreadGroup();
        res.setThreadName(thread != null ? thread.getThreadName() : Thread.currentThread().getName());
        res.setGroupThreads(group != null ? group.getNumberOfThreads() : 0);
        res.setAllThreads(JMeterContextService.getNumberOfThreads());

        List<SampleListener> listeners = listeners(ctx);
        if (listeners == null) {
            log.warn("Job Polling Controller '{}': no sample listeners found for the job sample", getName());
            return;
        }
        SampleEvent event = new SampleEvent(res, group != null ? group.getName() : "", vars, true);
        if (notifier == null) {
            notifier = new ListenerNotifier();
        }
        notifier.notifyListeners(event, listeners);
    }

    private List<SampleListener> listeners(JMeterContext ctx) {
        if (!scopeResolved) {
            scopeListeners = ScopeListeners.of(this, ctx.getThread());
            scopeResolved = true;
        }
        return scopeListeners != null ? scopeListeners : ScopeListeners.ofLastSample(ctx.getVariables());
    }

    private static String describe(PollSettings s) {
        String condition = switch (s.conditionSource()) {
            case VARIABLE -> "variable " + s.statusVariable() + " in " + s.terminalValues();
            case JSON_PATH -> "JSON path " + s.statusJsonPath() + " in " + s.terminalValues();
            case EXPRESSION -> "expression is true";
        };
        return "Job polling: until " + condition + "; success " + s.successValues() + "; max polls "
                + s.maxPolls() + "; time-out " + s.timeoutMillis() + " ms; " + s.backoff() + " waits of "
                + s.intervalMillis() + " ms";
    }

    // ------------------------------------------------------------------ properties

    private PollSettings.Source settingsSource() {
        return new PollSettings.Source() {
            @Override
            public String elementName() {
                return getName();
            }

            @Override
            public String text(String key) {
                JMeterProperty p = getProperty(key);
                return p instanceof NullProperty ? null : p.getStringValue();
            }

            @Override
            public boolean isDynamic(String key) {
                // at test start, functions of JMeter properties (${__P(...)}) are already resolved;
                // what still holds "${" depends on thread variables and is checked per job
                String v = text(key);
                return v != null && v.contains("${");
            }
        };
    }

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
