package io.github.agieval.jmeter.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.agieval.jmeter.common.Json;
import io.github.agieval.jmeter.poll.JobOutcome;
import java.util.HashSet;
import java.util.Set;
import org.apache.jmeter.samplers.SampleResult;

/**
 * Recognises the job sample that the Job Polling Controller records when a job ends, and reads its
 * poll count.
 *
 * <p>The controller gives the job sample the job's outcome as response code ({@link JobOutcome}'s
 * names: {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}, {@code ERROR}, {@code ABORTED}) and a
 * JSON object as response body with {@code job_id}, {@code outcome} and {@code polls} (the number of
 * polls the job took; {@code time_ms} is the sample's elapsed time). A sample is a job sample when its
 * response code is an outcome name and its body is such an object; other samples cost one set
 * look-up. Job samples are few (one per job), so parsing their small body is cheap.
 *
 * <p>Threading: stateless.
 */
final class JobSample {

    private static final Set<String> OUTCOMES = new HashSet<>();

    static {
        for (JobOutcome o : JobOutcome.values()) {
            OUTCOMES.add(o.name());
        }
    }

    private JobSample() {
    }

    /** The job's poll count when {@code r} is a job sample, else -1. */
    static int polls(SampleResult r) {
        String code = r.getResponseCode();
        if (code == null || !OUTCOMES.contains(code)) {
            return -1;
        }
        byte[] body = r.getResponseData();
        if (body == null || body.length < 2 || body[0] != '{') {
            return -1;
        }
        JsonNode data;
        try {
            data = Json.parse(body);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        JsonNode polls = data.get("polls");
        if (polls == null || !polls.isIntegralNumber() || !data.has("job_id")) {
            return -1;
        }
        return polls.asInt();
    }
}
