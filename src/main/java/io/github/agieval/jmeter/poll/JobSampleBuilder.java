package io.github.agieval.jmeter.poll;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.agieval.jmeter.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.samplers.SampleResult;
import org.apache.jmeter.testelement.TestElement;
import org.apache.jmeter.threads.AbstractThreadGroup;
import org.apache.jmeter.threads.JMeterContext;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.ListenerNotifier;
import org.apache.jmeter.util.JMeterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the job sample of a finished job and delivers it.
 *
 * <p>The sample ({@link #build}): label {@code job <name>} (or the configured one), time from the
 * job's start to its end, response code the {@link JobOutcome}, response message the reason
 * followed by {@code " (polls=N)"} ({@link JobSampleFacts#withPolls}), and a JSON body with the
 * job's figures ({@code job_id}, {@code outcome}, {@code polls}, ...); {@link JobSampleFacts} reads
 * them back.
 *
 * <p>Delivery ({@link #deliver}): like a Transaction Controller's sample, straight to the sample
 * listeners in scope of the controller ({@link ScopeListeners}), as a transaction sample event so
 * that an enclosing Transaction Controller does not count it twice.
 *
 * <p>Threading: one instance per controller clone, used only by that clone's thread (it keeps the
 * listeners found in the clone's test tree).
 */
final class JobSampleBuilder {

    private static final Logger log = LoggerFactory.getLogger(JobSampleBuilder.class);

    /** SampleResult's own reading of this property: the meaning of setStampAndTime's stamp. */
    private static final boolean START_TIMESTAMP =
            JMeterUtils.getPropDefault("sampleresult.timestamp.start", false);

    private final TestElement controller;
    private ListenerNotifier notifier;
    private List<SampleListener> scopeListeners;
    private boolean scopeResolved;

    /** A builder for the samples of {@code controller}. */
    JobSampleBuilder(TestElement controller) {
        this.controller = controller;
    }

    /** Builds the sample of {@code job}, ended with {@code outcome} at {@code endMillis}, and delivers it. */
    void record(JobRun job, JobOutcome outcome, String message, long endMillis, JMeterContext ctx) {
        SampleResult res = build(job, outcome, message, endMillis);
        JMeterThread thread = ctx.getThread();
        AbstractThreadGroup group = ctx.getThreadGroup();
        res.setThreadName(thread != null ? thread.getThreadName() : Thread.currentThread().getName());
        res.setGroupThreads(group != null ? group.getNumberOfThreads() : 0);
        res.setAllThreads(JMeterContextService.getNumberOfThreads());
        deliver(res, ctx);
    }

    /** The job sample of {@code job}, ended with {@code outcome} at {@code endMillis} (thread fields not set). */
    static SampleResult build(JobRun job, JobOutcome outcome, String message, long endMillis) {
        PollSettings s = job.settings;
        long end = Math.max(endMillis, job.startMillis);
        long elapsed = end - job.startMillis;
        SampleResult res = new SampleResult();
        // the stamp is the start or the end, as SampleResult reads sampleresult.timestamp.start
        res.setStampAndTime(START_TIMESTAMP ? job.startMillis : end, elapsed);
        res.setSampleLabel(s.sampleLabel());
        res.setSuccessful(outcome.isSuccess());
        res.setResponseCode(outcome.name());
        res.setResponseMessage(JobSampleFacts.withPolls(message, job.polls));
        res.setDataType(SampleResult.TEXT);
        res.setContentType("application/json");
        res.setSamplerData(describe(s));
        ObjectNode data = Json.object();
        data.put("job_id", job.jobId);
        data.put("outcome", outcome.name());
        data.put("final_status", job.finalStatus());
        data.put("polls", job.polls);
        data.put("failed_polls", job.failedPolls);
        data.put("time_ms", elapsed);
        data.put("waited_ms", job.waitedMillis);
        data.put("timed_out", outcome == JobOutcome.TIMED_OUT);
        data.put("max_polls", s.maxPolls());
        data.put("timeout_ms", s.timeoutMillis());
        data.put("timed_from", job.startedFrom);
        data.put("message", message);
        if (job.statusProblem != null) {
            data.put("status_problem", job.statusProblem);
        }
        res.setResponseData(Json.write(data), StandardCharsets.UTF_8.name());
        return res;
    }

    private void deliver(SampleResult res, JMeterContext ctx) {
        List<SampleListener> listeners = listeners(ctx);
        if (listeners == null) {
            log.warn("Job Polling Controller '{}': no sample listeners found for the job sample", controller.getName());
            return;
        }
        AbstractThreadGroup group = ctx.getThreadGroup();
        SampleEvent event = new SampleEvent(res, group != null ? group.getName() : "", ctx.getVariables(), true);
        if (notifier == null) {
            notifier = new ListenerNotifier();
        }
        notifier.notifyListeners(event, listeners);
    }

    private List<SampleListener> listeners(JMeterContext ctx) {
        if (!scopeResolved) {
            scopeListeners = ScopeListeners.of(controller, ctx.getThread());
            scopeResolved = true;
        }
        return scopeListeners != null ? scopeListeners : ScopeListeners.ofLastSample(ctx.getVariables());
    }

    /** The sampler data of the job sample: the controller's settings in a line. */
    static String describe(PollSettings s) {
        String condition = switch (s.conditionSource()) {
            case VARIABLE -> "variable " + s.statusVariable() + " in " + s.terminalValues();
            case JSON_PATH -> "JSON path " + s.statusJsonPath() + " in " + s.terminalValues();
            case EXPRESSION -> "expression is true";
        };
        return "Job polling: until " + condition + "; success " + s.successValues() + "; max polls "
                + s.maxPolls() + "; time-out " + s.timeoutMillis() + " ms; " + s.backoff() + " waits of "
                + s.intervalMillis() + " ms";
    }
}
