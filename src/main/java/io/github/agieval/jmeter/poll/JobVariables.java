package io.github.agieval.jmeter.poll;

import org.apache.jmeter.threads.JMeterThread;
import org.apache.jmeter.threads.JMeterVariables;

/**
 * The variables the controller exports to the thread ({@code <prefix>outcome},
 * {@code <prefix>final_status}, {@code <prefix>polls}, {@code <prefix>time_ms},
 * {@code <prefix>succeeded}; names in {@link JobPollController}'s {@code VAR_*} constants): cleared
 * when a job starts, the poll count kept current, everything set when the job ends.
 *
 * <p>Threading: stateless; the variables are the calling thread's own.
 */
final class JobVariables {

    private JobVariables() {
    }

    /** A job starts: nothing of an earlier job remains, and no poll is made yet. */
    static void started(JMeterVariables vars, PollSettings s) {
        clear(vars, s);
        polls(vars, s, 0);
    }

    /** No job to poll (the job id variable is empty: the submit failed). */
    static void noJob(JMeterVariables vars, PollSettings s) {
        clear(vars, s);
        vars.put(s.variablePrefix() + JobPollController.VAR_OUTCOME, JobPollController.NO_JOB);
        vars.put(s.variablePrefix() + JobPollController.VAR_SUCCEEDED, "false");
    }

    /** The polls made so far. */
    static void polls(JMeterVariables vars, PollSettings s, int polls) {
        vars.put(s.variablePrefix() + JobPollController.VAR_POLLS, Integer.toString(polls));
    }

    /**
     * The job ended with {@code outcome} after {@code elapsedMs}; until the next sample, an If
     * Controller after the controller sees the job's outcome as the last sample's.
     */
    static void finished(JMeterVariables vars, JobRun job, JobOutcome outcome, long elapsedMs) {
        String prefix = job.settings.variablePrefix();
        vars.put(prefix + JobPollController.VAR_OUTCOME, outcome.name());
        vars.put(prefix + JobPollController.VAR_FINAL_STATUS, job.finalStatus());
        vars.put(prefix + JobPollController.VAR_POLLS, Integer.toString(job.polls));
        vars.put(prefix + JobPollController.VAR_TIME_MS, Long.toString(elapsedMs));
        vars.put(prefix + JobPollController.VAR_SUCCEEDED, Boolean.toString(outcome.isSuccess()));
        vars.put(JMeterThread.LAST_SAMPLE_OK, Boolean.toString(outcome.isSuccess()));
    }

    private static void clear(JMeterVariables vars, PollSettings s) {
        String prefix = s.variablePrefix();
        vars.remove(prefix + JobPollController.VAR_OUTCOME);
        vars.remove(prefix + JobPollController.VAR_FINAL_STATUS);
        vars.remove(prefix + JobPollController.VAR_TIME_MS);
        vars.remove(prefix + JobPollController.VAR_SUCCEEDED);
        vars.remove(prefix + JobPollController.VAR_POLLS);
    }
}
