package io.github.agieval.jmeter.poll;

import io.github.agieval.jmeter.common.JobPollCount;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.jmeter.samplers.SampleResult;

/**
 * The one reader of the facts a Job Polling Controller's job sample carries, for every consumer
 * (the Prometheus exporter, KPIs over a JTL), and the one writer of its message suffix.
 *
 * <p>The contract of a job sample: its response code is the job's outcome ({@link JobOutcome}'s
 * names), its response message ends with {@code " (polls=N)"} (N = the polls the job took), and
 * its body is a JSON object with {@code job_id}, {@code outcome} and {@code polls} (among others,
 * see {@code docs/elements/poll.md}). The body is read first; when it is not there (a JTL keeps
 * no response body by default), the message is.
 *
 * <p>Threading: stateless.
 */
public final class JobSampleFacts {

    private static final Set<String> OUTCOMES =
            Stream.of(JobOutcome.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    private JobSampleFacts() {
    }

    /** {@code message} with the poll count appended as the contract says: {@code "<message> (polls=N)"}. */
    public static String withPolls(String message, int polls) {
        return JobPollCount.withPolls(message, polls);
    }

    /** Whether {@code responseCode} is a job sample's: the name of a {@link JobOutcome}. */
    public static boolean isOutcome(String responseCode) {
        return responseCode != null && OUTCOMES.contains(responseCode);
    }

    /**
     * The poll count of {@code r} when it is a job sample, else {@code -1}: from the JSON body's
     * {@code polls} when the body is there, else from the message's {@code (polls=N)} suffix.
     * Other samples cost one set look-up.
     */
    public static int polls(SampleResult r) {
        if (r == null || !isOutcome(r.getResponseCode())) {
            return -1;
        }
        int fromBody = pollsInBody(r.getResponseData());
        return fromBody >= 0 ? fromBody : pollsInMessage(r.getResponseMessage());
    }

    /**
     * The poll count of a job sample known only by its response code and message (a JTL row), or
     * {@code -1} when it is not a job sample.
     */
    public static int polls(String responseCode, String responseMessage) {
        return isOutcome(responseCode) ? pollsInMessage(responseMessage) : -1;
    }

    private static int pollsInBody(byte[] body) {
        return JobPollCount.fromBody(body);
    }

    private static int pollsInMessage(String message) {
        return JobPollCount.fromMessage(message);
    }
}
