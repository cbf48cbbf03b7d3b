package io.github.agieval.jmeter.prometheus;

import io.github.agieval.jmeter.poll.JobSampleFacts;
import org.apache.jmeter.samplers.SampleResult;

/**
 * Recognises the job sample that the Job Polling Controller records when a job ends, and reads its
 * poll count, through the poll package's one reader ({@link JobSampleFacts}: response code a job
 * outcome, {@code polls} from the JSON body, else from the message's {@code (polls=N)} suffix).
 * Other samples cost one set look-up; job samples are few (one per job).
 *
 * <p>Threading: stateless.
 */
final class JobSample {

    private JobSample() {
    }

    /** The job's poll count when {@code r} is a job sample, else -1. */
    static int polls(SampleResult r) {
        return JobSampleFacts.polls(r);
    }
}
