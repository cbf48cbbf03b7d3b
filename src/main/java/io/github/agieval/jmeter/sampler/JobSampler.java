package io.github.agieval.jmeter.sampler;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.jmeter.testelement.property.NullProperty;
import org.apache.jmeter.threads.JMeterVariables;

/**
 * Common part of the samplers about one job ({@code /api/v1/jobs/{id}...}): the job id property
 * (default {@code ${job_id}}, what Submit Evaluation exports) and its checks. The job id is in the
 * URL only, never in the label, so the label's statistics cover every job.
 *
 * <p>Threading: per-thread clone, stateless besides {@link ApiSampler}'s transient fields.
 */
public abstract class JobSampler extends ApiSampler {

    private static final long serialVersionUID = 1L;

    public static final String JOB_ID = "AgiJob.job_id";
    public static final String DEFAULT_JOB_ID = "${job_id}";
    static final String JOBS_PATH = "/api/v1/jobs/";

    protected JobSampler() {
        super();
    }

    /**
     * The job id: the property's value, or, when the element does not hold it or holds it empty
     * (the default {@code ${job_id}}), variable {@code job_id}.
     */
    public String getJobId(JMeterVariables vars) {
        if (getProperty(JOB_ID) instanceof NullProperty || getPropertyAsString(JOB_ID).isBlank()) {
            String v = vars == null ? null : vars.get("job_id");
            return v == null ? DEFAULT_JOB_ID : v;
        }
        return getPropertyAsString(JOB_ID);
    }

    public void setJobId(String jobId) {
        setProperty(JOB_ID, jobId);
    }

    /** {@code /api/v1/jobs/<id>} with the id checked and path-encoded. */
    final String jobPath(JMeterVariables vars) {
        String id = getJobId(vars).trim();
        if (id.isEmpty()) {
            throw new IllegalArgumentException("job id is empty (property " + JOB_ID
                    + "): no job was submitted, or the submit failed");
        }
        if (id.startsWith("${")) {
            throw new IllegalArgumentException("job id is '" + id + "' (property " + JOB_ID
                    + "): the variable is not set, no job was submitted");
        }
        return JOBS_PATH + encodeSegment(id);
    }

    static String encodeSegment(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (!unreserved) {
                return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
            }
        }
        return s;
    }
}
